"""Dates written in both orders in one column: 25/12/2024 beside 12/25/2024.

A text such as 03/04/2024 reads as a date either way, and `[dates] day_first` says which
way it is read. That is safe while a column keeps to one order; once the same column holds
a date only day first can read and one only month first can read, people wrote both, and
some of the dates that read either way were read wrongly, with nothing to show it. Such a
column is reported once, at its header. Only texts count: a date cell, a serial number and
an ISO text (2024-12-25) carry no order. Each distinct text is looked at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from skillsync.core import messages, when
from skillsync.core.cells import clean_text
from skillsync.core.codes import Code
from skillsync.core.model import Severity

if TYPE_CHECKING:
    from skillsync.core.elsewhere import Distinct
    from skillsync.core.people import Collector

DAY_FIRST, MONTH_FIRST, EITHER = "day first", "month first", "either"
# Day, month and year as numbers, the only dates whose order is in doubt (a month's name
# or a four-digit year first settles it), maybe with a time after them.
_NUMBERS_ONLY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-][0-9]{2,4}"
                           r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?: ?[AaPp][Mm])?)?")
_MONTHS = 12


def order_of(text: str) -> str | None:
    """DAY_FIRST for a text only day first reads as a date (25/12/2024), MONTH_FIRST for
    one only month first reads (12/25/2024), EITHER for one both read as different dates
    (03/04/2024), so `[dates] day_first` decides; None for any other text."""
    order = _order_by_numbers(text)
    return order if order and _reads_as(text, order) else None


def first_of_each_order(values: Sequence[Any]) -> dict[str, int]:
    """Where among `values` (a column's distinct values) the first text of each order is;
    cells that are not text are passed over. The numbers alone tell a text's order; the
    date formats confirm only the first text of each (a column of one order would
    otherwise have every text read again)."""
    first: dict[str, int] = {}
    for at, value in enumerate(values):
        order = _order_by_numbers(value) if type(value) is str else None
        if order and order not in first and _reads_as(value, order):
            first[order] = at
            if len(first) == len(_FORMATS_READING):
                break
    return first


def _order_by_numbers(text: str) -> str | None:
    """The order a text of three numbers would be written in, by which of the first two
    can be a month; None for any other text, or one that is the same day either way."""
    found = _NUMBERS_ONLY.fullmatch(text.strip())
    if not found:
        return None
    first, second = int(found.group(1)), int(found.group(2))
    if first == second or min(first, second) > _MONTHS:
        return None  # 05/05/2024 is one day either way; 13/13/2024 is no day at all
    if first > _MONTHS:  # only a day can be over 12
        return DAY_FIRST
    return MONTH_FIRST if second > _MONTHS else EITHER


# For a text of each order, the formats that must read it: day first (True), month first.
_FORMATS_READING = {DAY_FIRST: (True,), MONTH_FIRST: (False,), EITHER: (True, False)}


def _reads_as(text: str, order: str) -> bool:
    return all(when.reads_in_order(text.strip(), day_first)
               for day_first in _FORMATS_READING[order])


@dataclass(frozen=True)
class Example:
    """A date as written, where it is ("row 7"), and what it was read as."""

    text: str
    where: str
    read_as: date | None = None


@dataclass(frozen=True)
class Mixed:
    """A column's dates written both ways: one of each order, and one that reads either
    way when the column has one."""

    day_first: Example
    month_first: Example
    either: Example | None


def mixed(values: Sequence[Any], where: Callable[[int], str], day_first: bool
          ) -> Mixed | None:
    """The examples of a column whose texts (`values`, each distinct one once) are
    written in both orders, else None; `where` says where the value at an index is."""
    first = first_of_each_order(values)
    if DAY_FIRST not in first or MONTH_FIRST not in first:
        return None
    found = {order: _example(values[at], where(at), day_first) for order, at in first.items()}
    return Mixed(found[DAY_FIRST], found[MONTH_FIRST], found.get(EITHER))


@dataclass(frozen=True)
class Against:
    """A column of one order, the other than `[dates] day_first` says: a text only that
    order reads, and one that reads either way, which the setting read its own way."""

    other: Example
    either: Example


def against_setting(values: Sequence[Any], where: Callable[[int], str], day_first: bool
                    ) -> Against | None:
    """The examples of a column whose texts (each distinct one once) only the other
    order reads, some, and the rest either way (so read as the setting says), else None:
    '11/15/2026' beside '03/12/2026', read day first, makes the one 3 December."""
    first = first_of_each_order(values)
    own, other = (DAY_FIRST, MONTH_FIRST) if day_first else (MONTH_FIRST, DAY_FIRST)
    if own in first or other not in first or EITHER not in first:
        return None
    return Against(*(_example(values[first[order]], where(first[order]), day_first)
                     for order in (other, EITHER)))


def _example(value: str, where: str, day_first: bool) -> Example:
    text = value.strip()
    return Example(text, where, when.parse_date(text, day_first)[0])


def check_column(out: Collector, field_name: str, column: Distinct, rows: list[int],
                 sheets: list[str], day_first: bool) -> None:
    """One warning at the header of a people column whose dates are written both ways,
    or one way, the other than the setting's, where some read either way."""
    where = partial(_place, out, column, rows, sheets)
    header = out.layout.headers.get(field_name, field_name)
    found = mixed(column.values, where, day_first)
    if found:
        message = messages.mixed_date_orders(header, found, day_first)
    elif against := against_setting(column.values, where, day_first):
        message = messages.dates_against_setting(header, against, day_first)
    else:
        return
    out.add(out.layout.header_row, None, field_name, Code.MIXED_DATE_ORDER,
            Severity.WARNING, message)


def _place(out: Collector, column: Distinct, rows: list[int], sheets: list[str],
           at: int) -> str:
    """Where the first cell holding the distinct value `at` is: "row 7", with its tab
    when that is not the first one read."""
    cell = at if column.codes is None else int(np.argmax(column.codes == at))
    where = out.layout.where(rows[cell])
    if sheets[cell] != out.layout.sheet:
        where = f"{where} of '{clean_text(sheets[cell])}'"
    return where
