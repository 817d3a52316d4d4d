"""The `skillsync` process ends without the interpreter's teardown (cli.base._end_process):
what it printed, logged and stored must all be there, and its exit code must be the
command's. Real processes, real pipes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATIENCE = 300  # seconds before a stuck child counts as a failure (never a timing check)


def skillsync(*args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "skillsync", *args], cwd=ROOT,
                          capture_output=True, timeout=PATIENCE, **options)


def example(tmp_path: Path) -> Path:
    book = tmp_path / "inventory.xlsx"
    shutil.copy(ROOT / "examples" / "inventory.xlsx", book)
    return book


def test_a_long_json_report_on_a_pipe_arrives_whole(tmp_path):
    """stdout is a pipe, so block-buffered: nothing printed may be left in a buffer."""
    done = skillsync("check", str(example(tmp_path)), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["issues"], "the example's report lists its problems"
    assert len(done.stdout) > 8192  # more than one buffer


def test_json_events_on_stderr_are_all_written(tmp_path):
    done = skillsync("--log-format", "json", "sync", str(example(tmp_path)))
    events = [json.loads(line) for line in done.stderr.decode().splitlines()]
    assert done.returncode == 0, done.stderr
    assert events[0]["event"] == "command.start"
    assert events[-1]["event"] == "command.done"


def test_exit_codes_and_the_error_line_are_the_commands(tmp_path):
    missing = skillsync("check", str(tmp_path / "nowhere.xlsx"))
    assert missing.returncode == 3
    assert missing.stderr.decode().startswith("Error: ")
    usage = skillsync("check")
    assert usage.returncode == 2


def test_the_history_a_sync_stored_is_read_by_the_next_process(tmp_path):
    book = example(tmp_path)
    for _ in range(2):
        assert skillsync("-q", "sync", str(book)).returncode == 0
    runs = json.loads(skillsync("history", str(book), "--json").stdout)
    assert len(runs) == 2
