"""Who a need lists, and their place in its ranking, for everyone at once.

staffing.py writes the rules for one person at a time (`_candidate`): who is a holder, who
a stretch candidate, their score. A request shows a handful of people, yet tens of
thousands list or want a skill it asks for, and building a Candidate for each of them
(holdings, projects, reason) was most of a sync's staffing time. Here the same rules are
worked out as columns over the whole pool; `rank` then builds Candidates only for those
who can still be shown, and orders them by the documented key as before. The arithmetic
is the same as `score_of`, term by term in the same order, so scores agree to the bit.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

import numpy as np
import pandas as pd

from skillsync.core import evidence as ev
from skillsync.core import intkeys
from skillsync.core.evidence import key_of

WEIGHTS: Mapping[str, float] = {"skill": 0.45, "evidence": 0.20, "record": 0.15,
                                "availability": 0.20}
EVIDENCE_CAP = 3  # past projects beyond three add nothing more


@dataclass(frozen=True)
class Ranked:
    """The people a need lists (positions in the people table), best first by stretch,
    score and skills met; people alike on those three keep the table's order."""

    position: np.ndarray
    stretch: np.ndarray
    score: np.ndarray
    met: np.ndarray

    def contenders(self, top: int | None) -> np.ndarray:
        """The positions that can be among the first `top` once names break ties: the first
        `top`, and everyone alike with the last of them (all when `top` is falsy)."""
        if not top or len(self.position) <= top:
            return self.position
        last = top - 1
        alike = ((self.stretch[last:] == self.stretch[last])
                 & (self.score[last:] == self.score[last]) & (self.met[last:] == self.met[last]))
        differs = np.flatnonzero(~alike)
        end = last + (int(differs[0]) if len(differs) else len(alike))
        return self.position[:end]


class Columns:
    """What ranking needs about everyone, as arrays by position in the people table:
    built once per pool, then each need is a few numpy operations."""

    def __init__(self, people: pd.DataFrame, held: pd.DataFrame, learners: pd.DataFrame,
                 evidence: ev.Evidence, shares: np.ndarray, median_rate: float) -> None:
        self.people, self.held, self.learners = people, held, learners
        self.evidence, self.share = evidence, shares
        rates = people["success_rate"].astype(float).to_numpy()
        self.rate = np.where(np.isnan(rates), median_rate, rates)

    @cached_property
    def labels(self) -> np.ndarray:
        return self.people.index.to_numpy()

    @cached_property
    def team_keys(self) -> np.ndarray:
        codes, teams = pd.factorize(self.people["team"].to_numpy(dtype=object),
                                    use_na_sentinel=False)
        return np.array([key_of(t) for t in teams], dtype=object)[codes]

    @cached_property
    def _listings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, int]]:
        """Held rows as (position, skill code, level), one per person and skill: where a
        person lists a skill twice the last listing counts, as in a dict of their items."""
        codes, skills = pd.factorize(self.held["skill"].to_numpy(dtype=object))
        person = self.people.index.get_indexer(self.held["person"])
        pairs = codes.astype(np.int64) * max(len(self.people), 1) + person
        last = intkeys.last_of_each(pairs)
        levels = self.held["level"].to_numpy(dtype=float)
        return person[last], codes[last], levels[last], {s: i for i, s in enumerate(skills)}

    @cached_property
    def _wishes(self) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
        codes, skills = pd.factorize(self.learners["skill"].to_numpy(dtype=object))
        person = self.people.index.get_indexer(self.learners["person"])
        return person, codes, {s: i for i, s in enumerate(skills)}

    def listed(self, skill: str) -> tuple[np.ndarray, np.ndarray]:
        """(listed, level) for everyone: level NaN where listed without one."""
        person, codes, levels, code = self._listings
        has = np.zeros(len(self.people), dtype=bool)
        level = np.full(len(self.people), np.nan)
        if skill in code:
            rows = codes == code[skill]
            has[person[rows]] = True
            level[person[rows]] = levels[rows]  # one row per person: no repeats to order
        return has, level

    def wants(self, skill: str) -> np.ndarray:
        person, codes, code = self._wishes
        found = np.zeros(len(self.people), dtype=bool)
        if skill in code:
            found[person[codes == code[skill]]] = True
        return found

    @cached_property
    def _past(self) -> tuple[np.ndarray, np.ndarray, dict[str, list[int]]]:
        """Every past project listing as (position, project code), repeats kept, and per
        skill the codes of the projects that used it."""
        person, written, spellings = _listings_of(self.people["past_projects"].tolist())
        keys = [key_of(s) for s in spellings]
        using: dict[str, list[int]] = defaultdict(list)
        for code, key in enumerate(keys):
            for skill in self.evidence.used.get(key, ()):
                using[skill].append(code)
        return person, written, using

    def past_using(self, skills: Sequence[str]) -> np.ndarray:
        """Per person, how many of their past projects used at least one of `skills`
        (Evidence.projects_using, counted)."""
        person, written, using = self._past
        used = np.zeros(int(written.max()) + 1 if len(written) else 0, dtype=bool)
        for skill in set(skills):
            used[using.get(skill, [])] = True
        return np.bincount(person[used[written]], minlength=len(self.people))

    def working_on(self, projects: Iterable[str]) -> dict[str, set[int]]:
        """Folded project name, of those of `projects` -> the people listing it as current
        (labels): each distinct spelling is folded once, not each listing."""
        person, written, spellings = _listings_of(self.people["current_projects"].tolist())
        asked = set(projects)
        keys = [key_of(s) for s in spellings]
        wanted = np.fromiter((key in asked for key in keys), dtype=bool, count=len(keys))
        hits = np.flatnonzero(wanted[written])  # listings of an asked project, in order
        found: dict[str, set[int]] = defaultdict(set)
        for label, code in zip(self.labels[person[hits]].tolist(), written[hits].tolist(),
                               strict=True):
            found[keys[code]].add(label)
        return found


def _listings_of(lists: list[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Every name of people's lists as (position, code into the distinct names), with
    those names in the order first met; the lists flattened in C."""
    listed = np.fromiter(map(len, lists), dtype=np.intp, count=len(lists))
    names = np.fromiter(chain.from_iterable(lists), dtype=object, count=int(listed.sum()))
    written, spellings = pd.factorize(names, use_na_sentinel=False)
    return np.repeat(np.arange(len(lists)), listed), written, spellings.tolist()


def ranked(columns: Columns, need, booked: np.ndarray) -> Ranked:
    """Everyone `need` (staffing.Need) lists, best first (see staffing.py's docstring)."""
    count = len(columns.people)
    met_total = np.zeros(count, dtype=np.int64)
    skill_sum = np.zeros(count)
    stretchy = np.zeros(count, dtype=bool)
    for required in need.skills:
        has, level = columns.listed(required.skill)
        level = np.where(np.isnan(level), float(ev.UNRATED_LEVEL), level)
        met = has if required.level is None else has & (level >= required.level)
        met_total += met
        skill_sum = skill_sum + np.where(met, np.minimum(level, 5.0) / 5.0, 0.0)
        stretchy |= ~met & columns.wants(required.skill)
    asked = len(need.skills)
    holder = met_total >= 1 if need.any_skill else met_total == asked
    keep = holder | (~holder & stretchy & need.stretch)
    keep &= _allowed(columns, need, booked)
    score = _scores(columns, need, skill_sum / asked)
    position = np.flatnonzero(keep)
    stretch = ~holder[position]
    order = np.lexsort((-met_total[position], -score[position], stretch))
    return Ranked(position[order], stretch[order], score[position][order],
                  met_total[position][order])


def _allowed(columns: Columns, need, booked: np.ndarray) -> np.ndarray:
    """Not excluded, in the team asked for, and free when only the available are wanted."""
    allowed = ~np.isin(columns.labels, list(need.exclude)) if need.exclude else (
        np.ones(len(columns.people), dtype=bool))
    team = key_of(need.team) if need.team else None
    if team:
        allowed &= columns.team_keys == team
    if need.available_only:
        allowed &= ~booked
    return allowed


def score_of(levels_met: Iterable[float | None], past: int, rate: float, share: float) -> int:
    """The documented formula; `levels_met` has one entry per required skill (None: not met)."""
    met = list(levels_met)
    skill = sum(min(v, 5.0) / 5.0 for v in met if v is not None) / len(met) if met else 0.0
    evidence = min(past, EVIDENCE_CAP) / EVIDENCE_CAP
    total = (WEIGHTS["skill"] * skill + WEIGHTS["evidence"] * evidence
             + WEIGHTS["record"] * rate + WEIGHTS["availability"] * share)
    return math.floor(100 * total + 0.5)


def _scores(columns: Columns, need, skill: np.ndarray) -> np.ndarray:
    """score_of for everyone: the same terms, added in the same order."""
    past = columns.past_using([r.skill for r in need.skills])
    evidence = np.minimum(past, EVIDENCE_CAP) / EVIDENCE_CAP
    total = (WEIGHTS["skill"] * skill + WEIGHTS["evidence"] * evidence
             + WEIGHTS["record"] * columns.rate + WEIGHTS["availability"] * columns.share)
    return np.floor(100 * total + 0.5).astype(np.int64)


def shares(labels: Sequence[int], capacities: Mapping[int, object]) -> np.ndarray:
    return np.array([capacities[p].share for p in labels], dtype=float)
