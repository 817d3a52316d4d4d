"""Mentor pairs: each learning wish matched to someone who holds the skill at a high level.

The rules, in the order they apply:

1. A **mentor** for a skill lists it at `min_level` or above (the expert level unless
   configured; a skill listed without a level does not qualify), does not want to learn
   it themselves and is not fully booked (on leave, 0% available, or four current projects:
   see capacity.py). Nobody mentors themselves.
2. **Nobody mentors more than `max_mentees` people** in all (default 3).
3. Wishes are served **scarcest skill first** (the skill with the fewest possible mentors),
   then by skill and learner name, so the few holders of a rare skill are not used up by
   wishes that others could serve.
4. Among the mentors still free, the one with the **fewest mentees so far** is chosen, then
   the highest level, then the first in the sheet: the load is spread, not piled on the
   best expert.
5. With `prefer_other_teams`, a mentor from another team is chosen whenever one is free
   (cross-pollination); someone from the learner's own team only when nobody else is.

A wish left unpaired says why: nobody holds the skill at that level, or every possible
mentor is fully booked or already has `max_mentees` mentees.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

import numpy as np
import pandas as pd

from skillsync.core import intkeys, nameorder
from skillsync.core.evidence import key_of
from skillsync.core.messages import counted

MAX_MENTEES = 3


class Pair(NamedTuple):  # a tuple: a large organisation makes hundreds of thousands
    skill: str
    learner: int  # person index
    learner_name: str
    learner_team: str
    mentor: int
    mentor_name: str
    mentor_team: str
    mentor_level: int


class Unpaired(NamedTuple):
    skill: str
    learner: int
    learner_name: str
    learner_team: str
    why: str


@dataclass(frozen=True)
class Mentoring:
    pairs: tuple[Pair, ...]
    unpaired: tuple[Unpaired, ...]
    min_level: int
    max_mentees: int

    def by_skill(self) -> dict[str, list[Pair]]:
        found: dict[str, list[Pair]] = defaultdict(list)
        for pair_ in self.pairs:
            found[pair_.skill].append(pair_)
        return found

    def unpaired_by_skill(self) -> dict[str, list[Unpaired]]:
        found: dict[str, list[Unpaired]] = defaultdict(list)
        for wish in self.unpaired:
            found[wish.skill].append(wish)
        return found


def pair(people: pd.DataFrame, held: pd.DataFrame, learners: pd.DataFrame, *,
         min_level: int, max_mentees: int = MAX_MENTEES, prefer_other_teams: bool = False,
         booked: Collection[int] = frozenset(),
         names: nameorder.NameOrder | None = None) -> Mentoring:
    """Pairs for every wish in `learners` (see the module's docstring for the rules).
    `names`: the people's name order, when the caller has sorted it already."""
    wishes = _Wishes.of(people, learners, names)
    able = _Mentors.of(people, held, wishes, min_level)
    free = able.taking(~pd.Series(able.person).isin(booked).to_numpy())
    served = wishes.served_order(free)
    mentor = (_by_team(free, wishes, served, max_mentees, _shown(people, "team", free.person))
              if prefer_other_teams else _by_load(free, wishes, served, max_mentees))
    listed = _lexsorted((wishes.person[served], wishes.by_name[served],
                         wishes.by_skill[served]))  # by skill, then learner name
    wish, mentor = served[listed], mentor[listed]
    why = _why(able, free, len(wishes.skills), min_level, max_mentees)
    paired = mentor >= 0
    return Mentoring(_pairs(people, wishes, free, wish[paired], mentor[paired]),
                     _unpaired(wishes, why, wish[~paired]), min_level, max_mentees)


@dataclass(frozen=True)
class _Wishes:
    """Each (learner, skill) wish once, in the learners table's order, as arrays."""

    person: np.ndarray  # the learner's index in the people table
    skill: np.ndarray  # index into `skills`
    skills: list[str]
    names: np.ndarray  # the learner's name and team, "" when not in the people table
    teams: np.ndarray
    by_skill: np.ndarray  # the skill's place among the skills, case ignored
    by_name: np.ndarray  # the learner's place among the learners' names, case ignored

    @classmethod
    def of(cls, people: pd.DataFrame, learners: pd.DataFrame,
           order: nameorder.NameOrder | None = None) -> _Wishes:
        wishes = learners[["person", "skill"]].drop_duplicates()
        person = wishes["person"].to_numpy()
        skill, skills = pd.factorize(wishes["skill"])
        # A learner's name and team are looked up once, however many wishes they have.
        learner, learners_met = pd.factorize(person)
        names = np.array(_shown(people, "name", learners_met), dtype=object)
        teams = np.array(_shown(people, "team", learners_met), dtype=object)
        # Only the order of the places counts (a sort key): everyone's, when sorted already.
        by_name = (nameorder.folded_places(*pd.factorize(names)) if order is None
                   else order.folded_at(people.index.get_indexer(learners_met)))
        return cls(person, skill, list(skills), names[learner], teams[learner],
                   nameorder.folded_places(skill, list(skills)), by_name[learner])

    def served_order(self, free: _Mentors) -> np.ndarray:
        """Rule 3: the wishes by how few free mentors their skill has, then by skill,
        learner name and sheet order."""
        scarcity = np.bincount(free.skill, minlength=len(self.skills))[self.skill]
        return _lexsorted((self.person, self.by_name, self.by_skill, scarcity))


def _lexsorted(keys: tuple[np.ndarray, ...]) -> np.ndarray:
    """`np.lexsort(keys)` (the last key the most significant), on one integer per row."""
    return intkeys.sorted_by([intkeys.places(key) for key in keys[::-1]])


def _shown(people: pd.DataFrame, column: str, persons: np.ndarray) -> list[str]:
    """A column of the people table for `persons` (index labels), "" for anyone not in it
    (and for a missing value): the column taken by position, a blank past its end for the
    labels not found (-1)."""
    values = people[column].to_numpy(dtype=object, na_value="")
    return np.append(values, "")[people.index.get_indexer(persons)].tolist()


@dataclass(frozen=True)
class _Mentors:
    """Who may mentor which wished skill (rule 1), one row per (person, skill), in the
    held table's order. Someone who wants a skill never mentors it, so a learner is never
    offered themselves."""

    person: np.ndarray  # index in the people table
    skill: np.ndarray  # index into the wishes' skills
    level: np.ndarray

    @classmethod
    def of(cls, people: pd.DataFrame, held: pd.DataFrame, wishes: _Wishes,
           min_level: int) -> _Mentors:
        able = held[held["level"] >= min_level]  # a skill listed without a level never is
        skill = pd.Index(wishes.skills).get_indexer(able["skill"])
        person = able["person"].to_numpy()
        wanting = pd.MultiIndex.from_arrays([wishes.person, wishes.skill])
        kept = (skill >= 0) & ~pd.MultiIndex.from_arrays([person, skill]).isin(wanting)
        return cls(person[kept], skill[kept], able["level"].to_numpy()[kept].astype(int))

    def taking(self, rows: np.ndarray) -> _Mentors:
        return _Mentors(self.person[rows], self.skill[rows], self.level[rows])


def _by_load(free: _Mentors, wishes: _Wishes, served: np.ndarray,
             max_mentees: int) -> np.ndarray:
    """Rules 2 and 4 without a team preference: the mentor (a row of `free`, -1 for none)
    of each served wish. Serving a run of wishes for one skill, each to the least loaded
    free mentor, then the highest level, then the first in the sheet, hands out each
    mentor's remaining places in the order of (load, -level, person), so a run takes the
    first of those places at once."""
    mentor, mentors = pd.factorize(free.person)
    load = np.zeros(len(mentors), dtype=np.intp)
    by_skill = np.argsort(free.skill, kind="stable")
    bounds = np.searchsorted(free.skill[by_skill], np.arange(len(wishes.skills) + 1))
    skill = wishes.skill[served]
    starts = np.flatnonzero(np.diff(skill, prepend=-1))
    chosen = np.full(len(served), -1)
    ends = [*starts[1:].tolist(), len(skill)] if len(starts) else []  # no wish served: none
    for start, end in zip(starts.tolist(), ends, strict=True):
        rows = by_skill[bounds[skill[start]]:bounds[skill[start] + 1]]
        room = np.maximum(max_mentees - load[mentor[rows]], 0)
        places = np.repeat(rows, room)
        loads = np.repeat(load[mentor[rows]] - np.cumsum(room) + room, room) + np.arange(
            len(places))
        taken = places[np.lexsort((free.person[places], -free.level[places], loads))]
        taken = taken[:end - start]
        chosen[start:start + len(taken)] = taken
        load += np.bincount(mentor[taken], minlength=len(load))
    return chosen


def _by_team(free: _Mentors, wishes: _Wishes, served: np.ndarray, max_mentees: int,
             teams: list[str]) -> np.ndarray:
    """Rules 2, 4 and 5: the mentor (a row of `free`, -1 for none) of each served wish,
    one wish at a time; someone from the learner's own team only when nobody else is free."""
    chooser = _Chooser(free, [key_of(t) for t in teams], max_mentees)
    learner_teams = [key_of(t) for t in wishes.teams.tolist()]
    return np.array([chooser.choose(skill, learner_teams[wish]) for wish, skill in zip(
        served.tolist(), wishes.skill[served].tolist(), strict=True)], dtype=np.intp)


class _Chooser:
    """One heap per skill of (load, -level, person, row); entries whose load went stale
    are refreshed when they surface, so each choice costs a few heap operations."""

    def __init__(self, free: _Mentors, teams: list[str], max_mentees: int) -> None:
        self.teams = teams  # each row's team, folded
        self.max = max_mentees
        self.load: dict[int, int] = defaultdict(int)
        self.heaps: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
        for row, (person, skill, level) in enumerate(zip(
                free.person.tolist(), free.skill.tolist(), free.level.tolist(), strict=True)):
            self.heaps[skill].append((0, -level, person, row))
        for heap in self.heaps.values():
            heapq.heapify(heap)

    def choose(self, skill: int, team: str) -> int:
        """The row of the mentor for a learner from `team` (folded), -1 when none is free."""
        heap = self.heaps.get(skill)
        if not heap:
            return -1
        loads = self.load
        kept, chosen, fallback = [], None, None
        while heap:
            entry = heapq.heappop(heap)
            load, level, person, row = entry
            if load != loads[person]:
                heapq.heappush(heap, (loads[person], level, person, row))
                continue
            if load >= self.max:
                continue  # full for good
            if team and self.teams[row] == team:
                kept.append(entry)
                fallback = fallback or entry
            else:
                chosen = entry
                break
        chosen = chosen or fallback
        for entry in kept:
            if entry is not chosen:
                heapq.heappush(heap, entry)
        if chosen is None:
            return -1
        _, level, person, row = chosen
        loads[person] += 1
        if loads[person] < self.max:
            heapq.heappush(heap, (loads[person], level, person, row))
        return row


def _why(able: _Mentors, free: _Mentors, skills: int, min_level: int,
         max_mentees: int) -> list[str]:
    """Why a wish for each skill found no mentor: the same for every learner of a skill,
    since nobody is offered as a mentor of a skill they want."""
    all_taken, all_booked, nobody = _reasons(min_level, max_mentees)
    has_free = np.bincount(free.skill, minlength=skills) > 0
    has_able = np.bincount(able.skill, minlength=skills) > 0
    return [all_taken if some_free else all_booked if some_able else nobody
            for some_free, some_able in zip(has_free.tolist(), has_able.tolist(), strict=True)]


@lru_cache(maxsize=8)
def _reasons(min_level: int, max_mentees: int) -> tuple[str, str, str]:
    """Why a wish found no mentor, each reason one string shared by every wish it
    explains (a large organisation has a hundred thousand such wishes)."""
    return (f"every possible mentor already has {counted(max_mentees, 'mentee')}",
            f"everyone at level {min_level} or above is fully booked",
            f"nobody holds it at level {min_level} or above")


def _pairs(people: pd.DataFrame, wishes: _Wishes, free: _Mentors, wish: np.ndarray,
           mentor: np.ndarray) -> tuple[Pair, ...]:
    skills = np.array(wishes.skills, dtype=object)[wishes.skill[wish]]
    mentors = free.person[mentor]
    # tuple.__new__ is what Pair._make calls, less a Python call per pair.
    return tuple(map(tuple.__new__, repeat(Pair), zip(
        skills.tolist(), wishes.person[wish].tolist(), wishes.names[wish].tolist(),
        wishes.teams[wish].tolist(), mentors.tolist(), _shown(people, "name", mentors),
        _shown(people, "team", mentors), free.level[mentor].tolist(), strict=True)))


def _unpaired(wishes: _Wishes, why: list[str], wish: np.ndarray) -> tuple[Unpaired, ...]:
    skill = wishes.skill[wish].tolist()
    return tuple(map(tuple.__new__, repeat(Unpaired), zip(
        [wishes.skills[s] for s in skill], wishes.person[wish].tolist(),
        wishes.names[wish].tolist(), wishes.teams[wish].tolist(), [why[s] for s in skill],
        strict=True)))
