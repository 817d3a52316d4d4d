"""Yes/no columns that say something of a person ("Certified?", "Remote", "Mentor?") are
not skills: beside a skills cell or a matrix of levels, a column of marks under a
question or a flag's word, naming no known skill, is left unread, and a note says so.
Before, three such columns beside a Skills cell made a matrix, and every team's counts
held the skills 'Certified', 'Remote' and 'Mentor'."""

from __future__ import annotations

import pytest
from clikit import checked, exported, save_book, team_book

FLAGS = ["Certified?", "Remote?", "Mentor?"]
SKILLS_CELL = [
    ["First name", "Last name", "Email", "Skills", *FLAGS],
    ["Ana", "Lima", "ana@x.com", "Python (3), SQL (4)", "Y", "N", "Y"],
    ["Bo", "Chen", "bo@x.com", "Python (5)", "N", "N", "Y"],
    ["Cy", "Ode", "cy@x.com", "Spark (2), R (3)", "Y", "Y", "N"],
    ["Di", "Roy", "di@x.com", "SQL (2)", "Y", "Y", "N"],
]
FROM_CELLS = {("Ana Lima", "Python", "3"), ("Ana Lima", "SQL", "4"), ("Bo Chen", "Python", "5"),
              ("Cy Ode", "Spark", "2"), ("Cy Ode", "R", "3"), ("Di Roy", "SQL", "2")}


def _skills(found: set[tuple[str, str, str]]) -> set[str]:
    return {skill for _, skill, _ in found}


def test_three_yes_no_columns_beside_a_skills_cell_are_no_skills(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", SKILLS_CELL)
    assert exported(book, monkeypatch, tmp_path) == FROM_CELLS
    notes = checked(book, monkeypatch, tmp_path)["notes"]
    said = [n for n in notes if "name facts about the person" in n]
    assert len(said) == 1, notes
    assert all(f"'{flag}'" in said[0] for flag in FLAGS), said


@pytest.mark.parametrize("marks", [("yes", "no"), ("x", ""), ("TRUE", "FALSE"), (True, False)])
def test_any_marks_beside_a_skills_cell(tmp_path, monkeypatch, marks):
    rows = [SKILLS_CELL[0]] + [[*row[:4], *(marks[0] if c == "Y" else marks[1]
                                             for c in row[4:])] for row in SKILLS_CELL[1:]]
    book = team_book(tmp_path / "team.xlsx", rows)
    assert exported(book, monkeypatch, tmp_path) == FROM_CELLS


def test_flags_without_question_marks_beside_skill_pairs(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Primary skill", "Level", "Certified", "Remote", "Manager", "On call"],
        ["Ana Lima", "ana@x.com", "Python", 3, "Y", "N", "N", "Y"],
        ["Bo Chen", "bo@x.com", "SQL", 4, "N", "Y", "Y", "N"],
        ["Cy Ode", "cy@x.com", "Spark", 2, "Y", "Y", "N", "N"],
    ])
    assert exported(book, monkeypatch, tmp_path) == {
        ("Ana Lima", "Python", "3"), ("Bo Chen", "SQL", "4"), ("Cy Ode", "Spark", "2")}


def test_questions_beside_a_matrix_of_levels(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark", "Certified?", "Remote?"],
        ["Ana Lima", "ana@x.com", 3, 4, None, "Y", "N"],
        ["Bo Chen", "bo@x.com", 5, None, 2, "N", "Y"],
        ["Cy Ode", "cy@x.com", None, 2, 4, "Y", "Y"],
    ])
    assert _skills(exported(book, monkeypatch, tmp_path)) == {"Python", "SQL", "Spark"}


def test_a_known_skill_of_marks_beside_a_skills_cell_is_read(tmp_path, monkeypatch):
    rows = [[*row[:4], *row[4:]] for row in SKILLS_CELL]
    rows[0] = [*rows[0][:4], "Docker?", "Kubernetes?", "Airflow?"]
    book = team_book(tmp_path / "team.xlsx", rows)
    found = exported(book, monkeypatch, tmp_path)
    assert {"Docker", "Kubernetes", "Airflow"} <= _skills(found)
    assert ("Ana Lima", "Docker", "") in found and ("Bo Chen", "Docker", "") not in found


def test_known_skills_of_marks_stay_beside_flags(tmp_path, monkeypatch):
    rows = [list(row) for row in SKILLS_CELL]
    rows[0][4] = "Docker?"  # a known skill, beside "Remote?" and "Mentor?"
    book = team_book(tmp_path / "team.xlsx", rows)
    found = exported(book, monkeypatch, tmp_path)
    assert ("Ana Lima", "Docker", "") in found and ("Bo Chen", "Docker", "") not in found
    assert not {"Remote", "Mentor"} & _skills(found)


def test_a_matrix_of_marks_under_unknown_names_is_still_read(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Figma", "Jira", "Miro"],
        ["Ana Lima", "ana@x.com", "x", "x", None],
        ["Bo Chen", "bo@x.com", None, "x", "x"],
        ["Cy Ode", "cy@x.com", "x", None, "x"],
    ])
    assert _skills(exported(book, monkeypatch, tmp_path)) == {"Figma", "Jira", "Miro"}


def test_an_unknown_column_of_marks_without_a_question_beside_levels(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark", "Figma"],
        ["Ana Lima", "ana@x.com", 3, 4, None, "x"],
        ["Bo Chen", "bo@x.com", 5, None, 2, None],
        ["Cy Ode", "cy@x.com", None, 2, 4, "x"],
    ])
    assert "Figma" in _skills(exported(book, monkeypatch, tmp_path))


def test_a_question_holding_levels_beside_a_matrix_is_a_skill(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark", "Mentoring?", "Remote?"],
        ["Ana Lima", "ana@x.com", 3, 4, None, 2, "N"],
        ["Bo Chen", "bo@x.com", 5, None, 2, None, "Y"],
        ["Cy Ode", "cy@x.com", None, 2, 4, 4, "Y"],
    ])
    found = exported(book, monkeypatch, tmp_path)
    assert ("Cy Ode", "Mentoring", "4") in found
    assert "Remote" not in _skills(found)


def test_layout_wide_reads_them_as_skills(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", SKILLS_CELL)
    (tmp_path / "skillsync.toml").write_text('[source]\nlayout = "wide"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert {"Certified", "Remote", "Mentor"} <= _skills(exported(book, monkeypatch, tmp_path))


def test_team_tabs_with_flags_are_read_together(tmp_path, monkeypatch):
    other = [SKILLS_CELL[0], ["Ed", "Fox", "ed@x.com", "Docker (4)", "N", "Y", "N"],
             ["Flo", "Ng", "flo@x.com", "Go (3)", "Y", "N", "N"]]
    book = save_book(tmp_path / "teams.xlsx", ("Data", SKILLS_CELL), ("Platform", other))
    found = exported(book, monkeypatch, tmp_path)
    assert ("Ed Fox", "Docker", "4") in found
    assert found >= FROM_CELLS
    assert not {"Certified", "Remote", "Mentor"} & _skills(found)


@pytest.mark.parametrize("header", ["SQL?", "AWS?", "Git?", "R?", "Java?"])
def test_a_short_known_skill_asked_as_a_question_is_read(tmp_path, monkeypatch, header):
    rows = [list(row) for row in SKILLS_CELL]
    rows[0][4] = header
    book = team_book(tmp_path / "team.xlsx", rows)
    skill = {"SQL?": "SQL", "AWS?": "AWS", "Git?": "Git", "R?": "R", "Java?": "Java"}[header]
    found = exported(book, monkeypatch, tmp_path)
    held = {name for name, found_skill, _ in found if found_skill == skill}
    assert {"Ana Lima", "Di Roy"} <= held and "Bo Chen" not in held  # Y, Y and N


def test_unknown_tools_of_marks_beside_a_skills_cell_are_read(tmp_path, monkeypatch):
    rows = [list(row) for row in SKILLS_CELL]
    rows[0][4:] = ["Figma", "Jira", "Miro"]
    book = team_book(tmp_path / "team.xlsx", rows)
    assert {"Figma", "Jira", "Miro"} <= _skills(exported(book, monkeypatch, tmp_path))


def test_flags_under_a_title_row(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [["Skills inventory - 2025"], [], *SKILLS_CELL])
    assert exported(book, monkeypatch, tmp_path) == FROM_CELLS
    notes = checked(book, monkeypatch, tmp_path)["notes"]
    said = [n for n in notes if "name facts about the person" in n]
    assert said and all(f"'{flag}'" in said[0] for flag in FLAGS), said


def test_a_stray_level_in_one_tab_keeps_the_tabs_together(tmp_path, monkeypatch):
    other = [SKILLS_CELL[0], ["Ed", "Fox", "ed@x.com", "Docker (4)", 3, "Y", "N"],
             ["Flo", "Ng", "flo@x.com", "Go (3)", "Y", "N", "N"],
             ["Gus", "Ho", "gus@x.com", "R (2)", "N", "N", "N"],
             ["Hal", "Ib", "hal@x.com", "R (3)", "Y", "N", "N"],
             *[[f"P{i}", "Q", f"p{i}@x.com", "SQL (2)", "N", "Y", "N"] for i in range(8)]]
    book = save_book(tmp_path / "teams.xlsx", ("Data", SKILLS_CELL), ("Platform", other))
    found = exported(book, monkeypatch, tmp_path)
    assert ("Ed Fox", "Docker", "4") in found and ("Ana Lima", "Python", "3") in found
    assert not {"Certified", "Remote", "Mentor"} & _skills(found)


def test_flag_words_without_a_question_beside_a_matrix_of_levels(tmp_path, monkeypatch):
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Python", "SQL", "Spark", "Certified", "Remote", "Figma"],
        ["Ana Lima", "ana@x.com", 3, 4, None, "Y", "N", "x"],
        ["Bo Chen", "bo@x.com", 5, None, 2, "N", "Y", None],
        ["Cy Ode", "cy@x.com", None, 2, 4, "Y", "Y", "x"],
    ])
    assert _skills(exported(book, monkeypatch, tmp_path)) == {"Python", "SQL", "Spark", "Figma"}


def test_skills_named_with_a_fact_s_word_or_asked_are_read(tmp_path, monkeypatch):
    rows = [list(row) for row in SKILLS_CELL]
    rows[0][4:] = ["Remote sensing", "Lead generation", "Excel?"]
    book = team_book(tmp_path / "team.xlsx", rows)
    found = _skills(exported(book, monkeypatch, tmp_path))
    assert {"Remote sensing", "Lead generation", "Excel"} <= found


def test_team_tabs_marking_flags_differently_are_read_together(tmp_path, monkeypatch):
    ones = [SKILLS_CELL[0], ["Ed", "Fox", "ed@x.com", "Docker (4)", 1, None, 1],
            ["Flo", "Ng", "flo@x.com", "Go (3)", None, 1, None]]
    levels = [SKILLS_CELL[0], ["Gus", "Ho", "gus@x.com", "R (2)", "Y", "N", 3],
              ["Hal", "Ib", "hal@x.com", "R (3)", "N", "Y", 4]]
    book = save_book(tmp_path / "teams.xlsx", ("Data", SKILLS_CELL), ("ML", ones),
                     ("Platform", levels))
    found = exported(book, monkeypatch, tmp_path)
    assert {name for name, _, _ in found} == {
        "Ana Lima", "Bo Chen", "Cy Ode", "Di Roy", "Ed Fox", "Flo Ng", "Gus Ho", "Hal Ib"}
    assert not {"Certified", "Remote", "Mentor"} & _skills(found)
