"""Everyone's name order, sorted once (nameorder.NameOrder) and shared by the "Who" lists,
People × Skills and the mentor pairs, orders them as sorting each list's own names did:
names equal but for case, ß and SS, empty names, namesakes, learners not in the table."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from test_name_order import sample
from test_people_skills_columns import LAYOUT, cells
from test_staffing_reference import organisation
from test_tidy_columns import hostile_people

from skillsync.core import (
    analysis,
    distinct,
    evidence,
    mentoring,
    nameorder,
    peopleskills,
    schema,
    textgroups,
)


@pytest.mark.parametrize("seed", range(20))
def test_places_are_those_of_the_plain_sort(seed):
    values = sample(seed, seed * 9)
    order = nameorder.NameOrder.of(values)
    assert (order.places.tolist()
            == distinct.ranks(values, lambda v: (v.casefold(), v)).tolist())


def same_order(fast: np.ndarray, plain: np.ndarray) -> bool:
    """Two sort keys that order (and tie) rows alike, whatever their numbering."""
    return (len(fast) == len(plain)
            and distinct.ranks(fast.tolist()).tolist() == distinct.ranks(plain.tolist()).tolist())


@pytest.mark.parametrize("seed", range(20))
def test_folded_places_order_a_subset_as_its_own_folded_places(seed):
    rng = random.Random(seed)
    values = sample(seed, 5 + seed * 9)
    order = nameorder.NameOrder.of(values)
    positions = np.array([rng.randrange(-1, len(values)) for _ in range(seed * 4)],
                         dtype=np.intp)
    named = ["" if at < 0 else values[at] for at in positions.tolist()]
    plain = distinct.ranks(named, str.casefold)
    assert same_order(order.folded_at(positions), plain)
    if (positions >= 0).all():
        assert same_order(order.folded_places[positions], plain)


@pytest.mark.parametrize("names", [["", "a", "A"], ["b", "a"], [""], ["B", "", "b"]])
def test_someone_not_in_the_table_ranks_as_an_empty_name(names):
    order = nameorder.NameOrder.of(names)
    positions = np.array([-1, *range(len(names)), -1], dtype=np.intp)
    plain = distinct.ranks(["", *names, ""], str.casefold)
    assert same_order(order.folded_at(positions), plain)



def test_someone_not_in_an_empty_table_ranks_as_an_empty_name():
    order = nameorder.NameOrder.of([])
    assert order.folded_at(np.array([-1, -1], dtype=np.intp)).tolist() == [-1, -1]
    assert order.folded_at(np.array([], dtype=np.intp)).tolist() == []


def test_unproven_claims_of_people_an_empty_table_does_not_hold():
    empty = pd.DataFrame({"name": []}, index=pd.Index([], dtype=int))
    for claims in ({999: ("NLP",)}, {999: ("NLP", "SQL"), 7: ("NLP",)}, {}):
        found = evidence.Evidence({}, claims)
        plain = plain_unproven(found, empty)
        assert evidence.unproven_by_skill(found, empty) == plain

@pytest.mark.parametrize("size", [1, 2, 9, 120])
@pytest.mark.parametrize("seed", range(6))
def test_the_rows_names_are_the_name_column_grouped(seed, size):
    people = hostile_people(seed, size)
    if seed % 2:  # the first people list nothing, so their names are met later
        people.loc[:size // 2, "expertise"] = [()] * len(people.loc[:size // 2])
        people.loc[:size // 2, "learn"] = [()] * len(people.loc[:size // 2])
    rows_each = analysis._tidy_rows_each(people)
    assert rows_each.sum() == schema.tidy_rows(people)
    tidy = schema.tidy(people)
    names = peopleskills.RowNames.of(nameorder.NameOrder.of(people["name"].tolist()),
                                     rows_each)
    codes, found = names.grouped
    plain_codes, plain_found = textgroups.group(tidy["name"].to_numpy(dtype=object),
                                                runs=True)
    assert found == plain_found and codes.tolist() == plain_codes.tolist()
    assert codes.dtype == plain_codes.dtype
    assert same_order(names.places, distinct.ranks(tidy["name"].tolist(), str.casefold))


@pytest.mark.parametrize("size", [1, 3, 50, 200])
@pytest.mark.parametrize("seed", range(6))
def test_people_skills_sorted_on_everyones_name_order_is_the_tab(seed, size):
    people = hostile_people(seed, size)
    names = peopleskills.RowNames.of(nameorder.NameOrder.of(people["name"].tolist()),
                                     analysis._tidy_rows_each(people))
    shared = peopleskills.people_skills_tab(schema.tidy_columns(people), LAYOUT, "P",
                                            names=names)
    plain = peopleskills.people_skills_tab(schema.tidy_columns(people), LAYOUT, "P")
    assert cells(shared.frame) == cells(plain.frame)
    for name in plain.frame.columns:
        if isinstance(plain.frame[name].dtype, pd.CategoricalDtype):
            assert (shared.frame[name].cat.categories.tolist()
                    == plain.frame[name].cat.categories.tolist())
            assert (shared.frame[name].cat.codes.tolist()
                    == plain.frame[name].cat.codes.tolist())


def test_nobody_listing_anything_has_no_rows_names():
    people = hostile_people(0, 4)
    people["expertise"] = [()] * 4
    people["learn"] = [()] * 4
    names = peopleskills.RowNames.of(nameorder.NameOrder.of(people["name"].tolist()),
                                     analysis._tidy_rows_each(people))
    assert names.grouped[1] == [] and len(names.grouped[0]) == 0 and len(names.places) == 0


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("prefer_other_teams", [False, True])
def test_mentor_pairs_on_everyones_name_order_are_the_pairs(seed, prefer_other_teams):
    people, held, learners = organisation(seed, 60)
    if seed % 3 == 0:  # a learner the people table does not hold is named ""
        learners = pd.concat([learners, pd.DataFrame(
            {"person": [10_000], "name": [""], "skill": ["SQL"]})], ignore_index=True)
    options = {"min_level": 3, "max_mentees": 1 + seed % 3,
               "prefer_other_teams": prefer_other_teams}
    shared = mentoring.pair(people, held, learners, **options,
                            names=nameorder.NameOrder.of(people["name"].tolist()))
    assert shared == mentoring.pair(people, held, learners, **options)


@pytest.mark.parametrize("seed", range(12))
def test_unproven_claims_sorted_on_everyones_name_order_are_the_plain_ones(seed):
    people, held, _ = organisation(seed, 80)
    people["name"] = [name if at % 5 else sample(seed + at, 1)[0]
                      for at, name in enumerate(people["name"].tolist())]
    found = evidence.build(people, None, 4 + seed % 2, held)
    claims = dict(found.unproven)
    if seed % 3 == 0:  # someone the people table does not hold is named ""
        claims[10**6] = ("SQL", "Go", "Ünïcode")
    if seed % 4 == 0:
        claims = {}
    found = evidence.Evidence(found.used, claims)
    order = nameorder.NameOrder.of(people["name"].tolist())
    plain = plain_unproven(found, people)
    for fast in (evidence.unproven_by_skill(found, people, order),
                 evidence.unproven_by_skill(found, people)):
        assert fast == plain and list(fast) == list(plain)


def plain_unproven(found: evidence.Evidence, people: pd.DataFrame) -> dict[str, list[str]]:
    """Each claim's name appended under its skill, each skill's names sorted by casefold."""
    names = dict(zip(people.index.tolist(), people["name"].tolist(), strict=True))
    listed: dict[str, list[str]] = {}
    for person, skills in found.unproven.items():
        for skill in skills:
            listed.setdefault(skill, []).append(names.get(person, ""))
    return {s: sorted(n, key=str.casefold) for s, n in listed.items()}
