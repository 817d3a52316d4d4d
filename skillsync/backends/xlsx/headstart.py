"""A local workbook's tabs, read while the program is still starting.

Starting takes about half a second, most of it loading pandas, and python-calamine lets go
of the GIL while it opens a workbook and parses a sheet. So a command that will read a
local .xlsx or .xlsm file calls `begin` first: a thread reads the file and its tabs with
the backend's own guards and reader, under the default limits, while the rest loads. It
does so only when no settings file the run may use sets `[limits]` or `[source] tab`: the
user's limits may be lower, and a named tab is read alone.

The backend then `take`s those tabs only for exactly the bytes it read itself and the
limits it was given; anything else (the file changed in between, other limits, a tab not
read ahead, any failure at all) is read the usual way, by the backend, which says what is
wrong. So the head start changes when the reading happens, never what is read or said.
This module loads nothing that needs pandas (see tests/test_headstart.py).
"""

from __future__ import annotations

import io
import os
import stat
import threading
import tomllib
import zipfile
from pathlib import Path

from skillsync.backends.xlsx import guard, reader
from skillsync.backends.xlsx.package import read_package
from skillsync.backends.xlsx.zipread import check_archive
from skillsync.core.model import Grid
from skillsync.limits import Limits

SUFFIXES = (".xlsx", ".xlsm")
SETTINGS = "skillsync.toml"  # where a run looks for settings when none are named
MAX_SETTINGS_BYTES = 1 << 20  # a settings file larger than this is left to the loader

_pending: HeadStart | None = None  # the one read begun for this process, until taken


class HeadStart:
    """The reading of one file's tabs, in a thread of its own."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.limits = limits
        self._data = b""
        self._grids: dict[str, Grid] = {}
        self._thread = threading.Thread(target=self._read, args=(path,), daemon=True,
                                        name="skillsync-headstart")
        self._thread.start()

    def _read(self, path: Path) -> None:
        try:
            data = guard.take_snapshot(guard.resolve_source(path),
                                       self.limits.max_file_mb << 20).data
            archive = zipfile.ZipFile(io.BytesIO(data))
            check_archive(archive, data, self.limits, path.name)
            package = read_package(archive, path.name)
            names = [s.name for s in package.sheets
                     if s.kind == "worksheet" and s.name not in package.owned]
            self._grids = reader.read_grids(data, archive, package, names, self.limits,
                                            path.name)
            self._data = data
        except BaseException:  # noqa: BLE001 (the backend reads it again and says what is wrong)
            self._grids = {}

    def grids_for(self, data: bytes, limits: Limits) -> dict[str, Grid]:
        """The tabs read ahead, if they were read from `data` under `limits`; else none."""
        self._thread.join()
        if limits != self.limits or self._data != data:
            return {}
        return self._grids


def begin(source: object, settings: Path | None = None) -> None:
    """Start reading `source` ahead when it names a local .xlsx or .xlsm file and the
    settings the run may use (`settings`: --config) read it as the defaults do."""
    global _pending
    if not isinstance(source, str) or not source.lower().endswith(SUFFIXES):
        return
    path = Path(source)
    try:
        if path.is_file() and _read_as_by_default(path, settings):
            _pending = HeadStart(path, Limits())
    except (OSError, ValueError, RuntimeError):  # no read ahead: the backend says what is wrong
        _pending = None


def take(data: bytes, limits: Limits) -> dict[str, Grid]:
    """The tabs read ahead from exactly `data` under `limits` (at most once); else {}."""
    pending = forget()
    return pending.grids_for(data, limits) if pending is not None else {}


def forget() -> HeadStart | None:
    """Let go of a read begun and not taken (a command that stopped before reading): its
    thread ends on its own, and what it read goes with it."""
    global _pending
    pending, _pending = _pending, None
    return pending


def _read_as_by_default(source: Path, settings: Path | None) -> bool:
    """Whether every settings file the run may use leaves the reading to the defaults: no
    `[limits]` (the read stays within the user's limits, which may be lower) and no
    `[source] tab` (only that tab is read then). Looked at with tomllib alone, before the
    settings are loaded and checked; a file odd in any way says no, and the backend alone
    reads, as the settings say."""
    if settings is not None:
        return _keeps_defaults(settings, missing=False)
    return all(_keeps_defaults(folder / SETTINGS) for folder in (Path(), source.parent))


def _keeps_defaults(path: Path, missing: bool = True) -> bool:
    """`missing`: what a file that is not there says."""
    try:
        text = _settings_text(path)
    except FileNotFoundError:
        return missing
    except OSError:  # a folder, a FIFO, no permission: the loader says what is wrong
        return False
    if text is None:
        return False
    try:
        table = tomllib.loads(text.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):  # tomllib's errors are ValueErrors
        return False
    source = table.get("source", {})
    return "limits" not in table and not (isinstance(source, dict) and "tab" in source)


def _settings_text(path: Path) -> bytes | None:
    """A regular file's bytes, when no larger than a settings file may be; else None.
    Opened without blocking, so a FIFO put in its place is seen, not waited on."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        pieces: list[bytes] = []
        while sum(map(len, pieces)) <= MAX_SETTINGS_BYTES and (
                piece := os.read(fd, MAX_SETTINGS_BYTES + 1)):
            pieces.append(piece)
    finally:
        os.close(fd)
    text = b"".join(pieces)
    return text if len(text) <= MAX_SETTINGS_BYTES else None
