"""A run that stores nothing (check, digest, match, export, site, a dry run) of a sheet
with no good run in the history skips drafting its snapshot: everything it says, in words,
JSON and events, is what comparing a drafted snapshot with nothing says. The plain way is
forced by having the store claim a good run that it then cannot find."""

from __future__ import annotations

import copy
import re
from datetime import datetime
from pathlib import Path

import pytest
from historybook import COLUMN, cli, organisation, person, read_snapshot, write_book

from skillsync.config import Config
from skillsync.core.history import HELD, Changes
from skillsync.history.places import database_of, source_key
from skillsync.history.store import Store, open_store

EMAIL, NAME = COLUMN["E-mail"], COLUMN["Full Name"]
NOW = datetime(2026, 11, 2, 2, 30).astimezone()
LOGGED = re.compile(rb'^\{"time": "[^"]*"', re.MULTILINE)  # when an event was logged


class Clock(datetime):
    """Every run at the same moment: two runs' outputs differ in nothing else."""

    @classmethod
    def now(cls, tz=None):
        return NOW if tz is None else NOW.astimezone(tz)


@pytest.fixture(autouse=True)
def stopped_clock(monkeypatch):
    from skillsync import pipeline
    monkeypatch.setattr(pipeline, "datetime", Clock)


def hostile_rows() -> list[list]:
    """Unicode, namesakes, a case-only twin, an e-mail twice, an empty name."""
    rows = copy.deepcopy(organisation())
    rows[1][NAME] = "ÅNGSTRÖM Ana\u0301"
    rows[2][NAME] = rows[3][NAME]  # namesakes with their own e-mails
    rows[4][EMAIL] = rows[5][EMAIL].upper()  # the same person twice, case apart
    rows[6][NAME] = ""
    rows[7][COLUMN["Areas of Expertise"]] = "名前 (3), python (2), Python (4)"
    return [*rows, person(99), person(99)]


COMMANDS: dict[str, list[str]] = {
    "check": ["check", "{book}", "--json"],
    "check words": ["check", "{book}"],
    "digest": ["digest", "{book}", "--json", "--out", "{folder}/digest.html"],
    "match": ["match", "{book}", "--skills", "Python, SQL (2)", "--json"],
    "export": ["export", "{book}", "--format", "json"],
    "site": ["site", "{book}", "--json", "--out", "{folder}/atlas"],
    "dry run": ["sync", "{book}", "--dry-run", "--json"],
}


def outputs(book: Path, folder: Path) -> dict[str, tuple[int, bytes, bytes]]:
    """Each command's exit code, output and JSON events, and the files the digest and
    the atlas wrote into `folder` (new), the folder and the events' times masked."""
    found = {}
    for name, args in COMMANDS.items():
        filled = [a.format(book=book, folder=folder) for a in args]
        code, out, err = cli("--log-format", "json", *filled)
        found[name] = (code, _masked(out, folder), _masked(err, folder))
    for page in sorted(folder.rglob("*")):
        if page.is_file():
            text = page.read_bytes().decode("utf-8", "replace")
            found[str(page.relative_to(folder))] = (0, _masked(text, folder), b"")
    return found


def _masked(text: str, folder: Path) -> bytes:
    return LOGGED.sub(b'{"time": ""', text.replace(str(folder), "<folder>").encode())


def plain_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run drafts and compares: the store says it holds a good run of any sheet."""
    monkeypatch.setattr(Store, "has_good", lambda self, source: True)


def test_a_sheet_never_synced_says_the_same_without_its_snapshot_and_creates_no_history(
        tmp_path, monkeypatch):
    book = write_book(tmp_path / "inventory.xlsx", hostile_rows())
    fast = outputs(book, tmp_path / "no store")
    assert fast["check"][0] == 0 and b'"since": null' in fast["check"][1]
    assert not database_of(Config())[0].exists()  # a run that stores nothing creates none
    # The plain way needs a store to ask: one holding another sheet's run only.
    other = write_book(tmp_path / "other.xlsx", organisation(12))
    assert cli("sync", other)[0] == 0
    assert outputs(book, tmp_path / "another sheet's") == fast
    plain_way(monkeypatch)
    assert outputs(book, tmp_path / "plain") == fast


def test_runs_held_back_only_are_nothing_to_compare_with(tmp_path, monkeypatch):
    book = write_book(tmp_path / "inventory.xlsx", hostile_rows())
    when = datetime(2026, 11, 1, 2, 30).astimezone()
    with open_store(database_of(Config())[0]) as store:
        store.save(source_key(str(book)), read_snapshot(book, when), Changes(None, None),
                   HELD, [])
        assert not store.has_good(source_key(str(book)))
    fast = outputs(book, tmp_path / "fast")
    plain_way(monkeypatch)
    assert outputs(book, tmp_path / "plain") == fast


@pytest.mark.parametrize("edit", ["unchanged", "edited", "half deleted"])
def test_a_sheet_with_history_is_compared_as_before(tmp_path, monkeypatch, edit):
    rows = hostile_rows()
    book = write_book(tmp_path / "inventory.xlsx", rows)
    assert cli("sync", book)[0] == 0
    if edit == "edited":
        rows = [r for r in rows if r[EMAIL] != "p005@corp.example"] + [person(60)]
        rows[3][COLUMN["Team"]] = "Moved"
    elif edit == "half deleted":
        rows = rows[: len(rows) // 2]
    write_book(book, rows)
    with open_store(database_of(Config())[0]) as store:
        assert store.has_good(source_key(str(book)))
    fast = outputs(book, tmp_path / "fast")
    plain_way(monkeypatch)
    assert outputs(book, tmp_path / "plain") == fast
    if edit == "half deleted":  # the guard spoke: held, would hold
        assert fast["check"][0] == 0 and b'"would_hold": true' in fast["check"][1]
        assert fast["site"][0] == 4


def recalled(book: Path, **session: bool):
    """What `Session.recall` gives a run of `book`: the analysis, the facts and what the
    session keeps (its snapshot aside: a run that stores nothing never uses it)."""
    from skillsync import pipeline
    from skillsync.history.session import Session

    when = NOW
    backend = pipeline.open_backend(str(book), writing=False)
    try:
        result, facts = pipeline.analyse(backend, Config(), when)
    finally:
        backend.close()
    with Session(str(book), Config(), when, **session) as memo:
        result, facts = memo.recall(result, facts)
    kept = memo.recalled
    assert kept is not None
    return (result.issues, facts, kept.people_before, kept.packed, kept.changes, kept.verdict,
            memo.held, memo.section(dry_run=False))


@pytest.mark.parametrize("session", [{}, {"guard": True, "advise": True},
                                     {"guard": True}, {"guard": True, "refuse": "site"}],
                         ids=["digest", "check", "dry run", "site"])
def test_recall_with_nothing_to_compare_gives_what_the_plain_way_gives(
        tmp_path, monkeypatch, session):
    book = write_book(tmp_path / "inventory.xlsx", hostile_rows())
    fast = recalled(book, **session)
    assert fast[1].history.points and fast[1].history.changes.since is None
    assert not database_of(Config())[0].exists()
    assert cli("sync", write_book(tmp_path / "other.xlsx", organisation(12)))[0] == 0
    assert recalled(book, **session) == fast
    plain_way(monkeypatch)
    assert recalled(book, **session) == fast
