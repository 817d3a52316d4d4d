"""A matrix whose headers name the skill, then that it holds levels ("Python level", "SQL
proficiency", "Spark (level)", "R skill level") is a matrix of those skills. The level
word made every such column "not a skill": no skill was read at all."""

from __future__ import annotations

import pytest
from clikit import exported, team_book

from skillsync.core import levelheaders, levels
from skillsync.core.layouts import columns
from skillsync.reading import base_vocabulary


def _export(tmp_path, monkeypatch, headers):
    path = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", *headers], ["Ana", "ana@x.com", 4, 3, 2],
        ["Ben", "ben@x.com", 2, 5, 1], ["Cy", "cy@x.com", 3, 3, 5]])
    return exported(path, monkeypatch, tmp_path)


@pytest.mark.parametrize("headers", [
    ["Python level", "SQL level", "Spark level"],
    ["Python proficiency", "SQL proficiency", "Spark proficiency"],
    ["Python (level)", "SQL (level)", "Spark (level)"],
    ["Python skill level", "SQL - rating", "Spark: score"],
])
def test_headers_naming_skill_and_level(tmp_path, monkeypatch, headers):
    found = _export(tmp_path, monkeypatch, headers)
    assert ("Ana", "Python", "4") in found and ("Ben", "SQL", "5") in found
    assert ("Cy", "Spark", "5") in found and len(found) == 9


@pytest.mark.parametrize("header", ["Level", "Skill level", "Overall rating", "Seniority level",
                                    "Years", "Python years"])
def test_level_words_alone_or_after_no_skill_are_still_no_skill(header):
    assert columns.not_a_skill(header, levels.DEFAULT, base_vocabulary().known)


@pytest.mark.parametrize(("header", "named"),
                         [("Python level", "Python"), ("SQL (proficiency)", "SQL"),
                          ("Spark - skill level", "Spark"), ("Level", "Level"),
                          ("R: rating", "R")])
def test_the_skill_a_header_names(header, named):
    assert levelheaders.without_level_word(header) == named


def test_yes_no_and_question_headers_of_a_matrix(tmp_path, monkeypatch):
    path = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", "SQL (yes/no)", "Spark?"],
        ["Ana", "ana@x.com", 4, "yes", "x"], ["Ben", "ben@x.com", 2, "no", None]])
    assert exported(path, monkeypatch, tmp_path) == {
        ("Ana", "Python", "4"), ("Ana", "SQL", ""), ("Ana", "Spark", ""), ("Ben", "Python", "2")}


@pytest.mark.parametrize("header", ["C-level", "Entry-level", "A-level"])
def test_a_level_word_joined_by_a_hyphen_is_part_of_the_name(header):
    assert levelheaders.without_level_word(header) == header
