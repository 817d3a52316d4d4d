"""Build an N-person inventory workbook the way Excel stores one (shared strings, styles).

Usage: python bench/make_workbook.py PEOPLE OUT.xlsx [--wide]
(--wide: a skills matrix, one column per skill with levels in the cells)
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

HEADER = ["Full Name", "E-mail", "Team", "Role", "Manager e-mail", "Location",
          "Areas of Expertise", "Past projects", "Success rate", "Current project(s)",
          "Want to learn next", "Availability", "Last updated"]
SKILLS = ["NLP", "Computer Vision", "PySpark", "k8s", "LLMs", "RecSys", "GNN",
          "Reinforcement learning", "Time series", "SQL", "Causal inference", "Bayesian stats",
          "PyTorch", "TensorFlow",
          "A/B testing", "MLOps", "Airflow", "dbt", "Tableau", "Forecasting", "Optimization",
          "Fraud detection", "Credit scoring", "Survival analysis", "Graph analytics"]
SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "ti", "vo", "an", "el", "dor", "fa", "gu", "ha",
             "is", "jo", "ke", "lu", "ma", "ni", "or", "pe", "ra", "su", "ta", "ul", "ve"]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def build(people: int, path: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("People")
    percent = book.add_format({"num_format": "0%"})
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER, book.add_format({"bold": True}))
    today = date(2026, 11, 1)
    for i in range(1, people + 1):
        name = f"{_word(rng, 2)} {_word(rng, 3)}"  # names repeat about as often as in life
        email = f"person{i}@example.com"
        if i % 997 == 0:  # a few repeated e-mails, as after a team move
            email = f"person{i - 1}@example.com"
        skills = ", ".join(f"{s} ({rng.randint(1, 5)})" for s in rng.sample(SKILLS, 3))
        row = [name, email, f"Team {i % 60}", "Data Scientist", f"lead{i % 60}@example.com",
               rng.choice(["Berlin", "Lisbon", "Austin", "Pune", "Toronto"]), skills,
               f"Project {rng.randint(1, 3000)}; Project {rng.randint(1, 3000)}"]
        sheet.write_row(i, 0, row)
        sheet.write_number(i, 8, rng.randint(40, 100) / 100, percent)
        sheet.write_row(i, 9, [f"Project {rng.randint(1, 3000)}",
                               ", ".join(rng.sample(SKILLS, 2)), "Full-time"])
        sheet.write_datetime(i, 12, today - timedelta(days=rng.randint(0, 120)), dated)
    book.add_worksheet("Notes").write("A1", "Other tabs the organisation keeps")
    book.close()
    return path


def build_wide(people: int, path: Path, seed: int = 7) -> Path:
    """The matrix layout: name, e-mail, team, role, then one column per skill; each person
    holds about eight of them, with a level from 1 to 5."""
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, ["Full Name", "E-mail", "Team", "Role", *SKILLS],
                    book.add_format({"bold": True}))
    for i in range(1, people + 1):
        held = set(rng.sample(range(len(SKILLS)), 8))
        sheet.write_row(i, 0, [f"{_word(rng, 2)} {_word(rng, 3)}", f"person{i}@example.com",
                               f"Team {i % 60}", "Data Scientist"])
        for k in held:
            sheet.write_number(i, 4 + k, rng.randint(1, 5))
    book.close()
    return path


if __name__ == "__main__":
    maker = build_wide if "--wide" in sys.argv[3:] else build
    print(maker(int(sys.argv[1]), Path(sys.argv[2])))
