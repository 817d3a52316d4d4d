"""The second process's side of child.py: what runs in it, from its start to its end.

It dies with the sync and leaves Ctrl-C to it, allocates as the sync does, imports what
its work needs while it waits, then does each piece of work the job pipe brings, in
order, sending what the work says (and why, when it fails) through its message pipe.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys

from skillsync.backends.xlsx.child import LENGTH, Framed, Send

_PR_SET_PDEATHSIG = 1
# How long a thread runs before another waiting for the GIL may take it (Python's default:
# 5 ms). The child's work is a tab rendered while a thread packs it: that thread needs the
# GIL for a moment between its deflate calls, and with the default waited 5 ms at each
# (People × Skills at 100,000 people: rendered and packed in 0.66 s against 0.78 s).
SWITCH_SECONDS = 0.0002


def main(given: str, preload: str) -> None:
    """The child's whole life: die with the parent, import what its work needs, do each
    piece of work given (a failure, an import's too, is sent as a message, and ends it),
    then out at once."""
    code = 1
    try:
        job, pipe, memfd, parent = map(int, given.split(","))
        _hold_to(parent)
        _as_the_sync_allocates()
        sys.setswitchinterval(SWITCH_SECONDS)
        outbox = Framed(pipe)
        try:
            code = _work_given(job, memfd, preload, outbox.send)
        except BaseException as exc:  # noqa: BLE001 (the sync does the work itself instead)
            outbox.send(("failed", f"{type(exc).__name__}: {exc}"))
        outbox.end(wait=True)
    finally:
        os._exit(code)


def _work_given(job: int, memfd: int, preload: str, send: Send) -> int:
    """Import `preload`, then run each piece of work the job pipe brings, in order, until
    it ends; the exit code."""
    for module in filter(None, preload.split(",")):
        __import__(module)
    while (pickled := _read_job(job)) is not None:
        work = pickle.loads(pickled)
        del pickled
        work(send, memfd)
        del work  # its inputs go before the next is read
    os.close(job)
    return 0


def _hold_to(parent: int) -> None:
    """Die with the parent; leave Ctrl-C at the terminal to it (it stops the child)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before that was set
        os._exit(1)


def _as_the_sync_allocates() -> None:
    """The allocator settings the command gives the sync (see allocator.py)."""
    import gc

    from skillsync import allocator

    allocator.return_large_blocks()
    allocator.share_one_arena()
    gc.disable()  # as in the sync's own building (allocator.gc_paused); the child is brief


def _read_job(fd: int) -> bytearray | None:
    """The pickled work, read into one buffer (tens of megabytes at 100,000 people: never
    as pieces and their join); None when the pipe ends first."""
    head = os.read(fd, LENGTH.size)
    if len(head) < LENGTH.size:
        return None
    job = bytearray(LENGTH.unpack(head)[0])
    view, done = memoryview(job), 0
    while done < len(job):
        read = os.readv(fd, [view[done:]])
        if not read:
            return None
        done += read
    return job
