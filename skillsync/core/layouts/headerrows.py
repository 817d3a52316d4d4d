"""A header whose words lie over two rows: 'Current' above 'projects', or a merged band
'Projects' above 'Past' and 'Current'. Each column's two cells are read together as the
header vocabulary knows them best, so neither row alone is mistaken for the header (the
lower one then read as a person)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from skillsync.core.headers import HeaderVocabulary
from skillsync.core.layouts.columns import filled, is_address
from skillsync.core.model import Grid


def joined_header(grid: Grid, offset: int, headers: HeaderVocabulary) -> list[Any] | None:
    """The header rows `offset` and `offset + 1` read as one, or None when joining them
    names no field the lower row alone does not."""
    upper_row, lower_row = grid.rows[offset], grid.rows[offset + 1]
    if not (_header_like(upper_row) and _header_like(lower_row)):
        return None
    # The upper row is the part of a header: a complete header over a person's row of
    # texts would otherwise absorb that person ('Name' over 'Ana Lima' as 'Name Ana Lima').
    if _filled(upper_row) >= _filled(lower_row):
        return None
    top = _spread(grid, offset)
    joined: list[Any] = []
    gained = False
    for column in range(max(len(top), len(lower_row))):
        upper, lower = _at(top, column), _at(lower_row, column)
        if not filled(lower):
            joined.append(upper)
            continue
        best = _best(headers, str(lower).strip(), str(upper).strip() if filled(upper) else "")
        gained = gained or best != str(lower).strip()
        joined.append(best)
    return joined if gained else None


def _best(headers: HeaderVocabulary, lower: str, upper: str) -> str:
    """The lower cell, or it joined with the upper one when the join is a header spelling
    the vocabulary knows exactly and the lower cell alone is not ('Current' over
    'projects'; 'Last' over 'updated' names the same field, better). A join the vocabulary
    only finds a known word in ('Skills' over 'Python') is no header: a band over skill
    names, or a title over a column, stays above it."""
    if not upper:
        return lower
    alone = headers.match(lower) or ("", 0)
    for text in (f"{upper} {lower}", f"{lower} {upper}"):
        match = headers.match(text) or ("", 0)
        if match[1] == EXACT and (alone[1] < EXACT or match == alone):
            return text
    return lower


EXACT = 2  # HeaderVocabulary.match's strength for a spelling it knows as a whole


def _filled(row: Sequence[Any]) -> int:
    return sum(1 for cell in row if filled(cell))


def _header_like(row: Sequence[Any]) -> bool:
    """Whether a row could be part of a header: texts only, none an address (a row of
    levels or a person's row is neither; and joining them would be asked of every row
    pair a tab's first hundred rows make)."""
    cells = [cell for cell in row if filled(cell)]
    return bool(cells) and all(type(cell) is str and not is_address(cell) for cell in cells)


def _spread(grid: Grid, offset: int) -> list[Any]:
    """Row `offset` with each merged cell's value in every column it spans."""
    row = list(grid.rows[offset])
    sheet_row = grid.first_row + offset
    for top, left, bottom, right in grid.merged:
        start = left - grid.first_col
        if top <= sheet_row <= bottom and 0 <= start < len(row) and filled(row[start]):
            end = right - grid.first_col + 1
            row.extend([None] * max(0, end - len(row)))
            for column in range(start + 1, end):
                if not filled(row[column]):
                    row[column] = row[start]
    return row


def _at(row: Sequence[Any], column: int) -> Any:
    return row[column] if column < len(row) else None
