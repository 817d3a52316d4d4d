"""The Google Sheets backend (gspread behind it)."""

from __future__ import annotations

import re

_URL = re.compile(r"^https?://docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]+)")
_SCHEME = re.compile(r"^gsheets?:([A-Za-z0-9_-]+)$")


def spreadsheet_id(source: str) -> str | None:
    """The spreadsheet id in a Sheets URL or gsheet:<id>, else None (a file path)."""
    for pattern in (_URL, _SCHEME):
        found = pattern.match(source.strip())
        if found:
            return found.group(1)
    return None
