"""A legend's words that are no level words elsewhere ("1 = aware, 2 = can apply, 3 = can
teach") are levels in the tab's cells, at the legend's numbers: a matrix of them is a
matrix, and "Python (can teach)" is Python at the top. They were read as no level at all
(a matrix of them was not found: nobody had any skill)."""

from __future__ import annotations

import openpyxl
import pytest
from clikit import exported, save_book, team_book

from skillsync.core import levels
from skillsync.core.levels import Kind, Scale

LEGEND = "Levels: 1 = aware, 2 = can apply, 3 = can teach"


def _export(tmp_path, monkeypatch, rows):
    return exported(team_book(tmp_path / "team.xlsx", rows), monkeypatch, tmp_path)


def test_a_matrix_of_the_legends_words(tmp_path, monkeypatch):
    found = _export(tmp_path, monkeypatch, [
        [LEGEND], ["Name", "Email", "Python", "SQL", "Spark"],
        ["Ana", "ana@x.com", "can teach", "aware", "can apply"],
        ["Ben", "ben@x.com", "Can apply", "CAN TEACH", None]])
    # 1, 2 and 3 of three on the five-point scale: 1, 3 and 5
    assert found == {("Ana", "Python", "5"), ("Ana", "SQL", "1"), ("Ana", "Spark", "3"),
                     ("Ben", "Python", "3"), ("Ben", "SQL", "5")}


def test_skills_cells_with_the_legends_words(tmp_path, monkeypatch):
    found = _export(tmp_path, monkeypatch, [
        [LEGEND], ["Name", "Email", "Skills"],
        ["Ana", "ana@x.com", "Python (can teach), SQL - aware"],
        ["Ben", "ben@x.com", "Python: can apply, Spark (3)"]])
    assert found == {("Ana", "Python", "5"), ("Ana", "SQL", "1"), ("Ben", "Python", "3"),
                     ("Ben", "Spark", "5")}


def test_without_a_legend_the_words_are_no_levels(tmp_path, monkeypatch):
    found = _export(tmp_path, monkeypatch, [
        ["Name", "Email", "Skills"], ["Ana", "ana@x.com", "Python (can teach), SQL (4)"]])
    assert found == {("Ana", "Python", ""), ("Ana", "SQL", "4")}


def test_the_words_are_added_only_where_the_table_lacks_them():
    named = (("can teach", 3.0), ("expert", 3.0))
    words = levels.DEFAULT.with_named(named)
    assert "can teach" in words.levels
    assert words.levels["expert"] == levels.DEFAULT.levels["expert"]
    assert levels.DEFAULT.with_named((("expert", 3.0),)) is levels.DEFAULT
    assert "can teach" not in levels.DEFAULT.levels  # the shared table is left as it was


@pytest.mark.parametrize(("written", "level"), [("aware", 1), ("can apply", 3), ("can teach", 5)])
def test_a_legend_word_reads_at_its_number(written, level):
    named = (("aware", 1.0), ("can apply", 2.0), ("can teach", 3.0))
    reading = levels.read(written, levels.DEFAULT.with_named(named))
    assert reading.kind is Kind.LEVEL
    assert Scale(3.0, named=named).level(reading) == level


def _two_tabs(path, first_legend, second_legend, last="lead"):
    header = ["Name", "Email", "Python", "SQL", "Spark"]
    return save_book(
        path,
        ("NLP", [[first_legend], header, ["Ana", "ana@x.com", "can teach", "aware", "can apply"]]),
        ("Vision", [[second_legend], header, ["Cy", "cy@x.com", "aware", "can teach", last]]))


def test_team_tabs_share_the_first_tabs_legend_words(tmp_path, monkeypatch):
    """The legend on the first team tab only: the second tab's words are its levels too
    (that tab was dropped without a word, not found as a table)."""
    path = _two_tabs(tmp_path / "teams.xlsx", LEGEND, "Vision team, updated monthly",
                     last="can apply")
    assert exported(path, monkeypatch, tmp_path) == {
        ("Ana", "Python", "5"), ("Ana", "SQL", "1"), ("Ana", "Spark", "3"),
        ("Cy", "Python", "1"), ("Cy", "SQL", "5"), ("Cy", "Spark", "3")}


def test_each_tabs_legend_words_read_at_their_own_levels(tmp_path, monkeypatch):
    path = _two_tabs(tmp_path / "teams.xlsx", LEGEND,
                     "Levels: 1 = aware, 2 = can apply, 3 = can teach, 4 = lead")
    found = exported(path, monkeypatch, tmp_path)
    assert ("Cy", "Spark", "5") in found  # 4 of four there
    assert ("Ana", "Python", "5") in found and ("Cy", "SQL", "5") in found


def test_a_configured_scale_keeps_the_legends_words(tmp_path, monkeypatch):
    (tmp_path / "skillsync.toml").write_text("[levels]\nscale = 3\n")
    found = _export(tmp_path, monkeypatch, [
        [LEGEND], ["Name", "Email", "Python", "SQL", "Spark"],
        ["Ana", "ana@x.com", "can teach", "aware", "can apply"]])
    assert found == {("Ana", "Python", "5"), ("Ana", "SQL", "1"), ("Ana", "Spark", "3")}


def test_a_lookup_tabs_legend_makes_no_levels(tmp_path, monkeypatch):
    """A hidden lists tab numbering work modes: "Work mode" stays no skill column."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Team"
    for row in (["Name", "Email", "Python", "SQL", "Spark", "Work mode"],
                ["Ana", "ana@x.com", 4, None, None, "On site"],
                ["Ben", "ben@x.com", None, 3, None, "Remote"],
                ["Cy", "cy@x.com", None, None, 2, "Hybrid"]):
        sheet.append(row)
    lists = book.create_sheet("Lists")
    for row in (["Legend: 1 = On site, 2 = Hybrid, 3 = Remote"], ["On site"], ["Remote"]):
        lists.append(row)
    lists.sheet_state = "hidden"
    book.save(tmp_path / "team.xlsx")
    assert exported(tmp_path / "team.xlsx", monkeypatch, tmp_path) == {
        ("Ana", "Python", "4"), ("Ben", "SQL", "3"), ("Cy", "Spark", "2")}


def test_each_tab_keeps_the_best_tabs_scale_not_another_tabs_legend(tmp_path, monkeypatch):
    """A key on one tab that is not about levels ("Office key: 1 = London ... 3 =
    Remote") does not put the other tab's 1-5 ratings on 1-3."""
    header = ["Name", "Email", "Python", "SQL", "Spark"]
    path = save_book(tmp_path / "team.xlsx",
                     ("Data", [header, ["Ana", "ana@x.com", 5, 4, 2],
                               ["Ben", "ben@x.com", 2, 3, 5]]),
                     ("BI", [["Office key: 1 = London, 2 = Berlin, 3 = Remote"], header,
                             ["Cy", "cy@x.com", 3, 1, 4]]))
    found = exported(path, monkeypatch, tmp_path)
    assert ("Ana", "Python", "5") in found and ("Ben", "Spark", "5") in found
