"""Columns grouped or sorted once and handed to the tabs give the tabs built the plain way:
the mentor lists against the pandas rows they were first filtered and sorted from, texts
sorted by numpy against Python's sort, the Projects lists on the project codes known
already against the lists grouping the column again, and sorts on one folded integer
against np.lexsort. Hostile values throughout: unicode, case-only differences, NUL,
namesakes, empty texts, missing values, NaN and -0.0, nobody."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from test_summary_columns import NAMES, PROJECTS, people_of, plain_listing

from skillsync.core import intkeys, mentorlists, nameorder, summary
from skillsync.core.itemtables import project_table

TEXTS = ["Zoë", "zoe", "ZOË", "Ærin", "李雷", "😀", "", "a\0b", "a", "ab", "a ", "ß", "SS",
         "\ud800", "\uffff", "ǅemal", "Ǆemal", "Ana Lima", "ana lima"]


def plain_mentors(held, learners, min_level=1, booked=frozenset()):
    """The mentor lists as first written: pandas filters, a sort by (skill first met,
    expert, level, name), each name once."""
    able = (held["level"].notna() & (held["level"] >= min_level)
            & ~held["person"].isin(list(booked)))
    candidates = held[(able & held["skill"].isin(learners["skill"].unique())).to_numpy()]
    wishes = set(zip(learners["skill"].tolist(), learners["person"].tolist(), strict=True))
    teachers = candidates[np.array([(s, p) not in wishes for s, p in zip(
        candidates["skill"].tolist(), candidates["person"].tolist(), strict=True)],
        dtype=bool)]
    met = {s: at for at, s in enumerate(dict.fromkeys(teachers["skill"].tolist()))}
    rows = sorted(zip(teachers["skill"].tolist(), teachers["expert"].tolist(),
                      teachers["level"].fillna(0).tolist(), teachers["name"].tolist(),
                      strict=True),
                  key=lambda r: (met[r[0]], not r[1], -r[2], r[3]))
    found: dict[str, list[str]] = {}
    for skill, _, _, name in rows:
        names = found.setdefault(skill, [])
        if name not in names:
            names.append(name)
    return found


def organisation(seed: int, size: int, nullable: bool = False):
    rng = random.Random(seed)
    people = rng.randrange(1, 12)
    levels = [rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, float("nan")]) for _ in range(size)]
    held = pd.DataFrame({
        "person": pd.Series([rng.randrange(people) for _ in range(size)], dtype="int64"),
        "name": pd.Series([rng.choice(NAMES + TEXTS[:8]) for _ in range(size)], dtype=object),
        "skill": pd.Series([rng.choice(PROJECTS) for _ in range(size)], dtype=object),
        "level": pd.Series(levels, dtype="Int64" if nullable else "float64")
        if not nullable else pd.array([None if v != v else int(v) for v in levels],
                                      dtype="Int64"),
    })
    held["expert"] = (held["level"].fillna(0) >= 4).to_numpy(dtype=bool)
    learners = pd.DataFrame({
        "person": pd.Series([rng.randrange(people) for _ in range(size // 2)], dtype="int64"),
        "skill": pd.Series([rng.choice(PROJECTS) for _ in range(size // 2)], dtype=object)})
    booked = frozenset(rng.sample(range(people), rng.randrange(people)))
    return held, learners, booked


@pytest.mark.parametrize("nullable", [False, True])
@pytest.mark.parametrize("size", [0, 1, 7, 60, 400])
@pytest.mark.parametrize("seed", range(8))
def test_mentor_lists_are_the_pandas_rows_sorted(seed, size, nullable):
    held, learners, booked = organisation(seed, size, nullable)
    for level in (1, 3, 5):
        fast = mentorlists.mentors_by_skill(held, learners, level, booked)
        plain = plain_mentors(held, learners, level, booked)
        assert fast == plain
        assert list(fast) == list(plain)  # skills in the order first met


def test_mentor_lists_of_an_empty_table_are_empty():
    held = pd.DataFrame([], columns=["person", "name", "team", "skill", "level", "written"])
    held["level"] = held["level"].astype("float64")
    held["expert"] = held["level"].fillna(0) >= 4
    learners = pd.DataFrame([], columns=["person", "name", "skill"])
    assert mentorlists.mentors_by_skill(held, learners, 2) == {}


@pytest.mark.parametrize("texts", [
    [], [""], TEXTS, [t.upper() for t in TEXTS], ["b" * 300, "a" * 299 + "b", "a" * 300],
    [chr(c) for c in range(0x20, 0x3000, 7)],
])
def test_texts_sorted_by_numpy_are_sorted_as_python_sorts(texts, monkeypatch):
    distinct = list(dict.fromkeys(texts))
    plain = sorted(range(len(distinct)), key=distinct.__getitem__)
    assert nameorder.sorted_order(distinct).tolist() == plain
    monkeypatch.setattr(nameorder, "MAX_FIXED_WIDTH", 1)  # too wide for numpy: Python's
    assert nameorder.sorted_order(distinct).tolist() == plain


@pytest.mark.parametrize("size", [0, 1, 9, 80, 300])
@pytest.mark.parametrize("seed", range(6))
def test_project_lists_on_codes_known_are_the_lists_grouped_again(seed, size):
    people = people_of(seed, size)
    if seed % 2:  # rows as objects, as a table of mixed values would hold them
        people["rows"] = [(rows[0],) if at % 3 else (np.int64(rows[0]),)
                          for at, rows in enumerate(people["rows"].tolist())]
    table = project_table(people)
    if not len(table):
        return
    table["key"] = [p.casefold() for p in table["project"].tolist()]
    grouped = pd.factorize(table["key"].to_numpy(dtype=object))
    for value, numeric, limit in (("team", False, 2), ("row", True, 3), ("name", False, 30)):
        fast = summary.listing(table, "key", value, limit, numeric, grouped=grouped)
        assert fast == summary.listing(table, "key", value, limit, numeric)
        assert fast == plain_listing(table, "key", value, limit, numeric)
    as_objects = table.astype({"row": object})
    assert (summary.listing(as_objects, "key", "row", 3, True)
            == summary.listing(table, "key", "row", 3, True))


def hostile_keys(rng: np.random.Generator, rows: int) -> list[np.ndarray]:
    levels = rng.choice([0.0, -0.0, 1.0, 2.5, -3.0, np.nan, np.inf], rows)
    return [rng.integers(-1, 5, rows), levels, -levels, rng.integers(0, 3, rows) > 0,
            rng.integers(0, 10 ** 6, rows), rng.integers(-(10 ** 9), 10 ** 9, rows),
            np.array(rng.choice(["b", "a", "B", ""], rows), dtype=object)]


@pytest.mark.parametrize("rows", [0, 1, 2, 17, 500])
@pytest.mark.parametrize("seed", range(10))
def test_sorting_on_places_folded_into_one_integer_is_lexsort(seed, rows):
    rng = np.random.default_rng(seed)
    keys = hostile_keys(rng, rows)
    for _ in range(6):
        chosen = [keys[i] for i in rng.choice(len(keys), int(rng.integers(1, 5)))]
        plain = np.lexsort(chosen[::-1])
        folded = intkeys.sorted_by([intkeys.places(key) for key in chosen])
        assert folded.tolist() == plain.tolist()


def test_keys_too_wide_for_one_integer_with_the_rows_are_still_sorted_stably():
    rng = np.random.default_rng(3)
    rows = 5000
    # Wide keys of few values each: many rows alike, which must keep their order.
    wide = [rng.choice([0, 2 ** 24 - 1], rows), rng.choice([5, 2 ** 24 - 1], rows),
            rng.integers(0, 4, rows)]
    assert intkeys._product([2 ** 24, 2 ** 24, 4]) < 2.0 ** 62
    assert intkeys._product([2 ** 24, 2 ** 24, 4, rows]) >= 2.0 ** 62  # rows left out
    assert intkeys.sorted_by(wide).tolist() == np.lexsort(wide[::-1]).tolist()
    wider = [rng.integers(0, 2 ** 40, rows), rng.integers(0, 2 ** 30, rows)]  # lexsort
    assert intkeys.sorted_by(wider).tolist() == np.lexsort(wider[::-1]).tolist()


@pytest.mark.parametrize("limit", [1, 2, 30])
@pytest.mark.parametrize("seed", range(8))
def test_first_rows_of_each_key_are_those_lexsort_picks(seed, limit):
    rng = np.random.default_rng(seed)
    rows = int(rng.integers(0, 400))
    codes = rng.integers(-1, 9, rows)
    found = [f"k{i}" for i in range(9)]
    ranks = [rng.integers(0, 50, rows), -rng.choice([0.0, 1.0, 4.0, 5.0, np.nan], rows)]
    shown, listed = summary._firsts_of(codes, found, ranks, limit)
    order = np.lexsort([*ranks, codes])
    grouped = codes[order]
    plain_shown, plain_listed, seen = [], [], {}
    for row, code in zip(order.tolist(), grouped.tolist(), strict=True):
        seen[code] = seen.get(code, 0) + 1
        if seen[code] <= limit:
            plain_shown.append(row)
    end = 0
    for code in dict.fromkeys(grouped.tolist()):
        kept = min(seen[code], limit)
        plain_listed.append((found[code], end, end + kept, seen[code]))
        end += kept
    assert shown.tolist() == plain_shown and listed == plain_listed
