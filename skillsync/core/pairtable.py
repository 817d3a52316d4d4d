"""Mentor pairs kept as columns, each Pair made only when someone reads it.

A large organisation has a million pairs, but the tabs show a few per skill and the
digest a dozen: making every pair's tuple up front was most of the mentoring step's time.
Every pair is still there, in order, for whoever asks for all of them (`--json`)."""

from __future__ import annotations

from collections.abc import Collection
from itertools import repeat
from typing import NamedTuple

import numpy as np
import pandas as pd

from skillsync.core import intkeys


class Pair(NamedTuple):  # a tuple: a large organisation makes hundreds of thousands
    skill: str
    learner: int  # person index
    learner_name: str
    learner_team: str
    mentor: int
    mentor_name: str
    mentor_team: str
    mentor_level: int


# A field of every pair: an array, or (values, at) for the field `values[at]`, looked up
# only for the pairs read (a name or a skill, among few, for a million pairs).
Column = np.ndarray | tuple[np.ndarray, np.ndarray]


class PairTable:
    """The pairs, in order, one column per field of `Pair` (texts as object arrays)."""

    def __init__(self, *columns: Column) -> None:
        if len(columns) != len(Pair._fields):
            raise ValueError(f"a pair has {len(Pair._fields)} fields, not {len(columns)}")
        self.columns = columns
        self.learner = _at(columns[Pair._fields.index("learner")], slice(None))

    def __len__(self) -> int:
        return len(self.learner)

    def __eq__(self, other: object) -> bool:  # the same pairs, however they are kept
        return isinstance(other, PairTable) and self.all() == other.all()

    def __hash__(self) -> int:
        return hash(self.all())

    def __repr__(self) -> str:
        return f"PairTable({len(self)} pairs)"

    def taken(self, rows: np.ndarray | slice) -> list[Pair]:
        """The pairs at `rows`, in that order."""
        # tuple.__new__ is what Pair._make calls, less a Python call per pair.
        return list(map(tuple.__new__, repeat(Pair), zip(
            *(_at(column, rows).tolist() for column in self.columns), strict=True)))

    def all(self) -> tuple[Pair, ...]:
        return tuple(self.taken(slice(None)))

    def first_by_skill(self, shown: int) -> dict[str, tuple[list[Pair], int]]:
        """Skill -> its first `shown` pairs and how many it has; skills in the order met."""
        code, skills = _grouped(self.columns[0])
        order = intkeys.grouped(code)
        counts = np.bincount(code, minlength=len(skills))
        starts = (np.cumsum(counts) - counts).tolist()
        return {skill: (self.taken(order[start:start + min(count, shown)]), count)
                for skill, start, count in zip(skills.tolist(), starts, counts.tolist(),
                                               strict=True)}

    def first_of(self, learners: Collection[int] | None, shown: int) -> tuple[list[Pair], int]:
        """The first `shown` pairs whose learner is in `learners` (None: anyone), and how
        many pairs there are of those learners."""
        if learners is None:
            return self.taken(slice(0, shown)), len(self)
        rows = np.flatnonzero(pd.Series(self.learner).isin(list(learners)).to_numpy())
        return self.taken(rows[:shown]), len(rows)


def _at(column: Column, rows: np.ndarray | slice) -> np.ndarray:
    if isinstance(column, tuple):
        values, at = column
        return values[at[rows]]
    return column[rows]


def _grouped(column: Column) -> tuple[np.ndarray, np.ndarray]:
    """`pd.factorize` of the column's values; of its places among them when they are
    distinct texts (the usual skills column), so the million values are never looked up."""
    if isinstance(column, tuple):
        values, at = column
        code, places = pd.factorize(at)
        if len(pd.unique(values[places])) == len(places):
            return code, values[places]
    return pd.factorize(_at(column, slice(None)))
