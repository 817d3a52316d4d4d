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
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

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
         booked: frozenset[int] = frozenset()) -> Mentoring:
    """Pairs for every wish in `learners` (see the module's docstring for the rules)."""
    index = people.index.tolist()
    names = dict(zip(index, people["name"].tolist(), strict=True))
    shown_teams = dict(zip(index, people["team"].tolist(), strict=True))
    folded = {p: n.casefold() for p, n in names.items()}
    teams = {p: key_of(t) for p, t in shown_teams.items()}
    wishes = learners[["person", "skill"]].drop_duplicates()
    holders = _mentors(held, wishes, min_level)
    mentors = {s: [m for m in found if m[0] not in booked] for s, found in holders.items()}
    chooser = _Chooser(mentors, teams, max_mentees, prefer_other_teams)
    pairs, unpaired = [], []
    for learner, skill in _served_order(wishes, mentors, folded):
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
    skill_keys = {s: s.casefold() for s in mentors.keys() | {u.skill for u in unpaired}}
    pairs.sort(key=lambda p: (skill_keys[p.skill], folded.get(p.learner, ""), p.learner))
    unpaired.sort(key=lambda u: (skill_keys[u.skill], folded.get(u.learner, ""), u.learner))
    return Mentoring(tuple(pairs), tuple(unpaired), min_level, max_mentees)


def _served_order(wishes: pd.DataFrame, mentors: Mapping[str, list],
                  folded: Mapping[int, str]) -> list[tuple[int, str]]:
    """Rule 3: scarcest skill first, then by skill, learner name and sheet order."""
    skills = wishes["skill"]
    keyed = pd.DataFrame({
        "scarcity": skills.map(lambda s: len(mentors.get(s, ()))).to_numpy(),
        "skill_key": skills.str.casefold().to_numpy(),
        "name_key": wishes["person"].map(folded).fillna("").to_numpy(),
        "person": wishes["person"].to_numpy(), "skill": skills.to_numpy()})
    keyed = keyed.sort_values(["scarcity", "skill_key", "name_key", "person"], kind="stable")
    return list(zip(keyed["person"].tolist(), keyed["skill"].tolist(), strict=True))


def _why(holders: Mapping[str, list[tuple[int, int]]], free: Mapping[str, list[tuple[int, int]]],
         skill: str, learner: int, min_level: int, max_mentees: int) -> str:
    all_taken, all_booked, nobody = _reasons(min_level, max_mentees)
    if any(m != learner for m, _ in free.get(skill, ())):
        return all_taken
    if any(m != learner for m, _ in holders.get(skill, ())):
        return all_booked
    return nobody


@lru_cache(maxsize=8)
def _reasons(min_level: int, max_mentees: int) -> tuple[str, str, str]:
    """Why a wish found no mentor, each reason one string shared by every wish it
    explains (a large organisation has a hundred thousand such wishes)."""
    return (f"every possible mentor already has {counted(max_mentees, 'mentee')}",
            f"everyone at level {min_level} or above is fully booked",
            f"nobody holds it at level {min_level} or above")


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
        heap = self.heaps.get(skill)
        if not heap:
            return None
        loads = self.load
        kept, chosen, fallback = [], None, None
        while heap:
            entry = heapq.heappop(heap)
            load, level, person = entry
            if load != loads[person]:
                heapq.heappush(heap, (loads[person], level, person))
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
