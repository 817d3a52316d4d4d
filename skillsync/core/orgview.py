"""The questions the sheet exists for, answered once per sync from the analysis.

`plan` reads the Staffing requests and Targets tabs and computes, purely: evidence behind
claims, each person's availability, a shortlist for every open request, gaps against
targets (or learning demand against supply), mentor pairs and the bus factor. The result
rides on the analysis (`Analysis.staffing`), so the tabs, the digest, the mail and the
JSON report all read the same numbers.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from skillsync.core import coverage, evidence, mentoring, requests, staffing
from skillsync.core.capacity import Capacity
from skillsync.core.evidence import key_of
from skillsync.core.model import Grid, Issue
from skillsync.core.tabs import capped_list

NAMES_SHOWN = 10
MAX_REQUESTS = 200  # open requests answered per sync; a requests tab is a short list
MAX_SHORTLIST = 50
RESTRICTABLE = ("success_rate", "score", "availability")


@dataclass(frozen=True)
class Settings:
    """What the staffing answers depend on (skillsync.toml's [staffing], [mentoring] and
    [privacy], with the expert level of [skills])."""

    expert_level: int = 4
    mentor_level: int | None = None  # None: the expert level
    max_mentees: int = mentoring.MAX_MENTEES
    prefer_other_teams: bool = False
    shortlist_size: int = 5  # candidates listed per person a request needs
    restricted: frozenset[str] = frozenset()  # fields kept out of org-wide outputs
    min_group: int = 3  # smallest group an org-wide aggregate of a sensitive figure covers
    day_first: bool = True

    @property
    def mentoring_level(self) -> int:
        return self.mentor_level or self.expert_level


class Names:
    """How people are named in the tabs and digests: 'Ana Lima' or 'Ana Lima (Search)'."""

    def __init__(self, people: pd.DataFrame) -> None:
        index = people.index.tolist()
        self.name = dict(zip(index, people["name"].tolist(), strict=True))
        self.team = dict(zip(index, people["team"].tolist(), strict=True))

    def of(self, person: int, team: bool = False) -> str:
        name = self.name.get(person, "")
        where = self.team.get(person, "")
        return f"{name} ({where})" if team and where else name

    def listed(self, people: Sequence[int], team: bool = False,
               limit: int = NAMES_SHOWN) -> str:
        return capped_list([self.of(p, team) for p in people], limit)


@dataclass(frozen=True)
class Shortlist:
    request: requests.Request
    candidates: tuple[staffing.Candidate, ...]
    on_it: tuple[int, ...] = ()  # people already listing the project as current


@dataclass(frozen=True)
class Staffing:
    settings: Settings
    pool: staffing.Pool
    evidence: evidence.Evidence
    capacities: Mapping[int, Capacity]
    requests: tuple[requests.Request, ...]
    shortlists: tuple[Shortlist, ...]
    targets: tuple[requests.Target, ...]
    gaps: tuple[coverage.Gap, ...]
    supply: tuple[coverage.Supply, ...]
    mentoring: mentoring.Mentoring
    demand: coverage.Demand
    risks: tuple[coverage.SkillRisk, ...]
    losses: tuple[coverage.Loss, ...]
    by_skill: evidence.Rates
    by_team: evidence.Rates
    issues: tuple[Issue, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def hidden(self) -> frozenset[str]:
        """Fields left out of org-wide outputs."""
        return self.settings.restricted

    @cached_property
    def names(self) -> Names:
        return Names(self.pool.people)

    @cached_property
    def teams(self) -> dict[str, frozenset[int]]:
        """Team (matched ignoring case and spacing) -> its people, for team digests."""
        found: dict[str, set[int]] = defaultdict(set)
        for person, team in self.names.team.items():
            found[key_of(team)].add(person)
        return {k: frozenset(v) for k, v in found.items()}


def plan(analysis: Any, settings: Settings, requests_tab: Grid | None = None,
         targets_tab: Grid | None = None) -> Staffing:
    """Every staffing answer for one analysis (core.analysis.Analysis)."""
    people, held, learners = analysis.people, analysis.held, analysis.learners
    vocabulary = analysis.vocabulary
    found = evidence.build(people, vocabulary, settings.expert_level)
    pool = staffing.Pool(people, held, learners, found)
    capacities = {p: pool.capacity(p) for p in people.index.tolist()}
    skills = held["skill"].unique().tolist()
    asked = requests.read_requests(requests_tab, vocabulary, skills, settings.day_first)
    wanted = requests.read_targets(targets_tab, vocabulary, skills,
                                   people["team"].unique().tolist(),
                                   people["role"].unique().tolist())
    booked = frozenset(p for p, c in capacities.items() if c.booked)
    pairs = mentoring.pair(people, held, learners, min_level=settings.mentoring_level,
                           max_mentees=settings.max_mentees,
                           prefer_other_teams=settings.prefer_other_teams, booked=booked)
    need = coverage.demand(people, found, asked.items, wanted.items)
    risks, losses = coverage.bus_factor(held, need, capacities)
    shortlists, notes = _shortlists(pool, asked.items, settings)
    return Staffing(
        settings, pool, found, capacities, asked.items, shortlists, wanted.items,
        tuple(coverage.gaps(people, held, learners, wanted.items, capacities,
                            settings.mentoring_level)),
        tuple(coverage.supply(held, learners, pairs, booked)), pairs, need, tuple(risks),
        tuple(losses), evidence.rates_by_skill(held, people), evidence.rates_by_team(people),
        (*asked.issues, *wanted.issues), notes)


def _shortlists(pool: staffing.Pool, asked: tuple[requests.Request, ...],
                settings: Settings) -> tuple[tuple[Shortlist, ...], tuple[str, ...]]:
    open_ = [r for r in asked if r.open]
    notes = ()
    if len(open_) > MAX_REQUESTS:
        notes = (f"Only the first {MAX_REQUESTS} of {len(open_)} open staffing requests were "
                 "answered; close the ones that are filled.",)
    working_on: dict[str, set[int]] = defaultdict(set)
    for person, row in pool.rows.items():
        for project in row.current_projects:
            working_on[key_of(project)].add(person)
    found = []
    for request in open_[:MAX_REQUESTS]:
        on_it = frozenset(working_on.get(key_of(request.project), ()))
        need = staffing.Need(request.skills, stretch=request.stretch, exclude=on_it)
        size = min(MAX_SHORTLIST, request.headcount * settings.shortlist_size)
        found.append(Shortlist(request, tuple(staffing.rank(pool, need, size)),
                               tuple(sorted(on_it))))
    return tuple(found), notes


def attach(analysis: Any, answers: Staffing) -> Any:
    """The analysis with the staffing answers on it, and their problems among its issues."""
    return dataclasses.replace(analysis, staffing=answers,
                               mentor_level=answers.settings.mentoring_level,
                               booked=frozenset(p for p, c in answers.capacities.items()
                                                if c.booked),
                               issues=[*analysis.issues, *answers.issues],
                               notes=[*analysis.notes, *answers.notes])
