"""Which stored runs to keep: every run for a while, then one a week (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from skillsync.core.history import HELD


def to_prune(stored: Sequence[tuple[int, datetime, str]], now: datetime, keep_days: int,
             weekly: bool) -> set[int]:
    """Stored runs (id, taken_at, status) to delete: every run is kept `keep_days`, then
    one a week (the week's last), or none; the newest good run is always kept."""
    good = [s for s in stored if s[2] != HELD]
    newest_good = max(good, key=lambda s: (s[1], s[0]))[0] if good else None
    weeks: dict[tuple[int, int], tuple[datetime, int]] = {}
    for ident, taken_at, _status in stored:  # each ISO week's newest run
        week = taken_at.isocalendar()[:2]
        weeks[week] = max(weeks.get(week, (taken_at, ident)), (taken_at, ident))
    old = [s for s in stored if (now - s[1]).days >= keep_days]
    kept = {ident for _, ident in weeks.values()} if weekly else set()
    return {s[0] for s in old if s[0] not in kept and s[0] != newest_good}
