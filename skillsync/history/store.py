"""The history database: one SQLite file (stdlib sqlite3), every source's runs in it.

The schema is versioned (PRAGMA user_version) and migrates forward one step at a time;
a file written by a newer skillsync is refused, never guessed at. A run's people are one
zlib-compressed JSON document; its per-skill counts have their own table, so the Trends
tab reads a few numbers rather than every person of every run. The file may come from a
shared folder, so what is read back is bounded and checked like any other input.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from skillsync import __version__
from skillsync.core.history import HELD, Changes, Columns, Snapshot, to_prune
from skillsync.errors import ConfigError
from skillsync.history.records import count_skills, document, read_document

APPLICATION_ID = 0x536B5379  # "SkSy": tells our file from any other SQLite database
MAX_DOCUMENT = 512 * 1024 * 1024  # bytes one run's people may take unpacked


class HistoryUnusable(ConfigError):
    """The history database cannot be used (newer, foreign or damaged): exit code 2."""


@dataclass(frozen=True)
class Entry:
    """One stored run, as `skillsync history` lists it."""

    id: int
    taken_at: datetime
    status: str
    people: int
    joined: int
    left: int
    changed: int
    checksum: str
    version: str
    reasons: list[dict[str, Any]]

    @property
    def held_back(self) -> bool:
        return self.status == HELD

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "synced_at": self.taken_at.isoformat(timespec="seconds"),
                "people": self.people, "joined": self.joined, "left": self.left,
                "changed": self.changed, "checksum": self.checksum, "version": self.version,
                "status": self.status, "held_back": self.status == HELD,
                "reasons": self.reasons}


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


def pack(people: Mapping[str, Any]) -> bytes:
    return zlib.compress(document(people), 1)


def unpack(packed: bytes) -> dict[str, dict[str, Any]]:
    """A run's people, unpacked within a size bound and checked field by field."""
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(packed, MAX_DOCUMENT)
        if inflater.unconsumed_tail:
            raise HistoryUnusable("a run stored in the history database unpacks to more than "
                                  f"{MAX_DOCUMENT // 2**20} MiB; it is not skillsync's")
        return read_document(data)
    except (zlib.error, ValueError, TypeError) as exc:
        raise HistoryUnusable(f"a run stored in the history database is damaged ({exc}); "
                              "move the database file aside to start a new history") from exc


class Store:
    """The open database. Use as a context manager; every write is one transaction."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _source_id(self, source: str) -> int | None:
        row = self.db.execute("SELECT id FROM sources WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def last_good(self, source: str) -> Snapshot | None:
        row = self.db.execute(
            f"SELECT {_RUN} FROM runs JOIN sources ON sources.id = runs.source_id "
            "WHERE source = ? AND status != ? ORDER BY taken_ts DESC, runs.id DESC LIMIT 1",
            (source, HELD)).fetchone()
        return self._snapshot(row) if row else None

    def load(self, source: str, run_id: int) -> Snapshot | None:
        row = self.db.execute(
            f"SELECT {_RUN} FROM runs JOIN sources ON sources.id = runs.source_id "
            "WHERE source = ? AND runs.id = ?", (source, run_id)).fetchone()
        return self._snapshot(row) if row else None

    def _snapshot(self, row: tuple) -> Snapshot:
        run_id, taken_at, status, checksum, version, rows_read, columns, packed = row
        skills = dict(self.db.execute(
            "SELECT skill, people FROM skill_counts WHERE run_id = ? ORDER BY people DESC, "
            "skill", (run_id,)).fetchall())
        return Snapshot(_when(taken_at), unpack(packed), skills,
                        Columns.of(_json(columns, {})), str(checksum), str(version),
                        int(rows_read), int(run_id), str(status))

    def entries(self, source: str, limit: int | None = None) -> list[Entry]:
        """Stored runs of `source`, newest first."""
        rows = self.db.execute(
            "SELECT runs.id, taken_at, status, people, joined, left_, changed, checksum, "
            "version, reasons FROM runs JOIN sources ON sources.id = runs.source_id "
            "WHERE source = ? ORDER BY taken_ts DESC, runs.id DESC LIMIT ?",
            (source, -1 if limit is None else limit)).fetchall()
        return [Entry(int(r[0]), _when(r[1]), str(r[2]), *map(int, r[3:7]), str(r[7]),
                      str(r[8]), _json(r[9], [])) for r in rows]

    def points(self, source: str, limit: int) -> list[tuple[datetime, dict[str, int]]]:
        """The skill counts of the last `limit` good runs, oldest first."""
        runs = self.db.execute(
            "SELECT runs.id, taken_at FROM runs JOIN sources ON sources.id = runs.source_id "
            "WHERE source = ? AND status != ? ORDER BY taken_ts DESC, runs.id DESC LIMIT ?",
            (source, HELD, limit)).fetchall()
        found = []
        for run_id, taken_at in reversed(runs):
            counts = self.db.execute("SELECT skill, people FROM skill_counts WHERE run_id = ?",
                                     (run_id,)).fetchall()
            found.append((_when(taken_at), {str(s): int(n) for s, n in counts}))
        return found

    def save(self, source: str, snapshot: Snapshot, changes: Changes, status: str,
             reasons: list[dict[str, Any]], packed: tuple[bytes, int] | None = None) -> int:
        """Store a run; `packed` is its people already packed, and how many they are
        (else the snapshot's people are packed here)."""
        blob, people = packed or (pack(snapshot.people), len(snapshot.people))
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO sources (source) VALUES (?)", (source,))
            source_id = self._source_id(source)
            cursor = db.execute(
                "INSERT INTO runs (source_id, taken_at, taken_ts, status, people, joined, "
                "left_, changed, rows_read, checksum, version, columns, reasons, people_doc) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (source_id, snapshot.taken_at.isoformat(), snapshot.taken_at.timestamp(),
                 status, people, len(changes.joined), len(changes.left),
                 len(changes.changed), snapshot.rows_read, snapshot.checksum,
                 snapshot.version, json.dumps(snapshot.columns.as_dict()),
                 json.dumps(reasons), blob))
            run_id = int(cursor.lastrowid or 0)
            db.executemany("INSERT INTO skill_counts VALUES (?, ?, ?)",
                           [(run_id, s, int(n)) for s, n in snapshot.skills.items()])
        return run_id

    def prune(self, source: str, now: datetime, keep_days: int, weekly: bool) -> int:
        """Delete the runs retention no longer keeps; how many went."""
        stored = [(int(i), _when(t), str(s)) for i, t, s in self.db.execute(
            "SELECT runs.id, taken_at, status FROM runs JOIN sources ON "
            "sources.id = runs.source_id WHERE source = ?", (source,)).fetchall()]
        doomed = to_prune(stored, now, keep_days, weekly)
        if doomed:
            with self.transaction() as db:
                db.executemany("DELETE FROM skill_counts WHERE run_id = ?",
                               [(i,) for i in doomed])
                db.executemany("DELETE FROM runs WHERE id = ?", [(i,) for i in doomed])
        return len(doomed)


_RUN = ("runs.id, taken_at, status, checksum, version, rows_read, columns, people_doc")


def _when(text: str) -> datetime:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError as exc:
        raise HistoryUnusable(f"the history database holds a run dated {text!r}; it is "
                              "damaged — move the file aside to start a new history") from exc


def _json(text: str, default: Any) -> Any:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return default
    return value if isinstance(value, type(default)) else default


def open_store(path: Path, *, wal: bool = True, create: bool = True) -> Store | None:
    """The database at `path`, created (0600) and migrated as needed; None when it does
    not exist and `create` is false (reading commands never create one)."""
    if not path.exists():
        if not create:
            return None
        _create_private(path)
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
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
    return Store(path, db)


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


def _check_and_migrate(db: sqlite3.Connection, path: Path, wal: bool) -> None:
    db.execute("PRAGMA busy_timeout = 30000")
    _refuse_foreign(db, path)
    db.execute(f"PRAGMA journal_mode = {'WAL' if wal else 'DELETE'}")
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
