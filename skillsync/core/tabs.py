"""The shape of a tool-owned tab, independent of where it is written."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pandas as pd


class Kind(StrEnum):
    TEXT = "text"
    WRAP = "wrap"  # long text, wrapped in the cell
    INT = "int"
    PERCENT = "percent"
    DATE = "date"
    DATETIME = "datetime"
    LINK = "link"  # values are Link


@dataclass(frozen=True, slots=True)
class Link:
    """A pointer to a cell of the inventory, shown as `text`."""

    text: str
    sheet: str
    cell: str  # A1 reference such as "C7"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    kind: Kind = Kind.TEXT
    width: float = 14.0


@dataclass(frozen=True)
class Tab:
    """One owned tab: a header row of `columns`, then `frame`'s rows in order."""

    key: str  # stable identity ("skills"), independent of the configurable title
    title: str
    columns: tuple[Column, ...]
    frame: pd.DataFrame
    heat_columns: tuple[int, int] | None = None  # first..last column index for a colour scale
    omitted: str | None = None  # why the tab is not written (its frame is then empty)

    def __post_init__(self) -> None:
        if len(self.columns) != len(self.frame.columns):
            raise ValueError(f"tab {self.key}: {len(self.columns)} columns, frame has "
                             f"{len(self.frame.columns)}")

    @property
    def unfit(self) -> str | None:
        """Why the tab cannot be written in a spreadsheet (it is never written cut short)."""
        if self.omitted:
            return self.omitted
        return too_many_rows(len(self.frame)) if len(self.frame) >= MAX_ROWS else None


class Aside(Protocol):
    """A writer's offer to build a large tab itself, elsewhere (the Excel writer: in a
    second process, backends/xlsx/aside.py): given the tab's key, title, size (its rows,
    or what its building goes through) and how to build it, the tab or the writer's
    stand-in for it, which only that writer's `write` takes. The builder pickles (a
    module's function with its inputs), so it can go to another process. `early`: offered
    before the history is recalled, which leaves the other process time for it."""

    def __call__(self, key: str, title: str, rows: int, build: Callable[[], Tab], *,
                 early: bool = False) -> Tab: ...


class Columnar(list):
    """A list of one dataclass's instances, as a builder offered aside takes them: pickled
    as one list per field, not instance by instance (a hundred thousand issues: 0.1 s,
    not 0.65), and unpickled as a plain list of the instances again."""

    def __reduce__(self) -> tuple:
        kind = type(self[0]) if self else None
        fields = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else ()
        if not fields or not all(f.init for f in fields) or any(
                type(item) is not kind for item in self):
            return list, (list(self),)  # instance by instance, as any list
        return _rebuilt, (kind, [list(map(attrgetter(f.name), self)) for f in fields])


def _rebuilt(kind: type, columns: list[list[Any]]) -> list[Any]:
    return list(map(kind, *columns))

MAX_CELL_TEXT = 32_000  # Excel holds 32,767 characters in a cell; Sheets 50,000
MAX_ROWS = 1_048_576  # the most rows a tab holds in Excel and LibreOffice, header included


def cut_to(text: str, units: int) -> str:
    """`text` cut to `units` UTF-16 code units, as Excel counts a cell's characters (one
    outside the Basic Multilingual Plane, an emoji, counts two); never half a pair."""
    if len(text) <= units // 2:  # two units a character at most: it fits
        return text
    encoded = text[:units].encode("utf-16-le", "surrogatepass")
    if len(encoded) <= 2 * units and len(text) <= units:
        return text
    kept = encoded[:2 * units]
    if 0xD8 <= kept[-1] <= 0xDB:  # the first half of a pair whose second half was cut
        kept = kept[:-2]
    return kept.decode("utf-16-le", "surrogatepass")


def too_many_rows(rows: int) -> str:
    """Why a tab of `rows` rows (header not counted) is not written."""
    return (f"{rows:,} rows are more than a spreadsheet tab holds ({MAX_ROWS - 1:,} under "
            "its header); `skillsync export SOURCE` gives the whole table")


def capped_list(names: list[str], limit: int) -> str:
    """'Ana, Bo, Cy and 12 more', never longer than a cell can hold."""
    return capped_text(names[:limit], len(names))


NAME_SEPARATOR = "; "  # between people's names: a name may hold a comma ("Smith, John")


def capped_names(names: list[str], limit: int) -> str:
    """'Ana; Smith, John; Cy and 12 more': `capped_list` of people's names."""
    return capped_text(names[:limit], len(names), NAME_SEPARATOR)


def capped_text(shown: list[str], total: int, separator: str = ", ") -> str:
    """The names shown, then how many more there are, cut to what a cell can hold."""
    text = separator.join(shown)
    if total > len(shown):
        text += f" and {total - len(shown)} more"
    return cut_to(text, MAX_CELL_TEXT)
