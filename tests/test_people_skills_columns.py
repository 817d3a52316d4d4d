"""The People × Skills tab built from text columns grouped once (textgroups) and sorted on
one folded integer is the tab built the plain way: each column grouped by distinct.group,
kept grouped by distinct.categorical, rows ordered by np.lexsort. Tidy tables with ties,
namesakes, names equal but for case, unicode, missing cells, one row and none."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_tidy_columns import hostile_people

from skillsync.core import distinct, nameorder, peopleskills, schema, textgroups
from skillsync.core.model import Layout
from skillsync.core.schema import SKILL_COLUMNS
from skillsync.core.tabs import Link

LAYOUT = Layout("People", 1, {"name": 0, "email": 1}, {})


def plain_tab(tidy: pd.DataFrame, layout: Layout) -> pd.DataFrame:
    """The tab's frame as built before textgroups: every step the general one."""
    grouped = {name: distinct.group(tidy[name].to_numpy(dtype=object))
               for name in ("skill", "name", "email", "team", "written", "kind")}
    grouped["row"] = peopleskills._links(tidy["row"].to_numpy(),
                                         tidy["sheet"].to_numpy(dtype=object), layout)
    level = tidy["level"].to_numpy(dtype=float, na_value=np.nan)
    keys = [nameorder.folded_places(*grouped[name]) for name in ("name", "skill", "kind")]
    keys.insert(1, np.where(np.isnan(level), np.inf, -level))
    order = np.lexsort(keys)

    def ordered(name):
        codes, found = grouped[name]
        return distinct.categorical(codes[order], found)

    kind_codes, kinds = grouped["kind"]
    return pd.DataFrame({
        "Skill": ordered("skill"), "Name": ordered("name"), "E-mail": ordered("email"),
        "Team": ordered("team"),
        "Level": tidy["level"].to_numpy(dtype=object, na_value=None)[order],
        "As written": ordered("written"),
        "Kind": distinct.categorical(kind_codes[order], [peopleskills._kind_shown(k)
                                                         for k in kinds]),
        "Row": ordered("row")})


def cells(frame: pd.DataFrame) -> dict[str, list]:
    """Each column's cells with their types (1, 1.0 and True differ; NaN is NaN)."""
    return {name: [(type(v).__name__, "nan" if v != v else v)
                   for v in frame[name].tolist()] for name in frame.columns}


NAMES = ["Ana Lima", "ana lima", "ANA LIMA", "Bo", "Zoë", "zoe", "Ærin", "李雷", "😀 Joy",
         "", "Ana Lima ", "ǅemal", "ß", "SS", "ss"]
TEAMS = ["Search", "search", " Search", "Vision", "", "Équipe", "ML-Ops", "mlops"]
SKILLS = ["Python", "python", "NLP", "nlp", "C++", "SQL", "Straße", "STRASSE", "数据"]


def hostile_tidy(seed: int, people: int, with_missing: bool = False) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for person in range(people):
        name, team = rng.choice(NAMES), rng.choice(TEAMS)
        email = rng.choice(["", f"p{person}@x.org", f"P{person}@X.org", "same@x.org"])
        row = rng.choice((person + 2, 2, 1_048_576))
        sheet = rng.choice(("People", "People", "Équipe 2"))
        if with_missing and rng.random() < 0.2:  # names and skills are sorted: never missing
            team = rng.choice((None, np.nan))
        for _ in range(rng.choice((1, 1, 2, 5))):
            kind = rng.choice(("expertise", "learn"))
            level = rng.choice((None, 0, 1, 3, 5)) if kind == "expertise" else None
            rows.append({"email": email, "name": name, "team": team,
                         "skill": rng.choice(SKILLS), "level": level,
                         "written": "" if level is None else str(level), "kind": kind,
                         "row": row, "sheet": sheet})
    frame = pd.DataFrame(rows, columns=list(SKILL_COLUMNS))
    if not rows:
        frame = frame.astype({"row": np.int64})
    frame["level"] = frame["level"].astype("Int64")
    return frame


@pytest.mark.parametrize("people", [0, 1, 2, 7, 60, 400])
@pytest.mark.parametrize("seed", range(6))
def test_the_tab_is_the_one_built_the_plain_way(people, seed):
    tidy = hostile_tidy(seed, people)
    tab = peopleskills.people_skills_tab(tidy, LAYOUT, "People × Skills")
    assert cells(tab.frame) == cells(plain_tab(tidy, LAYOUT))
    assert list(tab.frame.columns) == [c.title for c in peopleskills.COLUMNS]


@pytest.mark.parametrize("seed", range(4))
def test_missing_teams_take_the_general_way_to_the_same_tab(seed):
    tidy = hostile_tidy(seed, 80, with_missing=True).astype({"team": object})
    tab = peopleskills.people_skills_tab(tidy, LAYOUT, "People × Skills")
    assert cells(tab.frame) == cells(plain_tab(tidy, LAYOUT))


def test_columns_of_one_value_each_stay_grouped():
    tidy = hostile_tidy(3, 50)
    frame = peopleskills.people_skills_tab(tidy, LAYOUT, "P").frame
    for name in ("Skill", "Name", "E-mail", "Team", "As written", "Kind", "Row"):
        assert isinstance(frame[name].dtype, pd.CategoricalDtype), name
        assert frame[name].cat.categories.is_unique, name
    assert all(isinstance(v, Link) for v in frame["Row"].cat.categories)


@pytest.mark.parametrize("sizes", [[3, 5, 2], [1], [], [7, 1, 4, 1, 2],
                                   [2 ** 20, 2 ** 20, 2 ** 21]])
def test_folded_keys_sort_as_lexsort(sizes):
    rng = np.random.default_rng(len(sizes))
    rows = 500
    keys = [rng.integers(0, size, rows) for size in sizes]
    if not keys:
        keys = [np.zeros(rows, dtype=np.intp)]
    assert peopleskills._sorted_by(keys).tolist() == np.lexsort(keys[::-1]).tolist()


def test_keys_too_wide_for_one_integer_sort_as_lexsort():
    rng = np.random.default_rng(1)
    keys = [rng.integers(0, 2 ** 40, 300), rng.integers(0, 2 ** 30, 300),
            rng.integers(0, 3, 300)]
    assert peopleskills._sorted_by(keys).tolist() == np.lexsort(keys[::-1]).tolist()


text_cells = st.one_of(st.text(max_size=5), st.sampled_from(["a", "A", "é", "e\u0301", ""]))
any_cells = st.one_of(text_cells, st.none(), st.just(float("nan")), st.integers(-2, 2),
                      st.just(True), st.just(1.0))


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.one_of(text_cells, any_cells), max_size=40), runs=st.booleans())
def test_text_grouping_is_distinct_group(values, runs):
    column = np.array([*values, None], dtype=object)[:-1]  # a 1-d array of the objects
    codes, found = textgroups.group(column, runs=runs)
    plain_codes, plain = distinct.group(column)
    assert codes.tolist() == plain_codes.tolist()
    assert [(type(v), v if v == v else "nan") for v in found] == [
        (type(v), v if v == v else "nan") for v in plain]


@settings(max_examples=200, deadline=None)
@given(values=st.lists(text_cells, max_size=40))
def test_text_runs_group_as_the_whole_column(values):
    column = np.array([*sorted(values), None], dtype=object)[:-1]  # runs of equal texts
    codes, found = textgroups.group(column, runs=True)
    plain_codes, plain = distinct.group(column)
    assert codes.tolist() == plain_codes.tolist() and found == plain


def test_pandas_missing_value_is_grouped_as_distinct_group_does():
    column = np.array(["a", pd.NA, "a", pd.NA, "b"], dtype=object)
    codes, found = textgroups.group(column, runs=True)
    plain_codes, plain = distinct.group(column)
    assert codes.tolist() == plain_codes.tolist()
    assert len(found) == len(plain) == 3


@pytest.mark.parametrize("found", [["Ana", "ana", "😀", ""], [], ["only"],
                                   [Link("row 2", "People", "A2"),
                                    Link("row 3", "Équipe", "A3")]])
def test_categorical_of_distinct_values_is_distinct_categorical(found):
    codes = np.array([i % max(len(found), 1) for i in range(9 if found else 0)],
                     dtype=np.int32)
    fast, plain = textgroups.categorical(codes, found), distinct.categorical(codes, found)
    assert isinstance(fast, pd.Categorical) and isinstance(plain, pd.Categorical)
    assert list(fast) == list(plain)
    assert fast.categories.tolist() == plain.categories.tolist()
    assert fast.codes.tolist() == plain.codes.tolist()


@pytest.mark.parametrize("found", [["a", None, "b"], ["a", float("nan")], [None]])
def test_categorical_with_a_missing_value_is_distinct_categorical(found):
    codes = np.array([0, 1, 0, len(found) - 1], dtype=np.int32) % len(found)
    fast, plain = textgroups.categorical(codes, found), distinct.categorical(codes, found)
    assert type(fast) is type(plain)
    assert [v if v == v else "nan" for v in list(fast)] == [
        v if v == v else "nan" for v in list(plain)]


@pytest.mark.parametrize("size", [1, 3, 50])
@pytest.mark.parametrize("seed", range(4))
def test_the_tab_from_the_tidy_columns_is_the_tab_from_the_tidy_frame(size, seed):
    people = hostile_people(seed, size)
    from_columns = peopleskills.people_skills_tab(schema.tidy_columns(people), LAYOUT, "P")
    from_frame = peopleskills.people_skills_tab(schema.tidy(people), LAYOUT, "P")
    assert cells(from_columns.frame) == cells(from_frame.frame)
    for name in from_frame.frame.columns:
        column, plain = from_columns.frame[name], from_frame.frame[name]
        assert str(column.dtype) == str(plain.dtype)
        if isinstance(plain.dtype, pd.CategoricalDtype):
            assert column.cat.categories.tolist() == plain.cat.categories.tolist()
            assert column.cat.codes.tolist() == plain.cat.codes.tolist()
