"""The tidy table built column by column (schema.tidy) is the one built record by record:
people with no skills, only wishes, skills read on another tab, levels missing, unicode,
namesakes, people without an e-mail, one person and nobody."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from skillsync.core import schema
from skillsync.core.origins import OWN_ROW

NAMES = ["Ana Lima", "ana lima", "Zoë", "李雷", "😀 Joy", "", "ß", "SS"]
SKILLS = ["Python", "python", "NLP", "Straße", "STRASSE", "数据", "C++"]


def plain_tidy(people: pd.DataFrame) -> pd.DataFrame:
    records = []
    for key, name, team, held, wanted, rows, sheet, origin, learn_origin in zip(
            *(people[c].tolist() for c in ("key", "name", "team", "expertise", "learn", "rows",
                                           "sheet", "origin", "learn_origin")), strict=True):
        email = key if key and "@" in key else ""

        def source(found, own=sheet, first=rows[0]):
            return found if isinstance(found, tuple) else (own, found if found else first)

        for skill, level, written in held:
            tab, row = source(origin.get(skill, 0))
            records.append((email, name, team, skill, level, written, "expertise", row, tab))
        for skill in wanted:
            tab, row = source(learn_origin.get(skill, 0))
            records.append((email, name, team, skill, None, "", "learn", row, tab))
    frame = pd.DataFrame(records, columns=list(schema.SKILL_COLUMNS))
    frame["level"] = frame["level"].astype("Int64")
    return frame


def hostile_people(seed: int, size: int) -> pd.DataFrame:
    rng = random.Random(seed)
    people = []
    for person in range(size):
        first = rng.randrange(2, 50)
        held = tuple((s, rng.choice((None, 1, 3, 5)), rng.choice(("", "4/5", "x")))
                     for s in rng.sample(SKILLS, rng.randrange(4)))
        wanted = tuple(rng.sample(SKILLS, rng.randrange(3)))
        origin = ({s: rng.choice((first + 1, ("Équipe", 7))) for s, _, _ in held[:1]}
                  if rng.random() < 0.3 else OWN_ROW)
        learn_origin = ({s: ("Other", 9) for s in wanted[:1]} if rng.random() < 0.3
                        else OWN_ROW)
        people.append({"key": rng.choice((f"p{person}@x.org", "name:ana", "")),
                       "name": rng.choice(NAMES), "team": rng.choice(("", "Search", "ML")),
                       "expertise": held, "learn": wanted, "rows": (first,),
                       "sheet": rng.choice(("People", "Équipe")), "origin": origin,
                       "learn_origin": learn_origin})
    return pd.DataFrame(people)


@pytest.mark.parametrize("size", [1, 2, 9, 120])
@pytest.mark.parametrize("seed", range(8))
def test_tidy_is_the_table_built_record_by_record(size, seed):
    people = hostile_people(seed, size)
    fast, plain = schema.tidy(people), plain_tidy(people)
    if len(plain):
        pd.testing.assert_frame_equal(fast, plain, check_exact=True)
    else:
        assert fast.empty and list(fast.columns) == list(plain.columns)
    assert str(fast["level"].dtype) == "Int64"
    assert [type(v) for v in fast["row"].tolist()] == [type(v) for v in plain["row"].tolist()]


def test_tidy_of_nobody_is_empty_with_its_columns():
    people = hostile_people(0, 1).iloc[:0]
    fast = schema.tidy(people)
    assert fast.empty and list(fast.columns) == list(schema.SKILL_COLUMNS)
    assert str(fast["level"].dtype) == "Int64"
