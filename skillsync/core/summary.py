"""Summary tables built from the people frame: the content of every tool-owned tab."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from skillsync.core import distinct, intkeys, nameorder
from skillsync.core.heldcodes import HeldCodes
from skillsync.core.history import Memory
from skillsync.core.itemtables import learner_table, skill_table
from skillsync.core.peopleskills import people_skills_tab
from skillsync.core.tabs import (
    NAME_SEPARATOR,
    Column,
    Kind,
    Tab,
    capped_names,
    capped_text,
)

NAMES_SHOWN = 30
MATRIX_SKILLS = 40

DEFAULT_TITLES: Mapping[str, str] = {
    "skills": "Skills",
    "people_skills": "People × Skills",
    "team_skills": "Team Skills",
    "projects": "Projects",
    "learning": "Learning",
    "shortlist": "Shortlist",  # core/orgtabs.py: staffing requests answered
    "gaps": "Gaps",
    "risks": "Risks",
    "issues": "Data Issues",
    "duplicates": "Duplicates",
    "trends": "Trends",
    "sync": "Sync",
}


@dataclass(frozen=True)
class SyncFacts:
    """What the Sync tab records about one run."""

    synced_at: datetime
    version: str
    source: str
    rows_read: int
    checksum: str
    history: Memory | None = None  # changes since the last sync and recent skill counts


def skill_counts(held: pd.DataFrame, codes: HeldCodes | None = None) -> dict[str, int]:
    """{skill: people listing it as expertise}, most common first (then by name).
    `codes`: the held table's skills as codes, when made already."""
    skills, names = _coded(held, codes)
    if not len(names):
        return {}
    pairs = _first_rows(skills, held["person"].to_numpy())
    counts = np.bincount(skills[pairs], minlength=len(names))
    by_name = np.empty(len(names), dtype=np.intp)
    by_name[np.argsort(np.asarray(names, dtype=object), kind="stable")] = np.arange(len(names))
    return {names[i]: int(counts[i]) for i in np.lexsort((by_name, -counts)).tolist()}


def _coded(held: pd.DataFrame, codes: HeldCodes | None) -> tuple[np.ndarray, Sequence[Any]]:
    """Each listing's skill as a code into the skills first met, and those skills."""
    found = codes if codes is not None else HeldCodes.of(held)
    return found.code, found.skills


def _people_each(codes: np.ndarray, people: np.ndarray, size: int) -> np.ndarray:
    """How many people each of `size` codes has (a person listing one twice counts once;
    a missing value, code -1, is no one's)."""
    listed = codes[_first_rows(codes, people)]
    return np.bincount(listed[listed >= 0], minlength=size)


def _first_rows(codes: np.ndarray, people: np.ndarray) -> np.ndarray:
    """The rows where each (code, person) pair first appears, in row order: pandas'
    drop_duplicates on two columns, on integers instead of tuples of values. The pairs
    are numbered person first: the tables come person by person, so the numbers are
    nearly sorted already, and a stable sort (which keeps each pair's first row first)
    has little to do."""
    width = int(codes.max()) + 2 if len(codes) else 1  # codes from -1 (pandas' missing)
    pairs = people.astype(np.int64) * width + (codes + 1)
    order = np.argsort(pairs, kind="stable")
    ordered = pairs[order]
    first = order[np.r_[True, ordered[1:] != ordered[:-1]]] if len(order) else order
    first.sort()
    return first


def listing(table: pd.DataFrame, key: str, value: str = "name", limit: int = NAMES_SHOWN,
            numeric: bool = False, grouped: distinct.Grouped | None = None,
            show: Callable[[Any], str] = str) -> dict[str, str]:
    """{key: "A, B, C and N more"}: each key's distinct values, sorted (ignoring case),
    cut at `limit`. Sorted once for all keys, on integer ranks of the distinct values.
    `grouped`: the key column's codes and distinct keys, when the caller has them;
    `show`: how a value is written (numbers that stand for something else)."""
    values = _values(table[value], numeric)
    key_codes, keys = (grouped if grouped is not None else
                       pd.factorize(table[key].to_numpy(dtype=object), use_na_sentinel=False))
    value_codes, found = pd.factorize(values, use_na_sentinel=False)
    # drop_duplicates on the two columns, on integer codes instead of tuples of values
    pairs = _first_rows(key_codes, value_codes)
    if values.dtype == object:  # a number is never blank
        pairs = pairs[(values[pairs] != "").astype(bool)]
    ranks = [values[pairs].astype(float) if numeric
             else distinct.ranks_of(value_codes[pairs], found, _by_name)]
    shown, firsts = _firsts_of(key_codes[pairs], keys, ranks, limit)
    texts = list(map(show, values[pairs][shown].tolist()))
    return {k: capped_text(texts[start:end], total) for k, start, end, total in firsts}


def _values(column: pd.Series, numeric: bool) -> np.ndarray:
    """A column's values as objects, or, for numbers, as the numbers they are: grouped
    and sorted alike, and quicker to group and to turn into floats."""
    if numeric and column.dtype.kind in "iuf":
        return column.to_numpy()
    return column.to_numpy(dtype=object)


def who_listing(table: pd.DataFrame, key: str, limit: int = NAMES_SHOWN,
                with_levels: bool = False, by_name: np.ndarray | None = None,
                grouped: distinct.Grouped | None = None) -> dict[str, str]:
    """{key: "Ana Lima (5); Bo Chen (4); ..."}: one entry per person, so two people who
    share a name both count; the most skilled first when levels are known, then by name.
    Names are separated by ";" because a name may itself hold a comma ("Doe, Jane").
    `by_name`: each person's place in name order (`name_places`), sorted once for all tabs.
    `grouped`: the key column's codes and distinct keys, when the caller has them."""
    codes, found = grouped if grouped is not None else pd.factorize(table[key])
    firsts = _first_rows(codes, table["person"].to_numpy())  # each person's first row
    names = table["name"].to_numpy(dtype=object)[firsts]
    levels = (np.nan_to_num(table["level"].to_numpy(dtype=float)[firsts], nan=0.0)
              if with_levels else np.zeros(len(firsts)))
    places = (by_name[table["person"].to_numpy(dtype=np.intp)[firsts]] if by_name is not None
              else distinct.ranks(names, _by_name))
    ranks = [places, -levels]
    shown, listed = _firsts_of(codes[firsts], found, ranks, limit)
    named = names[shown].tolist()
    if with_levels:  # without levels every entry is the name alone
        named = list(map(_who, named, levels[shown].tolist()))
    return {k: capped_text(named[start:end], total, NAME_SEPARATOR)
            for k, start, end, total in listed}


def name_places(people: pd.DataFrame) -> np.ndarray:
    """Each person's place (by position in `people`) when everyone is sorted by name,
    ignoring case; namesakes share one."""
    return nameorder.places(people["name"].to_numpy(dtype=object))


def _who(name: str, level: float) -> str:
    return f"{name} ({level:g})" if level else name


def _by_name(text: str) -> tuple[str, str]:
    return text.casefold(), text  # ignoring case, then as written so the order is fixed


def _firsts_of(codes: np.ndarray, found: Sequence[Any], ranks: list[np.ndarray], limit: int
               ) -> tuple[np.ndarray, list[tuple[Any, int, int, int]]]:
    """The positions of each key's first `limit` rows in rank order, all keys' one after
    the other, and for each key (key, where its rows start and end among them, how many it
    has); `codes`: each row's key, an index into the distinct keys `found`; `ranks` are
    sort keys, the last the most significant, ties kept in order. The rows shown are
    picked for all keys at once, so each list is a slice of one array."""
    if not len(codes):
        return np.empty(0, dtype=np.intp), []
    # np.lexsort([*ranks, codes]), on one integer per row (codes from -1, pandas' missing)
    order = intkeys.sorted_by([codes + 1, *map(intkeys.places, ranks[::-1])])
    grouped = codes[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    shown = order[np.arange(len(order)) - np.repeat(starts, sizes) < limit]
    kept = np.minimum(sizes, limit)
    ends = np.cumsum(kept).tolist()
    return shown, [(found[code], end - count, end, total) for code, end, count, total in zip(
        grouped[starts].tolist(), ends, kept.tolist(), sizes.tolist(), strict=True)]


def skills_tab(held: pd.DataFrame, learners: pd.DataFrame, categories: Mapping[str, str],
               title: str, by_name: np.ndarray | None = None,
               codes: HeldCodes | None = None) -> Tab:
    """Each skill held or wanted: its people, experts and learners, most held first (then
    most wanted, then by name). Counted over codes (`codes`: the held table's, when made
    already), not grouped by text: three million listings at a million people."""
    code, skills = _coded(held, codes)
    people = _people_each(code, held["person"].to_numpy(), len(skills)).tolist()
    valid = np.flatnonzero(code >= 0)
    experts = np.bincount(code[valid], held["expert"].to_numpy(dtype=float)[valid],
                          minlength=len(skills)).astype(np.int64).tolist()
    wished, wanted = _coded(learners, None)
    counts = {skill: [n, e, 0] for skill, n, e in zip(skills, people, experts, strict=True)}
    for skill, n in zip(wanted, _people_each(wished, learners["person"].to_numpy(),
                                             len(wanted)).tolist(), strict=True):
        counts.setdefault(skill, [0, 0, 0])[2] = n
    order = sorted(sorted(counts), key=lambda s: (-counts[s][0], -counts[s][2]))  # stable
    who = who_listing(held, "skill", with_levels=True, by_name=by_name, grouped=(code, skills))
    firsts = intkeys.first_places(code, len(skills))  # each skill's first listing
    first_holder = dict(zip(skills, held["name"].to_numpy(dtype=object)[firsts].tolist(),
                            strict=True))
    frame = pd.DataFrame({
        "Skill": order,
        "Category": [categories.get(s, "not in vocabulary") for s in order],
        "People": np.array([counts[s][0] for s in order], dtype=np.int64),
        "Experts": np.array([counts[s][1] for s in order], dtype=np.int64),
        "Want to learn": np.array([counts[s][2] for s in order], dtype=np.int64),
        "Only one person": [first_holder[s] if counts[s][0] == 1 else "" for s in order],
        "Who": [who.get(s, "") for s in order],
    })
    columns = (Column("Skill", width=30), Column("Category", width=16),
               Column("People", Kind.INT, 9), Column("Experts", Kind.INT, 9),
               Column("Want to learn", Kind.INT, 14), Column("Only one person", width=22),
               Column("Who", Kind.WRAP, 80))
    return Tab("skills", title, columns, frame)


def team_skills_tab(people: pd.DataFrame, held: pd.DataFrame, title: str,
                    limit: int = MATRIX_SKILLS, counts: Mapping[str, int] | None = None
                    ) -> Tab:
    """Teams down, the most held skills across, people counts in the cells. `counts`:
    `skill_counts(held)`, when the caller has them already."""
    top = list(skill_counts(held) if counts is None else counts)[:limit]
    teams = people["team"].where(people["team"] != "", "(no team)")
    sized = teams.value_counts()
    index = pd.Index(sorted(sized.index, key=str.casefold))
    frame = pd.DataFrame({"Team": index, "People": sized.reindex(index).to_numpy()})
    counts = _listings_by(held["team"].where(held["team"] != "", "(no team)"), index,
                          held["skill"], pd.Index(top))
    for at, skill in enumerate(top):
        frame[skill] = counts[:, at]
    columns = (Column("Team", width=24), Column("People", Kind.INT, 9),
               *(Column(s, Kind.INT, 12) for s in top))
    heat = (2, len(columns) - 1) if top else None
    return Tab("team_skills", title, columns, frame, heat)


def _listings_by(rows: pd.Series, row_names: pd.Index, columns: pd.Series,
                 column_names: pd.Index) -> np.ndarray:
    """How many rows hold each (row name, column name): pd.crosstab reindexed to those
    names, counted with one bincount over integer codes."""
    down, across = row_names.get_indexer(rows), column_names.get_indexer(columns)
    known = (down >= 0) & (across >= 0)
    cells = down[known].astype(np.int64) * len(column_names) + across[known]
    counts = np.bincount(cells, minlength=len(row_names) * len(column_names))
    return counts.reshape(len(row_names), len(column_names))


def learning_tab(learners: pd.DataFrame, mentors: Mapping[str, list[str]], title: str,
                 by_name: np.ndarray | None = None) -> Tab:
    groups = learners.groupby("skill")
    demand = groups["person"].nunique().sort_values(ascending=False, kind="stable")
    names = who_listing(learners, "skill", by_name=by_name)
    frame = pd.DataFrame({
        "Skill": demand.index,
        "Want to learn": demand.to_numpy(),
        "Who wants to learn": [names.get(s, "") for s in demand.index],
        "Possible mentors": [len(mentors.get(s, [])) for s in demand.index],
        "Mentors": [capped_names(mentors.get(s, []), 10) or "nobody yet" for s in demand.index],
    })
    columns = (Column("Skill", width=30), Column("Want to learn", Kind.INT, 14),
               Column("Who wants to learn", Kind.WRAP, 50),
               Column("Possible mentors", Kind.INT, 16), Column("Mentors", Kind.WRAP, 50))
    return Tab("learning", title, columns, frame)


__all__ = ["DEFAULT_TITLES", "SyncFacts", "learner_table", "people_skills_tab", "skill_table"]
