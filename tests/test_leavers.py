"""People the sheet marks as gone ('Status' of 'Left', 'Active?' of 'No', 'Leaver?' of
'Yes') are not counted, and a note names their rows. They were counted as everyone else:
a leaver was an expert the staffing answers proposed, and an 'Active?' column of a matrix
was read as a skill."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main
from skillsync.core.layouts import leavers


def _book(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Team"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _run(args, monkeypatch, tmp_path):
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _people_and_notes(path, monkeypatch, tmp_path):
    report = json.loads(_run(["check", "--json", str(path)], monkeypatch, tmp_path))
    return report["people"], report["notes"]


def _exported(path, monkeypatch, tmp_path):
    rows = csv.DictReader(io.StringIO(_run(["export", str(path)], monkeypatch, tmp_path)))
    return {(r["name"], r["skill"], r["level"]) for r in rows}


HEADER = ["Name", "Email", "Team", "Skills"]


def test_a_status_of_left_is_not_counted(tmp_path, monkeypatch):
    path = _book(tmp_path / "team.xlsx", [
        [*HEADER, "Status"], ["Ana", "ana@x.com", "A", "Python (4)", "Active"],
        ["Ben", "ben@x.com", "A", "SQL (5)", "Left"],
        ["Cy", "cy@x.com", "B", "Spark (3)", "left 2024-03"],
        ["Di", "di@x.com", "B", "NLP (5)", None], ["Ed", "ed@x.com", "B", "R (2)", "On leave"]])
    people, notes = _people_and_notes(path, monkeypatch, tmp_path)
    assert people == 3
    assert ("'Team': 2 people marked as gone in the 'Status' column (rows 3, 4) were not "
            "counted; clear the cell of anyone who is back.") in notes
    assert {name for name, _, _ in _exported(path, monkeypatch, tmp_path)} == {"Ana", "Di", "Ed"}


def test_an_active_column_of_a_matrix_is_no_skill(tmp_path, monkeypatch):
    path = _book(tmp_path / "matrix.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark", "Active?"],
        ["Ana", "ana@x.com", 4, 3, 2, "yes"], ["Ben", "ben@x.com", 2, 5, 1, "no"],
        ["Cy", "cy@x.com", 3, 3, 3, "Yes"]])
    assert _exported(path, monkeypatch, tmp_path) == {
        ("Ana", "Python", "4"), ("Ana", "SQL", "3"), ("Ana", "Spark", "2"),
        ("Cy", "Python", "3"), ("Cy", "SQL", "3"), ("Cy", "Spark", "3")}


def test_a_leaver_column_ticked(tmp_path, monkeypatch):
    path = _book(tmp_path / "team.xlsx", [
        [*HEADER, "Leaver?"], ["Ana", "ana@x.com", "A", "Python (4)", None],
        ["Ben", "ben@x.com", "A", "SQL (5)", "x"], ["Cy", "cy@x.com", "B", "Spark", "No"]])
    people, notes = _people_and_notes(path, monkeypatch, tmp_path)
    assert people == 2 and any("row 3) was not counted" in note for note in notes)


def test_a_column_marking_most_rows_gone_means_something_else(tmp_path, monkeypatch):
    path = _book(tmp_path / "team.xlsx", [
        [*HEADER, "Active"], ["Ana", "ana@x.com", "A", "Python (4)", "no"],
        ["Ben", "ben@x.com", "A", "SQL (5)", "no"], ["Cy", "cy@x.com", "B", "Spark", "yes"]])
    people, notes = _people_and_notes(path, monkeypatch, tmp_path)
    assert people == 3
    assert ("'Team': the 'Active' column marks most rows as gone, so it was taken to mean "
            "something else and everyone was counted.") in notes


def test_a_status_of_projects_leaves_nobody_out(tmp_path, monkeypatch):
    path = _book(tmp_path / "team.xlsx", [
        [*HEADER, "Status"], ["Ana", "ana@x.com", "A", "Python (4)", "On track"],
        ["Ben", "ben@x.com", "A", "SQL (5)", "left to do: review"],
        ["Cy", "cy@x.com", "B", "Spark", "Blocked"]])
    people, notes = _people_and_notes(path, monkeypatch, tmp_path)
    assert people == 3 and not any("gone" in note for note in notes)


def test_a_synced_workbook_leaves_the_leaver_out_of_its_tabs(tmp_path, monkeypatch):
    path = _book(tmp_path / "team.xlsx", [
        [*HEADER, "Employment status"], ["Ana", "ana@x.com", "A", "Python (4)", "Employed"],
        ["Ben", "ben@x.com", "A", "Python (5), SQL (5)", "Resigned (Q2)"],
        ["Cy", "cy@x.com", "B", "Spark", "Employed"]])
    _run(["sync", str(path)], monkeypatch, tmp_path)
    book = openpyxl.load_workbook(path, read_only=True)
    written = {str(cell) for sheet in book.sheetnames if sheet != "Team"
               for row in book[sheet].iter_rows(values_only=True) for cell in row}
    assert "Ana" in written and "Ben" not in written
    assert [row[4] for row in book["Team"].iter_rows(values_only=True)][2] == "Resigned (Q2)"


@pytest.mark.parametrize(
    ("value", "kind", "gone"),
    [("Left", "status", True), ("Former employee", "status", True), ("Inactive", "status", True),
     ("left in March", "status", True), ("Leftover", "status", False),
     ("On leave", "status", False), ("", "status", False), (None, "status", False),
     ("No", "active", True), (False, "active", True), (0, "active", True),
     ("yes", "active", False), ("x", "active", False),
     ("Yes", "left", True), ("x", "left", True), (True, "left", True), (1, "left", True),
     ("no", "left", False), (5, "status", False)],
)
def test_what_says_gone(value, kind, gone):
    assert leavers.gone(value, kind) is gone


@pytest.mark.parametrize(("header", "kind"),
                         [("Status", "status"), ("Employment status", "status"),
                          ("Active?", "active"), ("Still here?", "active"),
                          ("Leaver?", "left"), ("Has left", "left"), ("Team", None),
                          ("Active projects", None)])
def test_which_headers_say_who_is_gone(header, kind):
    assert leavers.kind_of(header) == kind
