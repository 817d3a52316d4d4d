"""Integer keys (a pair such as person × project folded into one integer) counted and
joined by sorting.

The staffing answers ask "which pairs, how many times each" and "which rows name the same
person" of arrays of hundreds of thousands of integers. `np.unique` answers the first by
hashing every value; these arrays come nearly sorted (person by person), which numpy's
sort finishes in a fraction of that time, and equal values then sit side by side. Rows
sorted by several keys (`sorted_by`) are sorted once, on the keys folded into one integer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def distinct(values: np.ndarray) -> np.ndarray:
    """`np.unique(values)`: the distinct values, ascending."""
    ordered = np.sort(values)
    return ordered[_run_starts(ordered)]


def counted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(values, return_counts=True)`: the distinct values, ascending, and how
    many times each occurs."""
    ordered = np.sort(values)
    starts = np.flatnonzero(_run_starts(ordered))
    return ordered[starts], np.diff(np.r_[starts, len(ordered)])


def last_of_each(values: np.ndarray) -> np.ndarray:
    """Where each distinct value last occurs, ascending: `np.unique` of the values
    reversed, with `return_index`, turned back. pandas' hash table of integers finds the
    repeats without the sort np.unique makes."""
    return np.flatnonzero(~pd.Series(values).duplicated(keep="last").to_numpy())


def _run_starts(ordered: np.ndarray) -> np.ndarray:
    return np.r_[True, ordered[1:] != ordered[:-1]] if len(ordered) else np.zeros(0, bool)


def grouped(codes: np.ndarray) -> np.ndarray:
    """`np.argsort(codes, kind="stable")` for integer codes: rows grouped by code, in
    order within each. Codes from -1 up to a few thousand are sorted as 8- or 16-bit
    integers, which numpy's stable sort orders by radix, several times quicker than a
    merge sort of 64-bit ones; the order is the same, a stable sort having only one."""
    if len(codes) and codes.dtype.kind in "iu":
        low, high = int(codes.min()), int(codes.max())
        if low >= -1 and high < (1 << 16) - 1:
            narrow = np.uint8 if high < (1 << 8) - 1 else np.uint16
            return np.argsort((codes + 1).astype(narrow), kind="stable")
    return np.argsort(codes, kind="stable")


def pairings(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pairing of a row of `left` with a row of `right` holding the same key, as two
    arrays of row numbers (an inner join; in no particular order)."""
    by_key = np.argsort(right, kind="stable")
    keys = right[by_key]
    first = np.searchsorted(keys, left, side="left")
    matches = np.searchsorted(keys, left, side="right") - first
    rows = np.repeat(np.arange(len(left)), matches)
    # A row's n-th match is n places after its first: the pairing's own number, less the
    # number of the row's first pairing, plus the place of the row's first match. Worked
    # out in place, so that at a million people no more than three arrays the size of the
    # join are held at once.
    others = np.arange(len(rows))
    others += np.repeat(first - (np.cumsum(matches) - matches), matches)
    return rows, by_key[others]


def sorted_by(keys: list[np.ndarray]) -> np.ndarray:
    """`np.lexsort(keys[::-1])`: rows sorted by the first key, then the next, rows alike
    kept in order. Each key is a place from 0, so they fold into one integer per row, the
    row's own position last (every row then differs, so a quick unstable sort is stable);
    one sort of one integer is quicker than a sort per key."""
    rows = len(keys[0]) if keys else 0
    sizes = [int(key.max()) + 1 if len(key) else 1 for key in keys]
    if _product(sizes) >= 2.0 ** 62:  # the keys would not fit one integer
        return np.lexsort(keys[::-1])
    with_rows = _product([*sizes, rows]) < 2.0 ** 62
    if with_rows:
        keys, sizes = [*keys, np.arange(rows)], [*sizes, max(rows, 1)]
    folded = np.zeros(rows, dtype=np.int64)
    for key, size in zip(keys, sizes, strict=True):
        folded = folded * size + key
    # Without the row's position to tell rows alike apart, the sort must keep them in order.
    return np.argsort(folded) if with_rows else np.argsort(folded, kind="stable")


def _product(sizes: list[int]) -> float:
    return float(np.prod(np.array(sizes, dtype=float)))


def places(values: np.ndarray) -> np.ndarray:
    """Each value's place among the distinct values, ascending: a key for `sorted_by`
    that orders rows as `values` would in `np.lexsort` (pandas groups -0.0 with 0.0 and
    every NaN together, which the sort puts last). Places from 0 are kept as they are."""
    if values.dtype.kind == "i" and (not len(values) or values.min() >= 0):
        return values
    codes, found = pd.factorize(values, use_na_sentinel=False)
    place = np.empty(len(found), dtype=np.intp)
    place[np.argsort(found, kind="stable")] = np.arange(len(found))
    return place[codes]
