"""Values that moved against their people: the patterns a sheet accident leaves (pure).

The e-mail column itself may have moved against the rest (rekeyed). Otherwise three
patterns, found among the people present in both snapshots, in sheet order:
- shifted: a stretch of rows where every row now holds the previous value of the row
  `d` above or below (a block pasted one row off), with real changes in it;
- sorted: a column now in order while the rows beside it stayed (the same values as
  before, rearranged, many on other people, in order where they were not);
- moved: values that were one person's alone (a name, a whole skill list) now on another
  person's row, while their owner's row changed too.
Values are compared as stored: a pasted or sorted value is an exact copy. Only the
changed positions and their neighbours are looked at, so a quiet night costs little. A
matrix's skill columns are fields of their own here (aligned.SKILL); people whose whole
row moved (the table re-sorted) are no evidence of values moving (Aligned.in_place).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import compress, pairwise
from operator import ne
from typing import Any

from skillsync.core.aligned import Aligned, Pattern, empty
from skillsync.core.history import KEPT, LISTS

OFFSETS = (1, -1, 2, -2)  # a row down, a row up, two down, two up
MOVE_FIELDS = ("name", *LISTS)  # values that are nearly one person's own
SORTED_SHARE = 0.3  # a column sorted alone changes at least this share of its rows
LENIENT_FROM = 10  # values a sorted stretch needs before one pair out of order is forgiven
REKEYED_SHARE = 0.5  # people whose name changed, when the e-mail column moved
REKEYED_BLOCK = 0.9  # of them with a neighbour's name, when only a block of it moved


def shifted(aligned: Aligned, min_people: int, max_gap: int) -> list[Pattern]:
    """Blocks pasted off by a row or two, one pattern per offset, with every field."""
    found: dict[int, list[tuple[str, list[int]]]] = {}
    for name in (*KEPT, *aligned.skills):
        changed = aligned.in_place(name)
        if len(changed) < min_people:
            continue
        for d in OFFSETS:
            block = _longest_block(aligned, name, changed, d, max_gap)
            if len(block) >= min_people:
                found.setdefault(d, []).append((name, block))
                break
    patterns = []
    for d, blocks in found.items():
        positions = sorted({i for _, block in blocks for i in block})
        patterns.append(Pattern("shifted", tuple(n for n, _ in blocks), tuple(positions),
                                tuple(i - d for i in positions), d))
    return patterns


def _longest_block(aligned: Aligned, name: str, changed: list[int], d: int,
                   max_gap: int) -> list[int]:
    """The changed positions of the longest stretch a shift of `d` explains entirely."""
    best: list[int] = []
    block: list[int] = []
    end = -1  # the last position the current stretch's shift explains
    for i in changed:
        if not aligned.same(name, i, i - d):
            best, block, end = max(best, block, key=len), [], -1
            continue
        if empty(aligned.now(i, name)):
            continue  # emptied like the neighbour: evidence neither way
        if i > end or (block and i - block[-1] > max_gap):
            best, block = max(best, block, key=len), []
            end = i
            while end + 1 < len(aligned.keys) and aligned.same(name, end + 1, end + 1 - d):
                end += 1
        block.append(i)
    return max(best, block, key=len)


def sorted_alone(aligned: Aligned, min_people: int) -> list[Pattern]:
    patterns = []
    for name in (*KEPT, *aligned.skills):
        for changed in _by_tab(aligned, aligned.in_place(name)):
            if len(changed) < min_people:
                continue
            span = range(changed[0], changed[-1] + 1)
            if len(changed) >= SORTED_SHARE * len(span) and _sorted(aligned, name, span):
                patterns.append(Pattern("sorted", (name,), tuple(changed),
                                        (None,) * len(changed)))
                break
    return patterns


def _by_tab(aligned: Aligned, positions: list[int]) -> Iterator[list[int]]:
    """Positions grouped by tab (people are in tab order, so each group is a stretch)."""
    group: list[int] = []
    for i in positions:
        if group and aligned.tabs[i] != aligned.tabs[group[0]]:
            yield group
            group = []
        group.append(i)
    if group:
        yield group


def _sorted(aligned: Aligned, name: str, span: range) -> bool:
    """The same values as before over `span`, now in order where they were not."""
    now = [aligned.now(i, name) for i in span]
    was = [aligned.was(i, name) for i in span]
    same = Counter(map(_hashable, now)) & Counter(map(_hashable, was))
    if sum(same.values()) < 0.9 * len(span):
        return False  # not the same values rearranged
    now_keys = [k for k in map(_sort_key, now) if k is not None]
    was_keys = [k for k in map(_sort_key, was) if k is not None]
    # The sheet sorts its text, we see it read: a long stretch may show a pair out of
    # order; a short one must be in order outright (four values with one pair out of order
    # are a rotation as often as a sort).
    allowed = 1 + len(now_keys) // 20 if len(now_keys) >= LENIENT_FROM else 0
    # With many values changed, "in order now" means it was not before; with only two
    # values (yes/no), everyone flipping a grouped column would look sorted too.
    varied = len(set(now_keys)) > 2
    return any(_disorder(now_keys, way) <= allowed
               and (varied or _disorder(was_keys, way) > allowed) for way in (1, -1))


def _sort_key(value: Any) -> Any:
    if type(value) in (list, tuple):
        value = value[0] if value else None
        value = value[0] if type(value) in (list, tuple) else value
    if value is None or value == "":
        return None
    return value.casefold() if type(value) is str else value


def _disorder(keys: list[Any], way: int) -> int:
    """Neighbours out of order, ascending (1) or descending (-1)."""
    return sum(1 for a, b in pairwise(keys) if (a > b if way == 1 else a < b))


def rekeyed(aligned: Aligned, min_people: int) -> Pattern | None:
    """The key column (e-mail) moved against the rest: most people now carry another
    person's name (names compared folded, so 'Lima, Ana' is still Ana Lima)."""
    was, now = aligned.before.column("name_key"), aligned.after.column("name_key")
    # Compared for everyone in C; the people with a name both times counted only when
    # enough names changed.
    moved = [i for i in compress(range(len(was)), map(ne, was, now)) if was[i] and now[i]]
    if len(moved) < min_people:
        return None
    named = [i for i, (b, a) in enumerate(zip(was, now, strict=True)) if b and a]
    if len(moved) < REKEYED_SHARE * len(named) and not _block_rekeyed(aligned, moved,
                                                                       min_people):
        return None
    holder = {was[i]: i for i in named}
    sources = tuple(holder.get(now[i]) for i in moved)
    earlier = sorted(range(len(aligned.keys)), key=aligned.before.column("row").__getitem__)
    names_was = aligned.before.column("name")
    if _newly_in_order(aligned.after.column("name"), [names_was[i] for i in earlier]):
        return Pattern("rekeyed", ("name",), tuple(moved), sources, 1)
    keys_then = [aligned.keys[i] for i in earlier]
    return Pattern("rekeyed", ("email",), tuple(moved), sources,
                   int(_newly_in_order(aligned.keys, keys_then)))


def _block_rekeyed(aligned: Aligned, moved: list[int], min_people: int) -> bool:
    """Fewer than half the e-mails moved, but as a block pasted a row or two off: the
    people whose name changed nearly all carry a neighbour's name now, and their other
    values changed with it (a Name column pasted alone leaves those; see `shifted`)."""
    if len(moved) < 2 * min_people:
        return False
    neighbour = sum(1 for i in moved if any(
        aligned.same("name_key", i, i + d) for d in OFFSETS))
    rest = sum(1 for i in moved if any(
        aligned.now(i, f) != aligned.was(i, f) for f in ("team", "expertise", "role")))
    return neighbour >= REKEYED_BLOCK * len(moved) and rest >= REKEYED_SHARE * len(moved)


def _newly_in_order(now: list[Any], was: list[Any]) -> bool:
    """In order (either way) now, and less so before."""
    now_keys = [k for k in map(_sort_key, now) if k is not None]
    was_keys = [k for k in map(_sort_key, was) if k is not None]
    allowed = 1 + len(now_keys) // 20
    return any((disorder := _disorder(now_keys, way)) <= allowed
               and _disorder(was_keys, way) > disorder for way in (1, -1))


def moved(aligned: Aligned, min_people: int) -> list[Pattern]:
    patterns = []
    for name in MOVE_FIELDS:
        changed = aligned.in_place(name)
        if len(changed) < min_people:
            continue
        owners = _owners(aligned, name, changed)
        mine = set(changed)
        found = [(i, owner) for i in changed
                 if (owner := owners.get(_hashable(aligned.after.value(i, name)))) is not None
                 and owner != i and owner in mine]
        if len(found) >= min_people and len(found) >= 0.5 * len(changed):
            patterns.append(Pattern("moved", (name,), tuple(i for i, _ in found),
                                    tuple(o for _, o in found)))
    return patterns


def _owners(aligned: Aligned, name: str, changed: list[int]) -> dict[Any, int | None]:
    """For each new value among `changed`, the one person who held it before (None when
    several did). A cheap key skips most of the sheet without building its values."""
    wanted = {_hashable(v) for i in changed if not empty(v := aligned.after.value(i, name))}
    cheap = {_cheap(w) for w in wanted}
    owners: dict[Any, int | None] = {}
    for j, value in enumerate(aligned.before.column(name)):
        if empty(value) or _cheap(value) not in cheap:
            continue
        held = _hashable(value)
        if held in wanted:
            owners[held] = None if held in owners else j
    return owners


def _hashable(value: Any) -> Any:
    if type(value) is list:  # values are tuples as stored; lists only from a caller
        return tuple(_hashable(v) for v in value)
    return value


def _cheap(value: Any) -> Any:
    if type(value) in (list, tuple):
        first = value[0] if value else None
        return (len(value), first[0] if type(first) in (list, tuple) else first)
    return value
