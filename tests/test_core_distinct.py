"""Columns grouped by distinct value: a column built grouped (categorical) groups back to
the same cells, and a writer given one renders what it would for the plain column."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from skillsync.core import distinct
from skillsync.core.tabs import Link

cell_values = st.one_of(st.text(max_size=6), st.integers(-3, 3), st.sampled_from(
    [None, True, False, 1.0, "", Link("Ana", "People", "B2"), Link("Ana", "People", "B3")]))


def cells_of(codes: np.ndarray, found: list) -> list:
    return [found[c] for c in codes.tolist()]


def same_cells(left: list, right: list) -> bool:
    """Equal and of the same type, cell by cell (1, 1.0 and True are different cells)."""
    return len(left) == len(right) and all(
        type(a) is type(b) and (a == b or (a is None and b is None))
        for a, b in zip(left, right, strict=True))


@settings(max_examples=200, deadline=None)
@given(values=st.lists(cell_values, max_size=30))
def test_a_grouped_column_groups_back_to_the_same_cells(values):
    codes, found = distinct.group(values)
    column = distinct.categorical(codes, found)
    again_codes, again = distinct.group(pd.Series(column))
    assert same_cells(cells_of(again_codes, again), values)
    assert len(again) == len(set(again_codes.tolist()))  # only values in use


def test_texts_and_links_stay_categorical_and_python_objects():
    links = [Link("Ana", "People", "B2"), Link("Bo", "People", "B3")]
    column = distinct.categorical(np.array([1, 0, 1], dtype=np.int32), links)
    assert isinstance(column, pd.Categorical)
    assert list(column) == [links[1], links[0], links[1]]
    texts = distinct.categorical(np.array([0, 0], dtype=np.int32), ["Search"])
    assert texts.categories.dtype == object  # not turned into pandas' string type


def test_values_pandas_takes_for_equal_are_spread_out_as_plain_objects():
    column = distinct.categorical(np.array([0, 1, 2, 0], dtype=np.int32), [1, 1.0, True])
    assert not isinstance(column, pd.Categorical)
    assert [type(v) for v in column] == [int, float, bool, int]


def test_unused_values_and_missing_cells_of_a_categorical():
    column = pd.Categorical.from_codes([2, -1, 2, 0], categories=["a", "unused", "c"])
    codes, found = distinct.group(pd.Series(column))
    assert found == ["a", "c", None]  # "unused" is gone; the missing cell is None
    assert cells_of(codes, found) == ["c", None, "c", "a"]


def test_ranks_of_a_grouped_column_are_the_ranks_of_its_cells():
    values = ["b", "A", "a", "c", "B", "A"]
    codes, found = distinct.group(values)
    assert (distinct.ranks_of(codes, found, str.casefold)
            == distinct.ranks(values, str.casefold)).all()
    assert distinct.ranks(values, str.casefold).tolist() == [1, 0, 0, 2, 1, 0]



text_cells = st.one_of(st.text(max_size=4), st.sampled_from(
    ["Ana", "ana", "ANA ", "é", "e\u0301", "ﬁ", "", " ", "\x00", "x" * 300]))


@settings(max_examples=300, deadline=None)
@given(values=st.lists(text_cells, min_size=1, max_size=40),
       odd=st.lists(st.tuples(st.integers(0, 40), st.sampled_from(
           [None, 1, 1.0, True, float("nan"), np.str_("Ana"), np.str_("x")])), max_size=3),
       long=st.booleans())
def test_a_list_of_texts_groups_as_the_same_cells_in_a_series(values, odd, long):
    """A list starting with a text is grouped by a dict; a Series of the same cells the
    pandas way (texts factorized, anything else by type and value): the same codes and
    the very same objects, whatever else hides among the texts (a str subclass equal to
    a text, None, numbers pandas takes for equal, NaN)."""
    if long:  # long enough for its sample to show texts repeating: grouped by a dict
        values = [value[:] for value in values * (3000 // len(values))]
        assert distinct._texts(values) is not None
    for at, value in odd:
        values.insert(min(at * 50, len(values)), value)
    if type(values[0]) is not str:
        values.insert(0, "first")
    codes, found = distinct.group(list(values))
    expected_codes, expected = distinct.group(pd.Series(values, dtype=object))
    assert codes.dtype == np.int32
    assert codes.tolist() == expected_codes.tolist()
    assert len(found) == len(expected)
    assert all(a is b for a, b in zip(found, expected, strict=True))

