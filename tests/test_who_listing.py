"""The "Who" lists of the Skills, Projects and Learning tabs are ordered by everyone's
name, sorted once for all tabs (summary.name_places): the same lists as sorting each
table's own names, with namesakes, names differing only in case, levels and no rows."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from skillsync.core import summary
from skillsync.core.tabs import capped_text

NAMES = ["ana lima", "Ana Lima", "Bo Chen", "bo chen", "Émile Zola", "Zoë", "Al", "al",
         "Doe, Jane", "Ñuñez"]


def people_and_table(seed: int, rows: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(seed)
    people = pd.DataFrame({"name": [rng.choice(NAMES) for _ in range(12)]})
    picked = [rng.randrange(len(people)) for _ in range(rows)]
    table = pd.DataFrame({
        "person": pd.Series(picked, dtype="int64"),
        "name": [people["name"][p] for p in picked],
        "skill": [rng.choice(["SQL", "NLP", "Go"]) for _ in picked],
        "level": [rng.choice([1.0, 3.0, 5.0, float("nan")]) for _ in picked],
    })
    return people, table


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("with_levels", [False, True])
def test_names_sorted_once_give_the_lists_each_table_sorts_itself(seed, with_levels):
    people, table = people_and_table(seed, rows=seed * 3)
    places = summary.name_places(people)
    for limit in (1, 3, 12):
        assert (summary.who_listing(table, "skill", limit, with_levels, by_name=places)
                == summary.who_listing(table, "skill", limit, with_levels))


def test_a_table_without_rows_lists_nobody():
    people, table = people_and_table(0, rows=0)
    table["person"] = table["person"].astype(object)  # as an empty frame of records has it
    assert summary.who_listing(table, "skill", by_name=summary.name_places(people)) == {}


def plain_who(table: pd.DataFrame, key: str, limit: int, with_levels: bool) -> dict:
    """Each key's people (first row each), by level then name then row, written plainly."""
    found: dict = {}
    seen = set()
    for at, (k, person, name, level) in enumerate(zip(
            table[key].tolist(), table["person"].tolist(), table["name"].tolist(),
            table["level"].tolist(), strict=True)):
        if (k, person) in seen:
            continue
        seen.add((k, person))
        level = 0.0 if not with_levels or level != level else float(level)
        found.setdefault(k, []).append((-level, name.casefold(), name, at))
    return {k: capped_text(
        [f"{e[2]} ({-e[0]:g})" if e[0] else e[2] for e in sorted(entries)[:limit]],
        len(entries), "; ") for k, entries in found.items()}


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("with_levels", [False, True])
@pytest.mark.parametrize("dtype", [object, "str"])
def test_keys_as_text_of_either_kind_give_the_plain_lists(seed, with_levels, dtype):
    """Keys grouped once, whether the key column holds objects or pandas' text type, with
    keys equal but for case, unicode, and an empty key."""
    people, table = people_and_table(seed, rows=seed * 7)
    rng = random.Random(seed)
    table["skill"] = pd.Series([rng.choice(["SQL", "sql", "Straße", "", "数据"])
                                for _ in range(len(table))], dtype=dtype)
    places = summary.name_places(people)
    for limit in (1, 2, 30):
        assert (summary.who_listing(table, "skill", limit, with_levels, by_name=places)
                == plain_who(table, "skill", limit, with_levels))
