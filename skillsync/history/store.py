"""The history database: one SQLite file (stdlib sqlite3), every source's runs in it.

Each run is a row with its counts, the columns read and its people packed (see
history.schema); its per-skill counts have their own table, so the Trends tab reads a
few numbers rather than every person of every run.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from skillsync.core.history import HELD, Changes, Columns, Snapshot
from skillsync.core.retention import to_prune
from skillsync.history.records import Lines
from skillsync.history.schema import HistoryUnusable, connect, pack, unpack


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


class Store:
    """The open database. Use as a context manager; every write is one transaction."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: object, exc: BaseException | None, trace: object) -> None:
        self.db.close()
        if isinstance(exc, sqlite3.Error):  # damaged, read-only, locked too long...
            raise HistoryUnusable(f"the history database {self.path} cannot be used ({exc}); "
                                  "make it writable, or move it aside to start a new "
                                  "history") from exc

    def ensure_writable(self) -> None:
        """Fail now, before the workbook is written, if this run could not be recorded:
        a read-only file or folder, or a damaged database."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            verdict = self.db.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            self.db.execute("ROLLBACK")
        if verdict != "ok":
            raise sqlite3.DatabaseError(f"damaged: {verdict}")

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

    def has_good(self, source: str) -> bool:
        """Is a run of `source` stored that was not held back (a last good run)?"""
        return self.db.execute(
            "SELECT 1 FROM runs JOIN sources ON sources.id = runs.source_id "
            "WHERE source = ? AND status != ? LIMIT 1", (source, HELD)).fetchone() is not None

    def last_good(self, source: str, current: Lines | None = None) -> Snapshot | None:
        """The last run not held back (`current`: this run's lines, see records.Lines)."""
        row = self.db.execute(
            f"SELECT {_RUN} FROM runs JOIN sources ON sources.id = runs.source_id "
            "WHERE source = ? AND status != ? ORDER BY taken_ts DESC, runs.id DESC LIMIT 1",
            (source, HELD)).fetchone()
        return self._snapshot(row, current) if row else None

    def load(self, source: str, run_id: int) -> Snapshot | None:
        row = self.db.execute(
            f"SELECT {_RUN} FROM runs JOIN sources ON sources.id = runs.source_id "
            "WHERE source = ? AND runs.id = ?", (source, run_id)).fetchone()
        return self._snapshot(row) if row else None

    def _snapshot(self, row: tuple, current: Lines | None = None) -> Snapshot:
        run_id, taken_at, status, checksum, version, rows_read, columns, packed = row
        skills = dict(self.db.execute(
            "SELECT skill, people FROM skill_counts WHERE run_id = ? ORDER BY people DESC, "
            "skill", (run_id,)).fetchall())
        return Snapshot(_when(taken_at), unpack(packed, current), skills,
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
        when = datetime.fromisoformat(str(text))
        return when if when.tzinfo else when.astimezone()  # a naive time is local
    except (ValueError, OverflowError, OSError) as exc:
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
    if not path.exists() and not create:
        return None
    return Store(path, connect(path, wal))
