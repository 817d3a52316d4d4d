"""A level written with its word in a cell ("Level 3", "L4", "lvl 2") is that level, in a
matrix and after a skill in a skills cell, while a header's level word ("Python level")
still only says the column holds levels."""

from __future__ import annotations

import pytest
from clikit import exported, team_book

from skillsync.core import levelheaders, levels


@pytest.mark.parametrize(("text", "number"), [
    ("Level 3", 3), ("level: 2", 2), ("L3", 3), ("l 5", 5), ("lvl 4", 4), ("Lv. 2", 2),
])
def test_a_level_word_and_number_is_that_level(text, number):
    found = levels.read(text)
    assert found.kind is levels.Kind.LEVEL
    assert found.number == number


@pytest.mark.parametrize("text", ["Level", "Level 3 of Python", "L", "Lvl three"])
def test_a_level_word_without_its_number_alone_is_no_level(text):
    assert levels.read(text).kind is not levels.Kind.LEVEL


def test_a_header_level_word_still_names_the_skill():
    assert levelheaders.without_level_word("Python level") == "Python"
    assert levelheaders.without_level_word("SQL (yes/no)") == "SQL"
    assert levelheaders.without_level_word("Level") == "Level"


def test_a_matrix_of_level_words_reads_every_level(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark"],
        ["Ana Lima", "ana@x.com", "Level 3", "L4", "lvl 2"],
        ["Bo Chen", "bo@x.com", "Level 5", "L1", None],
        ["Cy Ode", "cy@x.com", "L2", "Level 3", "Level 4"],
    ])
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", "3"), ("Ana Lima", "SQL", "4"), ("Ana Lima", "Spark", "2"),
        ("Bo Chen", "Python", "5"), ("Bo Chen", "SQL", "1"),
        ("Cy Ode", "Python", "2"), ("Cy Ode", "SQL", "3"), ("Cy Ode", "Spark", "4"),
    }


def test_a_level_word_after_a_skill_is_its_level(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Skills"],
        ["Ana Lima", "ana@x.com", "Python (Level 3), SQL (L4)"],
        ["Bo Chen", "bo@x.com", "Python - level 5; Spark: L2"],
    ])
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", "3"), ("Ana Lima", "SQL", "4"),
        ("Bo Chen", "Python", "5"), ("Bo Chen", "Spark", "2"),
    }


def test_career_steps_beside_a_matrix_are_no_skill_and_leave_its_scale(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Career step", "Python", "SQL", "Spark"],
        ["Ana Lima", "ana@x.com", "L3", 3, 2, 4],
        ["Bo Chen", "bo@x.com", "L5", 4, 5, 1],
        ["Cy Ode", "cy@x.com", "L7", 5, 3, 2],
        ["Di Roy", "di@x.com", "L6", 2, 1, 3],
        ["Ed Fox", "ed@x.com", "L4", 1, 4, 5],
    ])
    found = exported(book, monkeypatch, tmp_path)
    assert {skill for _, skill, _ in found} == {"Python", "SQL", "Spark"}
    assert {("Ana Lima", "Python", "3"), ("Cy Ode", "Python", "5")} <= found


def test_floors_written_as_levels_are_no_skill(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark", "Floor"],
        ["Ana Lima", "ana@x.com", 3, 2, 4, "Level 2"],
        ["Bo Chen", "bo@x.com", 4, 5, 1, "Level 3"],
        ["Cy Ode", "cy@x.com", 5, 3, 2, "L1"],
    ])
    skills = {skill for _, skill, _ in exported(book, monkeypatch, tmp_path)}
    assert skills == {"Python", "SQL", "Spark"}


def test_career_steps_under_a_skill_and_level_header_are_no_skill(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark", "ML level"],
        ["Ana Lima", "ana@x.com", 5, 4, 3, "L3"],
        ["Bo Chen", "bo@x.com", 4, 2, 5, "L5"],
        ["Cy Ode", "cy@x.com", 3, 5, 1, "L7"],
        ["Di Roy", "di@x.com", 2, 3, 4, "L6"],
    ])
    found = exported(book, monkeypatch, tmp_path)
    assert {skill for _, skill, _ in found} == {"Python", "SQL", "Spark"}
    assert ("Ana Lima", "Python", "5") in found


def test_qualifications_and_first_languages_keep_their_codes(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Skills"],
        ["Ana Lima", "ana@x.com", "Python (4), CIPD Level 5, English (L1)"],
        ["Bo Chen", "bo@x.com", "NVQ Level 3; Spanish (L2); SQL: L2"],
    ])
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", "4"), ("Ana Lima", "CIPD Level 5", ""),
        ("Ana Lima", "English (L1)", ""), ("Bo Chen", "NVQ Level 3", ""),
        ("Bo Chen", "Spanish (L2)", ""), ("Bo Chen", "SQL", "2"),
    }
