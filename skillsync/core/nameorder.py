"""Places in name order (ignoring case), worked out once per distinct name.

The tabs sort people and skills by name ignoring case, with ties broken by the name as
written. Sorting with a (casefolded, written) tuple per value compares tuples in Python;
two stable sorts on plain strings (written first, then casefolded) give the same order,
since a stable sort keeps the earlier order among equal keys, with each comparison a
string comparison done in C. These are `distinct.ranks_of` with such keys, only quicker.
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
    folded = [text.casefold() for text in found]
    order = list(range(len(found)))
    if not ties:
        order.sort(key=found.__getitem__)
    order.sort(key=folded.__getitem__)
    place = np.empty(len(found), dtype=np.intp)
    if ties and len(order):
        ordered = np.array([folded[at] for at in order], dtype=object)
        place[order] = np.cumsum(np.r_[True, ordered[1:] != ordered[:-1]]) - 1
    else:
        place[order] = np.arange(len(order))
    return place[codes]
