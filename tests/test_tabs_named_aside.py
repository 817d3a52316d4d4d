"""Tabs whose names say they are not current data ('Archive 2024', 'Copy of Data', a
'Test' copy) are not read with the team tabs beside them, and a note now says so: before,
such a tab with the inventory's columns was dropped without a word. "Test" marks a test
copy only where no word names the people who test: a team's tab named "Test & QA" was
set aside with its people, and is read now: beside a word naming the people who test
('QA', 'Automation', 'Engineering'), "Test" names a team; elsewhere a test copy."""

from __future__ import annotations

import pytest
from clikit import checked, exported, save_book

HEADER = ["Name", "Email", "Python", "SQL", "Spark"]
DATA = [HEADER, ["Ana Lima", "ana@x.com", 1, 3, 2], ["Bo Chen", "bo@x.com", 2, 4, 1]]
PLATFORM = [HEADER, ["Ed Fox", "ed@x.com", 2, 1, 4], ["Fay Ng", "fay@x.com", 1, 4, 4]]
OTHER = [HEADER, ["Cy Ode", "cy@x.com", 3, 2, 4], ["Di Roy", "di@x.com", 3, 3, 1]]


def _people(found: set[tuple[str, str, str]]) -> set[str]:
    return {name for name, _, _ in found}


@pytest.mark.parametrize("team", ["Test & QA", "QA & Test", "Test Automation", "test eng",
                                  "Test Engineering", "Test & Learn", "Test and Learn",
                                  "Perf test", "Test Managers"])
def test_a_team_named_with_test_is_read(tmp_path, monkeypatch, team):
    book = save_book(tmp_path / "teams.xlsx", ("Data", DATA), (team, OTHER),
                     ("Platform", PLATFORM))
    assert _people(exported(book, monkeypatch, tmp_path)) == {
        "Ana Lima", "Bo Chen", "Cy Ode", "Di Roy", "Ed Fox", "Fay Ng"}
    notes = checked(book, monkeypatch, tmp_path)["notes"]
    assert not [n for n in notes if "not current" in n], notes


@pytest.mark.parametrize("copy", ["Test", "Inventory test 2", "TEST - do not use",
                                  "Import test", "Test Q3", "UAT test",
                                  "Archive 2024", "Copy of Data", "Old"])
def test_a_copy_is_not_read_and_a_note_says_so(tmp_path, monkeypatch, copy):
    book = save_book(tmp_path / "teams.xlsx", ("Data", DATA), (copy, OTHER),
                     ("Platform", PLATFORM))
    assert _people(exported(book, monkeypatch, tmp_path)) == {
        "Ana Lima", "Bo Chen", "Ed Fox", "Fay Ng"}
    notes = checked(book, monkeypatch, tmp_path)["notes"]
    said = [n for n in notes if "not current" in n]
    assert len(said) == 1 and f"'{copy}'" in said[0] and "'Data'" in said[0], notes


def test_two_copies_are_named_in_one_note(tmp_path, monkeypatch):
    book = save_book(tmp_path / "teams.xlsx", ("Data", DATA), ("Old", OTHER),
                     ("Backup", OTHER))
    said = [n for n in checked(book, monkeypatch, tmp_path)["notes"] if "not current" in n]
    assert len(said) == 1 and "'Old'" in said[0] and "'Backup'" in said[0], said


def test_an_old_tab_of_other_columns_is_not_named(tmp_path, monkeypatch):
    book = save_book(tmp_path / "teams.xlsx", ("Data", DATA),
                     ("Old notes", [["Date", "Note"], ["2024-01-01", "moved desks"]]))
    notes = checked(book, monkeypatch, tmp_path)["notes"]
    assert not [n for n in notes if "not current" in n], notes
