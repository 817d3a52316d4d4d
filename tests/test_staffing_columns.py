"""The staffing answers' array steps agree with the plain ones: integer keys counted and
joined by sorting (core/intkeys.py) with np.unique and a pandas merge, a person's unproven
skills gathered by grouping with a loop per claim, and the people table's values looked up
by position with pandas' reindex (labels missing, numbered from 5, blanks, unicode)."""

from __future__ import annotations

import random
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from skillsync.core import evidence, intkeys, mentoring


def integers(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    size = int(rng.choice([0, 1, 2, 9, 500]))
    high = int(rng.choice([1, 3, 1000, 2 ** 40]))
    values = rng.integers(-high, high, size)
    return np.sort(values) if seed % 3 == 0 else values  # nearly sorted, as in a sync


@pytest.mark.parametrize("seed", range(40))
def test_distinct_and_counted_are_np_unique(seed):
    values = integers(seed)
    assert intkeys.distinct(values).tolist() == np.unique(values).tolist()
    found, counts = intkeys.counted(values)
    plain, plain_counts = np.unique(values, return_counts=True)
    assert found.tolist() == plain.tolist() and counts.tolist() == plain_counts.tolist()


@pytest.mark.parametrize("seed", range(40))
def test_pairings_are_the_inner_join(seed):
    left, right = integers(seed) % 7, integers(seed + 1000) % 7
    rows, others = intkeys.pairings(left, right)
    merged = pd.DataFrame({"k": left, "l": np.arange(len(left))}).merge(
        pd.DataFrame({"k": right, "r": np.arange(len(right))}), on="k")
    assert sorted(zip(rows.tolist(), others.tolist(), strict=True)) == sorted(
        zip(merged["l"].tolist(), merged["r"].tolist(), strict=True))
    assert (left[rows] == right[others]).all()


@pytest.mark.parametrize("seed", range(30))
def test_unproven_skills_are_gathered_per_person_in_order(seed):
    rng = random.Random(seed)
    labels = pd.Index([5 + 3 * i for i in range(12)] if seed % 2 else range(12))
    size = rng.choice((0, 1, 30))
    person = np.array([rng.randrange(12) for _ in range(size)], dtype=np.intp)
    skills = np.array([rng.choice(("SQL", "sql", "NLP", "数据", "")) for _ in range(size)],
                      dtype=object)
    plain: dict[int, list[str]] = defaultdict(list)
    for who, skill in zip(person.tolist(), skills.tolist(), strict=True):
        plain[labels[who]].append(skill)
    found = evidence._listed_by_person(labels, person, skills)
    assert list(found.items()) == [(k, tuple(v)) for k, v in plain.items()]


@pytest.mark.parametrize("seed", range(20))
def test_people_values_are_those_reindex_gives(seed):
    rng = random.Random(seed)
    size = rng.choice((1, 8))
    people = pd.DataFrame({
        "name": [rng.choice(("Ana", "ana", "Zoë", "", "😀")) for _ in range(size)],
        "team": pd.array([rng.choice(("Search", None, "")) for _ in range(size)],
                         dtype=rng.choice(("object", "str")))},
        index=pd.Index([5 + 3 * i for i in range(size)] if seed % 2 else range(size)))
    asked = np.array([rng.choice([*people.index.tolist(), -1, 4, 99]) for _ in range(15)])
    for column in ("name", "team"):
        plain = people[column].reindex(asked).fillna("").tolist()
        shown = mentoring._Shown(people)
        assert shown.columns[column][shown.at(asked)].tolist() == plain


@pytest.mark.parametrize("seed", range(20))
def test_teams_group_people_as_the_plain_loop(seed):
    from skillsync.core.orgview import Settings, Staffing

    rng = random.Random(seed)
    size = rng.choice((0, 1, 9, 60))
    people = pd.DataFrame(
        {"name": [f"P{i}" for i in range(size)],
         "team": [rng.choice(("Search", "search ", " SEARCH", "", "Équipe", "équipe", "数据"))
                  for _ in range(size)]},
        index=pd.Index([5 + 3 * i for i in range(size)] if seed % 2 else range(size)))
    answers = Staffing(Settings(), people, pd.DataFrame(), pd.DataFrame(), None, (), ())
    plain: dict[str, set] = defaultdict(set)
    for person, team in zip(people.index.tolist(), people["team"].tolist(), strict=True):
        plain[evidence.key_of(team)].add(person)
    assert list(answers.teams.items()) == [(k, frozenset(v)) for k, v in plain.items()]


@pytest.mark.parametrize("seed", range(40))
def test_last_of_each_is_np_unique_of_the_reversed(seed):
    values = integers(seed) % 11 if seed % 2 else integers(seed)
    _, from_end = np.unique(values[::-1], return_index=True)
    plain = np.sort(len(values) - 1 - from_end)
    assert intkeys.last_of_each(values).tolist() == plain.tolist()
