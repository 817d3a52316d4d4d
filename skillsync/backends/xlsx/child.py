"""Work in a forked process, its messages read in order (see aside.py, its one use).

The child sends framed pickles down a pipe and may fill an anonymous memory file (memfd:
never on disk) that the parent maps when told how much was written. A child that raises
sends why; one that is killed, ends without a word, or uses no CPU for STUCK_SECONDS
while the parent waits reads as failed. The parent never depends on it: every failure
reads as None, and `close` always leaves no process behind.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Callable
from typing import Any

STUCK_SECONDS = 20.0  # a child that uses no CPU for this long is taken as stuck
_LENGTH = struct.Struct("<Q")

Send = Callable[[Any], None]
Work = Callable[[Send, int], None]  # in the child: (send a message, the memfd to fill)


def available() -> bool:
    """Whether work can go to a child here: fork, memfd, and a second core to run on."""
    if not (hasattr(os, "fork") and hasattr(os, "memfd_create")):
        return False
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else ()
    return len(cores) > 1


class Child:
    """`work` running in a forked process; its messages read in order. Every failure of the
    child reads as None, and `close` always leaves no process behind."""

    def __init__(self, work: Work) -> None:
        """Raises OSError when no child can be started (no memory, too many processes)."""
        self.memfd = os.memfd_create("skillsync-tab", getattr(os, "MFD_CLOEXEC", 0))
        readable, writable = os.pipe()
        try:
            self._pid: int | None = os.fork()
        except OSError:
            for fd in (readable, writable, self.memfd):
                os.close(fd)
            raise
        if self._pid == 0:  # the child: never returns
            os.close(readable)
            _run(work, writable, self.memfd)
        os.close(writable)
        self._pipe: int | None = readable
        self.failure: str | None = None

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
        if self._pid is not None:
            if self._pipe is not None:
                _kill(self._pid)
            os.waitpid(self._pid, 0)
            self._pid = None
        self._close_pipe()
        if self.memfd >= 0:
            os.close(self.memfd)
            self.memfd = -1

    def _read(self, length: int) -> bytes | None:
        chunks, wanted = [], length
        spent, since = _cpu_of(self._pid), time.monotonic()
        while wanted:
            assert self._pipe is not None
            ready, _, _ = select.select([self._pipe], [], [], 1.0)
            if not ready:
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
        self._close_pipe()
        if self._pid is not None:
            _kill(self._pid)
            os.waitpid(self._pid, 0)
            self._pid = None

    def _close_pipe(self) -> None:
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None


def _run(work: Work, pipe: int, memfd: int) -> None:
    """The child's whole life: `work`, its failure sent as a message, then out at once
    (os._exit: none of the parent's exit handlers or buffered output is run twice)."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the sync stops it too
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

        def send(message: Any) -> None:
            write_all(pipe, _framed(message))

        work(send, memfd)
        code = 0
    except BaseException as exc:  # noqa: BLE001 (the sync does the work itself instead)
        with contextlib.suppress(BaseException):  # a closed pipe says it anyway
            write_all(pipe, _framed(("failed", f"{type(exc).__name__}: {exc}")))
    finally:
        os._exit(code)


def _framed(message: Any) -> bytes:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(body)) + body


def write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _cpu_of(pid: int | None) -> int | None:
    """The child's CPU time in clock ticks so far (Linux's /proc), None if unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, IndexError, ValueError):
        return None
