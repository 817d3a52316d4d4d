"""Where a sheet lives: an Excel workbook on disk or a Google Sheet. One small protocol."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from skillsync.core.model import Grid
from skillsync.core.tabs import Tab

if TYPE_CHECKING:
    from skillsync.config import Limits


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)  # tab titles written
    conflicts: list[str] = field(default_factory=list)  # titles a person's tab already has
    stale: list[str] = field(default_factory=list)  # our tabs under names no longer used
    notes: list[str] = field(default_factory=list)  # what else a person should know
    backup: Path | None = None


class Backend(Protocol):
    source: str  # how the source is named in reports

    def tab_names(self) -> list[str]:
        """Worksheet tabs a person owns (tool-owned tabs excluded), in workbook order."""
        ...

    def read(self, names: list[str]) -> dict[str, Grid]:
        """Grids for the named tabs; names that do not exist are left out."""
        ...

    def write(self, tabs: list[Tab]) -> WriteResult:
        """Create or replace our tabs, all or nothing; never touch a tab a person owns."""
        ...

    def cell_link(self, sheet: str, cell: str) -> str:
        """Where a person can find a cell: a URL with its range, or path and cell."""
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
    """The backend for a workbook path, a Sheets URL or gsheet:<id>."""
    from skillsync.config import Limits, check_wait

    limits = limits or Limits()
    sheet_id = spreadsheet_id(source)
    if sheet_id is not None:
        from skillsync.backends import gsheets  # gspread and google-auth load only when used

        return gsheets.SheetsBackend(sheet_id, credentials=credentials, limits=limits)
    from skillsync.backends.excel import ExcelBackend

    return ExcelBackend(Path(source), wait=check_wait(wait), backups=backups, writing=writing,
                        limits=limits)
