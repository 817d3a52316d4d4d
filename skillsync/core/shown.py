"""How a value is shown where rows disagree (a merge's conflicts, a same-name proposal):
present or not, and spelled as a reader sees it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd


def present(value: Any) -> bool:
    return value is not None and value != "" and value == value  # NaN != NaN


def display(value: Any) -> str:
    """How a value is shown in a conflict: rates as percentages, exact enough to differ."""
    if isinstance(value, float):
        return f"{value:.0%}" if round(value * 100, 6).is_integer() else f"{value:.1%}"
    return str(value)


def distinct_shown(values: Iterable[Any]) -> tuple[str, ...]:
    """The values present, each once, as a reader sees them."""
    return tuple(dict.fromkeys(display(v) for v in values if present(v)))


def shown_values(values: list[Any]) -> list[str | None]:
    """Each value as `distinct_shown` shows it, None where none is present: for a column
    whose values are taken by many small groups (see `distinct_of_shown`). A column of
    text is shown as it is, and a column of numbers worked out once per distinct number."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return [v or None for v in values]  # an empty text is no value
    if kinds <= {float}:  # a rate's distinct values, not its people (NaN is never present)
        shown = {v: display(v) for v in set(values) if present(v)}
        if 0.0 not in shown:  # 0.0 and -0.0 are one key, but shown apart
            return list(map(shown.get, values))
    return [display(v) if present(v) else None for v in values]


def distinct_of_shown(shown: Iterable[str | None]) -> tuple[str, ...]:
    """`distinct_shown` of the values `shown_values` gave `shown`."""
    found = dict.fromkeys(shown)
    found.pop(None, None)
    return tuple(found)


def distinct_by_group(shown: np.ndarray, group: np.ndarray, groups: int, least: int = 0
                      ) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """`distinct_of_shown` of each group's values at once: `shown` (texts, None for no
    value) holds the values of group 0, then those of group 1, and so on (`group` says
    whose each is). Returns the groups with at least `least` distinct values and, for
    each of them, its values present, each once, in the order met."""
    codes, _ = pd.factorize(shown)  # None: -1
    # A value met again in the same group is one (group, value) pair met again.
    pairs = group.astype(np.int64) * (int(codes.max(initial=-1)) + 2) + codes + 1
    kept = np.flatnonzero((codes >= 0) & ~pd.Series(pairs).duplicated().to_numpy())
    counts = np.bincount(group[kept], minlength=groups)
    starts = np.cumsum(counts) - counts
    chosen = np.flatnonzero(counts >= least)
    values = shown[kept].tolist()
    return chosen, [tuple(values[start:start + count]) for start, count in zip(
        starts[chosen].tolist(), counts[chosen].tolist(), strict=True)]
