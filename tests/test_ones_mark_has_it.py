"""A matrix of 1s (and blanks) marks who has a skill: read so, with no warning on every
cell saying "Level 1 ... is not a whole number from 1 to 5", which it is."""

from __future__ import annotations

from clikit import checked, exported, team_book


def test_a_matrix_of_ones_has_no_level_warnings(tmp_path, monkeypatch):
    path = team_book(tmp_path / "ones.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark"], ["Ana", "ana@x.com", 1, None, 1],
        ["Ben", "ben@x.com", None, 1, 1], ["Cy", "cy@x.com", 1, 1, None]])
    report = checked(path, monkeypatch, tmp_path)
    assert [i for i in report["issues"] if i["code"] == "bad-level"] == []
    assert exported(path, monkeypatch, tmp_path) == {
        ("Ana", "Python", ""), ("Ana", "Spark", ""), ("Ben", "SQL", ""), ("Ben", "Spark", ""),
        ("Cy", "Python", ""), ("Cy", "SQL", "")}
