"""A level written with a plus ("Python (4+)", "4 +", "3+/5") says "at least 4": it reads
as the number. The plus made the level unreadable, and "Python (4+)" an unknown skill."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main
from skillsync.core import levels, skillitems
from skillsync.core.levels import Kind, Scale
from skillsync.reading import base_vocabulary

known = base_vocabulary().known


@pytest.mark.parametrize(
    ("written", "level"),
    [("4+", 4), ("4 +", 4), ("5+", 5), ("1+", 1), ("3+/5", 3), ("3 + / 5", 3),
     ("3+ out of 5", 3), ("2+ of 4", 2)],
)
def test_a_number_and_a_plus_reads_as_the_number(written, level):
    reading = levels.read(written)
    assert reading.kind is Kind.LEVEL
    assert Scale().level(reading) == level


@pytest.mark.parametrize(("written", "kind"),
                         [("+", Kind.HAS), ("1+1", Kind.OTHER), ("4++", Kind.OTHER)])
def test_a_plus_alone_or_between_numbers_is_no_such_level(written, kind):
    assert levels.read(written).kind is kind


@pytest.mark.parametrize(
    ("item", "skill", "level"),
    [("Python (4+)", "Python", 4), ("Python 4+", "Python", 4), ("Python - 4+", "Python", 4),
     ("Python: 4 +", "Python", 4), ("Python (3+/5)", "Python", 3), ("SQL 3+/5", "SQL", 3),
     ("4+ - NLP", "NLP", 4), ("C++ (4+)", "C++", 4), ("C++ 4", "C++", 4),
     ("C++", "C++", None), ("Java 8+", "Java 8+", None)],  # past 5: a version, as "Java 8"
)
def test_an_item_with_an_at_least_level(item, skill, level):
    found = skillitems.parse(item, known)
    assert found.skill == skill
    assert (Scale().level(found.level) if found.level else None) == level


@pytest.mark.parametrize(
    ("item", "parts"),
    [("Python (4+) & SQL (3)", ("Python (4+)", "SQL (3)")),
     ("Python 4+ & SQL", ("Python 4+", "SQL")),
     ("PyTorch + TensorFlow", ("PyTorch", "TensorFlow")),
     # a plus with more after it than a bracket's end, a "/" or an "&" still joins
     ("Python 4 + SQL 3", ("Python 4", "SQL 3")), ("Python 4+SQL", ("Python 4", "SQL")),
     ("Python 4 + SQL", ("Python 4", "SQL"))],
)
def test_a_plus_after_a_level_joins_nothing(item, parts):
    assert skillitems.join_parts(item, known) == parts


def test_a_workbooks_at_least_levels_are_read(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    for row in (["Name", "Email", "Team", "Skills"],
                ["Ana", "ana@x.com", "BI", "Python (4+), SQL 3+/5"],
                ["Ben", "ben@x.com", "BI", "Python - 2 +, Spark (5+) & SQL (1)"]):
        sheet.append(row)
    book.save(tmp_path / "team.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["export", str(tmp_path / "team.xlsx")])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["name"], r["skill"], r["level"]) for r in rows} == {
        ("Ana", "Python", "4"), ("Ana", "SQL", "3"),
        ("Ben", "Python", "2"), ("Ben", "Spark", "5"), ("Ben", "SQL", "1")}


@pytest.mark.parametrize("written", ["10+", "15+", "6+", "0+", "2.5+", "10 +"])
def test_a_plus_after_a_number_off_the_five_scale_is_no_level(written):
    """"10+" is years of experience as often as a level: read as 10, one such cell put a
    whole matrix on a 1-10 scale, everyone's 5 read as 3."""
    assert levels.read(written).kind is not Kind.LEVEL


def test_a_matrix_with_ten_plus_in_one_cell_keeps_its_scale(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Matrix"
    sheet.append(["Name", "Email", "Python", "SQL", "Spark"])
    for at in range(12):
        sheet.append([f"P{at}", f"p{at}@x.com", 5, 4, 1 + at % 5])
    sheet.append(["Zed", "zed@x.com", "10+", 3, 2])
    book.save(tmp_path / "matrix.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["export", str(tmp_path / "matrix.xlsx")])
    assert result.exit_code == 0, result.output
    levels_of = {(r["name"], r["skill"]): r["level"]
                 for r in csv.DictReader(io.StringIO(result.stdout))}
    assert levels_of[("P0", "Python")] == "5" and levels_of[("P0", "SQL")] == "4"
    assert levels_of[("Zed", "SQL")] == "3"
