"""The questions the sheet exists for, answered once per sync from the analysis.

`plan` reads the Staffing requests and Targets tabs; the answers are computed, purely, when
first asked for: evidence behind claims, each person's availability, a shortlist for every
open request, gaps against targets (or learning demand against supply), mentor pairs and
the bus factor. The result rides on the analysis (`Analysis.staffing`), so the tabs, the
digest, the mail and the JSON report all read the same numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from skillsync.core import (
    availabilities,
    coverage,
    evidence,
    intkeys,
    mentoring,
    nameorder,
    rates,
    requests,
    staffing,
)
from skillsync.core.capacity import Capacity
from skillsync.core.evidence import key_of
from skillsync.core.heldcodes import HeldCodes
from skillsync.core.model import Grid, Issue
from skillsync.core.tabs import NAME_SEPARATOR, capped_text
from skillsync.core.when import EXCEL_EPOCH

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
    epoch: date = EXCEL_EPOCH  # the day the workbook's serial 0 stands for

    @property
    def mentoring_level(self) -> int:
        return self.mentor_level or self.expert_level


class Names:
    """How people are named in the tabs and digests: 'Ana Lima' or 'Ana Lima (Search)'.

    A person is looked up by index label. Labels 0, 1, 2... (the usual table) are the
    positions themselves; other labels, or a label given as anything but an int, go
    through a dict of every label, made when first needed: a million entries."""

    def __init__(self, people: pd.DataFrame) -> None:
        self.index = people.index
        self.names = people["name"].tolist()
        self.teams = people["team"].tolist()
        self.by_position = self.index.equals(pd.RangeIndex(len(self.names)))

    @cached_property
    def positions(self) -> dict[Any, int]:
        """Label -> position, the last position of a label met twice."""
        return {label: at for at, label in enumerate(self.index.tolist())}

    def of(self, person: int, team: bool = False) -> str:
        if self.by_position and type(person) is int:
            at = person if 0 <= person < len(self.names) else -1
        else:
            at = self.positions.get(person, -1)
        name = self.names[at] if at >= 0 else ""
        where = self.teams[at] if at >= 0 else ""
        return f"{name} ({where})" if team and where else name

    def listed(self, people: Sequence[int], team: bool = False,
               limit: int = NAMES_SHOWN) -> str:
        """The first `limit` named, then how many more (only those shown are named)."""
        return capped_text([self.of(p, team) for p in people[:limit]], len(people),
                           NAME_SEPARATOR)


@dataclass(frozen=True)
class Shortlist:
    request: requests.Request
    candidates: tuple[staffing.Candidate, ...]
    on_it: tuple[int, ...] = ()  # people already listing the project as current


@dataclass(frozen=True)
class Staffing:
    """Every staffing answer for one analysis. Each is worked out when first asked for,
    then kept: a sync asks for all of them (tabs, digest, JSON), while `check` needs only
    the requests' and targets' problems and skips ranking and pairing the whole pool."""

    settings: Settings
    people: pd.DataFrame  # the analysis's (schema.PEOPLE_COLUMNS)
    held: pd.DataFrame
    learners: pd.DataFrame
    vocabulary: Any  # core.vocab.Vocabulary | None
    requests: tuple[requests.Request, ...]
    targets: tuple[requests.Target, ...]
    issues: tuple[Issue, ...] = ()
    notes: tuple[str, ...] = field(default=())
    weighed: int | None = None  # evidence.weighed_people, counted once for the note
    skill_codes: HeldCodes | None = None  # the held table's skills as codes, when made
    listed: np.ndarray | None = None  # evidence.projects_listed, when counted
    names_given: Any = None  # the name order worked out elsewhere (Analysis.names_given)

    @cached_property
    def codes(self) -> HeldCodes:
        """The held table's skills as codes, made once for every answer grouping by skill."""
        return HeldCodes.of(self.held) if self.skill_codes is None else self.skill_codes

    @cached_property
    def evidence(self) -> evidence.Evidence:
        return evidence.build(self.people, self.vocabulary, self.settings.expert_level,
                              self.held, self.weighed, self.codes, self.listed)

    @cached_property
    def pool(self) -> staffing.Pool:
        return staffing.Pool(self.people, self.held, self.learners, self.evidence,
                             self.capacities)

    @cached_property
    def capacities(self) -> Mapping[int, Capacity]:
        """Everyone's availability, read from the people table: the pool's row per person
        is built only when someone is ranked (a staffing request, `match`)."""
        return self._availabilities.by_person

    @cached_property
    def booked(self) -> frozenset[int]:
        """People fully booked: offered as nobody's mentor."""
        return self._availabilities.booked

    @cached_property
    def _availabilities(self) -> availabilities.Availabilities:
        return availabilities.of_people(self.people)

    @cached_property
    def shortlists(self) -> tuple[Shortlist, ...]:
        return _shortlists(self.pool, self.requests, self.settings)

    @cached_property
    def mentoring(self) -> mentoring.Mentoring:
        chosen = self.settings
        return mentoring.pair(self.people, self.held, self.learners,
                              min_level=chosen.mentoring_level, max_mentees=chosen.max_mentees,
                              prefer_other_teams=chosen.prefer_other_teams, booked=self.booked,
                              names=self.name_order, codes=self.codes)

    @cached_property
    def name_order(self) -> nameorder.NameOrder:
        """Everyone's name order, sorted once for the mentor pairs and the tabs."""
        names = self.people["name"].tolist()
        return nameorder.given(self.names_given, names) or nameorder.NameOrder.of(names)

    @cached_property
    def demand(self) -> coverage.Demand:
        return coverage.demand(self.people, self.evidence, self.requests, self.targets)

    @cached_property
    def gaps(self) -> tuple[coverage.Gap, ...]:
        return tuple(coverage.gaps(self.people, self.held, self.learners, self.targets,
                                   self.capacities, self.settings.mentoring_level))

    @cached_property
    def supply(self) -> tuple[coverage.Supply, ...]:
        return tuple(coverage.supply(self.held, self.learners, self.mentoring, self.booked,
                                     self.codes))

    @cached_property
    def _bus_factor(self) -> tuple[tuple[coverage.SkillRisk, ...], tuple[coverage.Loss, ...]]:
        risks, losses = coverage.bus_factor(self.held, self.demand, self.capacities,
                                            self.codes)
        return tuple(risks), tuple(losses)

    @property
    def risks(self) -> tuple[coverage.SkillRisk, ...]:
        return self._bus_factor[0]

    @property
    def losses(self) -> tuple[coverage.Loss, ...]:
        return self._bus_factor[1]

    @cached_property
    def by_skill(self) -> rates.Rates:
        return rates.rates_by_skill(self.held, self.people, self.codes)

    @cached_property
    def by_team(self) -> rates.Rates:
        return rates.rates_by_team(self.people)

    @property
    def hidden(self) -> frozenset[str]:
        """Fields left out of org-wide outputs."""
        return self.settings.restricted

    @cached_property
    def names(self) -> Names:
        return Names(self.people)

    @cached_property
    def teams(self) -> dict[str, frozenset[int]]:
        """Team (matched ignoring case and spacing) -> its people, for team digests."""
        team, spelled = pd.factorize(self.people["team"].to_numpy(dtype=object),
                                     use_na_sentinel=False)
        # Each spelling folded once; people grouped by the folded team's code.
        key, keys = pd.factorize(np.array([key_of(t) for t in spelled.tolist()], dtype=object))
        person = key[team]
        order, bounds = intkeys.group_bounds(person, len(keys))
        bounds = bounds.tolist()
        labels = self.people.index.to_numpy()[order].tolist()
        return {k: frozenset(labels[bounds[at]:bounds[at + 1]])
                for at, k in enumerate(keys.tolist())}


def plan(analysis: Any, settings: Settings, requests_tab: Grid | None = None,
         targets_tab: Grid | None = None) -> Staffing:
    """The staffing answers for one analysis (core.analysis.Analysis): the Staffing
    requests and Targets tabs are read now, the answers when first asked for."""
    people, held, vocabulary = analysis.people, analysis.held, analysis.vocabulary
    # Without either tab nothing is read against the skills, teams and roles: the codes
    # are then made by the first answer that groups by skill.
    tabs = requests_tab is not None or targets_tab is not None
    codes = analysis.held_codes if tabs else None
    skills = _held_skills(held, codes) if codes is not None else []
    asked = requests.read_requests(requests_tab, vocabulary, skills, settings.day_first,
                                   settings.epoch)
    wanted = requests.read_targets(targets_tab, vocabulary, skills,
                                   people["team"].unique().tolist() if tabs else [],
                                   people["role"].unique().tolist() if tabs else [])
    waiting = sum(1 for r in asked.items if r.open)
    notes = ((f"Only the first {MAX_REQUESTS} of {waiting} open staffing requests were "
              "answered; close the ones that are filled.",) if waiting > MAX_REQUESTS else ())
    listed = evidence.projects_listed(people)
    weighed = evidence.weighed_people(people, held, listed)
    notes += _evidence_note(people, weighed)
    return Staffing(settings, people, held, analysis.learners, vocabulary, asked.items,
                    wanted.items, (*asked.issues, *wanted.issues), notes, weighed, codes,
                    listed, getattr(analysis, "names_given", None))


def _held_skills(held: pd.DataFrame, codes: HeldCodes) -> list[Any]:
    """The same skills as held["skill"].unique(), which keeps a missing one too."""
    return codes.skills if (codes.code >= 0).all() else held["skill"].unique().tolist()


def _evidence_note(people: pd.DataFrame, weighed: int) -> tuple[str, ...]:
    if weighed == len(people):
        return ()
    return (f"Projects were weighed as evidence for the first {weighed:,} of {len(people):,} "
            "people only: together the rows list more projects and skills than skillsync "
            f"pairs up ({evidence.MAX_PAIRINGS:,} pairings); the expert claims of the rest "
            "are not checked against their projects. Long lists of projects or skills in "
            "a cell are the usual cause.",)


def _shortlists(pool: staffing.Pool, asked: tuple[requests.Request, ...],
                settings: Settings) -> tuple[Shortlist, ...]:
    answered = [r for r in asked if r.open][:MAX_REQUESTS]
    if not answered:  # the pool's columns are built for ranking only
        return ()
    working_on = pool.columns.working_on(key_of(r.project) for r in answered)
    found = []
    for request in answered:
        on_it = frozenset(working_on.get(key_of(request.project), ()))
        need = staffing.Need(request.skills, stretch=request.stretch, exclude=on_it)
        size = min(MAX_SHORTLIST, request.headcount * settings.shortlist_size)
        found.append(Shortlist(request, tuple(staffing.rank(pool, need, size)),
                               tuple(sorted(on_it))))
    return tuple(found)


def attach(analysis: Any, answers: Staffing) -> Any:
    """The analysis with the staffing answers on it, and their problems among its issues."""
    return dataclasses.replace(analysis, staffing=answers,
                               mentor_level=answers.settings.mentoring_level,
                               issues=[*analysis.issues, *answers.issues],
                               notes=[*analysis.notes, *answers.notes])
