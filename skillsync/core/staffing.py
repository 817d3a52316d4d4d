"""Who could staff a piece of work: a documented, explainable ranking, no black box.

**Who is listed.** A required skill is *met* when the person lists it at the minimum level
or above (a skill listed without a level counts as level 3, working level; with no minimum
any listing meets it). A **holder** meets every required skill (with `any`, at least one).
A **stretch** candidate is not a holder but wants to learn at least one required skill they
do not meet; stretch candidates are labelled and always ranked below every holder. Nobody
else is listed. `team` keeps one team; `available` drops people who are fully booked.

**The score** (0-100, shown so a manager can check it):

    score = 100 × (0.45·S + 0.20·E + 0.15·R + 0.20·A), rounded

- S, skill: the mean over the required skills of level / 5 for each skill met, 0 for each
  not met (so with `any`, meeting more skills ranks higher);
- E, evidence: min(P, 3) / 3, where P is the number of the person's past projects that used
  at least one required skill (see evidence.py for how a project "used" a skill);
- R, record: the person's success rate; when not given, the organisation's median (0.5
  when nobody gives one), so a blank neither helps nor hurts;
- A, availability: the share of time the availability column gives, else what current
  projects leave (see capacity.py).

Candidates are ordered holders first, then by score, then by skills met, then by name.
Every candidate carries one line a manager can check against the sheet, e.g.
"NLP 4, PyTorch 3; 3 past NLP projects, 85% success; 1 current project".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

import pandas as pd

from skillsync.core import capacity as cap
from skillsync.core import evidence as ev
from skillsync.core import scoring
from skillsync.core.scoring import EVIDENCE_CAP as EVIDENCE_CAP  # the documented formula
from skillsync.core.scoring import WEIGHTS as WEIGHTS
from skillsync.core.scoring import score_of

NEUTRAL_RATE = 0.5  # the record used when nobody reports a success rate
MET, BELOW, WANTS, NONE = "met", "below", "wants", "none"
_NUMERIC = re.compile(r"^\d+(?:[.,]\d+)?\s*%?$")


@dataclass(frozen=True)
class Required:
    skill: str  # the canonical name, as in the tabs
    shown: str  # as the person asking typed it, when that is a known spelling
    level: int | None = None  # the least level that meets it; None: any listing


@dataclass(frozen=True)
class Need:
    """What a piece of work asks for."""

    skills: tuple[Required, ...]
    any_skill: bool = False
    team: str | None = None
    available_only: bool = False
    stretch: bool = True  # stretch candidates welcome
    exclude: frozenset[int] = frozenset()  # people already on it


@dataclass(frozen=True)
class Holding:
    """One required skill, as this person has it."""

    shown: str
    skill: str
    status: str  # met | below | wants | none
    level: float | None  # as listed (None: not listed, or listed without a level)
    listed: bool
    minimum: int | None
    unproven: bool = False  # met at expert level, with no project using it
    wants: bool = False  # wants to learn it

    def text(self) -> str:
        named = f"{self.shown} {self.level:g}" if self.level is not None else (
            f"{self.shown} (no level)" if self.listed else self.shown)
        if self.status == MET:
            return f"{named} (unproven)" if self.unproven else named
        if self.status == BELOW:
            wish = ", wants to learn it" if self.wants else ""
            return f"{named} (below {self.minimum}{wish})"
        if self.status == WANTS:
            return f"wants to learn {self.shown}"
        return f"no {self.shown}"


@dataclass(frozen=True)
class Candidate:
    person: int
    key: str
    email: str
    name: str
    team: str
    score: int
    stretch: bool
    holdings: tuple[Holding, ...]
    past: int  # past projects that used a required skill
    past_skills: tuple[str, ...]  # the required skills (as shown) those projects used
    rate: float | None
    capacity: cap.Capacity

    @property
    def matched(self) -> list[str]:
        return [h.skill for h in self.holdings if h.status == MET]

    @property
    def missing(self) -> list[str]:
        return [h.skill for h in self.holdings if h.status != MET]

    def why(self, hidden: frozenset[str] = frozenset()) -> str:
        """The one line a manager reads; fields named in `hidden` are left out of it."""
        skills = ", ".join(h.text() for h in self.holdings)
        return "; ".join((skills, self._record(hidden), self._load(hidden)))

    def _record(self, hidden: frozenset[str]) -> str:
        rate = (f"{cap.percent(self.rate)} success" if self.rate is not None
                and "success_rate" not in hidden else "")
        if self.past:
            used = "/".join(self.past_skills)
            text = f"{self.past} past {used} project{'s' if self.past != 1 else ''}"
            return f"{text}, {rate}" if rate else text
        asked = "/".join(h.shown for h in self.holdings)
        return f"no past {asked} project" + (f" ({rate} overall)" if rate else "")

    def _load(self, hidden: frozenset[str]) -> str:
        count = self.capacity.projects
        projects = (f"{count} current project{'s' if count != 1 else ''}" if count
                    else "no current project")
        if not self.capacity.from_column or "availability" in hidden:
            booked = self.capacity.booked and not self.capacity.from_column
            return f"{projects} (fully booked)" if booked else projects
        written = self.capacity.written
        share = cap.percent(self.capacity.share)
        said = (f"{share} available" if _NUMERIC.match(written) else f"{written} ({share})")
        return f"{said}, {projects}"

    def as_dict(self, hidden: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The --json object; a restricted score is null."""
        return {"email": self.email, "name": self.name, "team": self.team,
                "score": None if "score" in hidden else self.score,
                "matched": self.matched, "missing": self.missing, "stretch": self.stretch,
                "why": self.why(hidden)}


class PersonRow(NamedTuple):  # a tuple: a pool holds one for every person
    key: str
    name: str
    team: str
    expertise: tuple
    learn: tuple
    past_projects: tuple
    current_projects: tuple
    success_rate: float
    availability: Any


@dataclass
class Pool:
    """The people a ranking draws from, with what it needs about each, computed once."""

    people: pd.DataFrame  # schema.PEOPLE_COLUMNS
    held: pd.DataFrame  # analysis.held: summary.skill_table of `people`
    learners: pd.DataFrame  # analysis.learners: summary.learner_table of `people`
    evidence: ev.Evidence
    capacities: Mapping[int, cap.Capacity] | None = None  # by person; else read here

    @cached_property
    def median_rate(self) -> float:
        rates = self.people["success_rate"].astype(float).dropna()
        return float(rates.median()) if len(rates) else NEUTRAL_RATE

    @cached_property
    def _fields(self) -> list[list[Any]]:
        return [self.people[n].tolist() for n in PersonRow._fields]

    def row(self, person: int) -> PersonRow:
        """One person's fields (by index label), read when that person is ranked."""
        at = self.people.index.get_loc(person)
        return PersonRow._make(values[at] for values in self._fields)

    @cached_property
    def columns(self) -> scoring.Columns:
        """Everyone at once, for ranking by numpy (see scoring.py)."""
        labels = self.people.index.tolist()
        known = self.capacities or {p: cap.capacity(a, c) for p, a, c in zip(
            labels, self.people["availability"].tolist(),
            self.people["current_projects"].tolist(), strict=True)}
        return scoring.Columns(self.people, self.held, self.learners, self.evidence,
                               scoring.shares(labels, known), self.median_rate)


def rank(pool: Pool, need: Need, top: int | None = None) -> list[Candidate]:
    """Holders then stretch candidates, best first (see the module's docstring). Who is
    listed and their score are worked out for everyone at once (scoring.py); a Candidate
    is built only for those who can be among the first `top`, then ordered as documented."""
    if not need.skills:
        return []
    columns = pool.columns
    contenders = scoring.ranked(columns, need, columns.share <= 0.0).contenders(top)
    found = []
    for person in sorted(columns.labels[contenders].tolist()):
        candidate = _candidate(pool, person, need)
        if candidate is None or (need.available_only and candidate.capacity.booked):
            continue
        found.append(candidate)
    found.sort(key=lambda c: (c.stretch, -c.score, -len(c.matched), c.name.casefold(), c.key))
    return found[:top] if top else found


def _candidate(pool: Pool, person: int, need: Need) -> Candidate | None:
    """The rules for one person: listed or not (None), their holdings, score and reason."""
    row = pool.row(person)
    listed = {s: level for s, level, _ in row.expertise}
    wants = set(row.learn)
    doubted = set(pool.evidence.unproven.get(person, ()))
    holdings = tuple(_holding(r, listed, wants, doubted) for r in need.skills)
    met = sum(1 for h in holdings if h.status == MET)
    holder = met >= 1 if need.any_skill else met == len(holdings)
    stretch = not holder and any(h.status in (WANTS, BELOW) and h.skill in wants
                                 for h in holdings)
    if not holder and not (stretch and need.stretch):
        return None
    skills = [r.skill for r in need.skills]
    past = pool.evidence.projects_using(row.past_projects, skills)
    used = pool.evidence.skills_used(past, skills)
    rate = None if pd.isna(row.success_rate) else float(row.success_rate)
    capacity = cap.capacity(row.availability, row.current_projects)  # kept by value
    score = score_of([ev.level_of(h.level) if h.status == MET else None for h in holdings],
                     len(past), pool.median_rate if rate is None else rate, capacity.share)
    key = str(row.key)
    return Candidate(person, key, key if "@" in key else "", str(row.name),
                     str(row.team), score, not holder, holdings, len(past),
                     tuple(r.shown for r in need.skills if r.skill in used), rate, capacity)


def _holding(required: Required, listed: Mapping[str, int | None], wants: set[str],
             doubted: set[str]) -> Holding:
    skill = required.skill
    if skill in listed:
        level = listed[skill]
        enough = required.level is None or ev.level_of(level) >= required.level
        status = MET if enough else BELOW
        return Holding(required.shown, skill, status, None if level is None else float(level),
                       True, required.level, unproven=enough and skill in doubted,
                       wants=skill in wants)
    status = WANTS if skill in wants else NONE
    return Holding(required.shown, skill, status, None, False, required.level)
