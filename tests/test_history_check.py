"""What `check` says the history knows, and the atlas (`site`) guarded like a sync.

Each test drives the CLI on real .xlsx files written with XlsxWriter and a real history
database in the test's own state folder; "nothing written" is checked byte for byte.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from atlas_book import decoded_people, read_data
from historybook import (
    COLUMN,
    HEADER,
    MATRIX_HEADER,
    cli,
    matrix,
    organisation,
    person,
    sync_json,
    write_book,
    write_matrix,
)

from skillsync.config import Config
from skillsync.history.places import database_of

EMAIL = COLUMN["E-mail"]


@pytest.fixture
def synced(tmp_path) -> tuple[Path, list[list]]:
    """A workbook synced once: the history holds one good sync of it."""
    rows = organisation()
    book = write_book(tmp_path / "inventory.xlsx", rows)
    assert sync_json(book)[0] == 0
    return book, rows


def check_json(book: Path) -> tuple[int, dict]:
    code, out, err = cli("check", book, "--json")
    assert out.strip(), err
    return code, json.loads(out)


def stored(book: Path) -> list[dict]:
    return json.loads(cli("history", book, "--json")[1])


def database() -> Path:
    return database_of(Config())[0]


def half_deleted(rows: list[list]) -> list[list]:
    return rows[:20]


def real_edit(rows: list[list]) -> list[list]:
    """One leaves, one joins, one adds a skill."""
    edited = copy.deepcopy(rows)
    edited[3][COLUMN["Areas of Expertise"]] += ", Rust (2)"
    return [r for r in edited if r[EMAIL] != "p005@corp.example"] + [person(60)]


# --- check ------------------------------------------------------------------------------

def test_check_before_any_sync_says_there_is_nothing_to_compare_and_creates_no_history(
        tmp_path):
    book = write_book(tmp_path / "inventory.xlsx", organisation())
    code, out, _ = cli("check", book)
    assert code == 0
    assert "History: no good sync of this source is recorded yet" in out
    code, report = check_json(book)
    assert code == 0 and report["changes"]["since"] is None
    assert report["guard"] == {"compared_with": None, "since": None, "would_hold": False,
                               "codes": [], "reasons": [], "notes": [], "accept": None}
    assert not database().exists()


def test_check_lists_the_changes_a_sync_would_report_and_writes_nothing(synced):
    book, rows = synced
    write_book(book, real_edit(rows))
    workbook, history = book.read_bytes(), database().read_bytes()
    code, out, _ = cli("check", book)
    assert code == 0
    assert "History: compared with the last good sync (#1, " in out
    assert "1 person joined, 1 left, 1 changed their row." in out
    assert "Guard: the next sync would go through" in out
    code, checked = check_json(book)
    assert code == 0 and checked["guard"]["would_hold"] is False
    assert checked["guard"]["compared_with"] == 1 and checked["held_back"] is None
    assert checked["tabs_written"] == []
    assert book.read_bytes() == workbook and database().read_bytes() == history
    assert len(stored(book)) == 1  # no run recorded
    code, synced_report = sync_json(book)
    assert code == 0
    for part in ("joined", "left", "changed"):  # check saw exactly what the sync then did
        assert checked["changes"][part] == synced_report["changes"][part]
    assert checked["changes"]["joined"] == ["p060@corp.example"]
    assert checked["changes"]["left"] == ["p005@corp.example"]


def test_check_says_the_next_sync_would_be_held_and_why_without_holding_anything(synced):
    book, rows = synced
    write_book(book, half_deleted(rows))
    workbook, history = book.read_bytes(), database().read_bytes()
    code, out, err = cli("check", book)
    assert code == 0 and "Held back" not in err
    assert "Guard: the next sync would be held back (exit code 4)" in out
    assert "Many people vanished at once [people-vanished]: 20 of 40 people (50%)" in out
    assert "To fix: restore the deleted rows" in out
    assert f"skillsync sync {book} --accept-changes" in out
    code, report = check_json(book)
    assert code == 0 and report["held_back"] is None
    guard = report["guard"]
    assert guard["would_hold"] is True and guard["codes"] == ["people-vanished"]
    [reason] = guard["reasons"]
    assert len(reason["rows"]) == 20 and reason["examples"] and reason["fix"]
    assert guard["accept"] == f"skillsync sync {book} --accept-changes"
    assert len(report["changes"]["left"]) == 20
    assert book.read_bytes() == workbook and database().read_bytes() == history
    assert len(stored(book)) == 1
    assert cli("sync", book, "--dry-run")[0] == 4  # the sync agrees with the check


def test_check_after_a_held_sync_still_compares_with_the_last_good_one(synced):
    book, rows = synced
    renamed = ["Crew" if h == "Team" else h for h in HEADER]
    write_book(book, rows, renamed)
    assert sync_json(book)[0] == 4  # stored as held: run 2
    code, report = check_json(book)
    assert code == 0 and report["guard"]["compared_with"] == 1
    assert report["guard"]["codes"] == ["column-gone"]
    assert report["guard"]["reasons"][0]["column"] == "Team"
    write_book(book, rows)  # undone
    code, report = check_json(book)
    assert report["guard"]["would_hold"] is False and report["changes"]["changed"] == []


def test_check_reads_a_matrix_skill_column_sorted_alone(tmp_path):
    rows = matrix()
    book = write_matrix(tmp_path / "matrix.xlsx", rows)
    assert sync_json(book)[0] == 0
    python = MATRIX_HEADER.index("Python")
    levels = sorted(r[python] for r in rows if r[python] is not None)
    for row, level in zip(rows, levels + [None] * (len(rows) - len(levels)), strict=True):
        row[python] = level
    before = write_matrix(book, rows).read_bytes()
    code, report = check_json(book)
    assert code == 0 and report["guard"]["codes"] == ["column-sorted-alone"]
    assert report["guard"]["reasons"][0]["columns"] == ["Python"]
    assert book.read_bytes() == before


def test_check_tells_log_collectors_a_sync_would_be_held(synced):
    book, rows = synced
    write_book(book, half_deleted(rows))
    code, _, err = cli("--log-format", "json", "check", book)
    events = [json.loads(line) for line in err.splitlines()]
    assert code == 0
    [would] = [e for e in events if e["event"] == "sync.would_hold"]
    assert would["reasons"][0]["code"] == "people-vanished"
    assert not [e for e in events if e["event"] in ("sync.held", "sync.accepted")]


# --- site -------------------------------------------------------------------------------

def atlas_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_site_refuses_a_damaged_sheet_in_one_line_and_keeps_the_last_atlas(synced, tmp_path):
    book, rows = synced
    atlas = tmp_path / "atlas"
    assert cli("site", book, "--out", atlas)[0] == 0
    published = atlas_files(atlas)
    write_book(book, half_deleted(rows))
    history = database().read_bytes()
    code, out, err = cli("site", book, "--out", atlas)
    assert code == 4 and out == ""
    [line] = err.splitlines()
    assert line.startswith("Error: the atlas was not published: the sheet looks damaged "
                           "since the last good sync (Many people vanished at once "
                           "[people-vanished])")
    assert "--accept-changes" in line and f"skillsync check {book}" in line
    assert atlas_files(atlas) == published  # the last good atlas stays as it was
    code, out, err = cli("site", book, "--out", atlas, "--json")
    assert code == 4 and out == "" and "[people-vanished]" in err
    assert database().read_bytes() == history and len(stored(book)) == 1


def test_site_with_accept_changes_publishes_the_sheet_as_it_is(synced, tmp_path):
    book, rows = synced
    write_book(book, half_deleted(rows))
    atlas = tmp_path / "atlas"
    code, out, err = cli("site", book, "--out", atlas, "--accept-changes", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["site"] == str(atlas) and report["people"] == 20
    assert any("Went ahead as asked (--accept-changes) although: Many people vanished"
               in n for n in report["notes"])
    shown = {p["name"] for p in decoded_people(read_data(atlas)).values()}
    assert shown == {str(r[0]) for r in half_deleted(rows)}  # the 20 left, as they are
    assert sync_json(book)[0] == 4  # publishing anyway accepts nothing for the sync


def test_site_publishes_a_real_edit_and_a_first_atlas_without_asking(tmp_path, synced):
    book, rows = synced
    write_book(book, real_edit(rows))
    code, _, err = cli("site", book, "--out", tmp_path / "atlas")
    assert code == 0, err
    fresh = write_book(tmp_path / "never-synced.xlsx", half_deleted(rows))
    code, _, err = cli("site", fresh, "--out", tmp_path / "first")
    assert code == 0, err


def test_a_held_sync_with_a_site_says_the_atlas_was_not_written(synced, tmp_path):
    book, rows = synced
    write_book(book, half_deleted(rows))
    code, report = sync_json(book, "--site", tmp_path / "atlas")
    assert code == 4 and report["site"] is None
    assert "Held back: the atlas was not written" in report["notes"]
    assert not (tmp_path / "atlas").exists()
