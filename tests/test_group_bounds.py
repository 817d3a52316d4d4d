"""intkeys.group_bounds and first_places: each code's rows, in order, as plain lists give them."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from skillsync.core import intkeys


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-1, 300), max_size=400), st.integers(0, 5))
def test_each_codes_rows_in_order_as_a_dict_of_lists_gives_them(codes, extra):
    values = np.array(codes, dtype=np.int64)
    count = (max(codes) + 1 if codes else 0) + extra  # codes nobody holds have no rows
    order, bounds = intkeys.group_bounds(values, count)
    plain: dict[int, list[int]] = {}
    for row, code in enumerate(codes):
        plain.setdefault(code, []).append(row)
    assert len(bounds) == count + 1
    for code in range(count):
        assert order[bounds[code]:bounds[code + 1]].tolist() == plain.get(code, [])
    assert order[:bounds[0]].tolist() == plain.get(-1, [])  # the missing ones first


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-1, 300), max_size=400), st.integers(0, 5))
def test_first_places_are_where_list_index_finds_each_code(codes, extra):
    count = (max(codes) + 1 if codes else 0) + extra
    first = intkeys.first_places(np.array(codes, dtype=np.int64), count)
    assert first.tolist() == [codes.index(c) if c in codes else -1 for c in range(count)]
