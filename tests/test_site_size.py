"""The atlas at 10,000 and 100,000 people, built in-process (no browser, no workbook).

The data file must stay small enough to load from a file share: it grows with the people
but holds each repeated text once. The sizes are printed and written to
test-artifacts/atlas-sizes.txt; pages stay a bounded number of files (one person page in
all, not one per person).
"""

from __future__ import annotations

import gzip
import random
from datetime import datetime
from pathlib import Path

import pytest

from skillsync import site
from skillsync.allocator import gc_paused
from skillsync.config import Config
from skillsync.core import analysis as core
from skillsync.core import layouts
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.model import Grid
from skillsync.core.summary import SyncFacts
from skillsync.reading import base_vocabulary, rules_of, words_of

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
HEADER = ["Full Name", "E-mail", "Team", "Role", "Manager e-mail", "Location",
          "Areas of Expertise", "Past projects", "Success rate", "Current project(s)",
          "Want to learn next", "Availability", "Last updated"]
SKILLS = ["NLP", "Computer Vision", "PySpark", "k8s", "LLMs", "RecSys", "GNN",
          "Reinforcement learning", "Time series", "SQL", "Causal inference", "Bayesian stats",
          "PyTorch", "TensorFlow", "A/B testing", "MLOps", "Airflow", "dbt", "Tableau",
          "Forecasting", "Optimization", "Fraud detection", "Credit scoring", "Python", "Kafka"]
SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "ti", "vo", "an", "el", "dor", "fa", "gu", "ha",
             "is", "jo", "ke", "lu", "ma", "ni", "or", "pe", "ra", "su", "ta", "ul", "ve"]
PLACES = [f"{c}" for c in ("Berlin", "Lisbon", "Austin", "Pune", "Toronto", "Lagos", "Osaka",
                           "Dublin", "Prague", "Bangalore", "São Paulo", "Singapore")]
NOW = datetime(2026, 11, 30, 9, 0)


def word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def synthetic_grid(people: int, seed: int = 14) -> Grid:
    """A rows-layout inventory as a reader returns it, the values people type."""
    rng = random.Random(seed)
    rows: list[list] = [HEADER]
    for i in range(1, people + 1):
        skills = ", ".join(f"{s} ({rng.randint(1, 5)})" for s in rng.sample(SKILLS, 4))
        rows.append([
            f"{word(rng, 2)} {word(rng, 3)}", f"person{i}@example.com", f"Team {i % 60}",
            rng.choice(["Data Scientist", "ML Engineer", "Analyst", "Lead"]),
            f"lead{i % 60}@example.com", rng.choice(PLACES), skills,
            f"Project {rng.randint(1, 3000)}; Project {rng.randint(1, 3000)}",
            rng.randint(40, 100) / 100, f"Project {rng.randint(1, 3000)}",
            ", ".join(rng.sample(SKILLS, 2)), rng.choice(["Full-time", "Part-time", "Busy"]),
            datetime(2026, 10, 1 + i % 28)])
    return Grid("People", rows)


def build(people: int) -> dict[str, str]:
    config = Config()
    with gc_paused():
        extract = layouts.read({"People": synthetic_grid(people)},
                               HeaderVocabulary.build(config.source.headers),
                               layouts.Options(words=words_of(config)))
        analysis = core.analyse(extract, base_vocabulary(), rules_of(config, NOW))
        facts = SyncFacts(NOW, "size", "people.xlsx", people, "sum")
        return site.build_files(analysis, facts, lambda sheet, cell: f"people.xlsx {cell}")


@pytest.mark.parametrize("people", [10_000, 100_000])
def test_data_file_stays_small_and_person_pages_are_not_files(people):
    files = build(people)
    data = files["data.js"].encode("utf-8")
    zipped = len(gzip.compress(data, 6))
    total = sum(len(t.encode("utf-8")) for t in files.values())
    line = (f"{people:>7} people: data.js {len(data) / 1e6:.2f} MB ({len(data) / people:.0f} "
            f"bytes a person, {zipped / 1e6:.2f} MB gzipped); {len(files)} files, "
            f"{total / 1e6:.2f} MB in all")
    print(line)
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "atlas-sizes.txt").open("a", encoding="utf-8") as out:
        out.write(line + "\n")
    assert data.count(b"@example.com") < 100  # ids are stored without their shared domain
    assert len(data) / people < 200
    assert len(files) < 200  # pages per skill and team, one person page
    assert [n for n in files if n.endswith(".html") and "/" not in n] == ["index.html",
                                                                        "person.html"]
