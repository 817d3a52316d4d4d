"""Skill gaps against targets, learning demand against supply, and the bus factor.

**How much a skill is needed** (`Demand.need`) is the sum of: the current projects that use
it (see evidence.py), the people open staffing requests ask for with it (their headcount),
and the people targets say teams or roles need with it. Risks are ordered by it, not by name.

**Gaps** (with a Targets tab): for each target, the people of that team or role who list
the skill at the minimum level or above are *held*; the shortfall is needed minus held
(never below 0). People elsewhere at the minimum level *could cover* it (the most available
first); people elsewhere at the mentoring level *could teach* it; people of the team or role
who want to learn it are listed as well. The worst gaps come first: largest shortfall, then
largest share of the need missing. **Without targets**, each wanted skill is shown with its
learners, the people who could teach it, and how many wishes are still without a mentor.

**Bus factor**, at working level (3, or a skill listed without a level):
- *nobody*: a needed skill (need above 0) nobody holds at working level;
- *one person*: exactly one person holds it at working level;
- *all booked*: two or more hold it, and every one of them is fully booked;
- *if X left*: for each person, the skills they alone hold at working level.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from skillsync.core import evidence as ev
from skillsync.core import intkeys
from skillsync.core.capacity import Capacity
from skillsync.core.evidence import key_of
from skillsync.core.heldcodes import HeldCodes
from skillsync.core.mentoring import Mentoring
from skillsync.core.messages import counted
from skillsync.core.requests import Request, Target
from skillsync.core.wishing import Wishing

NOBODY, ONE, BOOKED = "nobody", "one person", "all booked"
_SEVERITY = {NOBODY: 0, ONE: 1, BOOKED: 2}


@dataclass(frozen=True)
class Demand:
    current: Mapping[str, int]  # skill -> current projects using it
    requested: Mapping[str, int]  # skill -> people asked for by open requests
    targeted: Mapping[str, int]  # skill -> people targets need

    def need(self, skill: str) -> int:
        return (self.current.get(skill, 0) + self.requested.get(skill, 0)
                + self.targeted.get(skill, 0))

    def said(self, skill: str) -> str:
        parts = []
        if self.current.get(skill):
            parts.append(counted(self.current[skill], "current project"))
        if self.requested.get(skill):
            parts.append(f"requests for {counted(self.requested[skill], 'person', 'people')}")
        if self.targeted.get(skill):
            parts.append(f"targets for {counted(self.targeted[skill], 'person', 'people')}")
        return ", ".join(parts)

    def skills(self) -> set[str]:
        return {s for table in (self.current, self.requested, self.targeted)
                for s, n in table.items() if n > 0}


def demand(people: pd.DataFrame, evidence: ev.Evidence, requests: Iterable[Request],
           targets: Iterable[Target]) -> Demand:
    current: Counter[str] = Counter()
    # Each distinct name folded once (set() gathers them in C); then each folded one once.
    listed = set(chain.from_iterable(people["current_projects"].tolist()))
    for key in {key_of(p) for p in listed}:
        current.update(evidence.used.get(key, ()))
    requested: Counter[str] = Counter()
    for request in requests:
        if request.open:
            requested.update({r.skill: request.headcount for r in request.skills})
    targeted: Counter[str] = Counter()
    for target in targets:
        targeted[target.skill] += target.needed
    return Demand(dict(current), dict(requested), dict(targeted))


@dataclass(frozen=True)
class Gap:
    target: Target
    held: tuple[int, ...]  # people of the group at the minimum level
    cover: tuple[int, ...]  # people elsewhere at the minimum level, most available first
    teach: tuple[int, ...]  # people elsewhere at the mentoring level
    learning: tuple[int, ...]  # people of the group who want to learn it

    @property
    def shortfall(self) -> int:
        return max(0, self.target.needed - len(self.held))


def gaps(people: pd.DataFrame, held: pd.DataFrame, learners: pd.DataFrame,
         targets: Sequence[Target], capacities: Mapping[int, Capacity],
         mentor_level: int) -> list[Gap]:
    """One gap per target, worst first (see the module's docstring)."""
    if not targets:
        return []
    tables = _Tables(people, held, learners, capacities)
    found = [tables.gap(target, mentor_level) for target in targets]
    found.sort(key=lambda g: (-g.shortfall, -g.shortfall / max(g.target.needed, 1),
                              g.target.group.casefold(), g.target.skill.casefold()))
    return found


class _Tables:
    """The held and learners tables grouped by skill once, people's teams and roles folded
    once: each target is then a few array operations, not a scan of the tables."""

    def __init__(self, people: pd.DataFrame, held: pd.DataFrame, learners: pd.DataFrame,
                 capacities: Mapping[int, Capacity]) -> None:
        self.labels = people.index.to_numpy()
        self.share = np.array([capacities[p].share for p in people.index.tolist()], dtype=float)
        self.groups = {kind: _folded(people[kind]) for kind in ("team", "role")}
        person = people.index.get_indexer(held["person"])
        codes, skills = pd.factorize(held["skill"].to_numpy(dtype=object))
        # A person listing a skill twice is held at the level listed last.
        pairs = codes.astype(np.int64) * max(len(people), 1) + person
        last = intkeys.last_of_each(pairs)
        levels = held["level"].to_numpy(dtype=float)
        self.held = _by_code(codes[last], skills, (person[last], levels[last]))
        wished, wishes = pd.factorize(learners["skill"].to_numpy(dtype=object))
        self.learning = _by_code(wished, wishes, (people.index.get_indexer(learners["person"]),))

    def gap(self, target: Target, mentor_level: int) -> Gap:
        inside = self.groups[target.kind] == key_of(target.group)
        person, level = self.held.get(target.skill, (np.array([], int), np.array([])))
        rated = np.where(np.isnan(level), float(ev.UNRATED_LEVEL), level)
        enough = rated >= (target.min_level or 1)
        able, able_rated = person[enough], rated[enough]
        away = ~inside[able]
        outside = able[away]  # the most available first, then the most skilled
        best = np.lexsort((self.labels[outside], -able_rated[away], -self.share[outside]))
        teachers = person[~np.isnan(level) & (level >= mentor_level)]
        wanting = self.learning.get(target.skill, (np.array([], int),))[0]
        return Gap(target, self._sorted(able[~away]), tuple(self.labels[outside[best]].tolist()),
                   self._sorted(teachers[~inside[teachers]]),
                   self._sorted(np.unique(wanting[inside[wanting]])))

    def _sorted(self, positions: np.ndarray) -> tuple[int, ...]:
        return tuple(np.sort(self.labels[positions]).tolist())


def _folded(column: pd.Series) -> np.ndarray:
    """Each person's team (or role) as matched, None where it is blank."""
    codes, values = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=False)
    return np.array([key_of(v) if v else None for v in values], dtype=object)[codes]


def _by_code(codes: np.ndarray, names: Sequence[str],
             columns: tuple[np.ndarray, ...]) -> dict[str, tuple[np.ndarray, ...]]:
    """name -> the rows of `columns` with that code, in their order."""
    order, starts = intkeys.group_bounds(codes, len(names))
    return {name: tuple(column[order[starts[at]:starts[at + 1]]] for column in columns)
            for at, name in enumerate(names)}


@dataclass(frozen=True)
class Supply:
    """Learning demand against supply for one wanted skill (when there are no targets)."""

    skill: str
    learners: tuple[int, ...]
    teachers: tuple[int, ...]  # people at the mentoring level, highest first
    unpaired: int  # wishes still without a mentor


def supply(held: pd.DataFrame, learners: pd.DataFrame, mentoring: Mentoring,
           booked: frozenset[int] = frozenset(), codes: HeldCodes | None = None
           ) -> list[Supply]:
    """Demand against who could teach: mentoring rule 1 (level, not a learner of it, not
    fully booked), so the counts match the pairs made. `codes`: the held table's skills
    as codes, when the caller has them."""
    level = held["level"].to_numpy(dtype=float)
    able = np.flatnonzero(level >= mentoring.min_level)  # never a skill listed without a level
    person = held["person"].to_numpy()[able]
    best_first = np.lexsort((person, -level[able]))
    person, teaching = person[best_first], able[best_first]
    free = ~np.isin(person, np.fromiter(booked, dtype=person.dtype, count=len(booked)))
    teachers_of = _skill_rows(held, codes, teaching)
    wishes = Wishing.of(learners)
    # Teachers who want the skill they would teach, all found at once.
    wanting = wishes.wanted(person, _wished_code(held, codes, teaching, wishes.skills))
    left = Counter(u.skill for u in mentoring.unpaired)
    found = []
    learners_of = wishes.learners_by_skill()
    for skill in sorted(learners_of):  # as groupby orders the skills
        wishing = learners_of[skill]
        rows = teachers_of.get(skill, np.zeros(0, dtype=np.intp))
        kept = rows[free[rows] & ~wanting[rows]]
        found.append(Supply(str(skill), tuple(wishing.tolist()), tuple(person[kept].tolist()),
                            left.get(str(skill), 0)))
    found.sort(key=lambda s: (-s.unpaired, -len(s.learners), s.skill.casefold()))
    return found


def _wished_code(held: pd.DataFrame, codes: HeldCodes | None, rows: np.ndarray,
                 wished: list[str]) -> np.ndarray:
    """The skill of each of the held table's `rows` as an index into `wished` (-1: not
    wished), looked up once a distinct skill when the codes are given."""
    wanted = pd.Index(wished)
    if codes is None:
        return wanted.get_indexer(held["skill"].to_numpy(dtype=object)[rows])
    return np.append(wanted.get_indexer(codes.skills), -1)[codes.code[rows]]


def _skill_rows(held: pd.DataFrame, codes: HeldCodes | None,
                rows: np.ndarray) -> dict[Any, np.ndarray]:
    """`_rows_by_value` of the skills of the held table's `rows`."""
    if codes is None:
        return _rows_by_value(held["skill"].to_numpy(dtype=object)[rows])
    return codes.rows_by_skill(rows)


def _rows_by_value(values: np.ndarray) -> dict[Any, np.ndarray]:
    """Each distinct value (missing ones left out) -> the rows holding it, in order; values
    in the order first met."""
    codes, found = pd.factorize(values)
    order, bounds = intkeys.group_bounds(codes, len(found))  # past the missing
    return {value: order[bounds[at]:bounds[at + 1]] for at, value in enumerate(found.tolist())}


@dataclass(frozen=True)
class SkillRisk:
    skill: str
    kind: str  # nobody | one person | all booked
    holders: tuple[int, ...]  # people at working level
    need: int
    said: str  # why it is needed, e.g. "2 current projects, targets for 3 people"


@dataclass(frozen=True)
class Loss:
    """What the organisation would lose if one person left."""

    person: int
    skills: tuple[str, ...]  # skills they alone hold at working level, most needed first
    need: int


def bus_factor(held: pd.DataFrame, wanted: Demand, capacities: Mapping[int, Capacity],
               codes: HeldCodes | None = None) -> tuple[list[SkillRisk], list[Loss]]:
    """Skill risks and per-person losses, most needed first (`codes`: the held table's
    skills as codes, when the caller has them)."""
    level = held["level"].to_numpy(dtype=float)
    working = np.flatnonzero(np.isnan(level) | (level >= ev.WORKING_LEVEL))
    person = held["person"].to_numpy()[working]
    # Each skill's holders as an array, one row per listing: a set of them is made only
    # for the few skills at risk.
    holders = {skill: person[rows] for skill, rows in _skill_rows(held, codes, working).items()}
    risks = [SkillRisk(s, NOBODY, (), wanted.need(s), wanted.said(s))
             for s in wanted.skills() if s not in holders]
    for skill, who in holders.items():
        kind = ONE if who.min() == who.max() else (
            BOOKED if all(capacities[p].booked for p in map(int, who)) else None)
        if kind:
            risks.append(SkillRisk(skill, kind, tuple(sorted(set(who.tolist()))),
                                   wanted.need(skill), wanted.said(skill)))
    risks.sort(key=lambda r: (-r.need, _SEVERITY[r.kind], r.skill.casefold()))
    alone: dict[int, list[str]] = defaultdict(list)
    for risk in risks:
        if risk.kind == ONE:
            alone[risk.holders[0]].append(risk.skill)
    losses = [Loss(p, tuple(skills), sum(wanted.need(s) for s in skills))
              for p, skills in alone.items()]
    losses.sort(key=lambda loss: (-loss.need, -len(loss.skills), loss.person))
    return risks, losses
