"""The accident guard on real workbooks, case by case: each accident must be held back
with its evidence, and each real edit that looks like it must go through.

Two .xlsx files are written with XlsxWriter (last night's sheet and tonight's), each is
read by the real reader into the snapshot a sync takes, and the guard compares them; the
end-to-end behaviour (exit codes, what is written) is in the tests at the bottom.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from historybook import (
    COLUMN,
    HEADER,
    TEAMS,
    cli,
    organisation,
    read_snapshot,
    sync_json,
    write_book,
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
