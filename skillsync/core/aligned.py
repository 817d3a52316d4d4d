"""The people of two snapshots side by side, in this sheet's order (pure).

The accident guard's patterns (shifts.py, overwrites.py) look at the people present both
times: matched by key (the e-mail), or by name when their e-mail changed (see
history.same_people). Each field is read through `now` and `was`, so a matrix's skill
column can be looked at as a field of its own ("skill:Python": each person's level there),
built only for the people and positions a check looks at.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, islice
from operator import le, lt, or_
from typing import Any

from skillsync.core.history import STORED, Changes, Snapshot, diff
from skillsync.core.roster import People, Picked

SKILL = "skill:"  # a matrix's skill column as a field: "skill:Python"
HELD = 0  # the level of a skill held without one (a mark such as "x")


@dataclass(frozen=True)
class Aligned:
    """The people in both snapshots, in this sheet's order, with both versions."""

    keys: list[str]
    before: Picked  # their records last time, built when read
    after: Picked  # and now
    tabs: list[int]  # which tab each is on; neighbours are on the same tab
    changed: dict[str, list[int]]  # field -> positions whose value changed, in order
    skills: tuple[str, ...] = ()  # skill columns looked at as fields (SKILL + skill)
    _levels: tuple[dict[int, dict], dict[int, dict]] = field(
        default_factory=lambda: ({}, {}), compare=False, repr=False)

    @classmethod
    def of(cls, previous: Snapshot, current: Snapshot, changes: Changes | None = None,
           skills: Iterable[str] = ()) -> Aligned:
        changes = changes if changes is not None else diff(previous, current)
        people, before = People.of(current.people, STORED), People.of(previous.people, STORED)
        was = {c.who.key: c.was for c in changes.changed if c.was is not None}
        names = list(people)
        present: range | list[int] = range(len(names))
        if names != list(before):  # else everyone was there last time, in the same order
            known = map(before.place.__contains__, names)
            if was:
                known = map(or_, known, map(was.__contains__, names))
            present = list(compress(present, known))
        keys = (names if isinstance(present, range) and _by_row(people.fields["order"],
                                                                people.fields["row"])
                else list(map(names.__getitem__, _in_sheet_order(people, list(present)))))
        after = Picked(people, keys)
        aligned = cls(keys, Picked(before, list(map(was.get, keys, keys)) if was else keys), after,
                      after.column("order"), {}, tuple(SKILL + s for s in skills))
        aligned._note_changes(changes)
        return aligned

    def _note_changes(self, changes: Changes) -> None:
        if not changes.changed:
            return
        position = dict(zip(self.keys, range(len(self.keys)), strict=True))
        wanted = {name[len(SKILL):] for name in self.skills}
        changed = self.changed
        for change in changes.changed:
            i = position[change.who.key]
            for name in change.fields:
                changed.setdefault(name, []).append(i)
            if wanted and "expertise" in change.fields:
                for skill in _skills_changed(self.level_map(0, i), self.level_map(1, i),
                                             wanted):
                    changed.setdefault(SKILL + skill, []).append(i)
        for found in changed.values():
            found.sort()

    def now(self, i: int, name: str) -> Any:
        if name.startswith(SKILL):
            return self.level_map(1, i).get(name[len(SKILL):])
        return self.after.value(i, name)

    def was(self, i: int, name: str) -> Any:
        if name.startswith(SKILL):
            return self.level_map(0, i).get(name[len(SKILL):])
        return self.before.value(i, name)

    def level_map(self, side: int, i: int) -> dict[str, int]:
        """Skill -> level of position i before (side 0) or now (1); HELD for a mark."""
        cache = self._levels[side]
        found = cache.get(i)
        if found is None:
            items = (self.before, self.after)[side].value(i, "expertise")
            found = cache[i] = {item[0]: HELD if item[1] is None else item[1] for item in items}
        return found

    def same(self, name: str, i: int, j: int) -> bool:
        """Does position i now hold what position j held (on the same tab)?"""
        return (0 <= j < len(self.keys) and self.tabs[i] == self.tabs[j]
                and self.now(i, name) == self.was(j, name))

    def in_place(self, name: str) -> list[int]:
        """The changed positions of `name` whose person's row kept its place among the
        others. A row moved whole (the table re-sorted after someone's edit) carried its
        values along: that is no evidence of values moving against their people."""
        moved = self.moved_whole
        return [i for i in self.changed.get(name, []) if i not in moved]

    @cached_property
    def moved_whole(self) -> frozenset[int]:
        """People whose row is out of last time's order: those off the longest stretch
        of people still in last time's order (rows inserted or deleted keep the order;
        a re-sort moves some rows against the rest)."""
        if _by_row(self.before.column("order"), self.before.column("row"), lt):
            return frozenset()  # the usual night: nobody's row moved
        places = self.before.places()
        if all(map(lt, places, islice(places, 1, None))):
            return frozenset()  # on several tabs, none moved
        return frozenset(range(len(places))) - _longest_increasing(places)


def _in_sheet_order(people: People, present: list[int]) -> list[int]:
    """The positions `present` by tab, then row, as their people are in the sheet now."""
    tabs = list(map(people.fields["order"].__getitem__, present))
    rows = list(map(people.fields["row"].__getitem__, present))
    if not _by_row(tabs, rows):  # else (the usual sheet) sorting would change nothing
        # Two stable sorts: no (tab, row) pair made for each of 100,000 people.
        present.sort(key=people.fields["row"].__getitem__)
        present.sort(key=people.fields["order"].__getitem__)
    return present


def _by_row(tabs: list[int], rows: list[int], step: Any = le) -> bool:
    """Are these people all on one tab, each row `step` (at most, or before) the next?
    Compared in C, with no (tab, row) pair made for each person."""
    return tabs.count(tabs[0] if tabs else 0) == len(tabs) and all(
        map(step, rows, islice(rows, 1, None)))


def _longest_increasing(values: list[tuple[int, int]]) -> frozenset[int]:
    """The positions of a longest increasing subsequence (patience sorting)."""
    tails: list[tuple[int, int]] = []  # the smallest tail of a run of each length
    ends: list[int] = []  # its position
    before = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tails, value)
        before[i] = ends[k - 1] if k else -1
        if k == len(tails):
            tails.append(value)
            ends.append(i)
        else:
            tails[k], ends[k] = value, i
    kept, i = set(), ends[-1] if ends else -1
    while i >= 0:
        kept.add(i)
        i = before[i]
    return frozenset(kept)


def _skills_changed(was: dict[str, int], now: dict[str, int], wanted: set[str]
                    ) -> list[str]:
    return [s for s in wanted.intersection(was.keys() | now.keys())
            if was.get(s) != now.get(s)]


@dataclass(frozen=True)
class Pattern:
    kind: str  # shifted | sorted | moved | rekeyed | cleared | filled | pasted
    fields: tuple[str, ...]
    positions: tuple[int, ...]  # the people whose value it explains
    sources: tuple[int | None, ...]  # whose previous value each now holds, when known
    offset: int = 0  # shifted: rows off; rekeyed: 1 when the column is now in order
    other: str = ""  # pasted: the field whose values were pasted over this one
    total: int = 0  # cleared: the people who had a value last time


def empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == []
