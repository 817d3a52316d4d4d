"""Figures of the held table for the digest, worked out on integer codes.

The held table has a row per person and skill listed (300,000 at 100,000 people); the
digest wants a few figures per skill. Grouping its text skill column with pandas text
operations (a dict mapped over every row, drop_duplicates and groupby on text) costs more
than the figures: the column is factorized once per figure and the rest is done on the
integer codes, per distinct skill.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd


def single_holders(holders: Mapping[str, int], part: pd.DataFrame) -> list[tuple[str, str]]:
    """(skill, name) for the skills one person in the whole organisation holds (`holders`:
    people per skill), from each such skill's first row in `part`, in the order first met."""
    codes, found = pd.factorize(part["skill"].to_numpy(dtype=object), use_na_sentinel=False)
    alone = [at for at, skill in enumerate(found.tolist()) if holders.get(skill) == 1]
    first = np.zeros(len(found), dtype=np.intp)
    first[codes[::-1]] = np.arange(len(codes))[::-1]  # where each skill is first met
    names = part["name"].to_numpy(dtype=object)[first[alone]].tolist()
    return list(zip(np.asarray(found, dtype=object)[alone].tolist(), names, strict=True))


def holders_by_level(held: pd.DataFrame, skills: list[str]) -> dict[tuple[str, int], int]:
    """(skill, level) -> how many people hold the skill at that level (no level: 0), for
    `skills`; a person listing a skill twice counts once, at the level listed first. The
    skill column is grouped once and the rest is done on its integer codes."""
    codes, found = pd.factorize(held["skill"].to_numpy(dtype=object), use_na_sentinel=False)
    place = {skill: at for at, skill in enumerate(skills)}
    wanted = np.array([place.get(skill, -1) for skill in found.tolist()], dtype=np.intp)
    rows = np.flatnonzero(wanted[codes] >= 0) if len(found) else np.zeros(0, dtype=np.intp)
    skill = wanted[codes[rows]]
    person = pd.factorize(held["person"].to_numpy()[rows])[0]
    first = ~pd.Series(person * max(len(skills), 1) + skill).duplicated().to_numpy()
    level = held["level"].to_numpy(dtype=float)[rows][first]
    pairs = pd.DataFrame({"skill": skill[first],
                          "level": np.where(np.isnan(level), 0, level).astype(int)})
    return {(skills[skill], int(level)): int(count)
            for (skill, level), count in pairs.value_counts(sort=False).items()}


def experts(held: pd.DataFrame) -> dict[str, int]:
    """Skill -> how many people hold it at expert level (only the expert rows are
    grouped, and by integer codes)."""
    expert = held["expert"].to_numpy(dtype=bool)
    skill, skills = pd.factorize(held["skill"].to_numpy(dtype=object)[expert])
    person = pd.factorize(held["person"].to_numpy()[expert])[0]
    pairs = pd.unique(person * max(len(skills), 1) + skill)
    people = np.bincount(pairs % max(len(skills), 1), minlength=len(skills))
    return dict(zip(skills.tolist(), people.tolist(), strict=True))
