"""The accident guard on real workbooks, case by case: each accident must be held back
with its evidence, and each real edit that looks like it must go through.

Two .xlsx files are written with XlsxWriter (last night's sheet and tonight's), each is
read by the real reader into the snapshot a sync takes, and the guard compares them; the
end-to-end behaviour (exit codes, what is written) is in the tests at the bottom.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from historybook import (
    COLUMN,
    HEADER,
    MATRIX_HEADER,
    TEAMS,
    cli,
    matrix,
    organisation,
    read_snapshot,
    sync_json,
    write_book,
    write_matrix,
)

from skillsync.core.history import diff
from skillsync.core.integrity import Verdict, evaluate

T0 = datetime(2026, 11, 1, 2, 30)
Rows = list[list[object]]
Edit = Callable[[Rows], tuple[Rows, list[str]]]
SKILLS, TEAM, LEARN = COLUMN["Areas of Expertise"], COLUMN["Team"], COLUMN["Want to learn next"]


def compared(tmp_path: Path, rows: Rows, edit: Edit, writer=write_book) -> Verdict:
    first = read_snapshot(writer(tmp_path / "last-night.xlsx", rows), T0)
    edited, header = edit(copy.deepcopy(rows))
    second = read_snapshot(writer(tmp_path / "tonight.xlsx", edited, header),
                           T0 + timedelta(days=1), first)
    return evaluate(first, second)


def held_for(verdict: Verdict) -> list[tuple[str, str | None]]:
    return [(f.code, f.column) for f in verdict.findings]


# --- whole rows moved are not a column sorted alone ----------------------------------------

def moved_team_and_resorted(rows: Rows) -> tuple[Rows, list[str]]:
    """12 of 40 people move to the next team; the table, kept grouped by team, is sorted
    by team again (whole rows, so everyone's other cells move with them)."""
    for i, row in enumerate(rows):
        if i % 10 in (1, 4, 7):
            row[TEAM] = TEAMS[(TEAMS.index(row[TEAM]) + 1) % len(TEAMS)]
    return sorted(rows, key=lambda r: TEAMS.index(r[TEAM])), HEADER


def team_sorted_alone(rows: Rows) -> tuple[Rows, list[str]]:
    """Only the Team cells sorted (descending): the rows beside them stayed."""
    teams = sorted((r[TEAM] for r in rows), reverse=True)
    for row, team in zip(rows, teams, strict=True):
        row[TEAM] = team
    return rows, HEADER


def test_people_moving_team_with_the_table_resorted_by_team_go_through(tmp_path):
    verdict = compared(tmp_path, organisation(), moved_team_and_resorted)
    assert not verdict.hold, verdict.findings


def test_the_team_column_sorted_alone_on_a_grouped_sheet_is_still_held(tmp_path):
    verdict = compared(tmp_path, organisation(), team_sorted_alone)
    assert held_for(verdict) == [("column-sorted-alone", "Team")]


# --- a new e-mail, the same person ---------------------------------------------------------

def domain_changed(rows: Rows) -> tuple[Rows, list[str]]:
    for row in rows:
        row[1] = str(row[1]).replace("@corp.example", "@newcorp.example")
    rows[3][SKILLS] = "Rust (2)"
    return rows, HEADER


def test_a_domain_change_is_one_person_each_with_their_e_mail_changed(tmp_path):
    rows = organisation()
    first = read_snapshot(write_book(tmp_path / "a.xlsx", rows), T0)
    edited, _ = domain_changed(copy.deepcopy(rows))
    second = read_snapshot(write_book(tmp_path / "b.xlsx", edited), T0 + timedelta(1), first)
    changes = diff(first, second)
    assert changes.joined == () and changes.left == ()
    assert len(changes.changed) == 40
    by = {c.who.email: c for c in changes.changed}
    third = by[str(edited[3][1])]
    assert third.fields == ("email", "expertise") and third.skills_added == ("Rust",)
    assert third.email == (str(rows[3][1]), str(edited[3][1]))
    assert third.as_dict()["email_change"] == {"from": rows[3][1], "to": edited[3][1]}
    assert all(c.fields == ("email",) for c in changes.changed if c is not third)
    verdict = evaluate(first, second, changes=changes)
    assert not verdict.hold
    assert any("40 people appear under a new e-mail" in n for n in verdict.notes)


def test_a_namesake_pair_is_matched_only_one_to_one(tmp_path):
    """Two who left and two who joined under one name: no telling who is who, so they
    stay two who left and two who joined."""
    rows = organisation()
    rows[5][0] = rows[6][0] = "Ana Lima"
    first = read_snapshot(write_book(tmp_path / "a.xlsx", rows), T0)
    edited = copy.deepcopy(rows)
    edited[5][1], edited[6][1] = "ana1@new.example", "ana2@new.example"
    edited[7][1] = "renamed@new.example"
    second = read_snapshot(write_book(tmp_path / "b.xlsx", edited), T0 + timedelta(1), first)
    changes = diff(first, second)
    assert {m.email for m in changes.joined} == {"ana1@new.example", "ana2@new.example"}
    assert len(changes.left) == 2
    [moved] = changes.changed
    assert moved.who.email == "renamed@new.example" and moved.fields == ("email",)


def test_a_domain_change_reads_as_changed_e_mails_in_json_digest_and_history(tmp_path):
    rows = organisation()
    book = write_book(tmp_path / "inventory.xlsx", rows)
    assert sync_json(book)[0] == 0
    write_book(book, domain_changed(copy.deepcopy(rows))[0])
    code, report = sync_json(book, "--digest", tmp_path / "digest.html")
    assert code == 0 and report["held_back"] is None
    changes = report["changes"]
    assert changes["joined"] == [] and changes["left"] == [] and len(changes["changed"]) == 40
    first = changes["changed"][0]
    assert first["fields"][0] == "email" and first["email_change"]["to"] == first["email"]
    text = (tmp_path / "digest.txt").read_text()
    assert "0 people joined, 0 left, 40 changed their row." in text
    assert f"e-mail {rows[0][1]} → {str(rows[0][1]).replace('corp.', 'newcorp.')}" in text
    code, out, _ = cli("history", book, "--diff", "1", "2")
    assert "0 joined, 0 left, 40 changed." in out and "e-mail p0" in out


# --- rows layout: values cleared, filled down, pasted over ---------------------------------

def cleared(column: int, first: int = 0, last: int = 39) -> Edit:
    """The cells of one column deleted in rows first..last; the header stays."""
    def edit(rows: Rows) -> tuple[Rows, list[str]]:
        for row in rows[first:last + 1]:
            row[column] = ""
        return rows, HEADER
    return edit


def filled_down(column: int, source: int = 0, last: int = 39) -> Edit:
    """The cell of row `source` dragged down over the rows below it, to `last`."""
    def edit(rows: Rows) -> tuple[Rows, list[str]]:
        for row in rows[source + 1:last + 1]:
            row[column] = rows[source][column]
        return rows, HEADER
    return edit


def pasted_over(source: int, target: int) -> Edit:
    """The whole `source` column copied over the `target` column."""
    def edit(rows: Rows) -> tuple[Rows, list[str]]:
        for row in rows:
            row[target] = row[source]
        return rows, HEADER
    return edit


ROWS_ACCIDENTS = {
    "every Skills cell cleared": (cleared(SKILLS), "values-cleared", "Areas of Expertise"),
    "the Team column emptied": (cleared(TEAM), "values-cleared", "Team"),
    "a third of the Skills cells deleted": (cleared(SKILLS, 10, 22), "values-cleared",
                                            "Areas of Expertise"),
    "row 2's Skills dragged down the column": (filled_down(SKILLS), "values-filled-down",
                                               "Areas of Expertise"),
    "one Skills cell pasted over five rows": (filled_down(SKILLS, 12, 17),
                                              "values-filled-down", "Areas of Expertise"),
    "the Team of row 2 dragged down": (filled_down(TEAM), "values-filled-down", "Team"),
    "Want to learn pasted over Skills": (pasted_over(LEARN, SKILLS), "column-pasted-over",
                                         "Areas of Expertise"),
    "Skills pasted over Want to learn": (pasted_over(SKILLS, LEARN), "column-pasted-over",
                                         "Want to learn next"),
}


@pytest.mark.parametrize("name", list(ROWS_ACCIDENTS))
def test_values_overwritten_in_place_are_held_with_evidence(tmp_path, name):
    edit, code, column = ROWS_ACCIDENTS[name]
    verdict = compared(tmp_path, organisation(), edit)
    assert held_for(verdict) == [(code, column)], verdict.findings
    [finding] = verdict.findings
    assert finding.rows and finding.examples and finding.hint and finding.label
    assert f"row {finding.rows[0]}" in finding.message or f"rows {finding.rows[0]}" in \
        finding.message


def projects_ended(rows: Rows) -> tuple[Rows, list[str]]:
    """Quarter end: every current project moves to the past (a Past projects column)."""
    header = [*HEADER, "Past projects"]
    projects = COLUMN["Current project(s)"]
    return [[*r[:projects], "", *r[projects + 1:], r[projects]] for r in rows], header


def with_past_projects(rows: Rows) -> Rows:
    return [[*r, ""] for r in rows]


def team_renamed(rows: Rows) -> tuple[Rows, list[str]]:
    for row in rows:
        row[TEAM] = "Discovery" if row[TEAM] == "Search" else row[TEAM]
    return rows, HEADER


def teams_merged_into_a_new_one(rows: Rows) -> tuple[Rows, list[str]]:
    """Risk, Search and Vision (neighbours in the grouped sheet) become one new team."""
    for row in rows:
        row[TEAM] = "Platform" if row[TEAM] != "Ads" else row[TEAM]
    return rows, HEADER


def team_merged_into_another(rows: Rows) -> tuple[Rows, list[str]]:
    for row in rows:
        row[TEAM] = "Ads" if row[TEAM] == "Risk" else row[TEAM]
    return rows, HEADER


def team_joins_one_project(rows: Rows) -> tuple[Rows, list[str]]:
    """Everyone in Risk moves to the project its first person already runs."""
    projects = COLUMN["Current project(s)"]
    risk = [r for r in rows if r[TEAM] == "Risk"]
    for row in risk[1:]:
        row[projects] = risk[0][projects]
    return rows, HEADER


def a_team_learned_its_wish(rows: Rows) -> tuple[Rows, list[str]]:
    """Ten people (one team) learned what they wanted: moved from the wish to Skills."""
    for row in rows[:10]:
        row[SKILLS] = f"{row[SKILLS]}, {row[LEARN]} (2)"
        row[LEARN] = ""
    return rows, HEADER


def few_clear_their_wish(rows: Rows) -> tuple[Rows, list[str]]:
    return cleared(LEARN, 5, 8)(rows)


ROWS_LEGITIMATE = {
    "a team renamed": team_renamed,
    "three teams merged into a new one": teams_merged_into_a_new_one,
    "one team merged into another": team_merged_into_another,
    "a team moves onto one project": team_joins_one_project,
    "a team learned its wish": a_team_learned_its_wish,
    "four people clear their wish": few_clear_their_wish,
    "people move team and the table is re-sorted": moved_team_and_resorted,
}


@pytest.mark.parametrize("name", list(ROWS_LEGITIMATE))
def test_real_edits_that_overwrite_many_values_go_through(tmp_path, name):
    verdict = compared(tmp_path, organisation(), ROWS_LEGITIMATE[name])
    assert not verdict.hold, verdict.findings


def test_every_current_project_ending_is_only_noted(tmp_path):
    rows = with_past_projects(organisation())
    header = [*HEADER, "Past projects"]
    first = read_snapshot(write_book(tmp_path / "a.xlsx", rows, header), T0)
    edited, _ = projects_ended(organisation())  # current emptied, moved to the past
    second = read_snapshot(write_book(tmp_path / "b.xlsx", edited, header),
                           T0 + timedelta(1), first)
    verdict = evaluate(first, second)
    assert not verdict.hold, verdict.findings
    assert any("40 people's current projects all ended" in n for n in verdict.notes)


# --- a matrix: each skill column on its own -------------------------------------------------

def skill_at(skill: str) -> int:
    return MATRIX_HEADER.index(skill)


def skill_sorted_alone(skill: str) -> Edit:
    """One skill column sorted on its own, as a spreadsheet does: levels ascending, blank
    cells last."""
    def edit(rows: Rows) -> tuple[Rows, list[str]]:
        column = skill_at(skill)
        levels = [r[column] for r in rows]
        ordered = sorted(v for v in levels if v is not None)
        ordered += [None] * (len(levels) - len(ordered))
        for row, level in zip(rows, ordered, strict=True):
            row[column] = level
        return rows, MATRIX_HEADER
    return edit


def skill_pasted_down(skill: str, first: int, last: int) -> Edit:
    """A block of one skill column pasted one row down."""
    def edit(rows: Rows) -> tuple[Rows, list[str]]:
        column = skill_at(skill)
        was = [r[column] for r in rows]
        for i in range(first, last + 1):
            rows[i][column] = was[i - 1]
        return rows, MATRIX_HEADER
    return edit


def skills_cleared(*skills: str) -> Edit:
    def edit(rows: Rows) -> tuple[Rows, list[str]]:
        for row in rows:
            for skill in skills:
                row[skill_at(skill)] = None
        return rows, MATRIX_HEADER
    return edit


def skill_deleted(skill: str) -> Edit:
    """The column deleted: the columns right of it move left."""
    def edit(rows: Rows) -> tuple[Rows, list[str]]:
        column = skill_at(skill)
        header = [h for h in MATRIX_HEADER if h != skill]
        return [[v for c, v in enumerate(r) if c != column] for r in rows], header
    return edit


WIDE_ACCIDENTS = {
    "one skill column sorted alone": (skill_sorted_alone("Python"), "column-sorted-alone",
                                      ("Python",)),
    "a block of one skill column pasted a row down": (skill_pasted_down("SQL", 5, 30),
                                                      "values-shifted", ("SQL",)),
    "a skill column cleared": (skills_cleared("Spark"), "values-cleared", ("Spark",)),
    "two skill columns cleared": (skills_cleared("Spark", "Docker"), "values-cleared",
                                  ("Spark", "Docker")),
    "a skill column deleted": (skill_deleted("Docker"), "column-gone", ("Docker",)),
}


@pytest.mark.parametrize("name", list(WIDE_ACCIDENTS))
def test_an_accident_to_one_skill_column_of_a_matrix_is_held(tmp_path, name):
    edit, code, headers = WIDE_ACCIDENTS[name]
    verdict = compared(tmp_path, matrix(), edit, write_matrix)
    assert held_for(verdict) == [(code, headers[0])], verdict.findings
    [finding] = verdict.findings
    assert finding.as_dict()["columns"] == list(headers)
    if code != "column-gone":
        assert finding.rows and finding.examples
    assert all(h in finding.message for h in headers)


def skill_renamed(rows: Rows) -> tuple[Rows, list[str]]:
    """The same people, the same levels, a new skill's name over the column."""
    return rows, [("Power BI" if h == "Tableau" else h) for h in MATRIX_HEADER]


def levels_raised(rows: Rows) -> tuple[Rows, list[str]]:
    """A third of the people raise each of their levels by one."""
    for i, row in enumerate(rows):
        if i % 3 == 0:
            row[3:] = [min(5, v + 1) if v is not None else None for v in row[3:]]
    return rows, MATRIX_HEADER


def team_trained(rows: Rows) -> tuple[Rows, list[str]]:
    """A team (ten neighbouring rows) takes a course: everyone's Python is now 4."""
    for row in rows[10:20]:
        row[skill_at("Python")] = 4
    return rows, MATRIX_HEADER


def skill_column_added(rows: Rows) -> tuple[Rows, list[str]]:
    return [[*r, 1 + i % 5 if i % 2 else None] for i, r in enumerate(rows)], \
        [*MATRIX_HEADER, "Rust"]


def skill_columns_reordered(rows: Rows) -> tuple[Rows, list[str]]:
    order = [0, 1, 2, *range(len(MATRIX_HEADER) - 1, 2, -1)]
    return [[r[c] for c in order] for r in rows], [MATRIX_HEADER[c] for c in order]


def sorted_by_name(rows: Rows) -> tuple[Rows, list[str]]:
    return sorted(rows, key=lambda r: str(r[0]).casefold()), MATRIX_HEADER


def some_drop_a_skill(rows: Rows) -> tuple[Rows, list[str]]:
    """Ten people here and there drop Scala (a third of its holders)."""
    column = skill_at("Scala")
    holders = [r for r in rows if r[column] is not None]
    for row in holders[::3]:
        row[column] = None
    return rows, MATRIX_HEADER


def moved_team_in_matrix(rows: Rows) -> tuple[Rows, list[str]]:
    for i, row in enumerate(rows):
        if i % 10 in (1, 4, 7):
            row[TEAM] = TEAMS[(TEAMS.index(row[TEAM]) + 1) % len(TEAMS)]
    return sorted(rows, key=lambda r: TEAMS.index(r[TEAM])), MATRIX_HEADER


WIDE_LEGITIMATE = {
    "a skill column renamed": skill_renamed,
    "a third of the people raise their levels": levels_raised,
    "a team trained in Python": team_trained,
    "a new skill column": skill_column_added,
    "skill columns reordered": skill_columns_reordered,
    "the table sorted by name": sorted_by_name,
    "a third of a skill's holders drop it": some_drop_a_skill,
    "people move team and the table is re-sorted": moved_team_in_matrix,
}


@pytest.mark.parametrize("name", list(WIDE_LEGITIMATE))
def test_real_edits_to_a_matrix_go_through(tmp_path, name):
    verdict = compared(tmp_path, matrix(), WIDE_LEGITIMATE[name], write_matrix)
    assert not verdict.hold, verdict.findings


def test_a_renamed_skill_column_is_noted_as_renamed(tmp_path):
    verdict = compared(tmp_path, matrix(), skill_renamed, write_matrix)
    assert any("'Tableau' is now headed 'Power BI' with the same people and levels" in n
               for n in verdict.notes), verdict.notes


# --- a skills column renamed to a header nobody knows ---------------------------------------

RENAMED = ["Stuff I know" if h == "Areas of Expertise" else h for h in HEADER]


def skills_header_renamed(rows: Rows) -> tuple[Rows, list[str]]:
    """Only the header changes: the cells still plainly list skills with levels."""
    return rows, RENAMED


def test_a_skills_column_under_an_unknown_header_is_still_the_skills_column(tmp_path):
    verdict = compared(tmp_path, organisation(), skills_header_renamed)
    assert not verdict.hold, verdict.findings
    assert "The column 'Areas of Expertise' is now headed 'Stuff I know'; still read." in \
        verdict.notes
    tonight = read_snapshot(tmp_path / "tonight.xlsx", T0)
    assert tonight.columns.headers["expertise"] == "Stuff I know"


def test_deleting_a_skills_column_known_by_its_content_is_still_held(tmp_path):
    """The renamed column is the skills column from then on: losing it is an accident."""
    rows = organisation()
    first = read_snapshot(write_book(tmp_path / "a.xlsx", rows, RENAMED), T0)
    without = [[v for c, v in enumerate(r) if c != SKILLS] for r in rows]
    header = [h for h in RENAMED if h != "Stuff I know"]
    second = read_snapshot(write_book(tmp_path / "b.xlsx", without, header),
                           T0 + timedelta(1), first)
    assert held_for(evaluate(first, second)) == [("column-gone", "Stuff I know")]


def test_renaming_the_skills_header_between_two_syncs_goes_through_unwarned(tmp_path):
    rows = organisation()
    book = write_book(tmp_path / "inventory.xlsx", rows)
    assert sync_json(book)[0] == 0
    write_book(book, rows, RENAMED)
    code, report = sync_json(book)
    assert code == 0 and report["held_back"] is None and report["tabs_written"]
    assert not [i for i in report["issues"] if i["code"] == "no-skills-column"]
    assert report["changes"]["changed"] == []  # everyone's skills read as before
    assert any("now headed 'Stuff I know'" in n for n in report["notes"])
