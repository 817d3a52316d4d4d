"""Where a sheet lives: a workbook on disk, a CSV/ODS/XLS file, or a Google Sheet.

One small protocol. Writing goes through one `WritePlan` per backend: `plan(tabs)` says
what a write would add, replace and skip (and why), and `write(tabs, plan)` does exactly
that, so `--dry-run` reports what a sync would do, on every backend.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from skillsync.core.model import Grid
from skillsync.errors import SourceNotFound
from skillsync.terminal import one_line

Linker = Callable[[str, str], str]  # (tab, A1 cell) -> a URL or "path — tab, cell" text

if TYPE_CHECKING:
    from skillsync.config import Limits
    from skillsync.core.tabs import Tab


@dataclass(frozen=True)
class WritePlan:
    """What writing our tabs would do; the same plan drives a dry run and a write."""

    replace: tuple[str, ...] = ()  # our tabs, already in the sheet
    add: tuple[str, ...] = ()  # our tabs, new
    skip: tuple[tuple[str, str], ...] = ()  # (title, why) for tabs that will not be written
    stale: tuple[str, ...] = ()  # our tabs under names no longer used
    notes: tuple[str, ...] = ()  # what else a person should know
    target: str | None = None  # where the tabs go when not into the source itself

    @property
    def writes(self) -> tuple[str, ...]:
        return (*self.replace, *self.add)

    @property
    def conflicts(self) -> tuple[str, ...]:
        """Titles a tab of a person's already has."""
        return tuple(t for t, why in self.skip if why == TAKEN)


TAKEN = "a tab with that name is not skillsync's"


@dataclass(frozen=True)
class WriteResult:
    plan: WritePlan = field(default_factory=WritePlan)
    written: bool = False
    backup: Path | None = None


class Backend(Protocol):
    source: str  # how the source is named in reports

    def tab_names(self) -> list[str]:
        """Worksheet tabs a person owns (tool-owned tabs excluded), in workbook order."""
        ...

    def read(self, names: list[str]) -> dict[str, Grid]:
        """Grids for the named tabs; names that do not exist are left out."""
        ...

    def plan(self, tabs: list[Tab]) -> WritePlan:
        """What `write` would do with these tabs; reads nothing new, writes nothing."""
        ...

    def write(self, tabs: list[Tab], plan: WritePlan) -> WriteResult:
        """Carry out `plan`: all or nothing; never touch a tab a person owns."""
        ...

    def linker(self) -> Linker:
        """Where a person can find a cell; works after `close`."""
        ...

    def close(self) -> None:
        """Let go of what the backend holds open."""
        ...


_URL = re.compile(r"^https?://docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]+)")
_SCHEME = re.compile(r"^gsheets?:([A-Za-z0-9_-]+)$")


def spreadsheet_id(source: str) -> str | None:
    """The spreadsheet id in a Sheets URL or gsheet:<id>, else None (a file path)."""
    for pattern in (_URL, _SCHEME):
        found = pattern.match(source.strip())
        if found:
            return found.group(1)
    return None


def open_backend(source: str, *, wait: float = 0.0, backups: int = 7,
                 credentials: Path | None = None, writing: bool = True,
                 limits: Limits | None = None) -> Backend:
    """The backend for a workbook path, a CSV/ODS/XLS path, a Sheets URL or gsheet:<id>,
    or a Microsoft 365 sharing link or m365:<drive-id>/<item-id>."""
    from skillsync.backends.m365.links import parse_source
    from skillsync.config import Limits, check_wait

    limits = limits or Limits()
    wait = check_wait(wait)
    item = parse_source(source)
    if item is not None:
        from skillsync.backends.m365.backend import M365Backend  # requests and MSAL load here

        return M365Backend(item, wait=wait, backups=backups, writing=writing)
    sheet_id = spreadsheet_id(source)
    if sheet_id is not None:
        from skillsync.backends import gsheets  # gspread and google-auth load only when used

        return gsheets.SheetsBackend(sheet_id, credentials=credentials, limits=limits)
    if "://" in source:
        raise SourceNotFound(f"{one_line(source, 120)} is not a source skillsync knows: give a "
                             "Google Sheets, OneDrive or SharePoint link, or a file's path")
    from skillsync.backends import files

    path = Path(source)
    if path.suffix.lower() in files.SUFFIXES:
        return files.FileBackend(path, wait=wait, backups=backups, writing=writing,
                                 limits=limits)
    from skillsync.backends.excel import ExcelBackend

    return ExcelBackend(path, wait=wait, backups=backups, writing=writing, limits=limits)
