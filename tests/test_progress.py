"""Progress on long work: a line on a terminal's stderr, nothing anywhere else.

The terminal is real (a pseudo-terminal); only the clock of the progress line is given a
fixed time where a test needs "a couple of seconds later" to be exact.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from messy import build_messy_workbook

from skillsync import progress

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def terminal():
    """(a file writing to a real pseudo-terminal, a function reading what it shows)."""
    leader, follower = pty.openpty()
    stream = os.fdopen(follower, "w", encoding="utf-8")

    def shown() -> str:
        stream.flush()
        found = b""
        while select.select([leader], [], [], 0.2)[0]:
            found += os.read(leader, 65536)
        return found.decode("utf-8", "replace")

    yield stream, shown
    stream.close()
    os.close(leader)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_long_run_shows_its_steps_and_wipes_the_line(terminal):
    stream, shown = terminal
    clock = Clock()
    line = progress.Line(stream, delay=2.0, clock=clock)
    line("Reading")
    assert shown() == ""  # not yet two seconds: a short run stays silent
    clock.now += 3
    line("Checking")
    assert shown().endswith("Checking… 3 s")
    clock.now += 4
    line("Writing")
    line.close()
    output = shown()
    assert "Writing… 7 s" in output and output.endswith("\r\x1b[K")


def test_a_short_run_shows_nothing(terminal):
    stream, shown = terminal
    with progress.shown(stream=stream) as step:
        step("Reading")
        step("Checking")
    assert shown() == ""


def test_the_line_ticks_while_a_step_runs(terminal):
    stream, shown = terminal
    seen = ""
    with progress.shown(stream=stream, delay=0) as step:
        step("Reading")
        for _ in range(40):  # a step that takes a while; a busy runner may delay a tick
            select.select([], [], [], progress.TICK)
            seen += shown()
            if seen.count("Reading…") >= 2:
                break
    assert seen.count("Reading…") >= 2


def test_nothing_when_stderr_is_not_a_terminal(tmp_path):
    log = (tmp_path / "log").open("w")
    with log, progress.shown(stream=log, delay=0) as step:
        assert step is progress.silent
        step("Reading")
    assert (tmp_path / "log").read_text() == ""


def test_nothing_when_asked_for_quiet_or_json(terminal):
    stream, shown = terminal
    with progress.shown(enabled=False, stream=stream, delay=0) as step:
        step("Reading")
    assert step is progress.silent and shown() == ""


def _command(*args: str) -> list[str]:
    """The real command line, with the progress line's delay taken away."""
    code = ("import sys; from skillsync import progress; progress.DELAY = 0; "
            "from skillsync.cli import entry; sys.argv[0] = 'skillsync'; entry()")
    return [sys.executable, "-c", code, *args]


def _run_on_terminal(args: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess, str]:
    leader, follower = pty.openpty()
    env = {**os.environ, "SKILLSYNC_STATE_DIR": str(tmp_path / "state")}
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=follower, cwd=ROOT, env=env,
                          timeout=300, check=False)
    os.close(follower)
    seen = b""
    while select.select([leader], [], [], 0.2)[0]:
        try:
            seen += os.read(leader, 65536)
        except OSError:
            break
    os.close(leader)
    return done, seen.decode("utf-8", "replace")


@pytest.mark.parametrize("command", ["sync", "check"])
def test_the_command_line_shows_the_steps_on_a_terminal(command, tmp_path):
    workbook = tmp_path / "inventory.xlsx"
    build_messy_workbook(workbook)
    extra = ["--digest", str(tmp_path / "digest.html")] if command == "sync" else []
    done, seen = _run_on_terminal(_command(command, str(workbook), *extra), tmp_path)
    assert done.returncode == 0, seen
    steps = ["Reading", "Checking", "Summarising"] + (["Writing"] if command == "sync" else [])
    assert all(f"{step}…" in seen for step in steps), seen
    assert seen.endswith("\r\x1b[K")  # wiped before the report
    assert b"\x1b" not in done.stdout and "Reading" not in done.stdout.decode()


def test_json_output_has_no_progress_anywhere(tmp_path):
    workbook = tmp_path / "inventory.xlsx"
    build_messy_workbook(workbook)
    done, seen = _run_on_terminal(_command("check", str(workbook), "--json"), tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout)["people"] > 0
    assert "Reading" not in seen and "\x1b[K" not in seen
