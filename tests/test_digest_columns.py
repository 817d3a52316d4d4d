"""The digest's skill figures worked out on integer codes agree with the plain pandas
ones: single holders, skill bars and expert counts over held tables with skills differing
only in case, unicode, people listing a skill twice, levels missing, one row and none."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from skillsync.core.heldcodes import HeldCodes
from skillsync.output import digest, heldfigures

SKILLS = ("Python", "python", "SQL", "Straße", "STRASSE", "数据", "😀 emoji", "NLP", "R")
NAMES = ("Ana", "ana", "Zoë", "", "李雷", "O'Neil")


def held_table(seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for person in range(rng.choice((0, 1, 3, 40))):
        name = rng.choice(NAMES)
        for _ in range(rng.choice((1, 2, 4))):
            level = rng.choice((None, 0, 1, 2, 3, 4, 5, 5))
            rows.append({"person": person * (3 if seed % 2 else 1) + 5 * (seed % 2),
                         "name": name, "team": "T", "skill": rng.choice(SKILLS),
                         "level": np.nan if level is None else float(level),
                         "written": "", "expert": level is not None and level >= 4})
    frame = pd.DataFrame(rows, columns=["person", "name", "team", "skill", "level",
                                        "written", "expert"])
    return frame.astype({"person": np.int64, "level": float, "expert": bool})


def plain_single_holders(holders, part):
    alone = part[part["skill"].map(holders) == 1].drop_duplicates("skill")
    pairs = sorted(zip(alone["skill"], alone["name"], strict=True), key=lambda p: p[0].casefold())
    return [(digest.clip(skill), digest.clip(name, 60)) for skill, name in pairs]


def plain_bars(held, skills):
    chosen = held[held["skill"].isin(skills)].drop_duplicates(["person", "skill"])
    return chosen.assign(level=chosen["level"].fillna(0).astype(int)).groupby(
        ["skill", "level"]).size().to_dict()


@pytest.mark.parametrize("seed", range(40))
def test_single_holders_are_the_plain_ones(seed):
    held = held_table(seed)
    holders = held.groupby("skill")["person"].nunique().to_dict() if len(held) else {}
    holders.update({"R": 1, "never held": 1})
    plain = plain_single_holders(holders, held)
    assert digest._single_holders(holders, held) == plain
    assert digest._single_holders(holders, held, HeldCodes.of(held)) == plain


@pytest.mark.parametrize("seed", range(40))
def test_skill_bars_count_as_the_plain_groupby(seed):
    held = held_table(seed)
    skills = random.Random(seed).sample([*SKILLS, "nobody"], 4)
    assert heldfigures.holders_by_level(held, skills) == plain_bars(held, skills)
    assert (heldfigures.holders_by_level(held, skills, HeldCodes.of(held))
            == plain_bars(held, skills))


@pytest.mark.parametrize("seed", range(40))
def test_experts_are_counted_as_the_plain_groupby(seed):
    held = held_table(seed)
    plain = held[held["expert"]].groupby("skill")["person"].nunique().to_dict()
    assert heldfigures.experts(held) == plain
    assert heldfigures.experts(held, HeldCodes.of(held)) == plain


def test_a_missing_skill_is_no_skill_s_figure():
    held = held_table(3)
    held["skill"] = held["skill"].astype(object)
    held.loc[held.index[::5], "skill"] = None
    codes = HeldCodes.of(held)
    assert (codes.code < 0).any()
    real = held[held["skill"].notna()]
    holders = real.groupby("skill")["person"].nunique().to_dict()
    assert heldfigures.experts(held, codes) == real[real["expert"]].groupby(
        "skill")["person"].nunique().to_dict()
    skills = list(holders)[:4]
    assert heldfigures.holders_by_level(held, skills, codes) == plain_bars(real, skills)
    assert digest._single_holders(holders, held, codes) == plain_single_holders(holders, real)
