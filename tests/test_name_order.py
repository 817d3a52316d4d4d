"""Name order by two stable sorts (core/nameorder.py) is the order of the (casefold, as
written) keys that `distinct.ranks` sorts by, and the "Who" lists built on it are those of
a plain sort per key: names differing only in case, ß and SS, dotted İ, accents, empty
names, namesakes, very long names and many ties."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from skillsync.core import distinct, nameorder, schema, summary
from skillsync.core.tabs import capped_text

NAMES = ("ana lima", "Ana Lima", "ANA LIMA", "Straße", "STRASSE", "strasse", "İz", "iz", "i̇z",
         "Émile", "émile", "Emile", "", " ", "Zoë", "zoe", "李雷", "Ærø", "ǅemal", "ǆemal",
         "Doe, Jane", "x" * 5000, "X" * 5000, "ﬀ", "ff", "FF", "\u212b", "\u00c5", "Å")


def sample(seed: int, size: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(NAMES) + rng.choice(("", "", "a", "A", " b")) for _ in range(size)]


@pytest.mark.parametrize("seed", range(25))
def test_places_are_the_ranks_of_casefold_then_as_written(seed):
    values = sample(seed, seed * 7)
    assert (nameorder.places(values).tolist()
            == distinct.ranks(values, lambda v: (v.casefold(), v)).tolist())


@pytest.mark.parametrize("seed", range(25))
def test_folded_places_share_a_place_for_names_equal_but_for_case(seed):
    codes, found = distinct.group(np.array(sample(seed, seed * 7), dtype=object))
    assert (nameorder.folded_places(codes, found).tolist()
            == distinct.ranks_of(codes, found, str.casefold).tolist())


def plain_who(table: pd.DataFrame, key: str, limit: int, with_levels: bool) -> dict:
    """who_listing key by key: each person once (their first row), most skilled first when
    levels count, then by name ignoring case, then as written, then by table order."""
    found = {}
    for value in pd.unique(table[key]):
        rows = table[table[key] == value].drop_duplicates("person")
        entries = []
        for at, (name, level) in enumerate(zip(rows["name"], rows["level"], strict=True)):
            level = 0.0 if not with_levels or level != level else float(level)
            entries.append((-level, name.casefold(), name, at, name))
        entries.sort()
        shown = [f"{e[4]} ({-e[0]:g})" if e[0] else e[4] for e in entries[:limit]]
        found[value] = capped_text(shown, len(entries), "; ")
    return found


@pytest.mark.parametrize("seed", range(20))
def test_who_lists_are_those_of_a_plain_sort_per_key(seed):
    rng = random.Random(seed)
    names = sample(seed, 15)
    picked = [rng.randrange(len(names)) for _ in range(seed * 5)]
    table = pd.DataFrame({
        "person": pd.Series(picked, dtype="int64"), "name": [names[p] for p in picked],
        "skill": [rng.choice(["SQL", "sql", "NLP", "Go", ""]) for _ in picked],
        "level": [rng.choice([1.0, 2.5, 3.0, 5.0, float("nan")]) for _ in picked]})
    places = summary.name_places(pd.DataFrame({"name": names}))
    for limit in (1, 2, 30):
        for with_levels in (False, True):
            assert summary.who_listing(table, "skill", limit, with_levels, by_name=places) == (
                plain_who(table, "skill", limit, with_levels))


def plain_tidy_items(people: pd.DataFrame) -> tuple[list, list, list]:
    held, wanted = people["expertise"].tolist(), people["learn"].tolist()
    learning = sum(len(w) for w in wanted)
    return ([s for items in held for s, _, _ in items] + [s for w in wanted for s in w],
            [lv for items in held for _, lv, _ in items] + [None] * learning,
            [w for items in held for _, _, w in items] + [""] * learning)


@pytest.mark.parametrize("seed", range(10))
def test_the_tidy_table_takes_every_item_in_order(seed):
    from staffingbook import people_table, person
    rng = random.Random(seed)
    rows = [person(rng.choice(NAMES) or "x", skills=tuple(
        (rng.choice(("SQL", "Go", "Ünï")), rng.choice((None, 1, 5)))
        for _ in range(rng.randint(0, 4))),
        learn=tuple(rng.sample(("Rust", "SQL", "ß"), rng.randint(0, 2))))
        for _ in range(rng.randint(0, 30))]
    people = people_table(*rows)[0] if rows else pd.DataFrame(
        columns=list(schema.PEOPLE_COLUMNS))
    tidy = schema.tidy(people)
    by_person = tidy.assign(at=np.arange(len(tidy))).sort_values(["kind", "at"]).drop(columns="at")
    skills, levels, written = plain_tidy_items(people)
    assert by_person["skill"].tolist() == skills
    assert [None if pd.isna(v) else v for v in by_person["level"].tolist()] == levels
    assert by_person["written"].tolist() == written
