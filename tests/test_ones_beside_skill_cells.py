"""A matrix of 1s means "has it" (a binary scale), and says nothing of the levels written
in a skills cell beside it: before, "Python (3)" in the cell lost its level without a
word on such a sheet."""

from __future__ import annotations

from clikit import exported, team_book


def test_a_matrix_of_ones_beside_a_skills_cell_keeps_the_cell_s_levels(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Skills", "Docker?", "Airflow?", "Git?"],
        ["Ana Lima", "ana@x.com", "Python (3), SQL L2", 1, 1, None],
        ["Bo Chen", "bo@x.com", "SQL (4)", None, 1, 1],
        ["Cy Ode", "cy@x.com", "Spark (5)", 1, None, 1]])
    found = exported(book, monkeypatch, tmp_path)
    assert {("Ana Lima", "Python", "3"), ("Ana Lima", "SQL", "2"), ("Bo Chen", "SQL", "4"),
            ("Cy Ode", "Spark", "5"), ("Ana Lima", "Docker", ""), ("Bo Chen", "Git", "")} <= found


def test_a_matrix_of_ones_alone_still_marks_has_it(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark"],
        ["Ana Lima", "ana@x.com", 1, 1, None], ["Bo Chen", "bo@x.com", None, 1, 1],
        ["Cy Ode", "cy@x.com", 1, None, 1]])
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", ""), ("Ana Lima", "SQL", ""), ("Bo Chen", "SQL", ""),
        ("Bo Chen", "Spark", ""), ("Cy Ode", "Python", ""), ("Cy Ode", "Spark", "")}
