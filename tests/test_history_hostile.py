"""The history database and its run locks where others may write: links planted in a
shared folder, a damaged or empty database, a settings file beside the workbook. Each is
refused with one line before the workbook is touched."""

from __future__ import annotations

import os
import sqlite3

import pytest
from historybook import cli, organisation, write_book

from skillsync.history.lock import lock_path
from skillsync.history.places import source_key


@pytest.fixture
def book(tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    return write_book(folder / "inventory.xlsx", organisation())


@pytest.fixture
def shared(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    settings = tmp_path / "settings.toml"
    settings.write_text(f'[history]\ndatabase = "{folder / "history.sqlite3"}"\n')
    return folder, settings


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_a_link_planted_as_the_run_lock_truncates_nothing(book, shared, tmp_path):
    folder, settings = shared
    victim = tmp_path / "victim.conf"
    victim.write_text("precious")
    locks = folder / "history.sqlite3.locks"
    locks.mkdir()
    lock_path(locks, source_key(str(book))).symlink_to(victim)
    before = book.read_bytes()
    code, _, err = cli("sync", book, "--config", settings)
    assert code == 2 and "run lock" in one_line(err)
    assert victim.read_text() == "precious" and book.read_bytes() == before


def test_a_hard_link_planted_as_the_run_lock_is_refused(book, shared, tmp_path):
    folder, settings = shared
    victim = tmp_path / "victim.conf"
    victim.write_text("precious")
    locks = folder / "history.sqlite3.locks"
    locks.mkdir()
    os.link(victim, lock_path(locks, source_key(str(book))))
    code, _, err = cli("sync", book, "--config", settings)
    assert code == 2 and "run lock" in one_line(err) and victim.read_text() == "precious"


def test_a_linked_locks_folder_is_refused(book, shared, tmp_path):
    folder, settings = shared
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder / "history.sqlite3.locks").symlink_to(elsewhere)
    code, _, err = cli("sync", book, "--config", settings)
    assert code == 2 and "run locks" in one_line(err) and not any(elsewhere.iterdir())


def test_a_linked_database_is_refused(book, shared, tmp_path):
    folder, settings = shared
    victim = tmp_path / "victim.conf"
    victim.write_text("precious")
    (folder / "history.sqlite3").symlink_to(victim)
    code, _, err = cli("sync", book, "--config", settings)
    assert code == 2 and "is a link" in one_line(err) and victim.read_text() == "precious"


def test_a_settings_file_beside_the_workbook_keeps_the_history_inside(book, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (book.parent / "skillsync.toml").write_text(
        f'[history]\ndatabase = "{outside / "h.sqlite3"}"\n')
    code, _, err = cli("sync", book)
    assert code == 2 and "[history] database" in one_line(err)
    assert not any(outside.iterdir())


def test_a_settings_file_beside_the_workbook_may_tighten_the_guard_never_loosen_it(
        book, tmp_path):
    beside = book.parent / "skillsync.toml"
    beside.write_text("[history]\nvanished_share = 1.0\n")
    before = book.read_bytes()
    code, _, err = cli("sync", book)
    assert code == 2 and "may only make the accident guard stricter" in one_line(err)
    assert book.read_bytes() == before
    beside.write_text("[history]\nvanished_share = 0.1\n")
    assert cli("sync", book)[0] == 0
    given = tmp_path / "given.toml"
    given.write_text("[history]\nvanished_share = 0.5\n")
    assert cli("sync", book, "--config", given)[0] == 0  # the runner's own choice


def test_an_empty_database_file_is_not_taken_for_a_new_history(book, shared):
    folder, settings = shared
    path = folder / "history.sqlite3"
    assert cli("sync", book, "--config", settings)[0] == 0
    path.write_bytes(b"")  # a history truncated, or someone else's empty file
    os.utime(path, (1_000_000_000, 1_000_000_000))
    before = book.read_bytes()
    code, _, err = cli("sync", book, "--config", settings)
    assert code == 2 and "empty file" in one_line(err) and book.read_bytes() == before


def damaged_where_reading_works(path, book, settings) -> bool:
    """Overwrite one page of the database that reading the last sync does not touch (the
    damage a nightly read would not notice); False when every page is read."""
    page = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    original = path.read_bytes()
    for start in range(page, len(original), page):  # every page but the header's
        data = bytearray(original)
        data[start:start + page] = b"\xa5" * page
        path.write_bytes(bytes(data))
        if cli("check", book, "--config", settings)[0] == 0:
            return True
    path.write_bytes(original)
    return False


def test_a_damaged_database_stops_the_sync_before_the_workbook_is_written(book, shared):
    folder, settings = shared
    path = folder / "history.sqlite3"
    for _ in range(3):
        assert cli("sync", book, "--config", settings)[0] == 0
    assert damaged_where_reading_works(path, book, settings)
    before = book.read_bytes()
    code, _, err = cli("sync", book, "--config", settings)
    assert code == 2 and "history database" in one_line(err)
    assert book.read_bytes() == before  # the tabs are not written when the run cannot be kept


def test_an_empty_database_setting_is_refused(book, tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text('[history]\ndatabase = ""\n')
    code, _, err = cli("sync", book, "--config", settings)
    assert code == 2 and "empty" in one_line(err)
    assert not (tmp_path / ".locks").exists() and not list(tmp_path.glob("*.locks"))
