"""A skills cell written as a sentence ("I have worked with Python and SQL for years") is
read as the known skills it names, with one warning asking for a list; the sentence's
pieces never count as skills of their own."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main

PARAGRAPH = ("I have worked with Python and SQL for many years, mostly on churn models. "
             "Before that I did some Spark and a little Kubernetes at my last job.")


def check(tmp_path: Path, monkeypatch, *cells: tuple[str, str], extra: int = 0) -> dict:
    """`check --json` of a workbook whose rows hold (skills, want to learn) `cells`, and
    `extra` more plain rows (enough of them and a column is split all at once)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Inventory"
    sheet.append(["Name", "Email", "Team", "Skills", "Want to learn"])
    for n, (skills, learn) in enumerate(cells):
        sheet.append([f"Person {n}", f"p{n}@x.com", "Search", skills, learn])
    for n in range(extra):
        sheet.append([f"Extra {n}", f"e{n}@x.com", "Ops", f"SQL ({n % 5 + 1})", ""])
    path = tmp_path / "team.xlsx"
    workbook.save(path)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["check", str(path), "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def coded(report: dict, code: str) -> list[dict]:
    return [i for i in report["issues"] if i["code"] == code]


@pytest.mark.parametrize("extra", [0, 3000], ids=["cell-by-cell", "column-at-once"])
def test_a_paragraph_is_read_as_the_skills_it_names_with_one_warning(tmp_path, monkeypatch,
                                                                     extra):
    report = check(tmp_path, monkeypatch, (PARAGRAPH, ""), ("Python (4), SQL", ""),
                   extra=extra)
    [warning] = coded(report, "skills-in-prose")
    assert warning["row"] == 2 and warning["column"] == "Skills"
    assert warning["severity"] == "warning"
    assert "read as sentences" in warning["message"]
    assert "(Python, SQL, Churn Modeling, Spark, Kubernetes)" in warning["message"]
    assert coded(report, "unknown-skill") == []
    skills = report["skills"]
    assert {"Python": 2, "Spark": 1, "Kubernetes": 1}.items() <= skills.items()
    assert not [s for s in skills if " " in s and s not in ("Churn Modeling",)]


def test_one_sentence_among_a_list_is_named_in_its_warning(tmp_path, monkeypatch):
    report = check(tmp_path, monkeypatch, ("NLP (4), I also know some Spark", ""))
    [warning] = coded(report, "skills-in-prose")
    assert warning["message"].startswith("'I also know some Spark' reads as a sentence")
    assert "were read (Spark)" in warning["message"]
    assert set(report["skills"]) == {"Natural Language Processing", "Spark"}


def test_wishes_written_as_a_sentence_are_read_too(tmp_path, monkeypatch):
    report = check(tmp_path, monkeypatch, ("SQL", "I would like to get better at Spark"))
    [warning] = coded(report, "skills-in-prose")
    assert warning["column"] == "Want to learn" and "(Spark)" in warning["message"]


def test_a_long_sentence_naming_no_skill_is_not_a_skill(tmp_path, monkeypatch):
    report = check(tmp_path, monkeypatch,
                   ("SQL, I enjoy mentoring the newer people in the team", ""))
    [warning] = coded(report, "skills-in-prose")
    assert "names no known skill" in warning["message"]
    assert set(report["skills"]) == {"SQL"}


@pytest.mark.parametrize(("cell", "kept"), [
    ("Design of experiments", "Design of experiments"),  # a skill the vocabulary lacks
    ("Bayesian hierarchical models", "Bayesian hierarchical models"),
])
def test_a_short_unknown_skill_stays_a_skill_as_typed(tmp_path, monkeypatch, cell, kept):
    report = check(tmp_path, monkeypatch, (cell, ""))
    assert coded(report, "skills-in-prose") == []
    assert kept in report["skills"]


def test_a_short_lower_case_word_is_not_taken_for_a_skill(tmp_path, monkeypatch):
    """'go' in a sentence is a verb; 'Go' written with its capital is the language."""
    report = check(tmp_path, monkeypatch, ("SQL, on weekends I go climbing with the team", ""),
                   ("SQL, lately I write most services in Go", ""))
    first, second = coded(report, "skills-in-prose")
    assert "names no known skill" in first["message"]
    assert "(Go)" in second["message"]
