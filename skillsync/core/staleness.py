"""Rows stale by the sync history: unchanged for long, where the sheet gives no date (pure).

A row's `since` is one of a few moments (the syncs that saw rows change), so each moment
is dated once and every person is sorted stale or not by it, all at once, in C; an
issue is made only for the rows found stale.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import compress, repeat
from operator import and_, is_

import pandas as pd

from skillsync.core.codes import Code
from skillsync.core.history import STORED, People, Snapshot
from skillsync.core.model import Issue, Layout, Severity
from skillsync.core.snapshots import keys_of, places


def stale_rows(people: pd.DataFrame, current: Snapshot, layout: Layout, today: date,
               stale_days: int) -> list[Issue]:
    """Rows unchanged for longer than `stale_days` by the sync history, for people whose
    row gives no "last updated" date (a date in the sheet, where given, wins)."""
    stored = People.of(current.people, STORED)
    since_of = [*stored.fields["since"], None]
    dates = {when: datetime.fromisoformat(when).date() for when in set(since_of) - {None}}
    old = {when for when, day in dates.items() if (today - day).days > stale_days}
    if not old:  # a history younger than `stale_days`, or rows all changed since
        return []
    keys = keys_of(people)
    at = places(stored, keys)  # len(stored) for a key not stored: it has no `since`
    undated = map(is_, people["last_updated"].tolist(), repeat(None))
    stale = compress(range(len(keys)), map(and_, undated,
                                           map(old.__contains__, map(since_of.__getitem__, at))))
    rows, sheets = stored.fields["row"], stored.fields["sheet"]
    return [Issue(rows[at[i]], None, Code.STALE_ROW, Severity.WARNING,
                  stale_message(dates[since_of[at[i]]], stale_days), email=keys[i],
                  sheet=_other_sheet(sheets[at[i]], layout)) for i in stale]


def stale_message(since: date, days: int) -> str:
    return (f"This row has not changed since {since.isoformat()} (by skillsync's sync "
            f"history), more than {days} days ago; check it is still true.")


def _other_sheet(sheet: str, layout: Layout) -> str | None:
    return sheet if sheet != layout.sheet else None
