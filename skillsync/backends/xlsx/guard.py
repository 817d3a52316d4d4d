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
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from skillsync.errors import SourceBusy, SourceChanged, SourceNotFound

TEMP_PATTERN = re.compile(r"^\.(?P<name>.+)\.skillsync-(?P<pid>\d+)-[0-9a-f]+\.tmp$")


@dataclass(frozen=True)
class Snapshot:
    path: Path
    data: bytes
    size: int
    mtime_ns: int
    sha256: str


def take_snapshot(path: Path) -> Snapshot:
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read()
    except FileNotFoundError as exc:
        raise SourceNotFound(f"{path} does not exist") from exc
    except IsADirectoryError as exc:
        raise SourceNotFound(f"{path} is a folder, not a workbook") from exc
    except PermissionError as exc:
        raise SourceNotFound(f"{path} cannot be read (permission denied)") from exc
    return Snapshot(path, data, stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())


def owner_files(path: Path) -> list[Path]:
    """Where Office and LibreOffice leave a lock file for `path` while it is open."""
    name = path.name
    candidates = [f"~${name}", f".~lock.{name}#"]
    if len(path.stem) > 6:  # Office overwrites the first two characters of longer names
        candidates.append(f"~${name[2:]}")
    return [path.with_name(c) for c in candidates]


def lock_holder(lock: Path) -> str:
    """Who holds a lock file, as far as its contents say."""
    try:
        data = lock.read_bytes()[:512]
    except OSError:
        return "someone"
    if lock.name.startswith(".~lock."):
        fields = data.decode("utf-8", "replace").split(",")
        return fields[0].strip() or "someone"
    return _office_owner(data) or "someone"


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
                f"{path.name} is open by {who} ({locks[0].name} exists); close it and sync "
                "again, use --wait SECONDS, or delete the lock file if nobody has it open")
        time.sleep(min(1.0, max(0.05, deadline - time.monotonic())))


def ensure_unchanged(snapshot: Snapshot) -> None:
    try:
        stat = snapshot.path.stat()
    except FileNotFoundError as exc:
        raise SourceChanged(
            f"{snapshot.path} disappeared while syncing; nothing was written") from exc
    same = stat.st_size == snapshot.size and stat.st_mtime_ns == snapshot.mtime_ns
    if same:
        same = hashlib.sha256(snapshot.path.read_bytes()).hexdigest() == snapshot.sha256
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


def replace_workbook(snapshot: Snapshot, new_data: bytes, backup_dir: Path, keep: int,
                     wait_seconds: float = 0.0) -> Path | None:
    """Swap in `new_data` if the workbook is still as read; returns the backup written."""
    path = snapshot.path
    temp = path.with_name(f".{path.name}.skillsync-{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        _write_synced(temp, new_data)
        os.chmod(temp, path.stat().st_mode & 0o7777)
        backup = write_backup(snapshot, backup_dir, keep)
        ensure_not_open(path, wait_seconds)
        ensure_unchanged(snapshot)
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    _sync_folder(path.parent)
    return backup


def _write_synced(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
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
    """Keep the workbook as read in the private state folder; only the newest `keep` stay."""
    if keep <= 0:
        return None
    folder = backup_dir / f"{snapshot.path.stem}-{_path_tag(snapshot.path)}"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}-{snapshot.sha256[:12]}{snapshot.path.suffix}"
    _write_synced(target, snapshot.data)
    backups = sorted(folder.glob(f"*{snapshot.path.suffix}"))
    for old in backups[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def _path_tag(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:8]
