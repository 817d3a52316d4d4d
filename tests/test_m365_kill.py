"""kill -9 of a sync at any moment leaves the workbook in Microsoft 365 as it was or wholly
new: the sync runs as its own process, the stand-in holds it at each network step (and in
the middle of an upload body), and the test kills it there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from standin_graph import SHARING_LINK, m365_fixture, use_standin
from standin_graph.books import big_bytes, messy_bytes, only_our_tabs_changed, tab_names

m365 = pytest.fixture(m365_fixture)
ROOT = Path(__file__).resolve().parents[1]
OLD, NEW = "old", "new"

# (method, path pattern, matching requests let through first, workbook, outcomes allowed)
MOMENTS = [
    ("GET", r"^/v1.0/shares/", 0, "small", {OLD}),
    ("GET", r"^/download/", 0, "small", {OLD}),
    ("PUT", r"/content$", 0, "small", {OLD, NEW}),  # the body may be in the socket already
    ("GET", r"/content$", 1, "small", {NEW}),  # reading the tabs back
    ("POST", r"/createUploadSession$", 0, "big", {OLD}),
    ("PUT", r"^/upload/", 1, "big", {OLD}),  # the second fragment, half sent
    ("GET", r"^/v1.0/drives/.*/items/[^/]+$", 0, "big", {OLD}),  # the check before commit
    ("POST", r"^/upload/", 0, "big", {NEW}),  # the commit request was sent whole
]


@pytest.fixture(autouse=True)
def standin(m365, monkeypatch, tmp_path):
    use_standin(m365, monkeypatch)
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    monkeypatch.chdir(tmp_path)


def outcome(original: bytes, stored: bytes, folder: Path) -> str:
    if stored == original:
        return OLD
    assert only_our_tabs_changed(original, stored) == []
    assert tab_names(stored, folder)[-1] == "Sync"
    return NEW


@pytest.mark.parametrize(("method", "pattern", "after", "book", "allowed"), MOMENTS,
                         ids=[f"{m} {p} +{a}" for m, p, a, _, _ in MOMENTS])
def test_kill_9_leaves_the_stored_workbook_old_or_wholly_new(m365, tmp_path, method, pattern,
                                                             after, book, allowed):
    original = big_bytes(tmp_path) if book == "big" else messy_bytes(tmp_path)
    item = m365.graph.drive.add("inventory.xlsx", original, link=SHARING_LINK)
    reached, release = threading.Event(), threading.Event()

    def hold() -> None:
        reached.set()
        release.wait(60)

    m365.graph.fail(method, pattern, before=hold, after=after)
    process = subprocess.Popen([sys.executable, "-m", "skillsync", "sync", SHARING_LINK],
                               cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert reached.wait(120), process.stderr.read().decode() if process.poll() else ""
        held = len(m365.graph.requests)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
    finally:
        release.set()
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    _until(lambda: len(m365.graph.requests) > held)  # the held request has been answered
    assert outcome(original, item.data, tmp_path) in allowed


def _until(condition, attempts: int = 200) -> None:
    for _ in range(attempts):
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("the stand-in never finished the held request")
