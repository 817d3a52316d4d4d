"""Which rows and columns of its tabs a Google Sheet hides, from the metadata GET.

A values read gives the cells alone; the metadata GET (one request either way) is asked
for each tab's row and column properties too, only whether each is hidden: by hand, or
a row by a filter. As on an .xlsx, hidden rows and columns are read like the others and
a warning names them (core/grids.py, core/layouts/hidden.py).
"""

from __future__ import annotations

from typing import Any

# All the metadata GET asks for: the Sheet's and its tabs' descriptions as before, and of
# the grid only the hidden flags (each row or column answers {} unless it is hidden).
FIELDS = ("spreadsheetId,properties,sheets(properties,merges,conditionalFormats,"
          "developerMetadata,data(rowMetadata(hiddenByUser,hiddenByFilter),"
          "columnMetadata(hiddenByUser)))")
_ROW_FLAGS = ("hiddenByUser", "hiddenByFilter")


def hidden_rows(sheet: dict[str, Any]) -> tuple[int, ...]:
    """The tab's hidden rows, 1-based, in order."""
    return tuple(_hidden(sheet, "rowMetadata", "startRow", _ROW_FLAGS))


def hidden_columns(sheet: dict[str, Any]) -> tuple[tuple[int, int], ...]:
    """The tab's hidden columns, as (first, last) runs, 1-based, in order."""
    runs: list[tuple[int, int]] = []
    for column in _hidden(sheet, "columnMetadata", "startColumn", ("hiddenByUser",)):
        if runs and runs[-1][1] == column - 1:
            runs[-1] = (runs[-1][0], column)
        else:
            runs.append((column, column))
    return tuple(runs)


def _hidden(sheet: dict[str, Any], key: str, start_key: str,
            flags: tuple[str, ...]) -> list[int]:
    """The 1-based places whose properties say hidden. Anything else than the documented
    shape is a TypeError (said as one line by the caller)."""
    data = sheet.get("data", [])
    if not isinstance(data, list):
        raise TypeError(f"{key} is not a list of grids")
    found: set[int] = set()
    for grid in data:
        entries = grid.get(key, [])
        start = grid.get(start_key, 0)
        if not isinstance(entries, list) or type(start) is not int or start < 0:
            raise TypeError(f"{key} is not a list")
        found.update(start + at + 1 for at, entry in enumerate(entries)
                     if any(entry.get(flag) is True for flag in flags))
    return sorted(found)
