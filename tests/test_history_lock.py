"""One sync per source at a time, with real processes.

The first sync is held inside its run by the workbook being open in "Excel" (an Office
lock file beside it, which it waits for with --wait): it has taken the run lock and is
still running while a second `skillsync sync` of the same workbook starts.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from historybook import organisation, write_book

ROOT = Path(__file__).resolve().parents[1]
PATIENCE = 300  # seconds before a stuck child counts as a failure (never a timing check)


class Child:
    """A `skillsync --log-format json sync` process whose events are read as they come."""

    def __init__(self, book: Path, *args: str) -> None:
        command = [sys.executable, "-m", "skillsync", "--log-format", "json", "sync",
                   str(book), *args]
        self.process = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ), text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.events: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.events.put(json.loads(line))

    def wait_for(self, name: str) -> dict:
        while True:
            event = self.events.get(timeout=PATIENCE)
            if event["event"] == name:
                return event

    def finish(self) -> tuple[int, str]:
        out = self.process.stdout.read()
        return self.process.wait(timeout=PATIENCE), out


@pytest.fixture
def book(tmp_path) -> Path:
    return write_book(tmp_path / "inventory.xlsx", organisation())


@pytest.fixture
def opened_in_excel(book):
    """The workbook open in Excel: its owner file beside it, as Office writes one."""
    owner = book.with_name(f"~${book.name}")
    name = b"Jane Doe"
    owner.write_bytes(bytes([len(name)]) + name.ljust(53, b" ") + b"\x08\x00"
                      + "Jane Doe".encode("utf-16-le"))
    yield owner
    owner.unlink(missing_ok=True)


def run_sync(book: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "skillsync", "sync", str(book), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=PATIENCE)


def stored_runs(book: Path) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "skillsync", "history", str(book),
                             "--json"], cwd=ROOT, capture_output=True, text=True,
                            timeout=PATIENCE, check=True)
    return json.loads(result.stdout)


def test_a_second_sync_of_the_same_source_is_refused_naming_the_holder(book,
                                                                        opened_in_excel):
    first = Child(book, "--wait", str(PATIENCE))
    taken = first.wait_for("lock.taken")
    assert taken["pid"] == first.process.pid
    second = run_sync(book)
    assert second.returncode == 3 and second.stdout == ""
    assert second.stderr.startswith("Error: another sync of ")
    assert f"pid {first.process.pid} on {socket.gethostname()}, started " in second.stderr
    assert "--wait SECONDS" in second.stderr and second.stderr.count("\n") == 1
    opened_in_excel.unlink()  # Jane closes the workbook; the first sync goes on
    code, out = first.finish()
    assert code == 0 and "Wrote tabs" in out
    assert len(stored_runs(book)) == 1


def test_with_wait_the_second_sync_runs_once_the_first_is_done(book, opened_in_excel):
    first = Child(book, "--wait", str(PATIENCE))
    first.wait_for("lock.taken")
    second = Child(book, "--wait", str(PATIENCE))
    waiting = second.wait_for("lock.waiting")
    assert str(first.process.pid) in waiting["holder"]
    opened_in_excel.unlink()
    assert first.finish()[0] == 0
    taken = second.wait_for("lock.taken")
    assert taken["pid"] == second.process.pid
    assert second.finish()[0] == 0
    assert [r["people"] for r in stored_runs(book)] == [40, 40]


def test_a_crashed_syncs_lock_is_recognised_as_stale(book, opened_in_excel):
    crashed = Child(book, "--wait", str(PATIENCE))
    crashed.wait_for("lock.taken")
    crashed.process.kill()  # as a power cut or an OOM kill would end it
    crashed.process.wait(timeout=PATIENCE)
    opened_in_excel.unlink()
    result = run_sync(book, "--json")
    assert result.returncode == 0, result.stderr
    notes = json.loads(result.stdout)["notes"]
    [note] = [n for n in notes if "ended without finishing" in n]
    assert f"pid {crashed.process.pid} on {socket.gethostname()}" in note
    assert stored_runs(book)[0]["people"] == 40
    again = run_sync(book, "--json")  # a clean end leaves no holder behind
    assert not any("ended without finishing" in n for n in json.loads(again.stdout)["notes"])
