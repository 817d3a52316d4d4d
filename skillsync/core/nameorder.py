"""Places in name order (ignoring case), worked out once per distinct name.

The tabs sort people and skills by name ignoring case, with ties broken by the name as
written. Sorting with a (casefolded, written) tuple per value compares tuples in Python;
here the casefolded names are sorted once, by numpy where it can (see `_folded_places`),
and only names equal but for case, which are few, are then ordered as written. These are
`distinct.ranks_of` with such keys, only quicker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

import numpy as np
import pandas as pd


def places(values: Sequence[Any]) -> np.ndarray:
    """Each value's place among the distinct values sorted by (casefold, as written):
    `distinct.ranks(values, lambda v: (v.casefold(), v))`. Values are strings."""
    return NameOrder.of(values).places


@dataclass(frozen=True)
class NameOrder:
    """Everyone's name order, sorted once and shared by every list that sorts people by
    name (the "Who" lists, People × Skills, the mentor pairs): each person's name (by
    position in the people table) as an index into the distinct names, and each distinct
    name's place ignoring case."""

    codes: np.ndarray  # each person's index into `found`
    found: list[str]
    folded: np.ndarray  # each distinct name's place, names equal but for case sharing one

    @classmethod
    def of(cls, names: Sequence[str]) -> NameOrder:
        codes, found = pd.factorize(np.asarray(names, dtype=object))
        found = found.tolist()
        return cls(codes, found, _folded_places(found))

    @cached_property
    def places(self) -> np.ndarray:
        """Each person's place by (casefold, as written): `places(names)`."""
        return _written_order_within(self.folded, self.found)[self.codes]

    @cached_property
    def folded_places(self) -> np.ndarray:
        """Each person's place ignoring case: `folded_places(*factorize(names))`, but for
        the numbering: places among everyone's names, so only their order is the same."""
        return self.folded[self.codes]

    def folded_at(self, positions: np.ndarray) -> np.ndarray:
        """`folded_places` of the people at `positions`; -1 stands for someone not in the
        table, named "" (first in name order, level with anyone whose name is "")."""
        nameless = self.found.index("") if "" in self.found else -1
        blank = self.folded[nameless] if nameless >= 0 else -1
        places = np.full(len(positions), blank, dtype=self.folded_places.dtype)
        known = positions >= 0  # indexed alone: the table may be empty
        places[known] = self.folded_places[positions[known]]
        return places


def sendable(names: list[str]) -> Callable[[], NameOrder]:
    """`NameOrder.of(names)` as work to send to another process, its places worked out
    there too: the names as one text, NUL between each two (a million of them pickle in a
    twentieth of the time a list takes), unless one holds a NUL itself."""
    joined = "\0".join(names)
    if joined.count("\0") != max(len(names) - 1, 0):
        return partial(_ordered, names)
    return partial(_ordered_from, joined, len(names))


def _ordered_from(joined: str, count: int) -> NameOrder:
    global _sorted_last
    names = joined.split("\0") if count else []
    if len(names) != count:
        raise ValueError(f"{len(names)} names where {count} were sent")
    order = _ordered(names)
    _sorted_last = (joined, order)
    return order


# In the process names are sent to (`sendable`), the order it sorted last, by the names
# as one text: the tabs it then builds from the same people (core/earlytabs.py) take it
# rather than sort the names again (0.1 s at 100,000 people, 1 s at a million).
_sorted_last: tuple[str, NameOrder] | None = None


def of_names(names: list[str], keep: bool = True) -> NameOrder:
    """`NameOrder.of(names)`; the order this process sorted last when it was of these
    very names (joined alike, none holding a NUL: the join is then theirs alone). Without
    `keep`, that order is let go here (the last to take it): it holds every name, a
    hundred megabytes at a million people, through whatever this process does next."""
    global _sorted_last
    last, _sorted_last = _sorted_last, (_sorted_last if keep else None)
    if last is not None and len(last[1].codes) == len(names):
        joined = "\0".join(names)
        if joined == last[0] and joined.count("\0") == max(len(names) - 1, 0):
            return last[1]
    return NameOrder.of(names)


def _ordered(names: list[str]) -> NameOrder:
    order = NameOrder.of(names)
    order.places  # noqa: B018 (worked out here: it travels with the order)
    return order


def given(found: Callable[[], Any] | None, names: list[str]) -> NameOrder | None:
    """The name order worked out elsewhere (`found`: see `sendable`), when it came back
    as the order of these very `names`, each in its place; else None, and it is worked
    out here."""
    order = found() if found is not None else None
    if not (isinstance(order, NameOrder) and isinstance(order.codes, np.ndarray)
            and len(order.codes) == len(names)):
        return None
    try:
        named = np.asarray(order.found, dtype=object)[order.codes]
        placed = len(order.places) == len(names)
    except (IndexError, TypeError, ValueError):
        return None
    return order if placed and named.tolist() == names else None


def folded_places(codes: np.ndarray, found: Sequence[str]) -> np.ndarray:
    """`distinct.ranks_of(codes, found, str.casefold)`: values equal but for case share
    a place."""
    return _folded_places(list(found))[codes]


MAX_FIXED_WIDTH = 1 << 24  # characters a fixed-width copy of the names may take (64 MB)


def _folded_places(found: list[str]) -> np.ndarray:
    """Each text's place among the distinct casefolded texts (equal ones share it). numpy
    sorts a fixed-width copy of them in C, in the same order as Python compares them
    (code point by code point), but for NUL, which a fixed-width text cannot end in; a
    text holding one, or one so long that every text padded to it would take too much
    memory, has them sorted in Python instead."""
    folded = [text.casefold() for text in found]
    if _fixed_width_fits(folded):
        return np.unique(_fixed_width(folded), return_inverse=True)[1]
    same, distinct = pd.factorize(np.array(folded, dtype=object))
    keys = distinct.tolist()
    place = np.empty(len(keys), dtype=np.intp)
    place[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    return place[same]


def sorted_order(texts: list[str]) -> np.ndarray:
    """The positions of `texts` (distinct) in the order Python sorts them (code point by
    code point): sorted by numpy in C on a fixed-width copy when one fits, as in
    `_folded_places`, else by Python."""
    if _fixed_width_fits(texts):
        return np.argsort(_fixed_width(texts), kind="stable")
    return np.array(sorted(range(len(texts)), key=texts.__getitem__), dtype=np.intp)


def _fixed_width_fits(texts: list[str]) -> bool:
    """Whether numpy orders `texts` as Python does on a fixed-width copy of them, and the
    copy is small enough: it pads texts with NUL, so one holding a NUL is left out."""
    widest = max(map(len, texts), default=0)
    return widest * len(texts) <= MAX_FIXED_WIDTH and "\0" not in "".join(texts)


def _fixed_width(texts: list[str]) -> np.ndarray:
    """A fixed-width copy of `texts` that numpy sorts as Python does: bytes when every
    text is ASCII (a byte per character, not four, so a quarter of the memory to copy
    and compare, and the same order), else four-byte characters."""
    return np.array(texts, dtype="S" if "".join(texts).isascii() else str)


def _written_order_within(place: np.ndarray, found: list[str]) -> np.ndarray:
    """Places 0..n-1 from places shared by names equal but for case: those sharing one
    ordered by the name as written, the rest kept in order."""
    order = np.argsort(place, kind="stable")
    sizes = np.bincount(place)
    if len(sizes) == len(place):  # no place shared
        return place
    order = order.tolist()
    ends = np.cumsum(sizes)
    for group in np.flatnonzero(sizes > 1).tolist():
        start, end = int(ends[group] - sizes[group]), int(ends[group])
        order[start:end] = sorted(order[start:end], key=found.__getitem__)
    apart = np.empty(len(place), dtype=np.intp)
    apart[order] = np.arange(len(place))
    return apart
