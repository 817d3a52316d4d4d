"""Work in a forked process, its messages read in order (see aside.py, its one use).

The child sends framed pickles down a pipe, written by a thread of its own so that a large
message never holds its work up, and may fill an anonymous memory file (memfd: never on
disk) that the parent maps when told how much was written. The child keeps nothing else of
the parent's: its other descriptors are closed (the run's lock, the terminal, a pipe a
script reads the output from), and it dies with the parent. A child that raises sends why;
one that is killed, ends without a word, or uses no CPU for STUCK_SECONDS while the parent
waits reads as failed. The parent never depends on it: every failure reads as None, and
`close` always leaves no process behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import mmap
import os
import pickle
import queue
import select
import signal
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

from skillsync import allocator

STUCK_SECONDS = 20.0  # a child that uses no CPU for this long is taken as stuck
_LENGTH = struct.Struct("<Q")
_STOPPING = {signal.SIGINT, signal.SIGTERM}
_PR_SET_PDEATHSIG = 1

Send = Callable[[Any], None]
Work = Callable[[Send, int], None]  # in the child: (send a message, the memfd to fill)


PROCESSES = "SKILLSYNC_PROCESSES"  # "1": never a second process (a runner short of memory)


def available() -> bool:
    """Whether work can go to a child here: fork, memfd, and a second core to run on (by
    affinity and by the cgroup's CPU quota, as a container sets it), unless the
    environment says SKILLSYNC_PROCESSES=1."""
    if os.environ.get(PROCESSES, "").strip() == "1":
        return False
    if not (hasattr(os, "fork") and hasattr(os, "memfd_create")):
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return min(cores, _quota()) > 1


def _quota() -> float:
    """The CPUs the cgroup (v2) allows this process, or infinity when it sets no quota."""
    try:
        with open("/sys/fs/cgroup/cpu.max") as limits:
            quota, period = limits.read().split()[:2]
        return float("inf") if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError, ZeroDivisionError):
        return float("inf")


class Child:
    """`work` running in a forked process; its messages read in order. Every failure of the
    child reads as None, and `close` always leaves no process behind."""

    def __init__(self, work: Work) -> None:
        """Raises OSError when no child can be started (no memory, too many processes)."""
        self.failure: str | None = None
        self._pid: int | None = None
        self._pipe: int | None = None
        self.memfd = os.memfd_create("skillsync-tab", getattr(os, "MFD_CLOEXEC", 0))
        try:
            self._start(work)
        except BaseException:
            self.close()
            raise

    def _start(self, work: Work) -> None:
        allocator.give_back_free_pages()  # see there: fewer pages copied after the fork
        readable, writable = os.pipe()
        self._pipe = readable
        parent = os.getpid()
        # Ctrl-C is held off across the fork, so the child never unwinds the parent's stack
        # (its `finally` blocks would release the run's lock); the child sets its own.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
        try:
            self._pid = os.fork()
            if self._pid == 0:  # the child: never returns
                try:
                    _run(work, writable, self.memfd, parent, mask)
                finally:
                    os._exit(1)
        finally:
            if self._pid != 0:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                os.close(writable)

    def message(self) -> Any | None:
        """The child's next message; None once it has failed (`failure` says how)."""
        if self._pipe is None:
            return None
        head = self._read(_LENGTH.size)
        body = self._read(_LENGTH.unpack(head)[0]) if head is not None else None
        found = pickle.loads(body) if body is not None else None
        if isinstance(found, tuple) and found[:1] == ("failed",):
            self._fail(found[1])
            return None
        return found

    def mapped(self, length: int) -> memoryview:
        """The first `length` bytes the child wrote to its memory file, mapped, not copied."""
        if length == 0:
            return memoryview(b"")
        return memoryview(mmap.mmap(self.memfd, length, prot=mmap.PROT_READ))

    def close(self) -> None:
        """Stop the child if it still runs, reap it, and let go of the pipe and file."""
        self._end(kill=self._pipe is not None)
        if self.memfd >= 0:
            os.close(self.memfd)
            self.memfd = -1

    def _read(self, length: int) -> bytes | None:
        chunks, wanted = [], length
        spent, since = _cpu_of(self._pid), time.monotonic()
        waiting = select.poll()  # not select(): a descriptor past 1023 is fine
        assert self._pipe is not None
        waiting.register(self._pipe, select.POLLIN)
        while wanted:
            if not waiting.poll(1000):
                now_spent = _cpu_of(self._pid)
                if now_spent != spent:
                    spent, since = now_spent, time.monotonic()
                elif time.monotonic() - since > STUCK_SECONDS:
                    self._fail(f"no progress for {STUCK_SECONDS:g} s")
                    return None
                continue
            chunk = os.read(self._pipe, min(wanted, 1 << 20))
            if not chunk:
                self._fail("ended without a word")
                return None
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)

    def _fail(self, why: str) -> None:
        self.failure = why
        self._end(kill=True)

    def _end(self, kill: bool) -> None:
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self._pid:
            if kill:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._pid, signal.SIGKILL)
            # Already reaped when SIGCHLD is ignored (a daemon may start us that way).
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
        self._pid = None


def _run(work: Work, pipe: int, memfd: int, parent: int, mask: set[signal.Signals]) -> None:
    """The child's whole life: keep only its pipe and memory file, do `work` (a failure is
    sent as a message), then out at once (os._exit: none of the parent's exit handlers or
    buffered output is run twice)."""
    code = 1
    try:
        _detach(pipe, memfd, parent)
        for stopping in _STOPPING:  # as a process of its own; ignored stays ignored
            if signal.getsignal(stopping) is not signal.SIG_IGN:
                signal.signal(stopping, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        outbox = _Outbox(pipe)
        try:
            work(outbox.send, memfd)
            code = 0
        except BaseException as exc:  # noqa: BLE001 (the sync does the work itself instead)
            outbox.send(("failed", f"{type(exc).__name__}: {exc}"))
        outbox.close()
    finally:
        os._exit(code)


def _detach(pipe: int, memfd: int, parent: int) -> None:
    """Close every descriptor but the pipe and the memory file (the terminal goes to
    /dev/null), and die with the parent."""
    null = os.open(os.devnull, os.O_RDWR)
    for standard in (0, 1, 2):
        os.dup2(null, standard)
    low, high = sorted((pipe, memfd))
    os.closerange(3, low)
    os.closerange(low + 1, high)
    os.closerange(high + 1, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before that was set
        os._exit(1)


class _Outbox:
    """The child's messages, written in order by a thread: a large one (a hundred thousand
    texts) waits for the parent to read it without holding up the work."""

    def __init__(self, pipe: int) -> None:
        self._pipe = pipe
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write, daemon=True)
        self._writer.start()

    def send(self, message: Any) -> None:
        body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self._queue.put(_LENGTH.pack(len(body)) + body)

    def close(self) -> None:
        """Wait until every message is written (or the parent stopped reading)."""
        self._queue.put(None)
        self._writer.join()

    def _write(self) -> None:
        with contextlib.suppress(OSError):  # the parent went: nothing more to say
            while (framed := self._queue.get()) is not None:
                write_all(self._pipe, framed)


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
