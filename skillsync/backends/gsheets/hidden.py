"""Which rows and columns of its tabs a Google Sheet hides, from the metadata GET.

A values read gives the cells alone; the metadata GET (one request either way) is asked
for each tab's row and column properties too, only whether each is hidden: by hand, or
a row by a filter. As on an .xlsx, hidden rows and columns are read like the others and
a warning names them (core/grids.py, core/layouts/hidden.py).
"""

from __future__ import annotations

from typing import Any

from skillsync.core.grids import runs_of

# All the metadata GET asks for: the Sheet's and its tabs' descriptions as before, and of
# the grid only the hidden flags (each row or column answers {} unless it is hidden).
FIELDS = ("spreadsheetId,properties,sheets(properties,merges,conditionalFormats,"
          "developerMetadata,data(rowMetadata(hiddenByUser,hiddenByFilter),"
          "columnMetadata(hiddenByUser)))")
_ROW_FLAGS = ("hiddenByUser", "hiddenByFilter")


def hidden_rows(data: Any) -> tuple[int, ...]:
    """The tab's hidden rows, 1-based, in order, from its `data` (its grids as answered)."""
    return tuple(_hidden(data, "rowMetadata", "startRow", _ROW_FLAGS))


def hidden_columns(data: Any) -> tuple[tuple[int, int], ...]:
    """The tab's hidden columns, as (first, last) runs, 1-based, in order."""
    return runs_of(_hidden(data, "columnMetadata", "startColumn", ("hiddenByUser",)))


def _hidden(data: Any, key: str, start_key: str, flags: tuple[str, ...]) -> list[int]:
    """The 1-based places whose properties say hidden. Only what the API documents counts:
    anything else (a list that is no list, an entry that is no object, a flag that is not
    `true`) is no flag. The flags only add a warning, and every tab's come with the
    answer, read or not: an odd one about a notes tab must not stop the sync."""
    found: set[int] = set()
    for grid in data if isinstance(data, list) else ():
        entries = grid.get(key) if isinstance(grid, dict) else None
        start = grid.get(start_key, 0) if isinstance(grid, dict) else 0
        if not isinstance(entries, list) or type(start) is not int or start < 0:
            continue
        found.update(start + at + 1 for at, entry in enumerate(entries)
                     if isinstance(entry, dict) and any(entry.get(f) is True for f in flags))
    return sorted(found)
