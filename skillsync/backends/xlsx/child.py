"""Work in a second process, its messages read in order (see aside.py, its one use).

The child is a fresh interpreter, not a fork of the sync. A fork would share the sync's
heap, and every page either process then writes to (a reference count, an object put in
a free slot) is copied: at 100,000 people about 200 MB more, for a child that holds
less than half of that itself. A fresh one costs its imports instead, so it is started
early (`Child()`, while the workbook is read), and waits for its work: pickled callables,
done in the order given (`give`), the last said to be the last; or none (`close`).

The child sends framed pickles down a pipe, written by a thread of its own so that a
large message never holds its work up, and may fill an anonymous memory file (memfd:
never on disk) that the parent maps when told how much was written. It is started with
the parent's own module path and nothing else of the parent's but those descriptors, and
it dies with the parent. A child that raises sends why; one that is killed, ends without
a word, or uses no CPU for STUCK_SECONDS while the parent waits for it reads as failed.
The parent never depends on it: every failure reads as None, and `close` always leaves no
process behind. What runs in the child is childmain.py.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from skillsync.backends.xlsx import cores

STUCK_SECONDS = 20.0  # a child that uses no CPU for this long is taken as stuck
LENGTH = struct.Struct("<Q")

Send = Callable[[Any], None]
Work = Callable[[Send, int], None]  # in the child: (send a message, the memfd to fill)


PROCESSES = "SKILLSYNC_PROCESSES"  # "1": never a second process (a runner short of memory)


def available() -> bool:
    """Whether work can go to a child here: an interpreter to start, memfd, and a second
    core to run on (cores.py: by affinity and by the control group's CPU quota),
    unless the environment says SKILLSYNC_PROCESSES=1."""
    if os.environ.get(PROCESSES, "").strip() == "1":
        return False
    if not (_python(sys.executable) and hasattr(os, "memfd_create") and hasattr(os, "pipe")):
        return False
    return cores.usable() > 1


def _python(executable: str) -> bool:
    """Whether `executable` is a Python interpreter to start: not an application that
    embeds or freezes one (its sys.executable is itself, and would take our command
    line as its own)."""
    name = os.path.basename(executable).lower()
    return (bool(executable) and not getattr(sys, "frozen", False)
            and name.startswith(("python", "pypy")))


class Child:
    """A second process, started now, importing `preload` while it waits for its work.
    Every failure of the child reads as None, and `close` always leaves no process behind."""

    def __init__(self, preload: Iterable[str] = ()) -> None:
        """Raises OSError when no child can be started (no memory, too many processes)."""
        self.failure: str | None = None
        self._process: subprocess.Popen | None = None
        self._pipe: int | None = None  # its messages
        self._jobs: Framed | None = None  # its work, until the last is given
        self.memfd = os.memfd_create("skillsync-tab", getattr(os, "MFD_CLOEXEC", 0))
        try:
            self._start(tuple(preload))
        except BaseException:
            self.close()
            raise

    def _start(self, preload: tuple[str, ...]) -> None:
        job, given = os.pipe()
        self._jobs = Framed(given)
        try:
            self._pipe, said = os.pipe()
            try:
                self._process = subprocess.Popen(
                    _command(job, said, self.memfd, preload), close_fds=True,
                    pass_fds=(job, said, self.memfd), stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            finally:
                os.close(said)
        finally:
            os.close(job)

    def give(self, work: Work, *, last: bool = True) -> None:
        """Send the child its next piece of work (pickled here: raises what pickling
        raises), done after those given before; after the `last`, it ends. Written by a
        thread, so a child still importing or at work never holds the sync up."""
        if self._jobs is None:
            raise RuntimeError("the child has had its work")
        self._jobs.send(work)
        if last:
            self.finish()

    def finish(self) -> None:
        """No more work: the child ends once it has done what it was given."""
        if self._jobs is not None:
            self._jobs.end()
            self._jobs = None

    def message(self) -> Any | None:
        """The child's next message; None once it has failed (`failure` says how)."""
        if self._pipe is None:
            return None
        head = self._read(LENGTH.size)
        body = self._read(LENGTH.unpack(head)[0]) if head is not None else None
        found = pickle.loads(body) if body is not None else None
        if isinstance(found, tuple) and found[:1] == ("failed",):
            self.fail(found[1])
            return None
        return found

    def mapped(self, length: int, start: int = 0) -> memoryview:
        """`length` bytes the child wrote to its memory file from `start` (a multiple of
        mmap.ALLOCATIONGRANULARITY), mapped, not copied."""
        if length == 0:
            return memoryview(b"")
        return memoryview(mmap.mmap(self.memfd, length, prot=mmap.PROT_READ, offset=start))

    def close(self) -> None:
        """Stop the child if it still runs, reap it, and let go of the pipes and file."""
        self._end(kill=self._pipe is not None)
        if self.memfd >= 0:
            os.close(self.memfd)
            self.memfd = -1

    def _read(self, length: int) -> bytes | None:
        chunks, wanted = [], length
        pid = self._process.pid if self._process else None
        spent, since = _cpu_of(pid), time.monotonic()
        waiting = select.poll()  # not select(): a descriptor past 1023 is fine
        assert self._pipe is not None
        waiting.register(self._pipe, select.POLLIN)
        while wanted:
            if not waiting.poll(1000):
                now_spent = _cpu_of(pid)
                if now_spent != spent:
                    spent, since = now_spent, time.monotonic()
                elif time.monotonic() - since > STUCK_SECONDS:
                    self.fail(f"no progress for {STUCK_SECONDS:g} s")
                    return None
                continue
            chunk = os.read(self._pipe, min(wanted, 1 << 20))
            if not chunk:
                self.fail("ended without a word")
                return None
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)

    def fail(self, why: str) -> None:
        """Take the child as failed (`why`): stopped, every later message None."""
        self.failure = why
        self._end(kill=True)

    def _end(self, kill: bool) -> None:
        self.finish()  # a child waiting for work reads the end of it, and goes
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self._process is not None:
            if kill:
                with contextlib.suppress(ProcessLookupError):
                    self._process.kill()
            self._process.wait()  # (a child reaped by the system, SIGCHLD ignored, too)
            self._process = None


def _command(job: int, said: int, memfd: int, preload: tuple[str, ...]) -> list[str]:
    """The child's command line: isolated (-I: no environment variables, user site or
    current folder on its path, which may be a shared folder holding the workbook). It
    imports skillsync from the folder the sync's came from, whatever else its path holds,
    then runs with the parent's own module path (`module_path`), so it runs the very
    modules the sync runs."""
    boot = ("import sys; sys.path[:] = sys.argv[3:]; import skillsync; "
            "sys.path[:] = sys.argv[4:]; "
            "from skillsync.backends.xlsx.childmain import main; main(sys.argv[1], sys.argv[2])")
    given = f"{job},{said},{memfd},{os.getpid()}"
    return [sys.executable, "-I", "-c", boot, given, ",".join(preload), _home(),
            *module_path()]


def module_path() -> list[str]:
    """The parent's module path, less its relative entries ('' and '.' that `python -c`
    or a notebook put there, 'src'): those name whatever folder the sync is in now, maybe
    the workbook's shared one, not the one the parent found its modules in."""
    return [entry for entry in sys.path if os.path.isabs(entry)]


def _home() -> str:
    """The folder this skillsync was imported from."""
    import skillsync

    return os.path.dirname(os.path.dirname(os.path.abspath(skillsync.__file__)))


class Framed:
    """Pickles written to a pipe in order, each after its length, by a thread of its own
    (started with the first), so that a large one (a hundred thousand texts, a tab's
    inputs) never holds up whoever sends it; the pipe is closed after the last."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._queue: queue.SimpleQueue[tuple[bytes, bytes] | None] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None

    def send(self, message: Any) -> None:
        """Pickled here (raises what pickling raises), written by the thread."""
        body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        if self._writer is None:
            self._writer = threading.Thread(target=self._write, daemon=True)
            self._writer.start()
        self._queue.put((LENGTH.pack(len(body)), body))

    def end(self, wait: bool = False) -> None:
        """No more messages: the pipe is closed once those sent are written (at once if
        none was); with `wait`, once they are (or the reader went)."""
        if self._writer is None:
            os.close(self._fd)
            return
        self._queue.put(None)
        if wait:
            self._writer.join()

    def _write(self) -> None:
        try:
            with contextlib.suppress(OSError):  # the reader went: nothing more to say
                while (framed := self._queue.get()) is not None:
                    for piece in framed:
                        write_all(self._fd, piece)
        finally:
            os.close(self._fd)


def write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _cpu_of(pid: int | None) -> int | None:
    """The child's CPU time in clock ticks so far (Linux's /proc), None if unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, IndexError, ValueError):
        return None
