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

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import repeat
from typing import NamedTuple

import numpy as np
import pandas as pd

from skillsync.core import intkeys, nameorder
from skillsync.core.evidence import key_of
from skillsync.core.heldcodes import HeldCodes
from skillsync.core.mentorheaps import Chooser
from skillsync.core.messages import counted
from skillsync.core.pairtable import Pair as Pair  # where the pairs' readers find it
from skillsync.core.pairtable import PairTable

MAX_MENTEES = 3


class Unpaired(NamedTuple):
    skill: str
    learner: int
    learner_name: str
    learner_team: str
    why: str


@dataclass(frozen=True)
class Mentoring:
    table: PairTable  # the pairs, by skill then learner name; a Pair made when read
    unpaired: tuple[Unpaired, ...]
    min_level: int
    max_mentees: int

    @cached_property
    def pairs(self) -> tuple[Pair, ...]:
        return self.table.all()

    def first_by_skill(self, shown: int) -> dict[str, tuple[list[Pair], int]]:
        return self.table.first_by_skill(shown)

    def unpaired_by_skill(self) -> dict[str, list[Unpaired]]:
        found: dict[str, list[Unpaired]] = defaultdict(list)
        for wish in self.unpaired:
            found[wish.skill].append(wish)
        return found


def pair(people: pd.DataFrame, held: pd.DataFrame, learners: pd.DataFrame, *,
         min_level: int, max_mentees: int = MAX_MENTEES, prefer_other_teams: bool = False,
         booked: Collection[int] = frozenset(),
         names: nameorder.NameOrder | None = None,
         codes: HeldCodes | None = None) -> Mentoring:
    """Pairs for every wish in `learners` (see the module's docstring for the rules).
    `names`: the people's name order, when the caller has sorted it already; `codes`:
    the held table's skills as codes, likewise."""
    shown = _Shown(people)
    wishes = _Wishes.of(shown, learners, names)
    able = _Mentors.of(held, wishes, min_level, HeldCodes.of(held) if codes is None else codes)
    free = able.taking(~pd.Series(able.person).isin(booked).to_numpy())
    served = wishes.served_order(free)
    mentor = (_by_team(free, wishes, served, max_mentees, shown)
              if prefer_other_teams else _by_load(free, wishes, served, max_mentees))
    listed = _lexsorted((wishes.person[served], wishes.by_name[served],
                         wishes.by_skill[served]))  # by skill, then learner name
    wish, mentor = served[listed], mentor[listed]
    why = _why(able, free, len(wishes.skills), min_level, max_mentees)
    paired = mentor >= 0
    return Mentoring(_pairs(shown, wishes, free, wish[paired], mentor[paired]),
                     _unpaired(wishes, why, wish[~paired]), min_level, max_mentees)


@dataclass(frozen=True)
class _Wishes:
    """Each (learner, skill) wish once, in the learners table's order, as arrays."""

    person: np.ndarray  # the learner's index in the people table
    skill: np.ndarray  # index into `skills`
    skills: list[str]
    learner: np.ndarray  # index into `names` and `teams`
    names: np.ndarray  # each learner's name and team, "" when not in the people table
    teams: np.ndarray
    by_skill: np.ndarray  # the skill's place among the skills, case ignored
    by_name: np.ndarray  # the learner's place among the learners' names, case ignored

    @classmethod
    def of(cls, shown: _Shown, learners: pd.DataFrame,
           order: nameorder.NameOrder | None = None) -> _Wishes:
        person, skill, skills = _distinct_wishes(learners)
        # A learner's name and team are looked up once, however many wishes they have.
        learner, learners_met = pd.factorize(person)
        at = shown.at(learners_met)
        names, teams = shown.columns["name"][at], shown.columns["team"][at]
        # Only the order of the places counts (a sort key): everyone's, when sorted already.
        by_name = (nameorder.folded_places(*pd.factorize(names)) if order is None
                   else order.folded_at(at))
        return cls(person, skill, skills, learner, names, teams,
                   nameorder.folded_places(skill, skills), by_name[learner])

    def served_order(self, free: _Mentors) -> np.ndarray:
        """Rule 3: the wishes by how few free mentors their skill has, then by skill,
        learner name and sheet order."""
        scarcity = np.bincount(free.skill, minlength=len(self.skills))[self.skill]
        return _lexsorted((self.person, self.by_name, self.by_skill, scarcity))


def _distinct_wishes(learners: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Each (person, skill) of the learners table once, the first kept, in order: each
    person, their skill's code and the skills, as `drop_duplicates` then `factorize`
    give them. The skill texts are hashed once, for their codes; the pairs are then
    found alike as integers. (A skill's first wish is always kept, so the codes of the
    rows kept are the codes of the wishes kept, in the same order.)"""
    person = learners["person"].to_numpy()
    # Of the plain objects: pandas' string array costs a third more to code itself.
    skill, skills = pd.factorize(learners["skill"].to_numpy(dtype=object))
    width = len(skills) + 1  # codes from -1 (a missing skill) to width - 2, apart
    reach = max(abs(int(person.min(initial=0))), abs(int(person.max(initial=0))))
    if person.dtype.kind != "i" or reach >= (1 << 62) // width:
        wishes = learners[["person", "skill"]].drop_duplicates()
        skill, skills = pd.factorize(wishes["skill"])
        return wishes["person"].to_numpy(), skill, list(skills)
    kept = ~pd.Series(person.astype(np.int64) * width + skill).duplicated().to_numpy()
    return person[kept], skill[kept], list(skills)


def _lexsorted(keys: tuple[np.ndarray, ...]) -> np.ndarray:
    """`np.lexsort(keys)` (the last key the most significant), on one integer per row."""
    return intkeys.sorted_by([intkeys.places(key) for key in keys[::-1]])


class _Shown:
    """The people's names and teams, read out of the table once: for `persons` (index
    labels), "" for anyone not in it (and for a missing value), a blank past the column's
    end standing for the labels not found (-1)."""

    def __init__(self, people: pd.DataFrame) -> None:
        self.index = people.index
        self.columns = {name: np.append(people[name].to_numpy(dtype=object, na_value=""), "")
                        for name in ("name", "team")}

    def at(self, persons: np.ndarray) -> np.ndarray:
        return self.index.get_indexer(persons)


@dataclass(frozen=True)
class _Mentors:
    """Who may mentor which wished skill (rule 1), one row per (person, skill), in the
    held table's order. Someone who wants a skill never mentors it, so a learner is never
    offered themselves."""

    person: np.ndarray  # index in the people table
    skill: np.ndarray  # index into the wishes' skills
    level: np.ndarray

    @classmethod
    def of(cls, held: pd.DataFrame, wishes: _Wishes, min_level: int,
           codes: HeldCodes) -> _Mentors:
        level = held["level"].to_numpy()
        able = np.flatnonzero(level >= min_level)  # a skill listed without a level never is
        # Each held skill's place among the wished ones (-1: nobody wishes it), looked up
        # once a skill; a missing skill (code -1) reads the -1 appended last.
        wished = np.append(pd.Index(wishes.skills).get_indexer(codes.skills), -1)
        skill = wished[codes.code[able]]
        person = held["person"].to_numpy()[able]
        kept = (skill >= 0) & ~intkeys.pairs_in(person, skill, wishes.person, wishes.skill)
        return cls(person[kept], skill[kept], level[able][kept].astype(int))

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
    by_skill, bounds = intkeys.group_bounds(free.skill, len(wishes.skills))
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
             shown: _Shown) -> np.ndarray:
    """Rules 2, 4 and 5: the mentor (a row of `free`, -1 for none) of each served wish,
    one wish at a time; someone from the learner's own team only when nobody else is free."""
    teams = shown.columns["team"][shown.at(free.person)].tolist()
    chooser = Chooser(free, [key_of(t) for t in teams], max_mentees)
    learner_teams = [key_of(t) for t in wishes.teams.tolist()]  # each learner's, folded
    return np.array([chooser.choose(skill, learner_teams[learner]) for learner, skill in zip(
        wishes.learner[served].tolist(), wishes.skill[served].tolist(), strict=True)],
        dtype=np.intp)


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


def _pairs(shown: _Shown, wishes: _Wishes, free: _Mentors, wish: np.ndarray,
           mentor: np.ndarray) -> PairTable:
    """The pairs as columns: names, teams and skills as places among few values, each
    looked up when a pair is read."""
    mentors = free.person[mentor]
    learner, at = wishes.learner[wish], shown.at(mentors)
    return PairTable((np.array(wishes.skills, dtype=object), wishes.skill[wish]),
                     wishes.person[wish], (wishes.names, learner), (wishes.teams, learner),
                     mentors, (shown.columns["name"], at), (shown.columns["team"], at),
                     free.level[mentor])


def _unpaired(wishes: _Wishes, why: list[str], wish: np.ndarray) -> tuple[Unpaired, ...]:
    skill = wishes.skill[wish].tolist()
    return tuple(map(tuple.__new__, repeat(Unpaired), zip(
        [wishes.skills[s] for s in skill], wishes.person[wish].tolist(),
        wishes.names[wishes.learner[wish]].tolist(),
        wishes.teams[wishes.learner[wish]].tolist(), [why[s] for s in skill],
        strict=True)))
