"""The history database's file: its format versions, how a run's people are packed, and
opening it safely.

The format is versioned (PRAGMA user_version) and migrates forward one step at a time;
a file written by a newer skillsync, or by another program, is refused, never guessed at.
A run's people are one zlib-compressed document (see history.records), unpacked within a
size bound: the file may come from a shared folder.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from skillsync import __version__, deflate
from skillsync.core.roster import People
from skillsync.errors import ConfigError
from skillsync.history.records import (
    Lines,
    Packing,
    count_skills,
    document_lines,
    read_document,
)

APPLICATION_ID = 0x536B5379  # "SkSy": tells our file from any other SQLite database
MAX_DOCUMENT = 512 * 1024 * 1024  # bytes one run's people may take unpacked


FRESH_SECONDS = 60  # an empty database younger than this is being created by another run
BUSY_SECONDS = 30  # how long a run waits for another writing the same history


class HistoryUnusable(ConfigError):
    """The history database cannot be used (newer, foreign or damaged): exit code 2."""


def _schema_1(db: sqlite3.Connection) -> None:
    """Sources, their runs, and each run's people."""
    _statements(db, """
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE sources (id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            taken_at TEXT NOT NULL,          -- ISO 8601 as the run saw its clock
            taken_ts REAL NOT NULL,          -- seconds since the epoch, for ordering
            status TEXT NOT NULL,            -- good | held | accepted
            people INTEGER NOT NULL,
            joined INTEGER NOT NULL, left_ INTEGER NOT NULL, changed INTEGER NOT NULL,
            rows_read INTEGER NOT NULL,
            checksum TEXT NOT NULL, version TEXT NOT NULL,
            columns TEXT NOT NULL,           -- JSON: the columns read (core.history.Columns)
            reasons TEXT NOT NULL,           -- JSON: why it was held back
            people_doc BLOB NOT NULL         -- zlib(JSON), see history.records
        );
        CREATE INDEX runs_by_source ON runs(source_id, taken_ts);
    """)


def _schema_2(db: sqlite3.Connection) -> None:
    """Per-skill counts of every run, back-filled from the runs already stored."""
    db.execute("CREATE TABLE skill_counts (run_id INTEGER NOT NULL REFERENCES runs(id) "
               "ON DELETE CASCADE, skill TEXT NOT NULL, people INTEGER NOT NULL, "
               "PRIMARY KEY (run_id, skill))")
    for run_id, packed in db.execute("SELECT id, people_doc FROM runs"):  # one at a time
        counts = count_skills(unpack(packed))
        db.executemany("INSERT INTO skill_counts VALUES (?, ?, ?)",
                       [(run_id, s, n) for s, n in counts.items()])


def _statements(db: sqlite3.Connection, script: str) -> None:
    """Each statement on its own: executescript would commit the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_schema_1, _schema_2)
SCHEMA = len(MIGRATIONS)


def pack(people: Mapping[str, Any], lines: Lines | None = None) -> bytes:
    """The document packed a line at a time (see records.document_lines); `lines`: this
    run's, already packed as they were compared, when `people` are their snapshot's."""
    packed = lines.packed(people) if lines is not None else None
    if packed is not None:
        return packed
    packing = Packing()
    for line in document_lines(people):
        packing.add(line)
    return packing.done()


def pack_later(people: Mapping[str, Any], lines: Lines | None = None) -> Callable[[], bytes]:
    """`pack`, the bytes given when called: this run's lines (`lines`) may still be
    packing in their thread meanwhile; any other document is packed now."""
    later = lines.packing(people) if lines is not None else None
    if later is not None:
        return later
    packed = pack(people)
    return lambda: packed


def unpack(packed: bytes, current: Lines | None = None) -> People:
    """A run's people, unpacked within a size bound and checked field by field
    (`current`: see records.read_document)."""
    try:
        return read_document(_unpacked_lines(packed), current)
    except (*deflate.ERRORS, ValueError, TypeError) as exc:
        raise HistoryUnusable(f"a run stored in the history database is damaged ({exc}); "
                              "move the database file aside to start a new history") from exc


_INPUT_PIECE = 1 << 20  # packed bytes given to the inflater at a time
_OUTPUT_STEP = 8 << 20  # unpacked bytes it may give back at a time


def _unpacked_lines(packed: bytes) -> Iterator[bytes]:
    """The document's lines, unpacked a piece at a time: a million people's document
    (300 MB unpacked) is never held whole, nor twice as its lines."""
    carry: list[bytes] = []
    for chunk in deflate.inflated(packed, MAX_DOCUMENT, _too_large, piece=_INPUT_PIECE,
                                  step=_OUTPUT_STEP):
        *ended, rest = chunk.split(b"\n")
        if ended:
            yield b"".join([*carry, ended[0]])
            yield from ended[1:]
            carry = []
        carry.append(rest)
    yield b"".join(carry)


def _too_large() -> Exception:
    return HistoryUnusable("a run stored in the history database unpacks to more than "
                           f"{MAX_DOCUMENT // 2**20} MiB; it is not skillsync's")


def _create_private(path: Path) -> None:
    if not path.parent.is_dir():
        raise HistoryUnusable(f"the folder of the history database {path} does not exist; "
                              "create it or point [history] database elsewhere")
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass  # another run created it a moment ago
    except OSError as exc:
        raise HistoryUnusable(f"cannot create the history database {path} "
                              f"({exc.strerror})") from exc


def connect(path: Path, wal: bool) -> sqlite3.Connection:
    """A connection to our database at `path` (created 0600 if missing), migrated to the
    current format; HistoryUnusable when it cannot be."""
    if path.is_symlink():
        raise HistoryUnusable(f"the history database {path} is a link; point [history] "
                              "database at the file itself")
    if not path.exists():
        _create_private(path)
    elif not path.is_file():
        raise HistoryUnusable(f"the history database {path} is not a regular file; point "
                              "[history] database at a file")
    elif path.stat().st_size == 0 and time.time() - path.stat().st_mtime > FRESH_SECONDS:
        # Not one another run is creating this moment: someone else's file, or a history
        # truncated.
        raise HistoryUnusable(f"the history database {path} is an empty file, not a "
                              "skillsync history (if it was one, its syncs are lost); delete "
                              "it to start a new history, or point [history] database "
                              "elsewhere")
    try:
        db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    except sqlite3.Error as exc:
        raise HistoryUnusable(f"cannot open the history database {path} ({exc})") from exc
    try:
        _check_and_migrate(db, path, wal)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise HistoryUnusable(f"{path} is not a usable skillsync history database ({exc}); "
                              "point [history] database at another file") from exc
    except BaseException:
        db.close()
        raise
    return db


def _set_journal_mode(db: sqlite3.Connection, mode: str) -> None:
    """Switch the journal mode, waiting for other runs as the busy timeout would: SQLite
    answers a mode change it cannot make this moment with "locked" at once, without
    calling the busy handler, so several syncs sharing one history would fail."""
    deadline = time.monotonic() + BUSY_SECONDS
    while db.execute("PRAGMA journal_mode").fetchone()[0].lower() != mode:
        try:
            db.execute(f"PRAGMA journal_mode = {mode}")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _check_and_migrate(db: sqlite3.Connection, path: Path, wal: bool) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
    db.execute("BEGIN")  # one snapshot: another run may be creating the tables meanwhile
    try:
        _refuse_foreign(db, path)
    finally:
        db.execute("COMMIT")
    _set_journal_mode(db, "wal" if wal else "delete")
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA:
        return
    db.execute("BEGIN IMMEDIATE")  # one run migrates; another waits, then finds it done
    try:
        version = _refuse_foreign(db, path)
        for step in MIGRATIONS[version:]:
            step(db)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA}")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('written_by', ?)", (__version__,))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _refuse_foreign(db: sqlite3.Connection, path: Path) -> int:
    """The schema version of a database that is ours; refuse any other, or a newer one."""
    application = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if application not in (0, APPLICATION_ID) or (application == 0 and tables):
        raise HistoryUnusable(f"{path} is an SQLite database of another program, not a "
                              "skillsync history; point [history] database at another file")
    if version > SCHEMA:
        row = db.execute("SELECT value FROM meta WHERE name = 'written_by'").fetchone()
        writer = f"skillsync {row[0]}" if row else "a newer skillsync"
        raise HistoryUnusable(
            f"the history database {path} was written by {writer} (history format "
            f"{version}); this skillsync {__version__} reads format {SCHEMA} at most: upgrade "
            "skillsync, or point [history] database at another file")
    return int(version)
