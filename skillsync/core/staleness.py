"""Rows stale by the sync history: unchanged for long, where the sheet gives no date (pure)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from skillsync.core.codes import Code
from skillsync.core.history import STORED, People, Record, Snapshot
from skillsync.core.model import Issue, Layout, Severity


def stale_rows(people: pd.DataFrame, current: Snapshot, layout: Layout, today: date,
               stale_days: int) -> list[Issue]:
    """Rows unchanged for longer than `stale_days` by the sync history, for people whose
    row gives no "last updated" date (a date in the sheet, where given, wins)."""
    stored = People.of(current.people, STORED)
    at, since_of = stored.place, stored.fields["since"]
    issues = []
    for key, updated in zip(people["key"].tolist(), people["last_updated"].tolist(),
                            strict=True):
        i = at.get(str(key))
        if updated is not None or i is None:
            continue
        since = datetime.fromisoformat(since_of[i]).date()
        if (today - since).days > stale_days:
            record = stored.at(i)
            issues.append(Issue(record["row"], None, Code.STALE_ROW, Severity.WARNING,
                                stale_message(since, stale_days),
                                email=str(key), sheet=_other_sheet(record, layout)))
    return issues


def stale_message(since: date, days: int) -> str:
    return (f"This row has not changed since {since.isoformat()} (by skillsync's sync "
            f"history), more than {days} days ago; check it is still true.")


def _other_sheet(record: Record, layout: Layout) -> str | None:
    return record["sheet"] if record["sheet"] != layout.sheet else None
