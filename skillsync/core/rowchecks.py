"""Checks across a record's fields once every field is parsed, and each row-level issue
given its row's e-mail, so a nudge can reach the person (see people.read_records)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from skillsync.core import cells, distinct, messages
from skillsync.core.codes import Code
from skillsync.core.model import Issue, Severity

if TYPE_CHECKING:
    from skillsync.core.people import Collector


def filled(values: list[Any]) -> int:
    """How many of a column's cells are filled (asked of one column only: it costs a pass)."""
    if not values:
        return 0
    codes, found = distinct.group(values)
    blank = np.fromiter((cells.is_blank(v) for v in found), dtype=bool, count=len(found))
    return len(values) - int(np.count_nonzero(blank[codes]))


def collapse_column_problem(out: Collector, code: Code, field_name: str,
                             filled_cells: Callable[[], int]) -> None:
    """When most of a column has the same problem the column is the problem: one issue
    at the header ("the Manager column holds names") instead of one on every row. The
    filled cells are counted only when the problem is found three times or more."""
    found = sum(1 for i in out.issues if i.code == code)
    if found < 3:
        return
    filled = filled_cells()
    if found * 2 < filled:
        return
    out.issues[:] = [i for i in out.issues if i.code != code]
    out.add(out.layout.header_row, None, field_name, code, Severity.WARNING,
            messages.column_problem(code, out.layout.headers.get(field_name, field_name),
                                    found, filled))


def check_people(record: dict[str, list[Any]], out: Collector) -> None:
    """Row-level checks that need several fields at once."""
    has_team = "team" in out.layout.columns
    has_name = "name" in out.layout.columns
    for i in _unnamed_or_teamless(record, has_name, has_team):
        key, row, sheet = record["key"][i], record["row"][i], record["sheet"][i]
        if has_name and not record["name"][i]:
            out.add(row, sheet, "name", Code.MISSING_NAME, Severity.WARNING,
                    messages.MISSING_NAME, key)
        if has_team and not record["team"][i]:
            out.add(row, sheet, "team", Code.MISSING_TEAM, Severity.WARNING,
                    messages.MISSING_TEAM, key)
    _attach_emails(record, out)


def _unnamed_or_teamless(record: dict[str, list[Any]], has_name: bool, has_team: bool
                         ) -> list[int]:
    """The records with a key but no name or no team (where the sheet has the column)."""
    count = len(record["row"])
    blank = np.zeros(count, dtype=bool)
    for name, present in (("name", has_name), ("team", has_team)):
        if present:
            blank |= np.fromiter(map(operator.not_, record[name]), dtype=bool, count=count)
    keyed = np.fromiter(map(operator.is_not, record["key"], repeat(None)), dtype=bool,
                        count=count)
    return np.flatnonzero(blank & keyed).tolist()


def _attach_emails(record: dict[str, list[Any]], out: Collector) -> None:
    """Give every row-level issue its row's e-mail, so a nudge can reach the person (most
    were made with it: those found before the keys were known are made again)."""
    if all(i.email for i in out.issues):
        return
    key_at = out.key_at or keys_by_place(record["key"], record["row"], record["sheet"],
                                          out.layout.sheet)
    for at, issue in enumerate(out.issues):
        if not issue.email:
            key = key_at(issue.sheet, issue.row)
            if key:
                out.issues[at] = _with_email(issue, key)


def keys_by_place(keys: list[str | None], rows: list[int], sheets: list[str], first: str
                   ) -> Callable[[str | None, int | None], str | None]:
    """The key of the record at a place (its tab, None for the first, and row), None
    where no record with a key is. The records of one tab are found by row alone,
    without a (tab, row) pair made for each."""
    tabs = set(sheets)
    if len(tabs) == 1:
        (only,) = tabs
        by_row = dict(compress(zip(rows, keys, strict=True), keys))
        return lambda sheet, row: by_row.get(row) if (sheet or first) == only else None
    places = zip(sheets, rows, strict=True)
    by_place = dict(compress(zip(places, keys, strict=True), keys))  # rows with a key
    return lambda sheet, row: by_place.get((sheet or first, row))


def _with_email(issue: Issue, email: str) -> Issue:
    return Issue(issue.row, issue.column, issue.code, issue.severity, issue.message,
                 issue.cell, email, issue.sheet)
