"""Levels in a skills cell written out of a top: a percentage past 100 after a known
skill ("Python (120%)") is reported as the other ratings past their top are, where it
was dropped without a word; after a name the vocabulary does not know, a number out of
a top ratings are seldom written out of ("AWS cert (5/12)": a date) is no level, where
it read as 2 of 5. After a known skill, any top is read ("Python 5/7" of a 1-7 sheet)."""

from __future__ import annotations

import pytest
from clikit import checked, exported, team_book


def _book(tmp_path, cell: str):
    return team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Skills"],
        ["Ana Lima", "ana@x.com", cell],
        ["Bo Chen", "bo@x.com", "SQL (3)"],
    ])


def _ana(found: set[tuple[str, str, str]]) -> set[tuple[str, str]]:
    return {(skill, level) for name, skill, level in found if name == "Ana Lima"}


@pytest.mark.parametrize(("cell", "written"), [
    ("Python (120%)", "120%"), ("Python: 150 %", "150 %"), ("Python - 200%", "200%"),
    ("Python (1000%)", "1000%")])
def test_a_percentage_past_100_is_reported(tmp_path, monkeypatch, cell, written):
    book = _book(tmp_path, cell)
    assert _ana(exported(book, monkeypatch, tmp_path)) == {("Python", "")}
    messages = [i["message"] for i in checked(book, monkeypatch, tmp_path)["issues"]]
    assert (f"Level '{written}' for 'Python' is more than 100%; write it as at most "
            "'Python (100%)' or leave the level out.") in messages, messages


def test_a_percentage_past_100_after_another_name_stays_as_typed(tmp_path, monkeypatch):
    book = _book(tmp_path, "Uptime (120%)")
    assert _ana(exported(book, monkeypatch, tmp_path)) == {("Uptime (120%)", "")}


@pytest.mark.parametrize(("cell", "read"), [
    ("Python (80%)", ("Python", "4")), ("Python 4/5", ("Python", "4")),
    ("Python 7/10", ("Python", "4")), ("SQL (2/3)", ("SQL", "3")),
    ("Python (100%)", ("Python", "5")), ("Python 5/7", ("Python", "4")),
    ("Python (5/7)", ("Python", "4"))])
def test_ratings_out_of_usual_tops_are_levels(tmp_path, monkeypatch, cell, read):
    assert _ana(exported(_book(tmp_path, cell), monkeypatch, tmp_path)) == {read}


@pytest.mark.parametrize(("cell", "typed"), [
    ("AWS cert (5/12)", "AWS cert (5/12)"), ("Office 3/65", "Office 3/65"),
    ("Support: 24/7", "Support: 24/7")])
def test_numbers_out_of_other_tops_are_no_level(tmp_path, monkeypatch, cell, typed):
    assert _ana(exported(_book(tmp_path, cell), monkeypatch, tmp_path)) == {(typed, "")}
