"""Replacing the workbook safely: lock files, change detection, backups, atomic swap.

A reader takes a Snapshot (the exact bytes plus size, mtime and sha256). The writer checks
that the file on disk still matches it, writes the new workbook to a temporary file in the
same folder, fsyncs it, keeps a backup of the old one, and swaps with os.replace, so a kill
at any moment leaves either the old workbook or the new one, whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import stat
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from skillsync.backends.xlsx import perms
from skillsync.errors import (
    ConfigError,
    NotAWorkbook,
    SourceBusy,
    SourceChanged,
    SourceError,
    SourceNotFound,
)
from skillsync.terminal import one_line

TEMP_PATTERN = re.compile(r"^\.(?P<name>.+)\.skillsync-(?P<pid>\d+)-[0-9a-f]+\.tmp$")


@dataclass(frozen=True)
class Snapshot:
    """A workbook's bytes as read, and what tells whether its file changed since."""

    path: Path
    data: bytes
    size: int
    mtime_ns: int

    @cached_property
    def sha256(self) -> str:
        """The bytes' sha256, for a backup's name: worked out only by a run that writes."""
        return hashlib.sha256(self.data).hexdigest()


def resolve_source(path: Path) -> Path:
    """The real file behind `path`: it must exist and be a regular file after every link.

    A FIFO would block the read forever and a device would read until memory runs out,
    so only regular files are sources.
    """
    try:
        real = path.resolve(strict=True)
        info = real.stat()
    except FileNotFoundError as exc:
        raise SourceNotFound(f"{shown(path)} does not exist") from exc
    except (RuntimeError, OSError) as exc:  # ELOOP; Python 3.11 says RuntimeError
        if isinstance(exc, PermissionError):
            raise SourceNotFound(f"{shown(path)} cannot be reached (permission denied)") from exc
        raise SourceNotFound(f"{shown(path)} is a link that leads nowhere (a loop of links); "
                             "point at the workbook itself") from exc
    if stat.S_ISDIR(info.st_mode):
        raise SourceNotFound(f"{shown(path)} is a folder, not a workbook")
    if not stat.S_ISREG(info.st_mode):
        raise NotAWorkbook(f"{shown(path)} is not a regular file (a pipe, device or socket); "
                           "give the path of an .xlsx file")
    return real


def take_snapshot(path: Path, max_bytes: int = 1 << 30) -> Snapshot:
    """The file's exact bytes and identity, read without blocking on anything but a file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as exc:
        raise SourceNotFound(f"{shown(path)} does not exist") from exc
    except IsADirectoryError as exc:
        raise SourceNotFound(f"{shown(path)} is a folder, not a workbook") from exc
    except PermissionError as exc:
        raise SourceNotFound(f"{shown(path)} cannot be read (permission denied)") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):  # swapped for a FIFO since it was checked
            raise NotAWorkbook(f"{shown(path)} is not a regular file; give the path of an "
                               ".xlsx file")
        if info.st_size > max_bytes:
            raise NotAWorkbook(f"{shown(path)} is {info.st_size >> 20:,} MB, over the "
                               f"[limits] max_file_mb setting ({max_bytes >> 20:,} MB)")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise NotAWorkbook(f"{shown(path)} grew past the [limits] max_file_mb setting while "
                           "being read")
    return Snapshot(path, data, len(data), info.st_mtime_ns)


def shown(path: Path) -> str:
    return one_line(os.fsdecode(path), 300)


def owner_files(path: Path) -> list[Path]:
    """Where Office and LibreOffice leave a lock file for `path` while it is open."""
    name = path.name
    candidates = [f"~${name}", f".~lock.{name}#"]
    if len(path.stem) > 6:  # Office overwrites the first two characters of longer names
        candidates.append(f"~${name[2:]}")
    return [path.with_name(c) for c in candidates]


def lock_holder(lock: Path) -> str:
    """Who holds a lock file, as far as its contents say (printable, one line, short)."""
    try:
        with lock.open("rb") as handle:  # a lock file could be anything: read a little
            data = handle.read(512)
    except OSError:
        return "someone"
    if lock.name.startswith(".~lock."):
        # LibreOffice writes the user's name as set in its options (often blank), then
        # their login on the machine, its name, the time and the user's profile.
        fields = data.decode("utf-8", "replace").split(",")
        return next(filter(None, (one_line(f, 80) for f in fields[:2])), "someone")
    return one_line(_office_owner(data) or "", 80) or "someone"


def _office_owner(data: bytes) -> str | None:
    # Office owner file: a length byte, the ANSI name padded to 54 bytes, then the name
    # again in UTF-16 with a two-byte length.
    if len(data) >= 56:
        length = int.from_bytes(data[54:56], "little")
        wide = data[56:56 + 2 * length]
        if 0 < length <= 100 and len(wide) == 2 * length:
            return wide.decode("utf-16-le", "replace").strip("\x00 ") or None
    if data and 0 < data[0] < len(data):
        return data[1:1 + data[0]].decode("cp1252", "replace").strip() or None
    return None


def ensure_not_open(path: Path, wait_seconds: float = 0.0) -> None:
    """Raise SourceBusy while a lock file sits beside the workbook (waiting up to a limit)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        locks = [lock for lock in owner_files(path) if lock.exists()]
        if not locks:
            return
        if time.monotonic() >= deadline:
            who = lock_holder(locks[0])
            raise SourceBusy(
                f"{path.name} is open by {who} ({one_line(locks[0].name, 120)} exists); close "
                "it and sync "
                "again, use --wait SECONDS, or delete the lock file if nobody has it open")
        time.sleep(min(1.0, max(0.05, deadline - time.monotonic())))


def ensure_unchanged(snapshot: Snapshot) -> None:
    try:
        stat = snapshot.path.stat()
    except FileNotFoundError as exc:
        raise SourceChanged(
            f"{snapshot.path} disappeared while syncing; nothing was written") from exc
    same = stat.st_size == snapshot.size and stat.st_mtime_ns == snapshot.mtime_ns
    if same:  # byte for byte: a time stamp can be set back, and comparing beats hashing
        same = snapshot.path.read_bytes() == snapshot.data
    if not same:
        raise SourceChanged(
            f"{snapshot.path.name} changed while skillsync was working; nothing was written — "
            "sync again to use the new version")


def remove_leftovers(folder: Path, name: str) -> list[Path]:
    """Delete temporary files that a killed run left beside the workbook."""
    removed = []
    for candidate in folder.glob(f".{name}.skillsync-*.tmp"):
        match = TEMP_PATTERN.match(candidate.name)
        if match and not _alive(int(match.group("pid"))):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def replace_workbook(snapshot: Snapshot, new_data: bytes | Sequence[bytes], backup_dir: Path,
                     keep: int, wait_seconds: float = 0.0) -> Path | None:
    """Swap in `new_data` (whole, or pieces written one after another) if the workbook is
    still as read; returns the backup written.

    The new file gets the old one's owner, group and mode before it takes the old one's
    place, so the swap changes the content and nothing else."""
    path = snapshot.path
    temp = path.with_name(f".{path.name}.skillsync-{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        _write_synced(temp, new_data)
        perms.same_owner_and_mode(temp, path)
        backup = write_backup(snapshot, backup_dir, keep)
        ensure_not_open(path, wait_seconds)
        ensure_unchanged(snapshot)
        os.replace(temp, path)
    except PermissionError as exc:
        raise SourceError(f"cannot write beside {shown(path)} (permission denied: "
                          f"{one_line(exc.filename or exc.strerror, 120)}); nothing was "
                          "changed") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    _sync_folder(path.parent)
    return backup


def _write_synced(path: Path, data: bytes | Sequence[bytes]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.writelines([data] if isinstance(data, bytes) else data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_backup(snapshot: Snapshot, backup_dir: Path, keep: int) -> Path | None:
    """Keep the workbook as read in the private state folder; only the newest `keep` stay.

    Like the workbook, a backup is written to a temporary name, fsynced and renamed, so a
    kill midway never leaves half a file under a backup's name (or counted in rotation).
    """
    if keep <= 0:
        return None
    folder = backup_dir / f"{snapshot.path.stem}-{_path_tag(snapshot.path)}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{stamp}-{snapshot.sha256[:12]}{snapshot.path.suffix}"
        partial = folder / f".{target.name}.{os.getpid()}.partial"
        _remove_dead_partials(folder)
        _write_synced(partial, snapshot.data)
        os.replace(partial, target)
        _sync_folder(folder)
    except OSError as exc:
        raise ConfigError(f"cannot write the backup into {shown(folder)} "
                          f"({exc.strerror or exc}); point SKILLSYNC_STATE_DIR at a folder "
                          "you can write, or set [output] backups = 0") from exc
    backups = sorted(p for p in folder.glob(f"*{snapshot.path.suffix}")
                     if not p.name.startswith("."))
    for old in backups[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def _remove_dead_partials(folder: Path) -> None:
    for partial in folder.glob(".*.partial"):
        pid = partial.name.rsplit(".", 2)[-2]
        if not pid.isdigit() or not _alive(int(pid)):
            with contextlib.suppress(OSError):
                partial.unlink()


def _path_tag(path: Path) -> str:
    return hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:8]
