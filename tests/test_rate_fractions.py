"""Whether a success-rate column writes plain numbers as fractions, against the cell by
cell test it stands for: every kind of value a reader may give, in any order."""

from __future__ import annotations

import math
from datetime import date
from enum import IntEnum

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from skillsync.core import ratecells
from skillsync.core.model import CellError


class Level(IntEnum):
    LOW = 1
    HIGH = 85


def _plain(values):
    """The numbers: numeric cells but true/false and NaN, and texts of a plain number
    (no % sign, finite), as a CSV holds them; the median at most 1, or no number."""
    numbers = sorted([float(v) for v in values
                      if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v]
                     + [n for v in values if isinstance(v, str)
                        and (n := _text_number(v)) is not None])
    return not numbers or numbers[len(numbers) // 2] <= 1


def _text_number(text):
    text = text.strip().replace(",", ".")
    if not text or "%" in text or not (text[0].isdigit() or text[0] in "-."):
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


rates = st.one_of(
    st.floats(allow_nan=True), st.integers(-200, 200), st.booleans(), st.none(),
    st.sampled_from(["85%", "0.5", "", "n/a", "85", " 1 ", "0,9", "-3", "inf", "1e3", ".5",
                     date(2026, 1, 1), CellError("#N/A"),
                     np.float64(0.3), np.float64(90.0), np.int64(70), Level.LOW, Level.HIGH,
                     float("inf"), float("-inf")]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(rates, max_size=40))
def test_fractions_told_as_cell_by_cell(values):
    assert ratecells.numbers_look_like_fractions(values) is _plain(values)
