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


def distinct(values: np.ndarray, nearly_sorted: bool = True) -> np.ndarray:
    """`np.unique(values)`: the distinct values, ascending. Values that come nearly
    sorted, in runs, a merge sort (numpy's stable one) joins in a pass or two: at a
    million people a fifth of the time of its default sort. (np.unique hashes integers
    instead, which for pairs folded as a * width + b can take ten times as long.)"""
    ordered = np.sort(values, kind="stable" if nearly_sorted else None)
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


def first_places(codes: np.ndarray, count: int) -> np.ndarray:
    """Where each of the codes 0 to `count` - 1 is first met in `codes` (-1: never; a
    missing value's code, -1, is passed over). One assignment in C: where a code repeats,
    the last write wins, so the rows are written from the last to the first."""
    first = np.full(count, -1, dtype=np.intp)
    rows = np.flatnonzero(codes >= 0)
    first[codes[rows][::-1]] = rows[::-1]
    return first


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


def group_bounds(codes: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(`grouped(codes)`, where each code's rows begin in it): the rows of code c, for c
    from 0 to `count` - 1, are order[bounds[c]:bounds[c + 1]] (a missing code, -1, first)."""
    order = grouped(codes)
    return order, np.searchsorted(codes[order], np.arange(count + 1))


def pairings(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pairing of a row of `left` with a row of `right` holding the same key, as two
    arrays of row numbers (an inner join; in no particular order)."""
    first, matches, by_key = _matched(left, right)
    rows = np.repeat(np.arange(len(left)), matches)
    others = _others(first, matches)
    return rows, (others if by_key is None else by_key[others])


def pair_counts(left: np.ndarray, left_value: np.ndarray, right: np.ndarray,
                right_value: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """`counted(left_value[rows] * width + right_value[others])` over the pairings
    `rows, others` of `left` and `right`: how often each pair of values meets on one key.
    The join's row numbers are never made: each left row's value is repeated once per
    match, and the pairs are counted by `np.bincount` when their number is not much
    larger than the join's."""
    first, matches, by_key = _matched(left, right)
    others = _others(first, matches)
    keys = np.repeat(left_value.astype(np.int64) * width, matches)
    keys += (right_value if by_key is None else right_value[by_key])[others]
    del others
    top = int(keys.max(initial=-1)) + 1
    if top > 4 * len(keys) + (1 << 16) or int(keys.min(initial=0)) < 0:
        return counted(keys)
    found = np.bincount(keys, minlength=top)
    pairs = np.flatnonzero(found)
    return pairs, found[pairs]


def _matched(left: np.ndarray, right: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Each left row's first match among the right rows sorted by key, and how many it
    has; and that order (None: the right rows are sorted already, as a table's rows by
    person usually are). Keys that are small places from 0 are counted, not searched."""
    ordered = len(right) < 2 or bool((right[1:] >= right[:-1]).all())
    by_key = None if ordered else np.argsort(right, kind="stable")
    keys = right if ordered else right[by_key]
    if _small_places(left, keys):
        counts = np.bincount(keys, minlength=int(left.max(initial=0)) + 1)
        starts = np.cumsum(counts) - counts
        return starts[left], counts[left], by_key
    first = np.searchsorted(keys, left, side="left")
    return first, np.searchsorted(keys, left, side="right") - first, by_key


def _small_places(left: np.ndarray, keys: np.ndarray) -> bool:
    """Whether both are integers from 0 up to about their length, so counting each key
    takes less than searching for it."""
    if left.dtype.kind != "i" or keys.dtype.kind != "i":
        return False
    if int(left.min(initial=0)) < 0 or int(keys.min(initial=0)) < 0:
        return False
    top = max(int(left.max(initial=0)), int(keys.max(initial=0)))
    return top <= 4 * (len(left) + len(keys)) + (1 << 16)


def _others(first: np.ndarray, matches: np.ndarray) -> np.ndarray:
    """Each pairing's place among the sorted right rows. A row's n-th match is n places
    after its first: the pairing's own number, less the number of the row's first
    pairing, plus the place of the row's first match. Worked out in place, so that at a
    million people no more than three arrays the size of the join are held at once."""
    others = np.arange(int(matches.sum()))
    others += np.repeat(first - (np.cumsum(matches) - matches), matches)
    return others


def pairs_in(first: np.ndarray, second: np.ndarray, among_first: np.ndarray,
             among_second: np.ndarray) -> np.ndarray:
    """`pd.MultiIndex.from_arrays([first, second]).isin(pd.MultiIndex.from_arrays([
    among_first, among_second]))`: whether each pair is among the others. Integer pairs
    are folded into one integer each and looked up in pandas' hash table of integers,
    without the two index levels a MultiIndex builds by hashing each column."""
    columns = (first, second, among_first, among_second)
    if all(c.dtype.kind == "i" for c in columns):
        low = min(int(c.min(initial=0)) for c in (second, among_second))
        width = max(int(c.max(initial=0)) for c in (second, among_second)) - low + 1
        reach = max(abs(int(c.min(initial=0))) + abs(int(c.max(initial=0)))
                    for c in (first, among_first))
        if reach < (1 << 62) // width:  # every folded pair fits an int64, apart
            folded = first.astype(np.int64) * width + (second - low)
            among = among_first.astype(np.int64) * width + (among_second - low)
            return pd.Series(folded).isin(among).to_numpy()
    return pd.MultiIndex.from_arrays([first, second]).isin(
        pd.MultiIndex.from_arrays([among_first, among_second]))


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
