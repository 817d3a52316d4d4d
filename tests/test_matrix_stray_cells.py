"""A matrix's column named as a known skill, with a stray cell ("ask me", "3-4") among
few, is still the matrix's: read, with the stray cell reported. It used to vanish, skill
and all, in silence, as soon as one cell in five was not a level. A column of dates,
years or desks among the skill columns stays out."""

from __future__ import annotations

import pytest
from clikit import checked, exported, team_book

HEADER = ["Name", "Email", "Python", "SQL", "Spark", "Docker"]


def _book(tmp_path, sql_first: str, header=HEADER):
    return team_book(tmp_path / "team.xlsx", [
        header,
        ["Ana Lima", "ana@x.com", "3", sql_first, "2", "1"],
        ["Bo Chen", "bo@x.com", "4", "2", "1", "2"],
        ["Cy Ode", "cy@x.com", "1", "3", "4", "3"],
        ["Di Roy", "di@x.com", "2", "1", "3", "4"],
    ])


def _levels_of(found, skill):
    return {(name, level) for name, held, level in found if held == skill}


def test_a_known_skills_column_with_a_stray_cell_is_read(tmp_path, monkeypatch):
    book = _book(tmp_path, "ask me")
    assert _levels_of(exported(book, monkeypatch, tmp_path), "SQL") == {
        ("Ana Lima", ""), ("Bo Chen", "2"), ("Cy Ode", "3"), ("Di Roy", "1")}
    issues = checked(book, monkeypatch, tmp_path)["issues"]
    stray = [i for i in issues if "'ask me' under SQL is not a level" in i["message"]]
    assert len(stray) == 1


def test_a_range_written_in_one_cell_keeps_its_column(tmp_path, monkeypatch):
    found = exported(_book(tmp_path, "3-4"), monkeypatch, tmp_path)
    assert {skill for _, skill, _ in found} == {"Python", "SQL", "Spark", "Docker"}


@pytest.mark.parametrize(("header", "cells"), [
    ("Last review", ["12/5", "3/4", "1/2", "5/6"]),  # dates written as text
    ("Tenure", [2, 12, 3, 15]),
    ("Desk", [2, 3, "hot desk", 4]),
    ("Utilisation", ["80%", "100%", "tbc", "60%"]),
])
def test_a_column_among_the_matrix_not_named_as_a_skill_keeps_out(
        tmp_path, monkeypatch, header, cells):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", header, "SQL", "Spark", "Docker"],
        *[[name, f"{name[:2].lower()}@x.com", python, cell, 2, 3, 1]
          for name, python, cell in zip(["Ana Lima", "Bo Chen", "Cy Ode", "Di Roy"],
                                        [3, 4, 1, 5], cells, strict=True)],
    ])
    found = exported(book, monkeypatch, tmp_path)
    assert {skill for _, skill, _ in found} == {"Python", "SQL", "Spark", "Docker"}
    assert ("Bo Chen", "Python", "4") in found  # and the scale is the matrix's own


@pytest.mark.parametrize(("header", "cells"), [
    ("Office floor", ["ground", "2", "basement", "1"]),  # some small numbers, not a skill
    ("Docker", ["on my laptop", "in prod", "never", "2"]),  # known, mostly text
    ("Vision", ["glasses", 3, "glasses", 4]),  # known, half of other things (eyesight)
])
def test_a_fourth_column_of_other_things_stays_out(tmp_path, monkeypatch, header, cells):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark", header],
        *[[name, f"p{i}@x.com", python, sql, spark, cell] for i, (name, python, sql, spark, cell)
          in enumerate(zip(["Ana Lima", "Bo Chen", "Cy Ode", "Di Roy"], [3, 4, 1, 2],
                           [2, 2, 3, 1], [2, 1, 4, 3], cells, strict=True))],
    ])
    skills = {skill for _, skill, _ in exported(book, monkeypatch, tmp_path)}
    assert skills == {"Python", "SQL", "Spark"}


def test_a_known_name_over_weeks_joins_no_matrix_nor_moves_its_scale(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark", "Go"],  # Go: go-live in weeks
        ["Ana Lima", "ana@x.com", 5, 4, 3, 12],
        ["Bo Chen", "bo@x.com", 4, 2, 5, 7],
        ["Cy Ode", "cy@x.com", 3, 5, 1, "wk 3"],
        ["Di Roy", "di@x.com", 2, 3, 4, 2],
        ["Ed Fox", "ed@x.com", 1, 1, 2, 9],
    ])
    found = exported(book, monkeypatch, tmp_path)
    assert {skill for _, skill, _ in found} == {"Python", "SQL", "Spark"}
    assert ("Ana Lima", "Python", "5") in found


@pytest.mark.parametrize(("header", "cells"), [
    ("Go", [2, 4, 12, 3, 14, 1]),  # go-live in weeks, some past 10
    ("Vision", ["80%", "100%", "TBC", "60%", "TBC", "90%"]),  # percentages
])
def test_a_known_name_over_numbers_past_five_or_percents_stays_out(
        tmp_path, monkeypatch, header, cells):
    names = ["Ana Lima", "Bo Chen", "Cy Ode", "Di Roy", "Ed Fox", "Flo Sá"]
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark", header],
        *[[name, f"p{i}@x.com", 1 + i % 5, 1 + (i + 2) % 5, 1 + (i + 4) % 5, cell]
          for i, (name, cell) in enumerate(zip(names, cells, strict=True))],
    ])
    skills = {skill for _, skill, _ in exported(book, monkeypatch, tmp_path)}
    assert skills == {"Python", "SQL", "Spark"}
