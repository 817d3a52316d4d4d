"""One or two ratings past 5 in a 1-5 matrix are typos, not a 1-10 scale: read on the
five-point scale, the stray ones warned about (with the setting for a real 1-10 sheet).
A single "7" used to put the whole sheet on 1-10 in silence, everyone's 5 read as 3."""

from __future__ import annotations

import pytest
from clikit import checked, exported, team_book

from skillsync.core import levels


def _matrix(path, rows):
    return team_book(path, [["Name", "Email", "Python", "SQL", "Spark"], *rows])


def _levels(path, monkeypatch, tmp_path):
    """(name, skill) -> level as exported."""
    return {(name, skill): level
            for name, skill, level in exported(path, monkeypatch, tmp_path)}


def test_a_typo_past_five_keeps_the_five_point_scale(tmp_path, monkeypatch):
    rows = [[f"P{i}", f"p{i}@x.com", 5, 4, 1 + i % 5] for i in range(12)]
    path = _matrix(tmp_path / "team.xlsx", [*rows, ["Bo", "bo@x.com", 7, 3, 2]])
    found = _levels(path, monkeypatch, tmp_path)
    assert found[("P0", "Python")] == "5" and found[("Bo", "SQL")] == "3"
    assert found[("Bo", "Python")] == ""
    report = checked(path, monkeypatch, tmp_path)
    assert [i["message"] for i in report["issues"] if i["code"] == "bad-level"] == [
        "Level 7 for 'Python' is not a whole number from 1 to 5; write it as 'Python (4)' "
        "(1 = beginner, 5 = expert) or leave the level out. If the sheet rates from 1 to 10, "
        "set [levels] scale = 10 in skillsync.toml."]


def test_a_ten_point_sheet_is_still_read_as_one(tmp_path, monkeypatch):
    rows = [[f"P{i}", f"p{i}@x.com", 1 + i % 10, (3 + i) % 10 + 1, 8] for i in range(12)]
    path = _matrix(tmp_path / "team.xlsx", rows)
    found = _levels(path, monkeypatch, tmp_path)
    assert found[("P0", "Python")] == "1" and found[("P0", "Spark")] == "4"
    assert found[("P9", "Python")] == "5"


@pytest.mark.parametrize(("numbers", "top"),
                         [([5, 4, 3, 7], 5.0), ([5] * 40 + [8, 9], 5.0),
                          ([5, 6, 7, 8, 2], 10.0), ([5] * 40 + [6, 7, 9], 10.0),
                          ([2] * 100 + [6, 7, 8, 9], 5.0), ([4, 3, 2], 5.0),
                          # a small team's 1-10 sheet: 2 of 12 ratings past 5
                          ([8, 5, 3, 4, 4, 6, 2, 3, 5, 4, 1, 2], 10.0)])
def test_how_many_ratings_past_five_make_a_ten_point_sheet(numbers, top):
    assert levels.guess_scale([float(n) for n in numbers]).top == top
