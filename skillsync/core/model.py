"""Values shared across the core: cells, problems, the located table."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from skillsync.core.codes import Code, label


class Severity(StrEnum):
    ERROR = "error"  # the row is left out or a value is unusable
    WARNING = "warning"  # read, but someone should look
    NOTE = "note"  # read as meant (a typo folded to its skill); said so it can be fixed


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
    code: Code
    severity: Severity
    message: str
    cell: str | None = None  # A1 reference on the tab the row is on, for links
    email: str | None = None  # the person the row belongs to, for nudges
    sheet: str | None = None  # the tab, when it is not the inventory's first tab

    @property
    def label(self) -> str:
        return label(self.code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "code": str(self.code),
            "severity": str(self.severity),
            "message": self.message,
            "sheet": self.sheet,
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
    # Sheet rows hidden in the spreadsheet (by hand, a filter or a collapsed group), in order.
    hidden: tuple[int, ...] = ()
    # Sheet columns hidden in the spreadsheet, as (first, last) runs in order, 1-based.
    hidden_columns: tuple[tuple[int, int], ...] = ()
    tab_hidden: bool = False  # the tab itself is hidden in the workbook


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the inventory is: its layout, tab(s), header row and which column holds which
    field (on the first tab read; `places` has each tab's own columns)."""

    sheet: str
    header_row: int
    columns: dict[str, int]  # field -> 0-based index into a grid row
    headers: dict[str, str]  # field -> header text as typed
    first_col: int = 1
    ignored: tuple[str, ...] = field(default=())  # header cells no field claimed
    name: str = "rows"  # rows | wide | form | long | transposed
    sheets: tuple[str, ...] = ()  # every tab read, first first
    transposed: bool = False  # people across, fields and skills down
    places: dict[str, Place] = field(default_factory=dict)  # tab -> its columns

    def letter(self, field_name: str) -> str:
        return column_letter(self.first_col + self.columns[field_name])

    def cell(self, field_name: str | None, row: int, sheet: str | None = None) -> str | None:
        """The A1 reference of a field's cell in a record's row (None if the field has no
        column). For a transposed sheet `row` is the person's column, the field a row."""
        place = self.places.get(sheet or self.sheet)
        columns = place.columns if place else self.columns
        if field_name not in columns:
            return None
        index = (place.first_col if place else self.first_col) + columns[field_name]
        if self.transposed:
            return f"{column_letter(row)}{index}"
        return f"{column_letter(index)}{row}"

    def where(self, row: int) -> str:
        """How a person's place is said: 'row 7', or 'column G' when people are across."""
        return f"column {column_letter(row)}" if self.transposed else f"row {row}"


@dataclass(frozen=True, slots=True)
class Place:
    """One tab's columns (tabs read together may order their columns differently)."""

    columns: dict[str, int]
    first_col: int = 1
    skills: dict[str, int] = field(default_factory=dict)  # skill header -> 0-based column


@lru_cache(maxsize=65536)
def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA. Cached: links to a million rows ask for the same few columns."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
