"""The staffing answers' quick ways give what the plain ways give, on hostile inputs."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from skillsync.core import intkeys

codes_of = st.lists(st.integers(-1, 300), max_size=200)


@settings(max_examples=300, deadline=None)
@given(codes=codes_of, wide=st.sampled_from([0, 1, 250, 70_000, 1 << 40]))
def test_grouped_rows_are_a_stable_argsort(codes, wide):
    values = np.array(codes + [wide - 1] * (len(codes) % 3 == 0), dtype=np.int64)
    assert np.array_equal(intkeys.grouped(values), np.argsort(values, kind="stable"))


def test_grouped_rows_past_a_narrow_width_and_below_minus_one():
    for values in ([254, 0, 254, -1, 253], [255, 0, 255, -1], [65534, 3, 65533, -1, 0],
                   [65535, 1, 0], [-2, 5, -2, 0], []):
        array = np.array(values, dtype=np.int64)
        assert np.array_equal(intkeys.grouped(array), np.argsort(array, kind="stable"))
