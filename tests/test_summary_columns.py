"""The summary tabs built column by column give the tabs built row by row with pandas'
own grouping (the plain versions below): projects spelled several ways, namesakes, names
differing only in case, unicode, empty teams, one person, nobody."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from test_tidy_columns import hostile_people

from skillsync.core import distinct, mentorlists, origins, projecttab, summary
from skillsync.core.heldcodes import HeldCodes
from skillsync.core.tabs import capped_text

NAMES = ["ana lima", "Ana Lima", "Bo Chen", "bo chen", "Émile Zola", "Zoë", "Al", "al",
         "Doe, Jane", "Ñuñez", "ǅemal", "ß", "SS"]
PROJECTS = ["Atlas", "atlas", "ATLAS", "Ström", "STRÖM", "straße", "STRASSE", "Zeta", "ǆ",
            "Ǆ", "x"]
TEAMS = ["", "Search", "search", "Vision", "Ñ", "(no team)"]


def plain_listing(table, key, value="name", limit=summary.NAMES_SHOWN, numeric=False):
    pairs = table[[key, value]].drop_duplicates()
    pairs = pairs[(pairs[value] != "").to_numpy(dtype=bool)]
    values = pairs[value].to_numpy(dtype=object)
    ranks = [values.astype(float) if numeric else distinct.ranks(values, summary._by_name)]
    texts, rank = values.tolist(), ranks[0].tolist()
    rows_of = {}
    for at, k in enumerate(pairs[key].tolist()):
        rows_of.setdefault(k, []).append(at)
    return {k: capped_text([str(texts[r]) for r in sorted(rows, key=rank.__getitem__)[:limit]],
                           len(rows))
            for k, rows in rows_of.items()}


def plain_projects_tab(people, title, by_name=None):
    records = [(project, person, name, team, *_placed(sources.get(project, rows[0]), sheet))
               for person, name, team, rows, sheet, projects, sources in zip(
                   people.index.tolist(), people["name"].tolist(), people["team"].tolist(),
                   people["rows"].tolist(), people["sheet"].tolist(),
                   people["current_projects"].tolist(), people["project_origin"].tolist(),
                   strict=True)
               for project in projects]
    table = pd.DataFrame(records, columns=["project", "person", "name", "team", "row", "tab"])
    table["key"] = table["project"].str.casefold()
    groups = table.groupby("key", sort=False)
    who = summary.who_listing(table, "key", by_name=by_name)
    teams = plain_listing(table, "key", "team", limit=20)
    rows = plain_rows(table)
    frame = pd.DataFrame({"Project": groups["project"].first(),
                          "People": groups["person"].nunique()})
    frame["Who"] = [who.get(k, "") for k in frame.index]
    frame["Teams"] = [teams.get(k, "") for k in frame.index]
    frame["Rows"] = [rows.get(k, "") for k in frame.index]
    frame = frame.sort_values(["People", "Project"], ascending=[False, True], kind="stable")
    return frame.reset_index(drop=True)


def _placed(source, own_tab):
    """(row, tab) of a project: a (tab, row) source on another tab, else a row on its own."""
    return (source[1], source[0]) if isinstance(source, tuple) else (source, own_tab)


def plain_rows(table):
    """Each project's distinct rows sorted, "3 (Paris)" when they come from several tabs,
    sorted by tab name (ignoring case) and then row."""
    several = table["tab"].nunique() > 1
    out = {}
    for key, group in table.groupby("key", sort=False):
        places = sorted(set(zip(group["tab"].tolist(), group["row"].tolist(), strict=True)),
                        key=lambda place: (place[0].casefold(), place[0], place[1]))
        shown = [f"{row} ({tab})" if several else str(row) for tab, row in places]
        out[key] = capped_text(shown[:50], len(shown))
    return out


def people_of(seed: int, size: int, most_projects: int = 3) -> pd.DataFrame:
    """People of one tab, or (odd seeds) of two team tabs, whose projects may be read on a
    third."""
    rng = random.Random(seed)
    sheets = ["Inventory"] if seed % 2 == 0 else ["Paris", "london", "Berlin"]
    projects = [tuple(rng.sample(PROJECTS, rng.randrange(most_projects + 1)))
                for _ in range(size)]
    return pd.DataFrame({
        "name": [rng.choice(NAMES) for _ in range(size)],
        "team": [rng.choice(TEAMS) for _ in range(size)],
        "rows": [(rng.randrange(2, 40),) for _ in range(size)],
        "sheet": [rng.choice(sheets) for _ in range(size)],
        "current_projects": projects,
        # A merged person's projects read from later rows, some on another tab.
        "project_origin": [origins.OWN_ROW if rng.random() < 0.7 else {
            p: rng.choice((rng.randrange(40, 60), ("Other", rng.randrange(2, 9))))
            for p in listed[:rng.randrange(len(listed) + 1)]} for listed in projects],
    })


def same_frames(fast: pd.DataFrame, plain: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)
    assert list(map(str, fast.dtypes)) == list(map(str, plain.dtypes))


@pytest.mark.parametrize("seed", range(25))
def test_projects_tab_is_the_plain_one(seed):
    people = people_of(seed, size=seed * 4 + 1)
    for by_name in (None, summary.name_places(people)):
        same_frames(projecttab.projects_tab(people, "P", by_name).frame,
                    plain_projects_tab(people, "P", by_name))


@pytest.mark.parametrize("size", [0, 1, 2])
def test_projects_tab_of_nobody_one_person_or_no_projects(size):
    for most in (0, 1):
        people = people_of(size, size, most_projects=most)
        same_frames(projecttab.projects_tab(people, "P").frame,
                    plain_projects_tab(people, "P"))


@pytest.mark.parametrize("seed", range(15))
@pytest.mark.parametrize("limit", [1, 2, 50])
def test_listing_is_drop_duplicates_then_sorted(seed, limit):
    rng = random.Random(seed)
    size = seed * 5
    table = pd.DataFrame({
        "key": pd.Series([rng.choice(PROJECTS) for _ in range(size)], dtype=object),
        "team": [rng.choice(TEAMS) for _ in range(size)],
        "row": pd.Series([rng.randrange(1, 9) for _ in range(size)], dtype="int64"),
    })
    assert (summary.listing(table, "key", "team", limit)
            == plain_listing(table, "key", "team", limit))
    assert (summary.listing(table, "key", "row", limit, numeric=True)
            == plain_listing(table, "key", "row", limit, numeric=True))


def test_listing_of_nothing_is_empty():
    table = pd.DataFrame([], columns=["key", "team"])
    assert summary.listing(table, "key", "team") == plain_listing(table, "key", "team") == {}
    assert np.array_equal(summary._first_rows(np.array([], dtype=np.intp),
                                              np.array([], dtype=np.intp)), [])


@pytest.mark.parametrize("texts", [
    [], ["b", "a", "b"], ["Zoë", "zoe", "ZOË", "Ærin", "李雷", "😀", "", "a\0b", "a", "ß", "SS"],
    ["Ana Lima", "ana lima", "Ana Lima ", "ana  lima"] * 3,
])
def test_sorted_codes_are_pandas_sorted_factorize(texts):
    series = pd.Series(texts, dtype="str") if texts else pd.Series([], dtype=object)
    codes, found = mentorlists._sorted_codes(series)
    plain_codes, plain_found = pd.factorize(series, sort=True)
    assert codes.tolist() == plain_codes.tolist()
    assert list(found) == list(plain_found)


@pytest.mark.parametrize("seed", range(12))
def test_mentors_are_the_ones_sorted_by_pandas(seed, monkeypatch):
    rng = random.Random(seed)
    size = seed * 7
    held = pd.DataFrame({
        "person": pd.Series([rng.randrange(6) for _ in range(size)], dtype="int64"),
        "name": pd.Series([rng.choice(NAMES) for _ in range(size)], dtype="str"),
        "skill": pd.Series([rng.choice(PROJECTS) for _ in range(size)], dtype="str"),
        "level": pd.Series([rng.choice([1.0, 3.0, 5.0, float("nan")]) for _ in range(size)]),
    })
    held["expert"] = held["level"].fillna(0) >= 4
    learners = pd.DataFrame({
        "person": pd.Series([rng.randrange(6) for _ in range(size)], dtype="int64"),
        "skill": pd.Series([rng.choice(PROJECTS) for _ in range(size)], dtype="str")})
    fast = mentorlists.mentors_by_skill(held, learners, 2, frozenset({1}))
    # the same with every name sorted by pandas, as the codes were first worked out
    monkeypatch.setattr(mentorlists, "_sorted_codes", lambda texts: pd.factorize(texts, sort=True))
    assert fast == mentorlists.mentors_by_skill(held, learners, 2, frozenset({1}))


def plain_first_rows(codes, people):
    return pd.DataFrame({"c": codes, "p": people}).drop_duplicates().index.to_numpy()


@pytest.mark.parametrize("seed", range(20))
def test_first_rows_are_drop_duplicates(seed):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 300))
    people = np.sort(rng.integers(0, 40, size)) if seed % 2 else rng.integers(0, 40, size)
    codes = rng.integers(-1 if seed % 3 == 0 else 0, 7, size)  # -1: pandas' missing
    assert summary._first_rows(codes, people).tolist() == plain_first_rows(codes,
                                                                           people).tolist()


@pytest.mark.parametrize("seed", range(6))
def test_team_matrix_from_counts_given_is_the_one_counted_itself(seed):
    people = hostile_people(seed, seed * 9 + 1)
    held = summary.skill_table(people, 4)
    for limit in (1, 3, 40):
        given = summary.team_skills_tab(people, held, "T", limit,
                                        counts=summary.skill_counts(held))
        same_frames(given.frame, summary.team_skills_tab(people, held, "T", limit).frame)


def plain_skills_tab(held, learners, categories, by_name=None):
    """The Skills tab grouped by pandas, as it was first built."""
    by_skill = held.groupby("skill")
    counted = pd.DataFrame({"people": by_skill["person"].nunique(),
                            "experts": by_skill["expert"].sum()})
    wanted = learners.groupby("skill")["person"].nunique()
    counted = counted.join(wanted.rename("learners"), how="outer").fillna(0).astype(int)
    counted = counted.sort_values(["people", "learners"], ascending=False, kind="stable")
    who = summary.who_listing(held, "skill", with_levels=True, by_name=by_name)
    first_holder = held.drop_duplicates("skill").set_index("skill")["name"].to_dict()
    return pd.DataFrame({
        "Skill": counted.index,
        "Category": [categories.get(s, "not in vocabulary") for s in counted.index],
        "People": counted["people"].to_numpy(),
        "Experts": counted["experts"].to_numpy(),
        "Want to learn": counted["learners"].to_numpy(),
        "Only one person": [first_holder.get(s, "") if n == 1 else "" for s, n in zip(
            counted.index, counted["people"], strict=True)],
        "Who": [who.get(s, "") for s in counted.index],
    })


@pytest.mark.parametrize("seed", range(12))
def test_skills_tab_counted_over_codes_is_the_grouped_one(seed):
    """People, experts and learners per skill counted over codes: a person listing a skill
    twice counts once (experts count listings, as the grouped sum did), a missing skill is
    nobody's, skills only wanted are listed, ties keep the name order."""
    people = hostile_people(seed, seed * 7 + 1)
    held = summary.skill_table(people, 4)
    learners = summary.learner_table(people)
    if len(held) and seed % 2:
        held = pd.concat([held, held.iloc[: seed + 1]])  # listed twice
        held.loc[held.index[:1], "skill"] = np.nan if seed % 4 == 1 else held["skill"].iloc[0]
    categories = {"Python": "Programming"}
    by_name = summary.name_places(people)
    for codes in (None, HeldCodes.of(held)):
        fast = summary.skills_tab(held, learners, categories, "S", by_name, codes).frame
        if len(fast):
            same_frames(fast, plain_skills_tab(held, learners, categories, by_name))
        else:
            assert len(plain_skills_tab(held, learners, categories, by_name)) == 0
