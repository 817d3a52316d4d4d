"""One piece of work done in a forked child process, its answer sent back through a pipe.

A machine has a second core, and the work of a run is Python, which holds the interpreter
for as long as it works: a thread would wait its turn, a process does not. The child
inherits everything built so far, copy on write (a run pauses the garbage collector, so
the child does not touch every object and copy the memory it lives in), does one job,
sends its pickled answer and ends without running this process's exit handlers. A child
that fails answers None, as does a machine without fork: the caller then does the work
itself, so a child never decides an outcome, only how soon it is known.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import threading
from collections.abc import Callable
from typing import Any

_PIECE = 1 << 20  # bytes read from the pipe at a time
_LENGTH = struct.Struct(">Q")  # the answer's length, sent before it


class Forked:
    """A child doing `job`; `answer` waits for what it returned, `close` stops the child
    if it still works and waits for it to end."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid = pid
        self._pipe = pipe
        self._answer: bytes | None = None
        self._here = threading.Event()  # the answer is read, or the child ended without one
        self._reaping = threading.Lock()  # a child is killed only before it is reaped
        self._status: int | None = None
        # The answer is read as it comes, so the child never waits on a full pipe and
        # ends (letting its memory go) as soon as it is done.
        self._reader = threading.Thread(target=self._read, name="skillsync-forked",
                                        daemon=True)
        self._reader.start()

    @classmethod
    def start(cls, job: Callable[[], Any]) -> Forked | None:
        """The child begun, or None where a child cannot be forked safely: no fork on
        this system, or a thread of the caller's own besides this one (a lock it holds at
        the fork would never be let go in the child). Daemon threads, such as the progress
        line's ticker, hold nothing the child takes: it never writes to the terminal."""
        if not hasattr(os, "fork") or any(
                not t.daemon for t in threading.enumerate() if t is not threading.current_thread()):
            return None
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory: the caller does the work
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # pragma: no cover (the child: coverage does not follow it)
            _child(job, read_end, write_end)
        os.close(write_end)
        return cls(pid, read_end)

    def answer(self) -> Any | None:
        """What the job returned, or None when the child failed or was stopped. The child
        sends its answer only once the job is done, so an answer come whole is the job's."""
        self._here.wait()
        answer, self._answer = self._answer, None
        return pickle.loads(answer) if answer is not None else None

    def close(self) -> None:
        """Stop the child if it still works (or has yet to end after answering), wait for
        it to end, and let go of its answer."""
        with self._reaping:
            if self._status is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
        self._reader.join()
        self._answer = None

    def _read(self) -> None:
        """Read the answer (its length, then itself), then wait for the child to end: the
        answer is taken as soon as it is here, not once the child has let go of its
        memory (a tenth of a second at 100,000 people)."""
        try:
            head = self._exactly(_LENGTH.size)
            if len(head) == _LENGTH.size:
                (length,) = _LENGTH.unpack(head)
                answer = self._exactly(length)
                if len(answer) == length:
                    self._answer = answer
        finally:
            os.close(self._pipe)
            self._here.set()
            self._reap()

    def _exactly(self, length: int) -> bytes:
        """`length` bytes from the pipe, or fewer when the child ended first."""
        pieces, left = [], length
        while left and (piece := os.read(self._pipe, min(left, _PIECE))):
            pieces.append(piece)
            left -= len(piece)
        return b"".join(pieces)

    def _reap(self) -> None:
        with self._reaping:
            if self._status is None:
                try:
                    _, status = os.waitpid(self.pid, 0)
                    self._status = os.waitstatus_to_exitcode(status)
                except ChildProcessError:  # reaped by someone else: ended all the same
                    self._status = -1


def _child(job: Callable[[], Any], read_end: int, write_end: int) -> None:  # pragma: no cover
    """Run in the child: do the job, send its answer, end. Nothing here returns."""
    code = 1
    try:
        os.close(read_end)
        answer = pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL)
        for data in (_LENGTH.pack(len(answer)), answer):
            view = memoryview(data)
            while view:
                view = view[os.write(write_end, view):]
        code = 0
    except BaseException:  # noqa: BLE001 (a failed child answers nothing; see answer)
        pass
    finally:
        os._exit(code)
