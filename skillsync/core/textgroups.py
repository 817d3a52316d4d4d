"""Text columns grouped by distinct value in one pass of pandas' hashing, kept grouped.

`distinct.group` first asks what kind of values a column holds, then groups them; a column
of the tidy table is text already (one text per person or skill, repeated down the rows),
so here the grouping is tried straight away, and `distinct.group` is asked only when it
finds a value that is not text (a missing cell, a number). `categorical` builds a tab
column from such a grouping without pandas hashing the distinct values a second time to
check they are distinct: they are, by construction, and hashing 100,000 names, e-mails
or links again costs more than the grouping did.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from skillsync.core import distinct


def group(values: np.ndarray, runs: bool = False) -> distinct.Grouped:
    """`distinct.group(values)`: each cell's index into the distinct values, in the order
    first met, and those values. `runs`: the values come in runs of the same value (a
    person's name on each of their rows), so only the first of each run is looked up."""
    starts = _run_starts(values) if runs else None
    if starts is not None:
        codes, found = pd.factorize(values[starts])
        codes = np.repeat(codes, np.diff(np.r_[starts, len(values)]))
    else:
        codes, found = pd.factorize(values)
    found = found.tolist()
    # Only texts are certainly grouped alike: pandas takes 1, 1.0 and True for one value,
    # and a missing cell is -1 here, where `distinct.group` keeps it as a value.
    if (len(codes) and codes.min() < 0) or not set(map(type, found)) <= {str}:
        return distinct.group(values)
    return codes.astype(np.int32, copy=False), found


def _run_starts(values: np.ndarray) -> np.ndarray | None:
    """Where each run of equal values starts; None when the values cannot say whether
    they are equal (pandas' NA refuses to)."""
    if not len(values):
        return None
    try:
        return np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    except (TypeError, ValueError):
        return None


def categorical(codes: np.ndarray, found: Sequence[Any]) -> pd.Categorical | np.ndarray:
    """`distinct.categorical(codes, found)` for values known to be distinct and never
    missing (texts from `group`, or one link per cell pointed at): pandas is told so
    instead of hashing every value again to find out."""
    categories = pd.Index(found, dtype=object)
    if categories.hasnans:  # None or NaN is a missing cell, not a category
        return distinct.categorical(codes, found)
    dtype = pd.CategoricalDtype._from_fastpath(categories, ordered=False)
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
