"""One or two level-like columns beside the usual ones ('Certified?' of Y and N) are no
matrix: they are left unread, and everything else the table was found to hold is read
as it would be without them: a name split in two, skill and level pairs."""

from __future__ import annotations

from clikit import checked, exported, team_book


def test_a_split_name_is_read_beside_a_yes_no_column(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["First name", "Last name", "Email", "Skills", "Certified?"],
        ["Ana", "Lima", "ana@x.com", "Python (3), SQL (4)", "Y"],
        ["Bo", "Chen", "bo@x.com", "Python (5)", "N"],
        ["Cy", "Ode", "cy@x.com", "Spark (2)", "Y"],
    ])
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", "3"), ("Ana Lima", "SQL", "4"),
        ("Bo Chen", "Python", "5"), ("Cy Ode", "Spark", "2"),
    }


def test_skill_and_level_pairs_are_read_beside_a_yes_no_column(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Primary skill", "Level", "Secondary skill", "Level",
         "Certified?"],
        ["Ana Lima", "ana@x.com", "Python", "3", "SQL", "4", "Y"],
        ["Bo Chen", "bo@x.com", "Python", "5", "Spark", "2", "N"],
        ["Cy Ode", "cy@x.com", "Spark", "2", "SQL", "1", "Y"],
    ])
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", "3"), ("Ana Lima", "SQL", "4"),
        ("Bo Chen", "Python", "5"), ("Bo Chen", "Spark", "2"),
        ("Cy Ode", "Spark", "2"), ("Cy Ode", "SQL", "1"),
    }
    report = checked(book, monkeypatch, tmp_path)
    assert not [i for i in report["issues"] if "No skills column" in i["message"]]


def test_the_yes_no_column_is_no_skill(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Skills", "Certified?"],
        ["Ana Lima", "ana@x.com", "Python (3)", "Y"],
        ["Bo Chen", "bo@x.com", "SQL (4)", "N"],
    ])
    skills = {skill for _, skill, _ in exported(book, monkeypatch, tmp_path)}
    assert skills == {"Python", "SQL"}
