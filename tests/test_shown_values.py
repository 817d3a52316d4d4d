"""A same-name proposal lists each conflicting value once, as a reader sees it; the values
are worked out per column (`shown_values`) and taken per group (`distinct_of_shown`).
Both must give exactly what `distinct_shown` gives on the group's own values."""

import math
import random

import pytest

from skillsync.core.shown import distinct_of_shown, distinct_shown, shown_values


class Text(str):
    """A text that is not exactly `str` (a caller's own type): shown through str()."""


HOSTILE = [
    "", "", " ", "Team A", "team a", "TEAM A", "Straße", "STRASSE", "e\u0301", "\u00e9", "İ",
    "\ud800", "0", "0%", "1", "True", "nan", None, 0.0, -0.0, 1.0, 1, True, False, 0, 0.5,
    0.125, 0.33333333, 1e-9, -1.5, float("nan"), float("inf"), float("-inf"), Text("Team A"),
    Text(""), (1, 2),
]


def _columns():
    rng = random.Random(11)
    floats = [0.0, -0.0, 0.5, 0.45, 0.451, 1.0, float("nan"), 0.999999, 2.0, float("inf")]
    texts = ["", "Risk", "risk", "Risk ", "Ω", "\u00e9", "e\u0301", "x" * 3000]
    yield texts * 3
    yield [f for f in floats if f != 0]  # no zero: the per-number memo
    yield floats * 2
    yield [-0.0, 0.0, -0.0]
    yield [float("nan")] * 5
    yield HOSTILE
    yield []
    for _ in range(200):
        pool = rng.choice([texts, floats, HOSTILE, [f for f in floats if f != 0]])
        yield [rng.choice(pool) for _ in range(rng.randint(1, 40))]


@pytest.mark.parametrize("column", list(_columns()))
def test_every_group_shows_what_distinct_shown_shows(column):
    shown = shown_values(column)
    assert len(shown) == len(column)
    rng = random.Random(len(column))
    groups = [list(range(len(column)))]
    groups += [rng.sample(range(len(column)), rng.randint(0, len(column))) for _ in range(20)]
    for group in groups:
        expected = distinct_shown(column[i] for i in group)
        assert distinct_of_shown([shown[i] for i in group]) == expected


def test_zero_and_negative_zero_rates_stay_apart():
    assert distinct_of_shown(shown_values([0.0, -0.0, 0.0])) == ("0%", "-0%")
    assert distinct_shown([0.0, -0.0]) == ("0%", "-0%")


def test_absent_values_are_none():
    shown = shown_values([float("nan"), 0.5, math.nan])
    assert shown[0] is None and shown[2] is None and shown[1] == "50%"
    assert shown_values(["", "a", ""]) == [None, "a", None]
    assert shown_values([None, "", 1]) == [None, None, "1"]
