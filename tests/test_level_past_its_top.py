"""A rating past the top written beside it ("SQL (6/5)", "Python: 7 of 5") is reported
against that top; the skill is kept without a level, never with a level lost in silence.
Only beside a skill: a cell of "12/5" may be a date."""

from __future__ import annotations

import pytest
from clikit import checked, exported, team_book

from skillsync.core import levels


@pytest.mark.parametrize(("text", "number", "top"), [
    ("6/5", 6, 5), ("7 of 5", 7, 5), ("11 / 10", 11, 10), ("5.5/5", 5.5, 5),
])
def test_a_rating_past_its_top_reads_as_such(text, number, top):
    found = levels.past_its_top(text)
    assert found is not None
    assert (found.kind, found.number, found.of) == (levels.Kind.LEVEL, number, top)


@pytest.mark.parametrize("text", [
    "4/5", "5/5", "6/1", "Python", "6/5 years",
    "24/7", "11/8", "3/2",  # hours, versions: no usual scale
])
def test_within_its_top_or_no_rating_is_not_past_it(text):
    assert levels.past_its_top(text) is None


def test_a_cell_of_12_5_alone_is_still_no_level():
    assert levels.read("12/5").kind is levels.Kind.OTHER


def test_levels_past_their_top_are_reported_and_the_skills_kept(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Skills"],
        ["Ana Lima", "ana@x.com", "Python (3), SQL (6/5)"],
        ["Bo Chen", "bo@x.com", "Python: 7 of 5; Spark - 6/5; R [11/10]"],
        ["Cy Ode", "cy@x.com", "Spark (2)"],
    ])
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", "3"), ("Ana Lima", "SQL", ""),
        ("Bo Chen", "Python", ""), ("Bo Chen", "Spark", ""), ("Bo Chen", "R", ""),
        ("Cy Ode", "Spark", "2"),
    }
    messages = [i["message"] for i in checked(book, monkeypatch, tmp_path)["issues"]]
    past = [m for m in messages if "more than its own top" in m]
    assert len(past) == 4
    assert any("'6/5' for 'SQL'" in m and "'SQL (5/5)'" in m for m in past)
    assert any("'11/10' for 'R'" in m and "top of 10" in m for m in past)
    assert not any("scale = 10" in m for m in messages)  # "6/5" says its top: no 1-10 hint


def test_dates_versions_and_hours_after_a_skill_stay_as_typed(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Skills"],
        ["Ana Lima", "ana@x.com", "AWS cert (12/5), Support 24/7, Python (4)"],
        ["Bo Chen", "bo@x.com", "Java 11/8, On-call 8/5, SQL (3)"],
    ])
    found = exported(book, monkeypatch, tmp_path)
    assert {skill for _, skill, _ in found} >= {
        "AWS cert (12/5)", "Support 24/7", "Java 11/8", "On-call 8/5"}
    messages = [i["message"] for i in checked(book, monkeypatch, tmp_path)["issues"]]
    assert not any("more than its own top" in m for m in messages)


def test_a_date_after_an_unknown_name_stays_as_typed(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Skills"],
        ["Ana Lima", "ana@x.com", "AWS cert (9/5), Python (4)"],
        ["Bo Chen", "bo@x.com", "PMP (6/5), SQL (7/5)"],
    ])
    found = exported(book, monkeypatch, tmp_path)
    assert {("Ana Lima", "AWS cert (9/5)", ""), ("Bo Chen", "PMP (6/5)", ""),
            ("Bo Chen", "SQL", "")} <= found
    messages = [i["message"] for i in checked(book, monkeypatch, tmp_path)["issues"]]
    assert [m for m in messages if "more than its own top" in m] == [
        m for m in messages if "'7/5' for 'SQL'" in m]


def test_a_level_far_past_its_top_after_a_known_skill_is_reported(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Skills"],
        ["Ana Lima", "ana@x.com", "Python (8/5), SQL (4)"],
        ["Bo Chen", "bo@x.com", "R (25/10)"],
    ])
    found = exported(book, monkeypatch, tmp_path)
    assert {("Ana Lima", "Python", ""), ("Bo Chen", "R", "")} <= found
    messages = [i["message"] for i in checked(book, monkeypatch, tmp_path)["issues"]]
    past = [m for m in messages if "more than its own top" in m]
    assert len(past) == 2
