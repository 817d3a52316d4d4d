"""skillsync.forked: work done in a forked child, its answer sent back whole or not at all."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from skillsync.forked import Forked


def started(job) -> Forked:
    child = Forked.start(job)
    assert child is not None, "this test runs with no thread of its own besides the main one"
    return child


def no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_answer_is_what_the_job_returned_even_past_a_pipe_buffer():
    big = os.urandom(5 << 20)  # a pipe holds 64 KB: the reading thread must keep up
    child = started(lambda: {"big": big, "pid": os.getpid(), "texts": ["Ana", "\ud800"]})
    answer = child.answer()
    assert answer["big"] == big
    assert answer["pid"] != os.getpid()  # made in another process
    assert answer["texts"] == ["Ana", "\ud800"]
    child.close()  # after an answer: nothing left to stop
    assert no_child_left()


@pytest.mark.parametrize("failure", [ValueError("no"), KeyboardInterrupt(), SystemExit(0),
                                     MemoryError()])
def test_a_job_that_fails_answers_none(failure):
    def job():
        raise failure

    child = started(job)
    assert child.answer() is None
    child.close()
    assert no_child_left()


def test_a_job_whose_answer_cannot_be_sent_answers_none():
    child = started(lambda: threading.Lock())  # a lock cannot be pickled
    assert child.answer() is None
    child.close()
    assert no_child_left()


def test_close_stops_a_child_at_work_and_reaps_it():
    child = started(lambda: time.sleep(60))
    began = time.monotonic()
    child.close()
    assert time.monotonic() - began < 30  # killed, not waited for
    assert child.answer() is None
    assert no_child_left()


def test_no_child_is_forked_beside_a_thread_of_the_callers_own():
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)  # not a daemon: it could hold a lock
    worker.start()
    try:
        assert Forked.start(lambda: 1) is None
    finally:
        stop.set()
        worker.join()
    daemon = threading.Thread(target=stop.wait, daemon=True)  # e.g. the progress ticker
    stop.clear()
    daemon.start()
    try:
        child = Forked.start(lambda: 1)
        assert child is not None and child.answer() == 1
        child.close()
    finally:
        stop.set()
        daemon.join()


def test_the_child_writes_nothing_and_runs_no_exit_handler(tmp_path):
    """Text buffered before the fork is printed once, by the parent; exit handlers and
    finally blocks of the caller run in the parent only."""
    marker = tmp_path / "exits"
    script = f"""
import atexit, sys
from skillsync.forked import Forked
atexit.register(lambda: open({str(marker)!r}, "a").write("exit\\n"))
sys.stdout.write("buffered ")
child = Forked.start(lambda: 6 * 7)
print(child.answer())
child.close()
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout == "buffered 42\n"
    assert done.stderr == ""
    assert marker.read_text() == "exit\n"


def test_a_child_whose_parent_died_ends_on_its_own(tmp_path):
    """Killed with its child at work, the parent leaves nothing running for long: the
    child's answer meets a closed pipe and the child ends."""
    pid_file = tmp_path / "child"
    script = f"""
import os, time
from skillsync.forked import Forked
def job():
    open({str(pid_file)!r}, "w").write(str(os.getpid()))
    time.sleep(1)
    return b"x" * (1 << 20)
Forked.start(job)
time.sleep(0.5)
os.kill(os.getpid(), 9)
"""
    subprocess.run([sys.executable, "-c", script], timeout=60)
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.1)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False
