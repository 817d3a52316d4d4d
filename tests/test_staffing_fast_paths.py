"""The staffing answers' quick ways give what the plain ways give, on hostile inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
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


# The held table's skills as codes, shared by every answer: each answer given the codes
# is the answer worked out from the skill texts.

HOSTILE_SKILLS = ("SQL", "sql", "Sql ", "İ", "i̇", "ß", "SS", "Ölm", "ölm", "", "Go", "😀")


def hostile_organisation(data, size: int):
    from staffingbook import people_table, person

    level = st.sampled_from([None, 1, 2, 3, 4, 5, 5])
    skill = st.sampled_from(HOSTILE_SKILLS)
    rows = [person(data.draw(st.sampled_from(["Ana", "ana", "Bo", "", "Ölm"])) + f" {at % 3}",
                   data.draw(st.sampled_from(["NLP", "nlp ", "", "Search"])),
                   skills=tuple(data.draw(st.lists(st.tuples(skill, level), max_size=4))),
                   past=tuple(data.draw(st.lists(st.sampled_from(["Atlas", "atlas", "SQL move",
                                                                  "İ"]), max_size=3))),
                   current=tuple(data.draw(st.lists(st.sampled_from(["Atlas", "Go"]),
                                                    max_size=2))),
                   learn=tuple(data.draw(st.lists(skill, max_size=3))),
                   rate=data.draw(st.sampled_from([None, 0.5, 0.25, 1.0, 0.0])),
                   availability=data.draw(st.sampled_from(["", "0%", "50%", "on leave"])))
            for at in range(size)]
    people, held, learners = people_table(*rows)
    if data.draw(st.booleans()):  # labels that are not positions
        people.index = people.index * 3 + 5
        held["person"] = held["person"] * 3 + 5
        learners["person"] = learners["person"] * 3 + 5
    return people, held, learners


def assert_answers_alike(people, held, learners):
    from test_coverage_columns import plain_bus_factor, plain_supply

    from skillsync.core import coverage, evidence, mentoring, rates
    from skillsync.core.heldcodes import HeldCodes
    from skillsync.reading import base_vocabulary

    codes = HeldCodes.of(held)
    found = evidence.build(people, base_vocabulary(), 4, held)
    listed = evidence.projects_listed(people)
    assert evidence.weighed_people(people, held, listed) == evidence.weighed_people(people, held)
    coded = evidence.build(people, base_vocabulary(), 4, held, codes=codes, listed=listed)
    assert list(coded.used.items()) == list(found.used.items())
    assert list(coded.unproven.items()) == list(found.unproven.items())
    booked = frozenset(people.index.tolist()[::4])
    for other_teams in (False, True):
        plain_pairs = mentoring.pair(people, held, learners, min_level=4, booked=booked,
                                     prefer_other_teams=other_teams)
        pairs = mentoring.pair(people, held, learners, min_level=4, booked=booked,
                               prefer_other_teams=other_teams, codes=codes)
        assert pairs == plain_pairs
    assert coverage.supply(held, learners, pairs, booked, codes) == plain_supply(
        held, learners, pairs, booked)
    capacities = {p: capacity.capacity(a, w) for p, a, w in zip(
        people.index.tolist(), people["availability"].tolist(),
        people["current_projects"].tolist(), strict=True)}
    wanted = coverage.demand(people, found, (), ())
    assert coverage.bus_factor(held, wanted, capacities, codes) == plain_bus_factor(
        held, wanted, capacities)
    plain_rates, coded_rates = rates.rates_by_skill(held, people), rates.rates_by_skill(
        held, people, codes)
    assert list(coded_rates.reporting.items()) == list(plain_rates.reporting.items())
    assert list(coded_rates.median.items()) == list(plain_rates.median.items())


@settings(max_examples=150, deadline=None)
@given(data=st.data(), size=st.sampled_from([0, 1, 2, 5, 30]))
def test_answers_given_the_skills_as_codes_are_the_plain_answers(data, size):
    assert_answers_alike(*hostile_organisation(data, size))


@pytest.mark.parametrize("seed", range(6))
def test_answers_given_the_skills_as_codes_on_the_reference_organisations(seed):
    from test_staffing_reference import organisation

    people, held, learners = organisation(seed, 60)
    people["success_rate"] = [float("nan") if at % 3 else at / 60 for at in range(60)]
    assert_answers_alike(people, held, learners)


@settings(max_examples=200, deadline=None)
@given(skills=st.lists(st.one_of(st.sampled_from(HOSTILE_SKILLS), st.none()), max_size=40),
       data=st.data())
def test_rows_by_skill_are_the_rows_by_value(skills, data):
    from skillsync.core import coverage
    from skillsync.core.heldcodes import HeldCodes

    held = pd.DataFrame({"skill": pd.Series(skills, dtype=object)})
    rows = np.array(data.draw(st.lists(st.integers(0, max(len(skills) - 1, 0)),
                                       max_size=60 if skills else 0)), dtype=np.intp)
    expected = coverage._rows_by_value(held["skill"].to_numpy(dtype=object)[rows])
    found = HeldCodes.of(held).rows_by_skill(rows)
    assert list(found) == list(expected)
    assert all(np.array_equal(found[k], expected[k]) for k in expected)


def test_a_missing_skill_is_left_out_as_before():
    from staffingbook import people_table, person

    from skillsync.core import coverage, mentoring, rates
    from skillsync.core.heldcodes import HeldCodes

    people, held, learners = people_table(
        person("Ana", skills=(("SQL", 5), ("Go", 4)), rate=0.5),
        person("Bo", skills=(("sql", 5),), learn=("SQL", "Go"), rate=0.7),
        person("Cy", skills=(("Go", 5), ("SQL", 3)), learn=("sql",), rate=0.9))
    held = pd.concat([held, held.iloc[:2].assign(skill=None)], ignore_index=True)
    codes = HeldCodes.of(held)
    assert (codes.code < 0).sum() == 2
    pairs = mentoring.pair(people, held, learners, min_level=4)
    assert mentoring.pair(people, held, learners, min_level=4, codes=codes) == pairs
    assert coverage.supply(held, learners, pairs, codes=codes) == coverage.supply(
        held, learners, pairs)
    assert rates.rates_by_skill(held, people, codes) == rates.rates_by_skill(held, people)


# Joins and counts of integer keys (evidence.py's project × skill pairings).

keys_of = st.lists(st.integers(-2, 40), max_size=60)


def plain_pairings(left: np.ndarray, right: np.ndarray) -> set[tuple[int, int]]:
    return {(a, b) for a, x in enumerate(left.tolist())
            for b, y in enumerate(right.tolist()) if x == y}


@settings(max_examples=300, deadline=None)
@given(left=keys_of, right=keys_of, sort_right=st.booleans(), far=st.booleans())
def test_pairings_are_every_pair_of_rows_alike(left, right, sort_right, far):
    shift = (1 << 40) if far else 0  # keys too large to count: searched instead
    left_keys = np.array(left, dtype=np.int64) + shift
    right_keys = np.array(sorted(right) if sort_right else right, dtype=np.int64) + shift
    rows, others = intkeys.pairings(left_keys, right_keys)
    found = list(zip(rows.tolist(), others.tolist(), strict=True))
    assert len(found) == len(set(found)) and set(found) == plain_pairings(left_keys, right_keys)


@settings(max_examples=300, deadline=None)
@given(left=keys_of, right=keys_of, data=st.data(), width=st.sampled_from([1, 3, 61, 1 << 30]))
def test_pair_counts_count_the_pairings_values(left, right, data, width):
    left_keys, right_keys = np.array(left, dtype=np.int64), np.array(right, dtype=np.int64)
    values = st.integers(-1, 70)
    left_value = np.array(data.draw(st.lists(values, min_size=len(left), max_size=len(left))),
                          dtype=np.int64)
    right_value = np.array(data.draw(st.lists(values, min_size=len(right),
                                               max_size=len(right))), dtype=np.int64)
    rows, others = intkeys.pairings(left_keys, right_keys)
    expected = np.unique(left_value[rows] * width + right_value[others], return_counts=True)
    found = intkeys.pair_counts(left_keys, left_value, right_keys, right_value, width)
    assert np.array_equal(found[0], expected[0]) and np.array_equal(found[1], expected[1])


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(-(1 << 62), 1 << 62) | st.integers(-3, 30), max_size=80))
def test_distinct_values_are_np_unique(values):
    array = np.array(values, dtype=np.int64)
    assert np.array_equal(intkeys.distinct(array), np.unique(array))


def listed_by_person_factorized(index, person, skills):
    """evidence._listed_by_person as it was, grouping by pandas' codes whatever the order."""
    met, firsts = pd.factorize(person)
    order = np.argsort(met, kind="stable")
    ends = np.cumsum(np.bincount(met, minlength=len(firsts))).tolist()
    listed = skills[order].tolist()
    return dict(zip(index.to_numpy()[firsts].tolist(),
                    map(tuple, map(listed.__getitem__, map(slice, [0, *ends[:-1]], ends))),
                    strict=True))


@settings(max_examples=300, deadline=None)
@given(person=st.lists(st.integers(-1, 6), max_size=40), sort=st.booleans())
def test_skills_listed_by_person_in_order(person, sort):
    from skillsync.core import evidence

    who = np.array(sorted(person) if sort else person, dtype=np.intp)
    skills = np.array([f"S{at % 4}" for at in range(len(who))], dtype=object)
    index = pd.Index([10, 11, 12, 13, 14, 15, 16])
    found = evidence._listed_by_person(index, who, skills)
    assert list(found.items()) == list(listed_by_person_factorized(index, who, skills).items())
    if min(person, default=0) >= 0:  # -1 reads the last label, as it always did
        plain: dict[int, list[str]] = {}
        for at, skill in zip(who.tolist(), skills.tolist(), strict=True):
            plain.setdefault(int(index[at]), []).append(skill)
        assert list(found.items()) == [(k, tuple(v)) for k, v in plain.items()]


# Names sorted by numpy on a fixed-width copy: bytes when every text is ASCII.

ascii_texts = st.text(alphabet=st.characters(max_codepoint=127, exclude_characters="\0"),
                      max_size=6)
any_texts = st.text(max_size=6)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(ascii_texts | st.sampled_from(["a ", "a", "A", "\x7f", "~", " ", ""]),
                      max_size=40) | st.lists(any_texts, max_size=40))
def test_names_sorted_on_a_fixed_width_copy_as_python_sorts_them(texts):
    from skillsync.core import nameorder

    folded = [t.casefold() for t in texts]
    distinct_folded = sorted(set(folded))
    expected = [distinct_folded.index(f) for f in folded]
    assert nameorder._folded_places(list(texts)).tolist() == expected
    unique = list(dict.fromkeys(texts))
    assert nameorder.sorted_order(unique).tolist() == sorted(range(len(unique)),
                                                            key=unique.__getitem__)


# Mentor pairs: wishes and "wants it themselves" found as integer pairs.

ints_of = st.lists(st.integers(-3, 9) | st.sampled_from([-(1 << 62), (1 << 62), 1 << 40]),
                   max_size=30)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), first=ints_of, among_first=ints_of)
def test_pairs_in_are_multiindex_isin(data, first, among_first):
    second = data.draw(st.lists(st.integers(-1, 5), min_size=len(first), max_size=len(first)))
    among_second = data.draw(st.lists(st.integers(-1, 5), min_size=len(among_first),
                                      max_size=len(among_first)))
    arrays = [np.array(c, dtype=np.int64) for c in (first, second, among_first, among_second)]
    expected = pd.MultiIndex.from_arrays(arrays[:2]).isin(pd.MultiIndex.from_arrays(arrays[2:]))
    assert np.array_equal(intkeys.pairs_in(*arrays), expected)


@settings(max_examples=300, deadline=None)
@given(person=st.lists(st.integers(-2, 4) | st.just(1 << 61), max_size=40), data=st.data())
def test_distinct_wishes_are_drop_duplicates(person, data):
    from skillsync.core import mentoring

    skills = data.draw(st.lists(st.sampled_from(HOSTILE_SKILLS) | st.none(),
                                min_size=len(person), max_size=len(person)))
    learners = pd.DataFrame({"person": np.array(person, dtype=np.int64),
                             "skill": pd.Series(skills, dtype="string")})
    wishes = learners[["person", "skill"]].drop_duplicates()
    skill, found = pd.factorize(wishes["skill"])
    got_person, got_skill, got_skills = mentoring._distinct_wishes(learners)
    assert np.array_equal(got_person, wishes["person"].to_numpy())
    assert np.array_equal(got_skill, skill) and got_skills == list(found)


# Learning demand: every wished skill's learners sorted at once.

@settings(max_examples=300, deadline=None)
@given(person=st.lists(st.integers(-3, 6) | st.sampled_from([1 << 61, -(1 << 61)]),
                       max_size=40), data=st.data())
def test_learners_by_skill_are_each_skill_s_unique_learners(person, data):
    from skillsync.core.wishing import Wishing

    skills = data.draw(st.lists(st.sampled_from(HOSTILE_SKILLS) | st.none(),
                                min_size=len(person), max_size=len(person)))
    learners = pd.DataFrame({"person": np.array(person, dtype=np.int64),
                             "skill": pd.Series(skills, dtype="string")})
    wishes = Wishing.of(learners)
    found = wishes.learners_by_skill()
    plain = {}
    for who, skill in zip(person, skills, strict=True):
        if skill is not None:
            plain.setdefault(skill, set()).add(who)
    assert list(found) == list(dict.fromkeys(s for s in skills if s is not None))
    assert {k: v.tolist() for k, v in found.items()} == {k: sorted(v) for k, v in plain.items()}
    asked = np.array(data.draw(st.lists(st.integers(-1, max(len(wishes.skills) - 1, -1)),
                                        min_size=len(person), max_size=len(person))),
                     dtype=np.intp)
    pairs = {(who, skill) for who, skill in zip(person, skills, strict=True)}
    expected = [(who, wishes.skills[at] if at >= 0 else None) in pairs
                for who, at in zip(person, asked.tolist(), strict=True)]
    assert wishes.wanted(learners["person"].to_numpy(), asked).tolist() == expected


# Success rates grouped by code: by skill and by team.

def summarised_plainly(frame: pd.DataFrame, by: str):
    reported = frame[frame["rate"].notna()]
    if not len(reported):
        return [], []
    groups = reported.groupby(by)["rate"]
    return ([(k, int(v)) for k, v in groups.size().items()],
            [(k, float(v)) for k, v in groups.median().items()])


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(["NLP", "nlp", "", "Ölm", "ölm", " ", "Z"])
                               | st.none(),
                               st.sampled_from([0.1, 0.5, 0.9, 0.25, 1.0, 0.0]) | st.none()),
                     max_size=40), dtype=st.sampled_from(["string", "object"]))
def test_team_rates_are_the_plain_groupby(rows, dtype):
    from skillsync.core import rates

    people = pd.DataFrame({"team": pd.Series([t for t, _ in rows], dtype=dtype),
                           "success_rate": pd.Series([r for _, r in rows], dtype=float)})
    frame = pd.DataFrame({"team": people["team"].to_numpy(),
                          "rate": people["success_rate"].to_numpy()})
    expected = summarised_plainly(frame[frame["team"] != ""], "team")
    found = rates.rates_by_team(people)
    assert (list(found.reporting.items()), list(found.median.items())) == expected


# People named by label: positions for labels 0, 1, 2..., a dict for any other.

class NamesByDict:
    """orgview.Names as it was: a dict of every label."""

    def __init__(self, people: pd.DataFrame) -> None:
        index = people.index.tolist()
        self.name = dict(zip(index, people["name"].tolist(), strict=True))
        self.team = dict(zip(index, people["team"].tolist(), strict=True))

    def of(self, person, team: bool = False) -> str:
        name, where = self.name.get(person, ""), self.team.get(person, "")
        return f"{name} ({where})" if team and where else name


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(["Ana", "ana", "", "Ölm"]) | st.none(),
                               st.sampled_from(["NLP", "", "Search"]) | st.none()),
                     max_size=12),
       labels=st.sampled_from(["range", "shifted", "repeated", "listed"]),
       asked=st.lists(st.integers(-3, 14) | st.sampled_from([True, False, 2.0, np.int64(1),
                                                              np.int64(20), "1", None]),
                      max_size=20))
def test_names_by_position_are_names_by_dict(rows, labels, asked):
    from skillsync.core.orgview import Names

    texts = pd.StringDtype("python", na_value=np.nan)  # as the people table holds them
    people = pd.DataFrame({"name": pd.Series([n for n, _ in rows], dtype=texts),
                           "team": pd.Series([t for _, t in rows], dtype=texts)})
    count = len(rows)
    people.index = {"range": pd.RangeIndex(count), "shifted": pd.RangeIndex(5, 5 + count),
                    "repeated": pd.Index([at // 2 for at in range(count)]),
                    "listed": pd.Index(list(range(count)))}[labels]
    plain, names = NamesByDict(people), Names(people)
    for person in asked:
        for team in (False, True):
            assert repr(names.of(person, team)) == repr(plain.of(person, team))  # nan too
