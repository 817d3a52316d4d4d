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
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from skillsync.core.cells import fold
from skillsync.core.messages import counted

MAX_MENTEES = 3


@dataclass(frozen=True)
class Pair:
    skill: str
    learner: int  # person index
    learner_name: str
    learner_team: str
    mentor: int
    mentor_name: str
    mentor_team: str
    mentor_level: int


@dataclass(frozen=True)
class Unpaired:
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
         booked: frozenset[int] = frozenset()) -> Mentoring:
    """Pairs for every wish in `learners` (see the module's docstring for the rules)."""
    names = people["name"].to_dict()
    teams = {p: fold(t) for p, t in people["team"].items()}
    shown_teams = people["team"].to_dict()
    wishes = learners[["person", "skill"]].drop_duplicates()
    holders = _mentors(held, wishes, min_level)
    mentors = {s: [m for m in found if m[0] not in booked] for s, found in holders.items()}
    wanted = set(zip(wishes["person"].tolist(), wishes["skill"].tolist(), strict=True))
    chooser = _Chooser(mentors, teams, max_mentees, prefer_other_teams)
    pairs, unpaired = [], []
    order = sorted(wanted, key=lambda w: (len(mentors.get(w[1], ())), w[1].casefold(),
                                          names.get(w[0], "").casefold(), w[0]))
    for learner, skill in order:
        mentor = chooser.choose(skill, learner)
        name, team = names.get(learner, ""), shown_teams.get(learner, "")
        if mentor is None:
            unpaired.append(Unpaired(skill, learner, name, team,
                                     _why(holders, mentors, skill, learner, min_level,
                                          max_mentees)))
            continue
        person, level = mentor
        pairs.append(Pair(skill, learner, name, team, person, names.get(person, ""),
                          shown_teams.get(person, ""), level))
    pairs.sort(key=lambda p: (p.skill.casefold(), p.learner_name.casefold()))
    unpaired.sort(key=lambda u: (u.skill.casefold(), u.learner_name.casefold()))
    return Mentoring(tuple(pairs), tuple(unpaired), min_level, max_mentees)


def _why(holders: Mapping[str, list[tuple[int, int]]], free: Mapping[str, list[tuple[int, int]]],
         skill: str, learner: int, min_level: int, max_mentees: int) -> str:
    if any(m != learner for m, _ in free.get(skill, ())):
        return f"every possible mentor already has {counted(max_mentees, 'mentee')}"
    if any(m != learner for m, _ in holders.get(skill, ())):
        return f"everyone at level {min_level} or above is fully booked"
    return f"nobody holds it at level {min_level} or above"


def _mentors(held: pd.DataFrame, wishes: pd.DataFrame,
             min_level: int) -> dict[str, list[tuple[int, int]]]:
    """Skill -> [(person, level)] of those who may mentor it (rule 1)."""
    able = held[held["level"].notna() & (held["level"] >= min_level)
                & held["skill"].isin(set(wishes["skill"]))]
    wanting = set(zip(wishes["person"].tolist(), wishes["skill"].tolist(), strict=True))
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for person, skill, level in zip(able["person"].tolist(), able["skill"].tolist(),
                                    able["level"].tolist(), strict=True):
        if (person, skill) not in wanting:
            found[skill].append((person, int(level)))
    return found


class _Chooser:
    """Rules 2, 4 and 5 with one heap per skill; entries whose load went stale are
    refreshed when they surface, so each choice costs a few heap operations."""

    def __init__(self, mentors: Mapping[str, list[tuple[int, int]]], teams: Mapping[int, str],
                 max_mentees: int, prefer_other_teams: bool) -> None:
        self.teams = teams
        self.max = max_mentees
        self.prefer = prefer_other_teams
        self.load: dict[int, int] = defaultdict(int)
        self.heaps = {skill: [(0, -level, person) for person, level in found]
                      for skill, found in mentors.items()}
        for heap in self.heaps.values():
            heapq.heapify(heap)

    def choose(self, skill: str, learner: int) -> tuple[int, int] | None:
        heap = self.heaps.get(skill, [])
        kept, chosen, fallback = [], None, None
        while heap:
            entry = heapq.heappop(heap)
            load, _, person = entry
            if load != self.load[person]:
                heapq.heappush(heap, (self.load[person], *entry[1:]))
                continue
            if load >= self.max:
                continue  # full for good
            if person == learner:
                kept.append(entry)
            elif self.prefer and self._same_team(person, learner):
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
            return None
        person = chosen[2]
        self.load[person] += 1
        if self.load[person] < self.max:
            heapq.heappush(heap, (self.load[person], chosen[1], person))
        return person, -chosen[1]

    def _same_team(self, mentor: int, learner: int) -> bool:
        team = self.teams.get(learner, "")
        return bool(team) and self.teams.get(mentor, "") == team
