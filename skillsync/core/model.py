"""Values shared across the core: cells, problems, the located table."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class CellError:
    """A spreadsheet error value such as #N/A or #REF!, kept distinct from text."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class Issue:
    """One data problem: where it is (as the user sees the sheet), what it is, how to fix it."""

    row: int | None
    column: str | None
    code: str
    severity: Severity
    message: str
    cell: str | None = None  # A1 reference on the inventory tab, for links
    email: str | None = None  # the person the row belongs to, for nudges

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Grid:
    """A tab's cells as read: rows[i][j] is sheet row first_row+i, column first_col+j (1-based)."""

    name: str
    rows: list[list[Any]]
    first_row: int = 1
    first_col: int = 1
    stray: tuple[str, ...] = ()  # far-away cells left out of `rows` (A1 references)
    # Merged ranges as (first_row, first_col, last_row, last_col), 1-based sheet positions,
    # those whose first cell lies in `rows`, clipped to the grid's far edges.
    merged: tuple[tuple[int, int, int, int], ...] = ()
    cut: tuple[str, ...] = ()  # cells whose text was over the length limit and was cut


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the inventory is: its tab, header row and which column holds which field."""

    sheet: str
    header_row: int
    columns: dict[str, int]  # field -> 0-based index into a grid row
    headers: dict[str, str]  # field -> header text as typed
    first_col: int = 1
    ignored: tuple[str, ...] = field(default=())  # header cells no field claimed

    def letter(self, field_name: str) -> str:
        return column_letter(self.first_col + self.columns[field_name])


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
