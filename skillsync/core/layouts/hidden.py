"""Columns the inventory reads that the spreadsheet hides.

People hide a column they stopped keeping ("Skills 2019", "Old team") rather than delete
it. A hidden column is read like a visible one, so its skills are counted and its team
shown, while whoever hid it may think it gone: one warning per tab names the hidden
columns that are read. Hidden columns nothing reads say nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from skillsync.core import messages
from skillsync.core.codes import Code
from skillsync.core.layouts.table import Table
from skillsync.core.model import Grid, Issue, Severity, column_letter

LISTED = 5  # hidden columns named in the warning; the rest are counted


def hidden_columns_issues(table: Table, grid: Grid, first_tab: str,
                          across: bool = False) -> list[Issue]:
    """One warning naming the columns `table` reads that `grid` says are hidden. `across`:
    the grid is a sheet with people across, turned; its columns are the sheet's rows."""
    if not grid.hidden_columns:
        return []
    read = sorted(set(_columns_read(table)))
    hidden = [index for index in read if _hidden(grid, table.first_col + index)]
    if not hidden:
        return []
    headers = _headers(table, grid)
    named = [(_place(table.first_col + index, across), headers.get(index, ""))
             for index in hidden[:LISTED]]
    first = (f"{column_letter(table.header_row)}{named[0][0]}" if across
             else f"{named[0][0]}{table.header_row}")
    return [Issue(table.header_row, None, Code.HIDDEN_COLUMNS, Severity.WARNING,
                  messages.hidden_columns(named, len(hidden) - len(named), grid.name, across),
                  first, sheet=None if grid.name == first_tab else grid.name)]


def _place(column: int, across: bool) -> str:
    """A column as the sheet names it: its letter, or, turned, the row it was."""
    return str(column) if across else column_letter(column)


def _columns_read(table: Table) -> Iterator[int]:
    """Every column the table reads (0-based, into a grid row), whatever it holds."""
    yield from table.fields.values()
    yield from table.name_parts or ()
    yield from (skill.index for skill in table.skills)
    yield from (i for i in (table.long_skill, table.long_level) if i is not None)
    yield from (i for pair in table.skill_pairs for i in pair if i is not None)
    yield from (index for index, _ in table.skill_lists)


def _hidden(grid: Grid, column: int) -> bool:
    return any(first <= column <= last for first, last in grid.hidden_columns)


def _headers(table: Table, grid: Grid) -> dict[int, str]:
    """Each column's header as the table read it (a skill under its category, a header
    over two rows), else as its header row's cell holds it."""
    row = grid.rows[table.offset] if table.offset < len(grid.rows) else []
    found = {index: str(value) for index, value in enumerate(row)}
    found.update({index: table.headers.get(name, "") for name, index in table.fields.items()})
    found.update({index: header for (index, _), header
                  in zip(table.skill_lists, table.skill_list_headers, strict=False)})
    found.update({skill.index: skill.header for skill in table.skills})
    return {index: " ".join(text.split())[:60] for index, text in found.items()}
