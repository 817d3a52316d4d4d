"""Places in name order (ignoring case), worked out once per distinct name.

The tabs sort people and skills by name ignoring case, with ties broken by the name as
written. Sorting with a (casefolded, written) tuple per value compares tuples in Python;
here the casefolded names are sorted once, by numpy where it can (see `_folded_places`),
and only names equal but for case, which are few, are then ordered as written. These are
`distinct.ranks_of` with such keys, only quicker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd


def places(values: Sequence[Any]) -> np.ndarray:
    """Each value's place among the distinct values sorted by (casefold, as written):
    `distinct.ranks(values, lambda v: (v.casefold(), v))`. Values are strings."""
    codes, found = pd.factorize(np.asarray(values, dtype=object))
    return _places_of(codes, found.tolist(), ties=False)


def folded_places(codes: np.ndarray, found: Sequence[str]) -> np.ndarray:
    """`distinct.ranks_of(codes, found, str.casefold)`: values equal but for case share
    a place."""
    return _places_of(codes, list(found), ties=True)


def _places_of(codes: np.ndarray, found: list[str], ties: bool) -> np.ndarray:
    place = _folded_places(found)
    if not ties:
        place = _written_order_within(place, found)
    return place[codes]


MAX_FIXED_WIDTH = 1 << 24  # characters a fixed-width copy of the names may take (64 MB)


def _folded_places(found: list[str]) -> np.ndarray:
    """Each text's place among the distinct casefolded texts (equal ones share it). numpy
    sorts a fixed-width copy of them in C, in the same order as Python compares them
    (code point by code point), but for NUL, which a fixed-width text cannot end in; a
    text holding one, or one so long that every text padded to it would take too much
    memory, has them sorted in Python instead."""
    folded = [text.casefold() for text in found]
    widest = max(map(len, folded), default=0)
    if widest * len(folded) <= MAX_FIXED_WIDTH and "\0" not in "".join(folded):
        return np.unique(np.array(folded, dtype=str), return_inverse=True)[1]
    same, distinct = pd.factorize(np.array(folded, dtype=object))
    keys = distinct.tolist()
    place = np.empty(len(keys), dtype=np.intp)
    place[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    return place[same]


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
