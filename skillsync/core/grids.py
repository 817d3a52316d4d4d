"""A Grid from the cells a sheet really holds, with memory that follows those cells.

Readers hand over the cells present as {(row, column): value} (1-based sheet positions).
A dense grid over their whole extent could be billions of cells for one stray keystroke
at XFD1048576, so the grid keeps the biggest block of cells (blocks are split by wide
gaps of empty rows or columns), places it with `first_row`/`first_col`, and never holds
more than `budget(cells)` positions; every cell left out is listed in `stray`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any

from skillsync.core import messages
from skillsync.core.codes import Code
from skillsync.core.model import Grid, Issue, Severity, column_letter

ROW_GAP = 1000  # empty rows that end a block: a lone cell far below is not data
COL_GAP = 200  # empty columns that end a block
DENSITY = 20  # positions a grid may hold per cell present ...
FLOOR = 2_000_000  # ... or this many, whichever is more (a small sheet is cheap anyway)
CEILING = 20_000_000  # and never more than this
STRAY_LISTED = 100  # stray cells named; the rest are only counted by the caller
LONG_TEXT = Code.CELL_TOO_LONG  # a cell's text was over the length limit and was cut
CUT_LISTED = 20  # cut cells reported one by one
HIDDEN_LISTED = 10  # hidden rows named in their one warning; the rest are counted

Cells = Mapping[tuple[int, int], Any]
Merge = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col (1-based)


def budget(cells: int) -> int:
    """Positions a grid of `cells` cells present may allocate."""
    return min(CEILING, max(FLOOR, DENSITY * cells))


def grid_from_cells(name: str, cells: Cells, merged: Iterable[Merge] = (),
                    cut: Iterable[str] = (), hidden: Iterable[int] = (),
                    hidden_columns: tuple[tuple[int, int], ...] = ()) -> Grid:
    """The grid of the biggest block of `cells`, anchored at A1 when that fits the budget."""
    if not cells:
        return Grid(name, [], cut=tuple(cut), hidden=tuple(hidden),
                    hidden_columns=hidden_columns)
    rows = _biggest_block(Counter(r for r, _ in cells), ROW_GAP)
    columns = _biggest_block(Counter(c for r, c in cells if rows[0] <= r <= rows[1]), COL_GAP)
    allowed = budget(len(cells))
    first_row = 1 if rows[1] * columns[1] <= allowed else rows[0]
    first_col = 1 if rows[1] * columns[1] <= allowed else columns[0]
    width = columns[1] - first_col + 1
    last_row = min(rows[1], first_row - 1 + max(allowed // width, 1))
    grid = [[""] * width for _ in range(last_row - first_row + 1)]
    stray = []
    for (r, c), value in cells.items():
        if rows[0] <= r <= last_row and columns[0] <= c <= columns[1]:
            grid[r - first_row][c - first_col] = value
        elif len(stray) < STRAY_LISTED:
            stray.append((r, c))
    return Grid(name, grid, first_row, first_col,
                stray=tuple(f"{column_letter(c)}{r}" for r, c in sorted(stray)),
                merged=clip_merges(merged, first_row, first_col, last_row, columns[1]),
                cut=tuple(cut), hidden=tuple(hidden), hidden_columns=hidden_columns)


def runs_of(places: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """Places (hidden rows or columns) as (first, last) runs of neighbours, in order."""
    runs: list[tuple[int, int]] = []
    for at in sorted(set(places)):
        if runs and at == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], at)
        else:
            runs.append((at, at))
    return tuple(runs)


def _biggest_block(counts: Counter[int], gap: int) -> tuple[int, int]:
    """(first, last) of the run of positions, split where more than `gap` are empty, that
    holds the most cells (the first such run on a tie)."""
    ordered = sorted(counts)
    best = current = (ordered[0], ordered[0])
    best_count = current_count = counts[ordered[0]]
    for position in ordered[1:]:
        if position - current[1] > gap:
            current, current_count = (position, position), 0
        current = (current[0], position)
        current_count += counts[position]
        if current_count > best_count:
            best, best_count = current, current_count
    return best


def clip_merges(merged: Iterable[Merge], first_row: int, first_col: int, last_row: int,
                last_col: int) -> tuple[Merge, ...]:
    """Merged ranges whose first cell is in the grid, clipped to the grid's far edges."""
    kept = []
    for top, left, bottom, right in merged:
        if first_row <= top <= last_row and first_col <= left <= last_col:
            kept.append((top, left, min(bottom, last_row), min(right, last_col)))
    return tuple(kept)


def cut_long_text(rows: list[list[Any]], limit: int, first_row: int = 1,
                  first_col: int = 1) -> tuple[str, ...]:
    """Cut text longer than `limit` characters in place; the A1 references of the cells cut.
    Almost never is any: the longest text is found first, every cell taken in C (at a
    million rows 1.0 s, against 1.6 s for the loop that finds the cells to cut)."""
    if _longest_text(rows) <= limit:
        return ()
    cut = []
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value.__class__ is str and len(value) > limit:
                row[j] = value[:limit]
                cut.append(f"{column_letter(first_col + j)}{first_row + i}")
    return tuple(cut)


def _longest_text(rows: list[list[Any]]) -> int:
    return max(map(len, filter(str.__instancecheck__, chain.from_iterable(rows))), default=0)


def long_text_issues(grid: Grid) -> list[Issue]:
    """A warning per cell (the first few) whose text was cut to the length limit."""
    issues = []
    for ref in grid.cut[:CUT_LISTED]:
        row = int("".join(c for c in ref if c.isdigit()))
        issues.append(Issue(row, None, LONG_TEXT, Severity.WARNING,
                            messages.long_text(ref, grid.name), ref))
    return issues


def hidden_rows_issues(grid: Grid, record_rows: Iterable[int], first_tab: str,
                       across: bool = False) -> list[Issue]:
    """One warning naming the rows of people (`record_rows`, this tab's) hidden in the
    spreadsheet: read like any other, though whoever hid them may think them gone. Its
    tab is named as a row's issues name it: only when it is not the first tab read.
    `across`: people are columns (a transposed sheet), and so are the hidden places."""
    places = ({c for first, last in grid.hidden_columns for c in range(first, last + 1)}
              if across else set(grid.hidden))
    hidden = sorted(places.intersection(record_rows)) if places else []
    if not hidden:
        return []
    listed = hidden[:HIDDEN_LISTED]
    named = [column_letter(at) if across else str(at) for at in listed]
    return [Issue(listed[0], None, Code.HIDDEN_ROWS, Severity.WARNING,
                  messages.hidden_rows(named, len(hidden) - len(listed), grid.name, across),
                  sheet=None if grid.name == first_tab else grid.name)]
