"""One sync per source at a time: a lock file held with an OS lock for the whole run.

The OS lock (flock, or msvcrt on Windows) goes away with its process, so a run that
crashed or was killed never blocks the next one; the file also names its holder (pid,
host, start time) so a refused run can say who holds it. A holder named in the file
whose OS lock is gone is a crashed run: its lock is taken over, and the report says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from skillsync import events
from skillsync.errors import ConfigError, SourceBusy

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

POLL_SECONDS = 0.2
INFO_BYTES = 4096  # the most of a lock file ever read
_FAR = 1 << 30  # where the Windows byte lock sits


class RunLocked(SourceBusy):
    """Another sync of the same source is running (exit code 3)."""


class LockUnusable(ConfigError):
    """The run lock cannot be made where the settings put it (exit code 2)."""


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    started: str
    source: str

    def __str__(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started}"


def lock_path(folder: Path, source: str) -> Path:
    return folder / f"{hashlib.sha256(source.encode()).hexdigest()[:24]}.lock"


@contextmanager
def run_lock(folder: Path, source: str, *, wait: float = 0.0,
             now: datetime | None = None) -> Iterator[Holder | None]:
    """Hold the run lock of `source`; yields the crashed holder taken over, if any.
    Refuses at once (RunLocked, exit 3) when another run holds it, or after `wait` s."""
    path = lock_path(folder, source)
    fd = _open_lock(path)
    try:
        _acquire(fd, path, source, wait)
        crashed = read_holder(fd)
        me = Holder(os.getpid(), socket.gethostname(),
                    (now or datetime.now().astimezone()).isoformat(timespec="seconds"),
                    source)
        _write_holder(fd, me)
        events.emit("lock.taken", source=source, pid=me.pid, host=me.host)
        if crashed:
            events.emit("lock.stale", source=source, pid=crashed.pid, host=crashed.host,
                        started=crashed.started)
        try:
            yield crashed
        finally:
            os.ftruncate(fd, 0)  # a clean end leaves no holder behind
            _release(fd)
    finally:
        os.close(fd)


def _open_lock(path: Path) -> int:
    """The lock file, opened without following a link: its folder may be shared, and a
    link planted there must not let a run truncate the file it points to."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as exc:
        raise LockUnusable(f"cannot open the run lock {path} ({exc.strerror}); check that "
                           "its folder exists and can be written") from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        raise LockUnusable(f"the run lock {path} is not a plain file of its own (a link?); "
                           "delete it and run again")
    return fd


def _acquire(fd: int, path: Path, source: str, wait: float) -> None:
    deadline = time.monotonic() + wait
    told = False
    while not _try_lock(fd):
        holder = read_holder(fd)
        if time.monotonic() >= deadline:
            who = f" ({holder})" if holder else ""
            hint = "wait for it to finish, or use --wait SECONDS" if not wait else (
                "it is still running; try again later")
            raise RunLocked(f"another sync of {source} is running{who}; {hint} "
                            f"(lock file {path})")
        if not told:
            events.emit("lock.waiting", source=source, holder=str(holder or "unknown"))
            told = True
        time.sleep(min(POLL_SECONDS, max(deadline - time.monotonic(), 0.01)))


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # a byte far past the holder's details, which others must still read
            os.lseek(fd, _FAR, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _release(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:
        os.lseek(fd, _FAR, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def read_holder(fd: int) -> Holder | None:
    """Who the lock file names, if it names anyone readable."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data: Any = json.loads(os.read(fd, INFO_BYTES).decode("utf-8"))
        return Holder(int(data["pid"]), str(data["host"])[:200], str(data["started"])[:40],
                      str(data["source"])[:500])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_holder(fd: int, holder: Holder) -> None:
    data = json.dumps({"pid": holder.pid, "host": holder.host, "started": holder.started,
                       "source": holder.source}).encode("utf-8")
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)
    os.fsync(fd)
