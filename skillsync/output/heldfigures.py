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

from skillsync.core import intkeys
from skillsync.core.heldcodes import HeldCodes


def single_holders(holders: Mapping[str, int], part: pd.DataFrame,
                   codes: HeldCodes | None = None) -> list[tuple[str, str]]:
    """(skill, name) for the skills one person in the whole organisation holds (`holders`:
    people per skill), from each such skill's first row in `part`, in the order first met.
    `codes`: the skills of `part`'s rows as codes, made already (Analysis.held_codes)."""
    code, found = _skill_codes(part, codes)
    first = intkeys.first_places(code, len(found))
    alone = sorted((at for at, skill in enumerate(found)
                    if holders.get(skill) == 1 and first[at] >= 0), key=first.__getitem__)
    names = part["name"].to_numpy(dtype=object)[first[alone]].tolist()
    return list(zip([found[at] for at in alone], names, strict=True))


def holders_by_level(held: pd.DataFrame, skills: list[str], codes: HeldCodes | None = None
                     ) -> dict[tuple[str, int], int]:
    """(skill, level) -> how many people hold the skill at that level (no level: 0), for
    `skills`; a person listing a skill twice counts once, at the level listed first. The
    skill column is grouped once (or given grouped: `codes`) and the rest is done on its
    integer codes."""
    code, found = _skill_codes(held, codes)
    place = {skill: at for at, skill in enumerate(skills)}
    # A missing skill's code (-1) takes the last place: none of `skills`.
    wanted = np.array([*(place.get(skill, -1) for skill in found), -1], dtype=np.intp)
    rows = np.flatnonzero(wanted[code] >= 0)
    skill = wanted[code[rows]]
    person = pd.factorize(held["person"].to_numpy()[rows])[0]
    first = ~pd.Series(person * max(len(skills), 1) + skill).duplicated().to_numpy()
    level = held["level"].to_numpy(dtype=float)[rows][first]
    pairs = pd.DataFrame({"skill": skill[first],
                          "level": np.where(np.isnan(level), 0, level).astype(int)})
    return {(skills[skill], int(level)): int(count)
            for (skill, level), count in pairs.value_counts(sort=False).items()}


def experts(held: pd.DataFrame, codes: HeldCodes | None = None) -> dict[str, int]:
    """Skill -> how many people hold it at expert level (only the expert rows are
    grouped, and by integer codes; `codes`: the skills given grouped already)."""
    rows = np.flatnonzero(held["expert"].to_numpy(dtype=bool))
    if codes is None:
        skill, skills = pd.factorize(held["skill"].to_numpy(dtype=object)[rows])
    else:
        found = codes.code[rows]
        rows = rows[found >= 0]
        skill, met = pd.factorize(found[found >= 0])  # codes of the codes: small integers
        skills = [codes.skills[at] for at in met.tolist()]
    kept = skill >= 0  # a missing skill (pandas' -1) is nobody's
    skill = skill[kept]
    person = pd.factorize(held["person"].to_numpy()[rows[kept]])[0]
    pairs = pd.unique(person * max(len(skills), 1) + skill)
    people = np.bincount(pairs % max(len(skills), 1), minlength=len(skills))
    return {name: count for name, count in zip(list(skills), people.tolist(), strict=True)
            if count}


def _skill_codes(held: pd.DataFrame, codes: HeldCodes | None) -> tuple[np.ndarray, list]:
    """Each row's skill as a code into the skills found (a missing one: -1, when given)."""
    if codes is not None:
        return codes.code, codes.skills
    code, found = pd.factorize(held["skill"].to_numpy(dtype=object), use_na_sentinel=False)
    return code, list(found)

