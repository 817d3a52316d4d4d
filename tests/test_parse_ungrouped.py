"""A column of nearly all different texts is parsed cell by cell, not grouped first: its
readings and the problems reported at each row must be those of reading every cell on
its own, in row order, whatever the cells hold (hostile text, duplicates, case-only
differences). Compared by repr, where a missing rate (NaN) equals itself."""

from __future__ import annotations

from datetime import date

from corekit import extract
from hypothesis import given
from hypothesis import strategies as st
from test_parse_columns import PROFILE, hostile_text

from skillsync.core import distinct, fields
from skillsync.core.model import Grid
from skillsync.core.people import Collector, _parse_column
from skillsync.reading import base_vocabulary

LAYOUT = extract(Grid("Inventory", [["Name", "E-mail", "Team", "Skills", "Projects",
                                    "Success rate", "Last updated", "Manager"],
                                   ["Ana", "ana@x.org", "", "SQL", "", "", "", ""]])).layout
PARSERS = {"name": fields.text, "email": fields.email, "manager": fields.manager,
           "expertise": fields.skills(base_vocabulary()), "past_projects": fields.item_list,
           "success_rate": fields.rate(False),
           "last_updated": fields.last_updated(date(2026, 6, 1), True, 30)}
ADDRESSES = ["ana@x.org", "ANA@X.org", " ana@x.org", "Ana <ana@x.org>", "mailto:ana@x.org",
             "ａｎａ@x.org", "ana@@x", "", "n/a", "ana.@x.org"]


def _one_by_one(values: list, name: str) -> tuple[list, list]:
    parser = PARSERS[name]
    read = [parser(value) for value in values]
    problems = [(row, name, problem) for row, (_, found) in zip(range(10, 10 + len(values)),
                                                                read, strict=True)
                for problem in found]
    return [meaning for meaning, _ in read], problems


def _parsed_as_a_column(values: list, name: str) -> tuple[list, list]:
    out = Collector(LAYOUT)
    rows = list(range(10, 10 + len(values)))
    meanings = _parse_column(values, rows, [LAYOUT.sheet] * len(values), name,
                             PARSERS[name], out)
    header = LAYOUT.headers.get(name)
    assert all(issue.column == header for issue in out.issues)
    return meanings, [(i.row, name, (i.code, i.severity, i.message)) for i in out.issues]


texts = st.one_of(hostile_text, st.sampled_from(ADDRESSES))


@PROFILE
@given(st.lists(texts, unique=True, max_size=60), st.sampled_from(sorted(PARSERS)),
       st.integers(0, 3))
def test_a_column_of_different_texts_reads_as_its_cells_one_by_one(values, name, twice):
    values = values + values[:twice] if len(values) > 34 * twice else values
    assert distinct.mostly_distinct(values) == bool(values)
    assert repr(_parsed_as_a_column(values, name)) == repr(_one_by_one(values, name))


@PROFILE
@given(st.lists(texts, min_size=1, max_size=40), st.sampled_from(sorted(PARSERS)))
def test_a_column_of_repeated_texts_reads_as_its_cells_one_by_one(values, name):
    values = values * 3
    assert not distinct.mostly_distinct(values)
    assert repr(_parsed_as_a_column(values, name)) == repr(_one_by_one(values, name))


def test_only_lists_of_texts_that_mostly_differ_are_left_ungrouped():
    unique = [f"person {i}" for i in range(10_000)]
    assert distinct.mostly_distinct(unique)
    assert distinct.mostly_distinct(unique + unique[:100])
    assert not distinct.mostly_distinct([f"team {i % 3000}" for i in range(100_000)])
    assert not distinct.mostly_distinct([*unique[:-1], None])  # not texts alone
    assert not distinct.mostly_distinct([*unique[:-1], 1.0])
    assert not distinct.mostly_distinct(tuple(unique))
    assert not distinct.mostly_distinct([])
