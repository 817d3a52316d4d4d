"""Skill and level pairs ("Primary skill | Level") are read beside a name split in two
(First name | Last name), and one pair alone is read when its level column is beside it.
Before, the first sheet was "no table of people found", and the second kept the skills
without their levels."""

from __future__ import annotations

from clikit import checked, exported, save_book, team_book

TWO_PAIRS = [
    ["First name", "Last name", "Email", "Primary skill", "Level", "Secondary skill", "Level"],
    ["Ana", "Lima", "ana@x.com", "Python", 3, "SQL", 2],
    ["Bo", "Chen", "bo@x.com", "SQL", 4, "Python", 5],
    ["Cy", "Ode", "cy@x.com", "Spark", 2, None, None],
]


def test_two_pairs_beside_a_split_name(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", TWO_PAIRS)
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", "3"), ("Ana Lima", "SQL", "2"),
        ("Bo Chen", "SQL", "4"), ("Bo Chen", "Python", "5"), ("Cy Ode", "Spark", "2"),
    }


def test_two_pairs_beside_a_split_name_under_a_title_and_legend(tmp_path, monkeypatch):
    book = save_book(tmp_path / "team.xlsx", ("Survey", [
        ["Skills survey Q3"], ["1 = aware ... 5 = expert"], [], *TWO_PAIRS]))
    assert ("Bo Chen", "Python", "5") in exported(book, monkeypatch, tmp_path)


def test_one_pair_keeps_its_levels(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Primary skill", "Level"],
        ["Ana Lima", "ana@x.com", "Python", 3],
        ["Bo Chen", "bo@x.com", "SQL", 4],
        ["Cy Ode", "cy@x.com", "Spark", 2],
    ])
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", "3"), ("Bo Chen", "SQL", "4"), ("Cy Ode", "Spark", "2")}


def test_one_pair_beside_a_split_name(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["First name", "Last name", "Email", "Primary skill", "Level"],
        ["Ana", "Lima", "ana@x.com", "Python", 3],
        ["Bo", "Chen", "bo@x.com", "SQL", 4],
        ["Cy", "Ode", "cy@x.com", "Spark", 2],
    ])
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", "3"), ("Bo Chen", "SQL", "4"), ("Cy Ode", "Spark", "2")}



def test_two_pairs_and_a_yes_no_column_under_a_title_and_legend(tmp_path, monkeypatch):
    rows = [[*row, "Certified?" if i == 0 else "Y"] for i, row in enumerate(TWO_PAIRS)]
    book = save_book(tmp_path / "team.xlsx", ("Survey", [
        ["Skills survey Q3"], ["1 = aware ... 5 = expert"], [], *rows]))
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", "3"), ("Ana Lima", "SQL", "2"),
        ("Bo Chen", "SQL", "4"), ("Bo Chen", "Python", "5"), ("Cy Ode", "Spark", "2"),
    }


def test_a_directory_tab_is_not_read_before_the_skills_tab(tmp_path, monkeypatch):
    book = save_book(
        tmp_path / "team.xlsx",
        ("Directory", [["First name", "Last name", "Email"], ["Ana", "Lima", "ana@x.com"],
                       ["Bo", "Chen", "bo@x.com"]]),
        ("Skills", [["Name", "Skills"], ["Ana Lima", "Python (5), SQL (4)"],
                    ["Bo Chen", "Spark (2)"]]))
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", "5"), ("Ana Lima", "SQL", "4"), ("Bo Chen", "Spark", "2")}


def test_the_team_tab_is_read_before_a_summary_of_teams(tmp_path, monkeypatch):
    book = save_book(
        tmp_path / "team.xlsx",
        ("Team", [["Name", "Email", "Role", "Notes"], ["Ana Lima", "ana@x.com", "DS", ""],
                  ["Bo Chen", "bo@x.com", "MLE", ""], ["Cy Ode", "cy@x.com", "DS", ""]]),
        ("Summary", [["Name", "Python", "SQL", "Spark"], ["Data team", 4, 3, 2],
                     ["Platform team", 2, 5, 1], ["Apps team", 1, 1, 0]]))
    report = checked(book, monkeypatch, tmp_path)
    assert report["sheet"] == "Team"
    assert report["rows_read"] == 3
