"""Ctrl-C with `--log-format json`: stderr carries events only, so the interruption is one
error event (exit 1, as click's "Aborted!" in text mode), never a plain line a log
collector cannot parse. A real process, waiting for a workbook open in Excel."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATIENCE = 300  # seconds before a stuck child counts as a failure (never a timing check)


def interrupted(tmp_path: Path) -> tuple[int, str, str]:
    book = tmp_path / "inventory.xlsx"
    shutil.copy(ROOT / "examples" / "inventory.xlsx", book)
    (tmp_path / "~$inventory.xlsx").write_bytes(b"")  # Excel's lock: the sync waits
    child = subprocess.Popen(
        [sys.executable, "-m", "skillsync", "--log-format", "json", "sync", str(book),
         "--wait", "600"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        started = child.stderr.readline()
        assert b"command.start" in started, started  # the command runs: it waits now
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=PATIENCE)
    finally:
        if child.poll() is None:
            child.kill()
    return child.returncode, out.decode(), err.decode()


def test_ctrl_c_is_one_error_event_in_json_logs(tmp_path):
    code, out, err = interrupted(tmp_path)
    events = [json.loads(line) for line in err.splitlines()]  # every line an event
    assert code == 1, err
    assert [(e["event"], e["level"], e["exit_code"]) for e in events if e["level"] == "error"
            ] == [("error", "error", 1)], err
    assert "interrupted" in events[-1]["message"] and "Aborted" not in err
    assert out == ""
