"""Streams that cannot be written do not change a command's exit code: a `skillsync`
started with its standard output closed (`skillsync ... >&-`, a daemon or a cron wrapper
that closes fd 1; Python then sets sys.stdout to None), or whose error line cannot be
written (stderr on a full disk), ends with the command's documented code and no
traceback. Real processes, real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATIENCE = 300  # seconds before a stuck child counts as a failure (never a timing check)


def _close_stdout() -> None:
    os.close(1)


def skillsync_without_stdout(*args: str) -> subprocess.CompletedProcess:
    """Run `python -m skillsync ARGS` with file descriptor 1 closed, as `>&-` does."""
    return subprocess.run([sys.executable, "-m", "skillsync", *args], cwd=ROOT,
                          stdin=subprocess.DEVNULL, stdout=None, stderr=subprocess.PIPE,
                          preexec_fn=_close_stdout, timeout=PATIENCE)


def skillsync(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "skillsync", *args], cwd=ROOT,
                          capture_output=True, timeout=PATIENCE)


def example(tmp_path: Path) -> Path:
    book = tmp_path / "inventory.xlsx"
    shutil.copy(ROOT / "examples" / "inventory.xlsx", book)
    return book


def test_a_sync_with_stdout_closed_exits_0_without_a_traceback(tmp_path):
    book = example(tmp_path)
    done = skillsync_without_stdout("-q", "sync", str(book))
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr, stderr
    assert done.returncode == 0, stderr
    # the sync itself went through: its run is in the history
    runs = json.loads(skillsync("history", str(book), "--json").stdout)
    assert len(runs) == 1


def test_check_json_with_stdout_closed_exits_0(tmp_path):
    done = skillsync_without_stdout("check", str(example(tmp_path)), "--json")
    assert "Traceback" not in done.stderr.decode(), done.stderr.decode()
    assert done.returncode == 0


def test_a_missing_workbook_with_stdout_closed_still_exits_3_with_one_error_line(tmp_path):
    done = skillsync_without_stdout("check", str(tmp_path / "nowhere.xlsx"))
    stderr = done.stderr.decode()
    assert done.returncode == 3, stderr
    assert stderr.startswith("Error: ") and stderr.count("\n") == 1, stderr


def test_version_with_stdout_closed_exits_0(tmp_path):
    done = skillsync_without_stdout("--version")
    assert done.returncode == 0, done.stderr.decode()
    assert "Traceback" not in done.stderr.decode()


def test_an_error_that_cannot_be_printed_keeps_its_exit_code(tmp_path):
    """stderr on a full disk (`2>/dev/full`): the 'Error: ...' line cannot be written, and
    the missing workbook's exit code 3 becomes 1 (the write's OSError escapes the error
    handler). Automation relies on the code, not on the line."""
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "skillsync", "check",
                               str(tmp_path / "nowhere.xlsx")], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=full, timeout=PATIENCE)
    assert done.returncode == 3
