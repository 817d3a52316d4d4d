"""A skills list item written as a sentence about oneself ("I have worked with Python for
years") is not read as a skill, nor are the skills it mentions ("I have never used
Spark", "see my CV"): one warning per sentence asks for a list, naming them. Any other
unknown item stays a skill of its own, as typed."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main
from skillsync.core import fields
from skillsync.reading import base_vocabulary

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
def test_sentences_are_not_read_and_each_is_named(tmp_path, monkeypatch, extra):
    report = check(tmp_path, monkeypatch, (PARAGRAPH, ""), ("Python (4), SQL", ""),
                   extra=extra)
    warnings = coded(report, "skills-in-prose")
    assert [w["row"] for w in warnings] == [2, 2]
    assert {w["column"] for w in warnings} == {"Skills"}
    assert warnings[0]["message"] == (
        "'I have worked with Python and SQL for many years' reads as a sentence, not a "
        "skill, and was not read; list skills separated by commas, as 'Python (4), SQL' "
        "(it mentions Python, SQL).")
    assert "(it mentions Churn Modeling, Spark, Kubernetes)" in warnings[1]["message"]
    skills = report["skills"]
    assert skills["Python"] == 1 and "Spark" not in skills and "Kubernetes" not in skills
    assert not [s for s in skills if " " in s]


@pytest.mark.parametrize("cell", [
    "I have never used Spark or Kafka in production",
    "I have never used Spark and Kafka",
    "I’ve never used Spark in production",
    "see my CV",
    "my Spark",
    "Please see my CV for details on past work",
    "Stan is my manager these days",
    "I am an expert in Python (5)",
])
def test_what_a_sentence_mentions_is_never_taken_for_a_skill(tmp_path, monkeypatch, cell):
    report = check(tmp_path, monkeypatch, (f"SQL, {cell}", ""))
    [warning] = coded(report, "skills-in-prose")
    assert warning["message"].startswith(f"'{cell}' reads as a sentence")
    assert set(report["skills"]) == {"SQL"}


@pytest.mark.parametrize("extra", [0, 3000], ids=["cell-by-cell", "column-at-once"])
def test_one_sentence_among_a_list_leaves_the_list_read(tmp_path, monkeypatch, extra):
    report = check(tmp_path, monkeypatch, ("NLP (4), I also know some Spark", ""),
                   extra=extra)
    [warning] = coded(report, "skills-in-prose")
    assert warning["message"].endswith("(it mentions Spark).")
    assert set(report["skills"]) == {"Natural Language Processing", "SQL"} - (
        set() if extra else {"SQL"})


def test_wishes_written_as_a_sentence_are_named_too(tmp_path, monkeypatch):
    report = check(tmp_path, monkeypatch, ("SQL", "I would like to get better at Spark"))
    [warning] = coded(report, "skills-in-prose")
    assert warning["column"] == "Want to learn" and "(it mentions Spark)" in warning["message"]


@pytest.mark.parametrize("cell", [
    "Design of experiments",
    "Bayesian hierarchical models",
    "SQL Server Integration Services",
    "Markov Chain Monte Carlo",
    "Generalized linear mixed effects models (GLMM) in lme4",
    "US census data analysis",
    "EU AI Act compliance",
    "Type I error control",
])
def test_an_unknown_skill_not_about_oneself_stays_a_skill_as_typed(tmp_path, monkeypatch,
                                                                  cell):
    report = check(tmp_path, monkeypatch, (cell, ""))
    assert coded(report, "skills-in-prose") == []
    assert [s for s in report["skills"] if s.startswith(cell.split()[0])]


def test_a_short_lower_case_word_is_not_mentioned_as_a_skill(tmp_path, monkeypatch):
    """'go' in a sentence is a verb; 'Go' written with its capital is the language."""
    report = check(tmp_path, monkeypatch, ("SQL, on weekends I go climbing with my team", ""),
                   ("SQL, lately I write most of my services in Go", ""))
    first, second = coded(report, "skills-in-prose")
    assert "mentions" not in first["message"]
    assert "(it mentions Go)" in second["message"]


def test_the_list_around_a_sentence_is_read(tmp_path, monkeypatch):
    report = check(tmp_path, monkeypatch, ("Python 4, SQL; we use Snowflake and dbt daily", ""))
    [warning] = coded(report, "skills-in-prose")
    assert warning["message"].startswith("'we use Snowflake and dbt daily' reads as a sentence")
    assert set(report["skills"]) == {"Python", "SQL"}


@pytest.mark.parametrize("extra", [0, 3000], ids=["cell-by-cell", "column-at-once"])
def test_a_dash_between_words_ends_a_sentence_a_hyphen_in_a_name_does_not(
        tmp_path, monkeypatch, extra):
    report = check(tmp_path, monkeypatch, ("Python (4) — I’ve used it for years", ""),
                   ("SQL - my main tool since 2015, scikit-learn", ""),
                   ("Spark—I led our migration to it", ""), extra=extra)
    warnings = coded(report, "skills-in-prose")
    assert [w["message"].split("' reads")[0] for w in warnings] == [
        "'I’ve used it for years", "'my main tool since 2015", "'I led our migration to it"]
    assert {"Python", "SQL", "scikit-learn", "Spark"} <= set(report["skills"])
    assert not [s for s in report["skills"] if " " in s]


@pytest.mark.parametrize("extra", [0, 3000], ids=["cell-by-cell", "column-at-once"])
def test_a_dash_inside_a_sentence_or_an_item_cuts_nothing(tmp_path, monkeypatch, extra):
    """The dash ends an item a sentence follows, never a sentence ("- never touched
    Spark" is no skill) nor an item ("Python - expert" keeps its level)."""
    report = check(tmp_path, monkeypatch,
                   ("I've used Python for years - never touched Spark", ""),
                   ("I know SQL well — not Kubernetes though", ""),
                   ("I have 3 - 5 years with Python", ""),
                   ("We - the data team - use Airflow", ""),
                   ("Python - expert, SQL - intermediate, I also know R", ""),
                   ("Java (3 - 4), I'm learning Go", ""), extra=extra)
    assert [w["row"] for w in coded(report, "skills-in-prose")] == [2, 3, 4, 5, 6, 7]
    assert not [s for s in report["skills"] if " " in s or s[0].isdigit() or ")" in s]
    assert {"Python", "SQL", "Java"} <= set(report["skills"])
    assert coded(report, "level-without-skill") == []


@pytest.mark.parametrize("extra", [0, 3000], ids=["cell-by-cell", "column-at-once"])
def test_items_chained_by_dashes_are_each_read_with_their_level(tmp_path, monkeypatch,
                                                                  extra):
    report = check(tmp_path, monkeypatch, ("SQL (5) - Spark (2)", ""),
                   ("Python (4) – Docker (3), R", "Kubernetes (1) - Airflow (1)"),
                   ("Python - expert, Java (3 - 4)", ""), extra=extra)
    assert not [s for s in report["skills"] if "-" in s or "(" in s]
    assert {"SQL", "Spark", "Python", "Docker", "R", "Java"} <= set(report["skills"])
    assert coded(report, "unknown-skill") == []


def test_chained_items_keep_each_its_level_cell_by_cell_and_column_at_once():
    cells_ = ["SQL (5) - Spark (2)", "Python (4) – Docker (3), R", "Python - expert",
              "Java (3 - 4)", "Python - expert - SQL - beginner",
              "Python (4) - SQL (3) - I've used both for years",
              "Python - expert - I use it daily", *[f"SQL ({n % 5 + 1})" for n in range(3000)]]
    one_by_one = [fields.skills(base_vocabulary())(c)[0].items for c in cells_[:7]]
    assert one_by_one == [(("SQL", 5, "5"), ("Spark", 2, "2")),
                          (("Python", 4, "4"), ("Docker", 3, "3"), ("R", None, "")),
                          (("Python", 5, "expert"),), (("Java", None, ""),),
                          (("Python", 5, "expert"), ("SQL", 1, "beginner")),
                          (("Python", 4, "4"), ("SQL", 3, "3")),
                          (("Python", 5, "expert"),)]
    at_once = [parsed[0].items for parsed in fields.skills(base_vocabulary()).column(cells_)]
    assert at_once[:7] == one_by_one


def test_items_chained_by_dashes_before_a_sentence_are_no_skill_of_their_own(
        tmp_path, monkeypatch):
    """Only the first dash cuts: no skill "Python (4) - SQL" is made of the items before
    the sentence, whose warning names the ones it holds."""
    report = check(tmp_path, monkeypatch,
                   ("Python (4) - SQL (3) - I've used both for years", ""),
                   ("Python - SQL - Spark - I use them daily", ""),
                   ("Java (3 - 4) - I'm learning Go", ""))
    assert not [s for s in report["skills"] if "-" in s or " " in s or "(" in s]
    assert report["skills"]["Python"] == 2
    assert report["skills"]["SQL"] == 2 and report["skills"]["Spark"] == 1  # each item read
    assert [w["row"] for w in coded(report, "skills-in-prose")] == [2, 3, 4]
    assert coded(report, "unknown-skill") == []
