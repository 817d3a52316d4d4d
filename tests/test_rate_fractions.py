"""Whether a success-rate column writes plain numbers as fractions, against the cell by
cell test it stands for: every kind of value a reader may give, in any order."""

from __future__ import annotations

from datetime import date
from enum import IntEnum

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from skillsync.core import cells
from skillsync.core.model import CellError


class Level(IntEnum):
    LOW = 1
    HIGH = 85


def _plain(values):
    numbers = sorted(float(v) for v in values
                     if isinstance(v, (int, float)) and not isinstance(v, bool))
    return not numbers or numbers[len(numbers) // 2] <= 1


rates = st.one_of(
    st.floats(allow_nan=True), st.integers(-200, 200), st.booleans(), st.none(),
    st.sampled_from(["85%", "0.5", "", "n/a", date(2026, 1, 1), CellError("#N/A"),
                     np.float64(0.3), np.float64(90.0), np.int64(70), Level.LOW, Level.HIGH,
                     float("inf"), float("-inf")]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(rates, max_size=40))
def test_fractions_told_as_cell_by_cell(values):
    assert cells.numbers_look_like_fractions(values) is _plain(values)
