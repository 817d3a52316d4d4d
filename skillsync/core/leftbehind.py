"""A column left out of a sort (pure): the table sorted with one column outside the
selection, because a blank column cut the range or the column was not selected.

The people's rows moved; that column's values stayed on their sheet rows, so each person
now shows the value of whoever was on their row last time. A legitimate re-sort carries
every value along with its person, so the column's values do not change at all; edits
made on the same night land on rows whose old value they match only by chance, which the
shares below keep from passing as the pattern. And a sort has a key: another column now in
order that was not. Without one, a column whose values stayed by row is the sort key
itself (people moved between teams, then the table sorted by team), never left out.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from skillsync.core.aligned import Aligned, Pattern, empty
from skillsync.core.history import KEPT
from skillsync.core.roster import Picked

LEFT_SHARE = 0.9  # of the moved people whose value changed: now the value their row had
LEFT_OF_MOVED = 0.4  # and at least this share of everyone whose row moved


def left_behind(aligned: Aligned, min_people: int) -> list[Pattern]:
    """Each column whose values stayed on their rows while the people moved."""
    if len(aligned.moved_whole) < 2 * min_people:
        return []  # no re-sort: rows inserted or deleted keep the people's order
    was_places, now_places = aligned.before.places(), aligned.after.places()
    was_at = {place: j for j, place in enumerate(was_places)}
    moved = {i for i, (b, a) in enumerate(zip(was_places, now_places, strict=True)) if b != a}
    least = max(2 * min_people, LEFT_OF_MOVED * len(moved))
    patterns = []
    keys: list[str] | None = None
    for name in (*KEPT, *aligned.skills):
        changed = [i for i in aligned.changed.get(name, []) if i in moved]
        if len(changed) < least:
            continue
        keys = _newly_in_order(aligned) if keys is None else keys
        if not set(keys) - {name}:
            continue
        found = [(i, j) for i in changed
                 if (j := was_at.get(now_places[i])) is not None
                 and j != i and aligned.now(i, name) == aligned.was(j, name)]
        if len(found) >= least and len(found) >= LEFT_SHARE * len(changed):
            patterns.append(Pattern("left", (name,), tuple(i for i, _ in found),
                                    tuple(j for _, j in found)))
    return patterns


def _newly_in_order(aligned: Aligned) -> list[str]:
    """The columns now in order down each tab (either way), and more so than last time:
    the keys the table was sorted by."""
    now_order = range(len(aligned.keys))  # aligned is in this sheet's order
    was_order = sorted(now_order, key=aligned.before.places().__getitem__)
    found = []
    for name in KEPT:
        now, was = _keyed(aligned.after, name, now_order), _keyed(aligned.before, name, was_order)
        if len({k for _, k in now}) < 3:
            continue  # one or two values: in order by chance as often as by a sort
        allowed = len(now) // 20  # the sheet sorts its text, we see it read
        if any((d := _disorder(now, way)) <= allowed and _disorder(was, way) > d
               for way in (1, -1)):
            found.append(name)
    return found


def _keyed(records: Picked, name: str, order: Any) -> list[tuple[int, Any]]:
    tabs, values = records.column("order"), records.column(name)
    return [(tabs[i], _key(values[i])) for i in order if not empty(values[i])]


def _disorder(keyed: list[tuple[int, Any]], way: int) -> int:
    """Neighbours on one tab out of order, ascending (1) or descending (-1)."""
    return sum(1 for (t, a), (u, b) in pairwise(keyed)
               if t == u and (a > b if way == 1 else a < b))


def _key(value: Any) -> tuple[int, Any]:
    """Numbers before text, as Excel sorts; a list by its first item."""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
        value = value[0] if isinstance(value, list | tuple) else value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 1, str(value).casefold()
    return 0, value
