"""A legend or notes block under the table, after a blank gap, is not people: its rows
are left out, and one note says which rows were read as notes. A person typed under a
blank row (a name, an e-mail, skills) is still read."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from skillsync.cli import main
from skillsync.core.layouts import notes

HEADER = ["Name", "E-mail", "Team", "Skills"]
PEOPLE = [["Ana Lima", "ana@corp.com", "Search", "Python (4)"],
          ["Bo Chen", "bo@corp.com", "Search", "SQL (3)"],
          ["Cy Dorn", "cy@corp.com", "Vision", "Rust (2)"]]
# Rows 7 to 10 of the sheet: after the header, three people and two blank rows.
NOTES = [["Legend:"],
         ["Levels:", "1 = beginner, 2 = intermediate, 3 = advanced, 4 = expert"],
         ["Last reviewed by HR in March"],
         ["Questions? ask ops@example.com"]]


def book(path, rows: list[list], header: list[str] = HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "People"
    sheet.append(header)
    for row in rows:
        sheet.append(row)  # [] leaves the row blank
    workbook.save(path)
    return path


def check(path) -> dict:
    result = CliRunner().invoke(main, ["check", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows_with(report: dict, code: str) -> list[int]:
    return [issue["row"] for issue in report["issues"] if issue["code"] == code]


def test_a_legend_block_under_the_table_is_not_people(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = check(book(tmp_path / "legend.xlsx", [*PEOPLE, [], [], *NOTES]))
    assert report["people"] == 3
    assert report["rows_read"] == 3
    assert rows_with(report, "missing-email") == []
    said = [n for n in report["notes"] if "read as notes" in n]
    assert len(said) == 1 and "rows 7–10" in said[0], report["notes"]
    assert not any("section row" in n for n in report["notes"]), report["notes"]


def test_notes_with_blank_rows_between_them_are_one_block(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = [*PEOPLE, [], ["Key"], ["1 = beginner"], ["4 = expert"], [],
            ["Note: skills are self-assessed, please keep them current."]]
    report = check(book(tmp_path / "key.xlsx", rows))
    assert report["people"] == 3 and report["issues"] == []
    assert any("rows 6–10" in n and "read as notes" in n for n in report["notes"])


def test_a_person_typed_after_one_blank_row_is_still_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = [*PEOPLE, [], ["Di Eze", "di@corp.com", "Vision", "PyTorch (4)"], [], *NOTES]
    report = check(book(tmp_path / "late.xlsx", rows))
    assert report["people"] == 4
    assert rows_with(report, "missing-email") == []
    assert any("rows 8–11" in n and "read as notes" in n for n in report["notes"])


def test_a_person_without_an_e_mail_after_a_blank_row_is_read_as_today(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = [*PEOPLE, [], ["Di Eze", None, "Vision", "PyTorch (4)"]]
    report = check(book(tmp_path / "no-mail.xlsx", rows))
    assert rows_with(report, "missing-email") == [6]
    assert not any("read as notes" in n for n in report["notes"])


def test_a_note_with_people_under_it_is_left_as_it_was(tmp_path, monkeypatch):
    """Only the rows ending the sheet are a notes block: a long label over more people
    (a section of the table) stays what it was."""
    monkeypatch.chdir(tmp_path)
    rows = [*PEOPLE, [], ["Data science and machine learning team"],
            ["Di Eze", "di@corp.com", None, "PyTorch (4)"]]
    report = check(book(tmp_path / "section.xlsx", rows))
    assert report["people"] == 4
    assert not any("read as notes" in n for n in report["notes"])


def test_note_like_rows_without_a_blank_row_above_are_read_as_today(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = [*PEOPLE, ["Reviewed by HR", "in March, ask ops"]]
    report = check(book(tmp_path / "no-gap.xlsx", rows))
    assert rows_with(report, "invalid-email") == [5]  # its second cell read as an e-mail
    assert not any("read as notes" in n for n in report["notes"])


def test_notes_under_a_table_without_an_e_mail_column(tmp_path, monkeypatch):
    """People known by name: a lone name after a blank row is still a person, the notes
    under it are not."""
    monkeypatch.chdir(tmp_path)
    header = ["Name", "Team", "Skills"]
    rows = [["Ana Lima", "Search", "Python (4)"], ["Bo Chen", "Search", "SQL (3)"], [],
            ["Cy Dorn"], [], ["Legend: 1 = beginner, 4 = expert"],
            ["Last reviewed by HR in March"]]
    report = check(book(tmp_path / "names.xlsx", rows, header))
    assert report["people"] == 3
    assert any("rows 7–8" in n and "read as notes" in n for n in report["notes"])


def test_the_text_report_says_which_rows_were_notes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = book(tmp_path / "legend.xlsx", [*PEOPLE, [], *NOTES])
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "rows 6–9" in result.output and "read as notes" in result.output


@pytest.mark.parametrize("text, note", [
    ("Legend:", True), ("Key", True), ("Notes", True), ("Note: levels are self-assessed", True),
    ("Levels: 1 = beginner, 2 = intermediate, 3 = advanced, 4 = expert", True),
    ("4 = expert", True), ("Last reviewed by HR in March", True),
    ("Questions? ask ops@example.com", True), ("See https://wiki.example.com/skills", True),
    ("Ana Lima", False), ("Maria de los Santos", False), ("Ana Maria van der Berg", False),
    ("Bo Chen", False), ("Search team", False), ("Total", False), ("ana@corp.com", False),
    ("1" * 5000 + " = x", False),
])
def test_what_reads_as_a_note(text, note):
    assert notes.reads_as_note(text) is note


@pytest.mark.parametrize("remark", ["python and sql for reporting", "search team",
                                    "head of data science"])
def test_a_person_with_a_remark_is_read_when_people_have_no_e_mail(tmp_path, monkeypatch,
                                                                     remark):
    """Known by name, a person is a name and maybe a remark: a sentence makes a note only
    in the name's place; a remark beside a name is no note."""
    monkeypatch.chdir(tmp_path)
    header = ["Name", "Team", "Skills"]
    rows = [["Bo Chen", "Search", "SQL (3)"], ["Cy Dorn", "Vision", "Rust (2)"], [],
            ["Ana Lima", remark], [], ["Note: levels are self-assessed"]]
    report = check(book(tmp_path / "names.xlsx", rows, header))
    assert report["people"] == 3
    assert any("row 7 " in n and "read as notes" in n for n in report["notes"])
