"""A legend that names a sheet's levels with words of its own ("1 = basic, 2 = working,
3 = strong, 4 = expert") says what those words mean on that sheet: "working" is 2 of 4
there, not the 3 of five the word table gives it, and "strong" reads as a typed "3" does.
Words the legend does not name keep their usual meaning."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main
from skillsync.core import levels
from skillsync.core.layouts import legend
from skillsync.core.model import Grid

ONE_CELL = "Levels: 1 = basic, 2 = working, 3 = strong, 4 = expert"
ONE_TO_FOUR = levels.Scale(4.0, named=(("basic", 1.0), ("working", 2.0), ("strong", 3.0),
                                       ("expert", 4.0)))


@pytest.mark.parametrize(
    ("written", "level"),
    [("basic", levels.to_five(1, 4)), ("Working", levels.to_five(2, 4)),
     ("strong", levels.to_five(3, 4)), ("EXPERT", levels.to_five(4, 4)),
     ("advanced", 4), ("beginner", 1)],  # not in the legend: the word table's meaning
)
def test_a_legend_word_reads_as_the_legends_number(written, level):
    assert ONE_TO_FOUR.level(levels.read(written)) == level


def test_a_legend_word_reads_as_its_number_does():
    for word, number in ONE_TO_FOUR.named:
        assert ONE_TO_FOUR.level(levels.read(word)) == ONE_TO_FOUR.level(
            levels.read(str(int(number))))


@pytest.mark.parametrize(
    "rows",
    [[[ONE_CELL]],
     [["Legend"], ["1 = basic"], ["2 = working"], ["3 = strong"], ["4 = expert"]],
     [["1 - Basic (reads code)"], ["2 - Working"], ["3 - Strong: builds alone"],
      ["4 - Expert, can teach"]],
     [["Scale 1-4: 1 = basic, 2 = working, 3 = strong, 4 = expert"]]],
    ids=["one-cell", "a-line-a-cell", "lines-with-notes", "scale-and-words"],
)
def test_the_legends_words_are_read_with_its_scale(rows):
    found = legend.legend_scale(Grid("Skills", rows), 100)
    assert found is not None and found.top == 4
    assert dict(found.named) == {"basic": 1, "working": 2, "strong": 3, "expert": 4}


def test_a_legend_of_numbers_alone_names_no_words():
    found = legend.legend_scale(Grid("Skills", [["Scale: 1-4"]]), 100)
    assert found == levels.Scale(4.0)


def exported(tmp_path, monkeypatch, rows: list[list]) -> dict[tuple[str, str], int | None]:
    """(person, skill) -> level, as `export` writes them, of a workbook holding `rows`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Skills"
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "team.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["export", str(tmp_path / "team.xlsx")])
    assert result.exit_code == 0, result.output
    return {(row["name"], row["skill"]): int(row["level"]) if row["level"] else None
            for row in csv.DictReader(io.StringIO(result.stdout))
            if row["kind"] == "expertise"}


MATRIX = [["Name", "Email", "Team", "Python", "SQL", "Spark"],
          ["Ana", "ana@x.com", "BI", "strong", "working", 4],
          ["Ben", "ben@x.com", "BI", "expert", "basic", 1],
          ["Cy", "cy@x.com", "DE", 3, "advanced", 2]]


@pytest.mark.parametrize("between", [0, 1], ids=["right-above", "a-blank-row-between"])
def test_a_matrix_reads_its_words_by_the_legend_above_it(tmp_path, monkeypatch, between):
    """The legend row right above the header was taken for a row of categories over the
    skill names, and its scale was lost with it: 4 read as 4 of five."""
    levels_of = exported(tmp_path, monkeypatch, [[ONE_CELL], *[[]] * between, *MATRIX])
    assert levels_of == {
        ("Ana", "Python"): 4, ("Ana", "SQL"): 2, ("Ana", "Spark"): 5,
        ("Ben", "Python"): 5, ("Ben", "SQL"): 1, ("Ben", "Spark"): 1,
        ("Cy", "Python"): 4, ("Cy", "SQL"): 4, ("Cy", "Spark"): 2}


def test_a_skills_cell_reads_its_words_by_the_legend_in_its_header(tmp_path, monkeypatch):
    levels_of = exported(tmp_path, monkeypatch, [
        ["Name", "Email", "Team", "Skills (1 = basic, 2 = working, 3 = strong, 4 = expert)"],
        ["Ana", "ana@x.com", "BI", "Python - strong, SQL (working)"],
        ["Ben", "ben@x.com", "BI", "Python (expert), SQL 1"],
        ["Cy", "cy@x.com", "DE", "Python (3), advanced SQL"]])
    assert levels_of == {
        ("Ana", "Python"): 4, ("Ana", "SQL"): 2, ("Ben", "Python"): 5, ("Ben", "SQL"): 1,
        ("Cy", "Python"): 4, ("Cy", "SQL"): 4}


def test_a_legend_cell_starting_with_its_first_entry_is_read_whole(tmp_path, monkeypatch):
    """"1 = basic, 2 = working, ..." in one cell: the first entry was taken for a line of
    its own and the rest passed over, so neither the scale nor the words were read."""
    levels_of = exported(tmp_path, monkeypatch, [
        ["1 = basic, 2 = working, 3 = strong, 4 = expert"], [], *MATRIX])
    assert levels_of[("Ana", "SQL")] == 2 and levels_of[("Ben", "SQL")] == 1
    assert levels_of[("Ana", "Spark")] == 5  # 4 of four


def test_legend_entries_in_one_cell_are_all_found():
    grid = Grid("Skills", [["1 = basic, 2 = working, 3 = strong, 4 = expert"], ["Name"]])
    scale = legend.legend_scale(grid, 5)
    assert scale is not None and scale.top == 4
    assert dict(scale.named) == {"basic": 1.0, "working": 2.0, "strong": 3.0, "expert": 4.0}
