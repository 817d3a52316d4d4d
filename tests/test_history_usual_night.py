"""The usual night's shortcuts against the plain way: people on one tab by row are side
by side without a sort and unmoved without a (tab, row) pair each, whatever the rows
(equal, going back, on several tabs); and a column listed the quick way is the column's
own list, whatever its type."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest

from skillsync.core.aligned import Aligned
from skillsync.core.history import STORED, Snapshot, diff
from skillsync.core.roster import People
from skillsync.core.snapshots import listed

T0 = datetime(2026, 11, 1, 2, 30).astimezone()


def people_at(keys: list[str], tabs: list[int], rows: list[int]) -> People:
    fields = {name: [""] * len(keys) for name in STORED}
    fields.update(email=list(keys), name_key=[k.casefold() for k in keys], order=tabs,
                  row=rows, sheet=[f"T{t}" for t in tabs],
                  expertise=[()] * len(keys), success_rate=[None] * len(keys))
    return People(keys, fields)


KEYS = [f"p{i}@x" if i % 4 else f"Ä{i}@x" for i in range(12)]
SHAPES = {
    "by row": ([0] * 12, list(range(2, 14))),
    "equal rows": ([0] * 12, [2, 3, 3, 4, 5, 6, 6, 6, 7, 8, 9, 10]),
    "one row back": ([0] * 12, [2, 3, 4, 5, 9, 6, 7, 8, 10, 11, 12, 13]),
    "reversed": ([0] * 12, list(range(13, 1, -1))),
    "tabs by row": ([0] * 4 + [1] * 4 + [2] * 4, [9, 10, 11, 12, 2, 3, 4, 5, 2, 3, 4, 5]),
    "tabs mixed": ([1, 0] * 6, list(range(2, 14))),
    "tabs back": ([2] * 4 + [1] * 4 + [0] * 4, list(range(2, 14))),
    "one person": ([0], [7]),
    "nobody": ([], []),
}


@pytest.mark.parametrize(("then", "now"), [
    (then, now) for then in SHAPES for now in SHAPES  # the same people both times
    if len(SHAPES[then][0]) == len(SHAPES[now][0])])
def test_people_side_by_side_and_unmoved_as_worked_out_plainly(then, now):
    keys = KEYS[:len(SHAPES[then][0])]
    previous = Snapshot(T0, people_at(keys, *SHAPES[then]), {})
    current = Snapshot(T0 + timedelta(days=1), people_at(keys, *SHAPES[now]), {})
    aligned = Aligned.of(previous, current, diff(previous, current))
    tabs, rows = SHAPES[now]
    assert aligned.keys == sorted(keys, key=lambda k: (tabs[keys.index(k)],
                                                      rows[keys.index(k)]))
    places = [(SHAPES[then][0][keys.index(k)], SHAPES[then][1][keys.index(k)])
              for k in aligned.keys]
    assert bool(aligned.moved_whole) == (not all(a < b for a, b in pairwise(places)))
    assert aligned.before.places() == places


def hostile_columns(n: int, seed: int) -> dict[str, pd.Series]:
    rng = random.Random(seed)
    texts = ["Ana Lima", "ana lima", "ÅNGSTRÖM", "名前", "", " spaced ", "x" * 3000, "Ana\u0301"]
    odd = [None, 7, 3.5, np.str_("numpy text"), True, math.nan, ("a", 1, "a 1")]
    return {
        "text": pd.Series([rng.choice(texts) for _ in range(n)], dtype="str"),
        "text with gaps": pd.Series([rng.choice([*texts, None]) for _ in range(n)],
                                    dtype="str"),
        "text (python)": pd.Series([rng.choice(texts) for _ in range(n)],
                                   dtype=pd.StringDtype("python")),
        "mixed cells": pd.Series([rng.choice([*texts, *odd]) for _ in range(n)],
                                 dtype=object),
        "numbers": pd.Series([rng.choice([0.0, -0.0, 1 / 3, math.nan]) for _ in range(n)]),
        "whole numbers": pd.Series([rng.randint(-5, 10**12) for _ in range(n)]),
        "dates": pd.Series(pd.to_datetime(["2026-01-01 00:00", "1999-12-31 23:59"] * n)[:n]),
        "flags": pd.Series([rng.random() < 0.5 for _ in range(n)]),
        "categories": pd.Series([rng.choice(texts) for _ in range(n)], dtype="category"),
        "tuples": pd.Series([tuple(rng.sample(texts, 2)) for _ in range(n)], dtype=object),
    }


@pytest.mark.parametrize("n", [0, 1, 300])
def test_a_column_listed_is_its_own_list(n):
    for name, column in hostile_columns(n, n).items():
        quick, plain = listed(column), column.tolist()
        assert [type(v) for v in quick] == [type(v) for v in plain], name
        assert all(a is b or a == b or (a != a and b != b)
                   for a, b in zip(quick, plain, strict=True)), name
