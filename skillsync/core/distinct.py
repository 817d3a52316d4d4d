"""A column's cells grouped by distinct value, so work is done once per value, not per cell.

A sheet repeats itself: teams, roles, skills cells, levels and blanks recur down a column.
`group` gives each cell the index of its value among the column's distinct values, in the
order they first appear; the caller works on the distinct values and spreads the results
back with the codes (see `spread`).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from skillsync.core import intkeys

# Columns holding one kind of value, which pandas groups in C. Anything else (text beside
# numbers, None beside text) is grouped in Python by (type, value), because 1, 1.0 and
# True are equal to Python but are a level, a number and a mark to a reader of cells.
Grouped = tuple[np.ndarray, list[Any]]  # each cell's index into the distinct values; those

_ONE_KIND = frozenset({"string", "integer", "floating", "boolean", "datetime", "date",
                       "empty"})


def group(values: Sequence[Any]) -> tuple[np.ndarray, list[Any]]:
    """(for each cell, the index of its value in `distinct`; `distinct`). A categorical
    column is grouped already (see `categorical`): its codes are used as they are."""
    if isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        return _of_categorical(pd.Categorical(values))
    if type(values) is list and values and type(values[0]) is str:
        texts = _texts(values)
        if texts is not None:
            return texts
    if not isinstance(values, pd.Series) and set(map(type, values)) == {str}:
        # Texts alone (most columns): pandas hashes them in C without looking for
        # missing values or inferring what they are first.
        codes, found = pd.factorize(np.fromiter(values, dtype=object, count=len(values)))
        return codes.astype(np.int32), found.tolist()
    cells = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    if infer_dtype(cells, skipna=False) in _ONE_KIND:
        codes, found = pd.factorize(cells.astype(object), use_na_sentinel=False)
        return codes.astype(np.int32), list(found)
    # The same object stands for itself: group by identity in C first (a column of links
    # shares one object per row it points at), then the objects found by value.
    objects = cells.to_numpy(dtype=object)
    same, _ = pd.factorize(np.fromiter(map(id, objects), dtype=np.int64, count=len(objects)))
    first = intkeys.first_places(same, same.max() + 1 if len(same) else 0)
    codes, distinct = _by_value(objects[first])
    return codes[same], distinct


SAMPLED_STEP = 64  # every 64th cell looked at first, to tell a column of texts


def _texts(values: list[Any]) -> Grouped | None:
    """`group` of a list of texts, by a dict in C, in one pass: a value not met before
    is given the next code as it is looked up, so the distinct values are
    the dict's keys in the order first seen. The cells are scattered over memory (read
    row by row), so reaching each of them once, not twice, is most of the saving: even
    a column of mostly different texts is grouped as quickly as pandas does. None when
    some distinct value is not a text (a value equal to a text is a text, or a str
    subclass, which pandas groups with the texts it equals too)."""
    if set(map(type, values[::SAMPLED_STEP])) != {str}:  # mixed, most likely: not worth a pass
        return None
    code_of: defaultdict[Any, int] = defaultdict(itertools.count().__next__)
    codes = list(map(code_of.__getitem__, values))
    if not all(type(value) is str for value in code_of):
        return None
    return np.array(codes, dtype=np.int32), list(code_of)


SAMPLED = 4096  # cells looked at to tell whether a column's values mostly differ


def mostly_distinct(values: Sequence[Any]) -> bool:
    """Whether `values` is a list of texts that mostly differ (names, e-mails, skills
    cells): grouping such a column costs more than the work it saves. A sample spread
    over the column decides: the answer only says which way is cheaper, never what a
    cell reads as, since equal texts are the same value."""
    if type(values) is not list or not values:
        return False
    # Few repeats in a sample spread over the column: a column of a few thousand values
    # used over and over repeats itself within a sample this size (values drawn at random
    # from 5,000 repeat in ~1 sample of 3), one of 100,000 mostly different values does not.
    sample = values[::max(1, len(values) // SAMPLED)]
    return len(set(sample)) * 100 >= len(sample) * 97 and set(map(type, values)) == {str}


def _by_value(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    seen: dict[Any, int] = {}
    distinct: list[Any] = []
    codes = []
    for value in values.tolist():
        key = value if value.__class__ is str else (value.__class__, value)
        try:
            code = seen.get(key)
        except TypeError:  # unhashable: a value of its own
            key, code = (id(value),), None
        if code is None:
            code = seen[key] = len(distinct)
            distinct.append(value)
        codes.append(code)
    return np.asarray(codes, dtype=np.int32), distinct


def categorical(codes: np.ndarray, found: Sequence[Any]) -> pd.Categorical | np.ndarray:
    """A column held as each cell's index into its distinct values: a tab column built
    from values already grouped stays grouped, and the writer need not group it again.
    The values stay Python objects (a text is not turned into pandas' string type).
    None is a missing cell (code -1). Values pandas takes for equal (1, 1.0 and True)
    cannot be categories: such a column is spread out as plain objects instead."""
    present = np.fromiter((v is not None for v in found), dtype=bool, count=len(found))
    renumbered = np.where(present, np.cumsum(present) - 1, -1)
    kept = [v for v in found if v is not None]
    try:
        return pd.Categorical.from_codes(renumbered[codes] if len(found) else codes,
                                         categories=pd.Index(kept, dtype=object))
    except ValueError:
        return np.asarray(spread(found, codes), dtype=object)


def _of_categorical(column: pd.Categorical) -> tuple[np.ndarray, list[Any]]:
    """A categorical's codes and values, only those in use; a missing value (code -1)
    becomes None."""
    codes = column.codes.astype(np.int32, copy=False)  # the column's own, when they fit
    found = column.categories.tolist()
    if (codes < 0).any():
        codes = np.where(codes < 0, len(found), codes).astype(np.int32)
        found.append(None)
    used = np.bincount(codes, minlength=len(found)) > 0
    if used.all():
        return codes, found
    renumbered = np.cumsum(used, dtype=np.int32) - 1
    return renumbered[codes], [v for v, kept in zip(found, used.tolist(), strict=True) if kept]


def spread(results: Sequence[Any], codes: np.ndarray) -> list[Any]:
    """Each cell's result, from one result per distinct value."""
    table = np.fromiter(results, dtype=object, count=len(results))
    return table[codes].tolist()


def ranks(values: Sequence[Any], key: Callable[[Any], Any] | None = None) -> np.ndarray:
    """Each value's place when the column's distinct values are sorted by `key` (values
    whose keys are equal share a place): an integer to sort rows by, the strings compared
    once per distinct value."""
    codes, found = pd.factorize(np.asarray(values, dtype=object))
    return ranks_of(codes, found, key)


def ranks_of(codes: np.ndarray, found: Sequence[Any],
             key: Callable[[Any], Any] | None = None) -> np.ndarray:
    """`ranks` of a column already grouped: `codes` into its distinct values `found`."""
    keys = [key(v) for v in found] if key else list(found)
    order = sorted(range(len(keys)), key=keys.__getitem__)
    places = np.empty(len(keys), dtype=np.intp)
    place, last = -1, object()
    for index in order:
        if keys[index] != last:
            place, last = place + 1, keys[index]
        places[index] = place
    return places[codes]
