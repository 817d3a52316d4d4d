"""The staffing answers' quick ways give what the plain ways give, on hostile inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from skillsync.core import availabilities, capacity, intkeys

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


said_cells = st.one_of(
    st.sampled_from(["", "50%", "0%", "on leave", "Full", "100 %", "0", "0.5", "½", "AVAILABLE",
                     "ＦＵＬＬ", " 20% ", "n/a", "\x00", "İ"]),
    st.text(max_size=8))
odd_cells = st.sampled_from([None, math.nan, 1, 1.0, True, False, 0, 0.0, pd.NA])
projects_of = st.lists(st.sampled_from(["Atlas", "atlas", "Nova", "", "Ωmega"]), max_size=5)


def plain(people: pd.DataFrame) -> tuple[dict, frozenset]:
    by_person = {p: capacity.capacity(a, w) for p, a, w in zip(
        people.index.tolist(), people["availability"].tolist(),
        people["current_projects"].tolist(), strict=True)}
    return by_person, frozenset(p for p, c in by_person.items() if c.booked)


def people_of(said: list, projects: list[list[str]], labels: list[int],
              dtype: str | None) -> pd.DataFrame:
    count = min(len(said), len(projects), len(labels))
    frame = pd.DataFrame({"availability": pd.Series(said[:count], dtype=dtype),
                          "current_projects": [tuple(p) for p in projects[:count]]})
    frame.index = labels[:count]
    return frame


def assert_same(people: pd.DataFrame) -> None:
    by_person, booked = plain(people)
    found = availabilities.of_people(people)
    assert list(found.by_person.items()) == list(by_person.items())
    assert found.booked == booked and list(found.booked) == list(booked)


@settings(max_examples=300, deadline=None)
@given(said=st.lists(said_cells, max_size=40), projects=st.lists(projects_of, max_size=40),
       labels=st.lists(st.integers(-5, 60), unique=True, min_size=40, max_size=40))
def test_everyone_s_availability_read_at_once_as_one_by_one(said, projects, labels):
    assert_same(people_of(said, projects, labels, "string"))
    assert_same(people_of(said, projects, labels, None))


@settings(max_examples=200, deadline=None)
@given(said=st.lists(st.one_of(said_cells, odd_cells), max_size=30),
       projects=st.lists(projects_of, min_size=30, max_size=30),
       labels=st.lists(st.integers(0, 8), min_size=30, max_size=30))
def test_numbers_blanks_and_labels_met_twice_read_as_one_by_one(said, projects, labels):
    assert_same(people_of(said, projects, labels, "object"))


def test_no_people_and_many_alike():
    assert_same(people_of([], [], [], "string"))
    many = people_of(["0%", "50%", ""] * 2000, [["A"] * (i % 6) for i in range(6000)],
                     list(range(6000)), "string")
    assert_same(many)
    assert len(availabilities.of_people(many).booked) > 0
