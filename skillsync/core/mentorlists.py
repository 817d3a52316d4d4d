"""Who could teach each wanted skill: the Learning tab's mentors, and the mentoring
step's candidates (see mentoring.py, which pairs them with learners)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from skillsync.core import intkeys, nameorder


def mentors_by_skill(held: pd.DataFrame, learners: pd.DataFrame, min_level: int = 1,
                     booked: frozenset[int] = frozenset()) -> dict[str, list[str]]:
    """For each wanted skill: people who could teach it, as mentoring.py counts them: they
    hold it at `min_level` or above (a skill without a level does not qualify), are not
    fully booked and do not want to learn it themselves; experts first, then by level,
    then by name."""
    teachers = _teachers(held, learners, min_level, booked)
    # One lexsort over integer codes instead of sorting strings row by row.
    skills, skill_names = pd.factorize(held["skill"].to_numpy(dtype=object)[teachers])
    names, name_list = _sorted_codes(held["name"].to_numpy(dtype=object)[teachers])
    levels = _levels(held)[teachers]
    levels[np.isnan(levels)] = 0.0
    expert = held["expert"].to_numpy(dtype=bool)[teachers]
    # np.lexsort((names, -levels, ~expert, skills)), on one integer per row
    order = intkeys.sorted_by(list(map(intkeys.places, (skills, ~expert, -levels, names))))
    if not len(order):
        return {}
    ordered_skills, ordered_names = skills[order], names[order]
    starts = np.flatnonzero(np.diff(ordered_skills, prepend=-1))
    ends = [*starts[1:].tolist(), len(order)]
    return {skill_names[ordered_skills[start]]: name_list.take(
                pd.unique(ordered_names[start:end])).tolist()
            for start, end in zip(starts.tolist(), ends, strict=True)}


def _teachers(held: pd.DataFrame, learners: pd.DataFrame, min_level: int,
              booked: frozenset[int]) -> np.ndarray:
    """The rows of `held` whose person may teach its skill (`mentors_by_skill`), in order."""
    person = held["person"].to_numpy()
    able = ((_levels(held) >= min_level)  # NaN, no level: never
            & ~pd.Series(person).isin(list(booked)).to_numpy())
    candidates = np.flatnonzero(able & held["skill"].isin(learners["skill"].unique())
                                .to_numpy())
    # Nobody teaches what they want to learn: (skill, person) pairs as single integers.
    wished = learners["skill"].to_numpy(dtype=object)
    codes, _ = pd.factorize(np.concatenate([held["skill"].to_numpy(dtype=object)[candidates],
                                            wished]))
    people = np.concatenate([person[candidates], learners["person"].to_numpy()])
    pairs = codes.astype(np.int64) * (int(people.max()) + 1 if len(people) else 1) + people
    # pandas' hash table, not np.isin's sort of both sides: the same answer, quicker.
    wanting = pd.Series(pairs[:len(candidates)]).isin(pairs[len(candidates):]).to_numpy()
    return candidates[~wanting]


def _levels(held: pd.DataFrame) -> np.ndarray:
    return held["level"].to_numpy(dtype=float, na_value=np.nan)


def _sorted_codes(texts: pd.Series | np.ndarray) -> tuple[np.ndarray, Any]:
    """`pd.factorize(texts, sort=True)`: the distinct texts sorted as Python sorts them
    (code point by code point, `nameorder.sorted_order`), which is quicker than pandas'
    sort of its string array; anything but texts is left to pandas."""
    codes, found = pd.factorize(texts.to_numpy(dtype=object) if isinstance(texts, pd.Series)
                                else texts)
    distinct_texts = found.tolist()
    if (codes < 0).any() or not set(map(type, distinct_texts)) <= {str}:
        return pd.factorize(texts, sort=True)
    order = nameorder.sorted_order(distinct_texts)
    places = np.empty(len(order), dtype=np.intp)
    places[order] = np.arange(len(order))
    return places[codes], found[order]
