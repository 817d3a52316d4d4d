"""A column's cells grouped by distinct value, so work is done once per value, not per cell.

A sheet repeats itself: teams, roles, skills cells, levels and blanks recur down a column.
`group` gives each cell the index of its value among the column's distinct values, in the
order they first appear; the caller works on the distinct values and spreads the results
back with the codes (see `spread`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

# Columns holding one kind of value, which pandas groups in C. Anything else (text beside
# numbers, None beside text) is grouped in Python by (type, value), because 1, 1.0 and
# True are equal to Python but are a level, a number and a mark to a reader of cells.
_ONE_KIND = frozenset({"string", "integer", "floating", "boolean", "datetime", "date",
                       "empty"})


def group(values: Sequence[Any]) -> tuple[np.ndarray, list[Any]]:
    """(for each cell, the index of its value in `distinct`; `distinct`)."""
    cells = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    if infer_dtype(cells, skipna=False) in _ONE_KIND:
        codes, found = pd.factorize(cells.astype(object), use_na_sentinel=False)
        return codes.astype(np.int32), list(found)
    # The same object stands for itself: group by identity in C first (a column of links
    # shares one object per row it points at), then the objects found by value.
    objects = cells.to_numpy(dtype=object)
    same, _ = pd.factorize(np.fromiter(map(id, objects), dtype=np.int64, count=len(objects)))
    first = np.empty(same.max() + 1 if len(same) else 0, dtype=np.intp)
    first[same[::-1]] = np.arange(len(same))[::-1]  # where each object is first seen
    codes, distinct = _by_value(objects[first])
    return codes[same], distinct


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


def spread(results: Sequence[Any], codes: np.ndarray) -> list[Any]:
    """Each cell's result, from one result per distinct value."""
    table = np.fromiter(results, dtype=object, count=len(results))
    return table[codes].tolist()


def ranks(values: Sequence[Any], key: Callable[[Any], Any] | None = None) -> np.ndarray:
    """Each value's place when the column's distinct values are sorted by `key` (values
    whose keys are equal share a place): an integer to sort rows by, the strings compared
    once per distinct value."""
    codes, found = pd.factorize(np.asarray(values, dtype=object))
    keys = [key(v) for v in found] if key else list(found)
    order = sorted(range(len(keys)), key=keys.__getitem__)
    places = np.empty(len(keys), dtype=np.intp)
    place, last = -1, object()
    for index in order:
        if keys[index] != last:
            place, last = place + 1, keys[index]
        places[index] = place
    return places[codes]
