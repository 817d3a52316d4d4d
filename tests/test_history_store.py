"""The history database: where it lives, its versions, and what it refuses."""

from __future__ import annotations

import json
import sqlite3
import stat
import zlib
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from historybook import HEADER, cli, organisation, write_book

from skillsync.config import Config, HistoryConfig
from skillsync.core.history import GOOD, HELD, Changes, Columns, Snapshot
from skillsync.history import records
from skillsync.history.places import DATABASE_NAME, source_key
from skillsync.history.schema import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA,
    HistoryUnusable,
    pack,
    unpack,
)
from skillsync.history.store import open_store

T0 = datetime(2026, 11, 1, 2, 30).astimezone()


@pytest.fixture
def book(tmp_path):
    return write_book(tmp_path / "inventory.xlsx", organisation())


def database(state) -> sqlite3.Connection:
    return sqlite3.connect(state / "history" / DATABASE_NAME)


def test_the_history_lives_private_in_the_state_folder_in_wal_mode(book, private_state):
    assert cli("sync", book)[0] == 0
    path = private_state / "history" / DATABASE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    db = database(private_state)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    [(source, people)] = db.execute("SELECT source, people FROM runs JOIN sources ON "
                                    "sources.id = runs.source_id").fetchall()
    assert source == str(book.resolve()) and people == 40


def test_a_configured_database_is_used_with_a_rollback_journal(book, tmp_path, private_state):
    shared = tmp_path / "shared"
    shared.mkdir()
    config = tmp_path / "skillsync.toml"
    config.write_text('[history]\ndatabase = "shared/team-history.sqlite3"\n')
    assert cli("sync", book, "--config", config)[0] == 0
    db = sqlite3.connect(shared / "team-history.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 1
    assert (shared / "team-history.sqlite3.locks").is_dir()
    assert not (private_state / "history" / DATABASE_NAME).exists()
    code, out, _ = cli("history", book, "--config", config, "--json")
    assert code == 0 and len(json.loads(out)) == 1


def test_a_configured_database_in_a_missing_folder_is_a_clear_error(book, tmp_path):
    config = tmp_path / "skillsync.toml"
    config.write_text('[history]\ndatabase = "nowhere/history.sqlite3"\n')
    before = book.read_bytes()
    code, _, err = cli("sync", book, "--config", config)
    assert code == 2 and err.count("\n") == 1
    assert "folder of the history database" in err and "nowhere" in err
    assert book.read_bytes() == before


def test_a_database_from_a_newer_skillsync_is_refused(book, private_state):
    assert cli("sync", book)[0] == 0
    db = database(private_state)
    db.execute(f"PRAGMA user_version = {SCHEMA + 1}")
    db.execute("UPDATE meta SET value = '9.9.9' WHERE name = 'written_by'")
    db.commit()
    db.close()
    before = book.read_bytes()
    for command in (("sync", book), ("check", book), ("history", book)):
        code, out, err = cli(*command)
        assert code == 2, (command, out, err)
        assert err.startswith("Error: the history database ") and err.count("\n") == 1
        assert "written by skillsync 9.9.9" in err and "upgrade skillsync" in err
        assert "Traceback" not in err
    assert book.read_bytes() == before


@pytest.mark.parametrize("content", ["sqlite-other", "garbage"])
def test_a_file_that_is_not_our_history_is_refused(book, tmp_path, content):
    path = tmp_path / "history.sqlite3"
    if content == "garbage":
        path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 50)
    else:
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE invoices (id INTEGER)")
        other.commit()
        other.close()
    config = tmp_path / "skillsync.toml"
    config.write_text(f'[history]\ndatabase = "{path}"\n')
    code, _, err = cli("sync", book, "--config", config)
    assert code == 2 and "not" in err and str(path) in err and err.count("\n") == 1


def _version_one(path) -> sqlite3.Connection:
    """A database as the first schema left it: no per-skill counts table."""
    db = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO meta VALUES ('written_by', '0.0.9')")
    return db


def test_a_database_of_schema_one_migrates_forward_and_keeps_its_runs(book, private_state):
    path = private_state / "history"
    path.mkdir(mode=0o700, exist_ok=True)
    db = _version_one(path / DATABASE_NAME)
    people = {"old@corp.example": records.read_document(records.document({
        "old@corp.example": {**{f: "" for f in records.TEXTS}, "expertise": [["Python", 3],
                             ["Fortran", 5]], "learn": [], "past_projects": [],
                             "current_projects": [], "success_rate": None, "row": 4,
                             "order": 0, "since": T0.isoformat()}}))["old@corp.example"]}
    db.execute("INSERT INTO sources (source) VALUES (?)", (source_key(str(book)),))
    db.execute("INSERT INTO runs (source_id, taken_at, taken_ts, status, people, joined, left_, "
               "changed, rows_read, checksum, version, columns, reasons, people_doc) VALUES "
               "(1, ?, ?, 'good', 1, 0, 0, 0, 1, 'abc', '0.0.9', '{}', '[]', ?)",
               (T0.isoformat(), T0.timestamp(), pack(people)))
    db.close()
    code, out, err = cli("sync", book, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["changes"]["since"] == T0.isoformat()  # compared with the migrated run
    assert report["changes"]["left"] == ["old@corp.example"]
    db = database(private_state)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA
    counts = dict(db.execute("SELECT skill, people FROM skill_counts WHERE run_id = 1"))
    assert counts == {"Python": 1, "Fortran": 1}  # back-filled from the stored people
    code, out, _ = cli("history", book, "--json")
    assert [r["id"] for r in json.loads(out)] == [2, 1]


def test_stored_people_of_the_wrong_shape_are_read_as_empty_values():
    good = {"a@x": {**{f: "ok" for f in records.TEXTS}, "expertise": (("NLP", 3),),
                    "learn": ("Go",), "past_projects": (), "current_projects": ("P",),
                    "success_rate": 0.5, "row": 5, "order": 0,
                    "since": "2026-01-01T00:00:00+00:00"}}
    assert records.read_document(records.document(good)) == good
    lines = [json.loads(line) for line in records.document(good).split(b"\n")]
    line = {f: i + 2 for i, f in enumerate(lines[0]["fields"])}
    lines[line["expertise"]][0] = [["NLP", "x"], "junk", ["SQL", 2], [1, 2]]
    lines[line["row"]][0] = "7"
    lines[line["since"]][0] = "yesterday"
    lines[line["success_rate"]][0] = 7
    lines[line["team"]][0] = {"$ne": 1}
    bad = b"\n".join(json.dumps(x).encode() for x in lines)
    [person] = records.read_document(bad).values()
    assert person["expertise"] == (("SQL", 2),) and person["row"] == 0
    assert person["success_rate"] is None and person["team"] == ""
    datetime.fromisoformat(person["since"])
    del lines[line["learn"]]  # a field an older document did not have
    lines[0]["fields"].remove("learn")
    older = b"\n".join(json.dumps(x).encode() for x in lines)
    assert next(iter(records.read_document(older).values()))["learn"] == ()
    for broken in (b"[]", b'{"fields": ["name"]}\n["a"]\n[1, 2]', b"\xff\xfe"):
        with pytest.raises(ValueError):
            records.read_document(broken)


def test_a_run_that_unpacks_beyond_the_bound_is_refused(monkeypatch):
    import skillsync.history.schema as schema

    monkeypatch.setattr(schema, "MAX_DOCUMENT", 1000)
    bomb = zlib.compress(b"[" + b" " * 100_000 + b"]", 9)
    with pytest.raises(HistoryUnusable, match="unpacks to more than"):
        unpack(bomb)
    with pytest.raises(HistoryUnusable, match="damaged"):
        unpack(b"not zlib at all")


def test_a_run_nested_past_any_parser_is_damaged_not_a_crash():
    deep = b'{"fields": ["name"], "people": 1}\n["a"]\n' + b"[" * 100_000
    with pytest.raises(HistoryUnusable, match="damaged"):
        unpack(zlib.compress(deep))


def _snapshot(when: datetime) -> Snapshot:
    return Snapshot(when, {}, {"Python": 1}, Columns())


def test_retention_prunes_stored_runs(tmp_path):
    with open_store(tmp_path / "h.sqlite3") as store:
        for days in range(200, -1, -1):
            store.save("src", _snapshot(T0 - timedelta(days=days)), Changes(None, None),
                       HELD if days == 0 else GOOD, [])
        store.prune("src", T0, keep_days=90, weekly=True)
        entries = store.entries("src")
        assert 90 < len(entries) < 90 + 20
        assert entries[0].status == HELD and entries[1].status == GOOD
        assert store.last_good("src").taken_at == T0 - timedelta(days=1)
        left = store.db.execute("SELECT count(*) FROM skill_counts WHERE run_id NOT IN "
                                "(SELECT id FROM runs)").fetchone()[0]
        assert left == 0


def test_reading_commands_never_create_a_database(book, private_state):
    code, out, _ = cli("history", book)
    assert code == 0 and "No syncs of" in out
    assert cli("check", book)[0] == 0
    assert not (private_state / "history" / DATABASE_NAME).exists()


def test_history_settings_are_checked(tmp_path, book):
    config = tmp_path / "skillsync.toml"
    for text, words in [("[history]\nvanished_share = 2\n", "vanished_share"),
                        ("[history]\nkeep_days = 0\n", "keep_days"),
                        ("[history]\nretention = 3\n", "unknown setting retention")]:
        config.write_text(text)
        code, _, err = cli("check", book, "--config", config)
        assert code == 2 and words in err
    from skillsync.config import load

    config.write_text("[history]\nkeep_days = 30\nkeep_weekly = false\ntrend_syncs = 4\n"
                      "vanished_share = 0.5\n")
    assert load(config).history == HistoryConfig(None, 30, False, 0.5, 4)
    assert Config().history == HistoryConfig()
    assert HEADER  # the inventory's header is the shared one


def _open_and_write_many(args: tuple[str, bool]) -> int:
    path, wal = args
    for _ in range(150):
        with open_store(Path(path), wal=wal) as store:
            store.ensure_writable()
    return 150


@pytest.mark.parametrize("wal", [True, False], ids=["wal", "rollback-journal"])
def test_runs_sharing_one_history_wait_for_each_other(tmp_path, wal):
    """Syncs of several workbooks at once share one history: each waits its turn, none is
    told the database is unusable because another was switching its journal mode."""
    from concurrent.futures import ProcessPoolExecutor

    path = str(tmp_path / "history.sqlite3")
    with ProcessPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(_open_and_write_many, [(path, wal)] * 4)) == [150] * 4


def test_a_run_that_cannot_be_packed_stops_before_the_workbook_is_written(
        tmp_path, monkeypatch):
    """The run's document is deflated while the tabs are built; a failure there stops the
    sync before the write, the workbook untouched and nothing stored."""
    from skillsync import pipeline

    book = write_book(tmp_path / "inventory.xlsx", organisation(30))
    before = book.read_bytes()

    def broken(self, line, after_another):
        raise MemoryError("no room to pack")

    monkeypatch.setattr(records.Packing, "_deflated", broken)
    with pytest.raises(MemoryError):
        pipeline.sync(book, now=T0)
    assert book.read_bytes() == before
    monkeypatch.undo()
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    assert "Skills" in pipeline.sync(book, now=T0).tabs_written  # the next run goes on
