"""Claims weighed against evidence: which projects used which skills, and who is unproven.

The sheet says who worked on what (past and current projects, free text) but not which
skills each project used. skillsync decides that in two ways a manager can check by eye:

1. **By name.** The project's name names the skill, through the same vocabulary as the
   skills columns: "NLP search revamp" used Natural Language Processing, "Churn model v2"
   used Churn Modeling. Words and runs of up to four words are looked up; one-letter words
   and numbers never are.
2. **By its people.** At least half of the people who list the project (past or current),
   and at least two of them, hold the skill: a project most of whose team knows PyTorch
   used PyTorch. A project one person lists is only ever judged by its name.

Projects are matched across people ignoring case and spacing ("Semantic Search" and
"semantic search " are one project). From this:

- a person's **past projects using a skill** are their past projects that used it;
- an **unproven** claim is a skill claimed at expert level or above with no past or current
  project of that person using it. It is a signal for a conversation, never a penalty.
- **success rates** are summarised per skill (over its holders) and per team, with the
  number of people reporting one, so small groups can be left out where privacy asks.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd

from skillsync.core import intkeys, memos, summary
from skillsync.core.cells import fold
from skillsync.core.heldcodes import HeldCodes
from skillsync.core.nameorder import NameOrder
from skillsync.core.vocab import Vocabulary

UNRATED_LEVEL = 3  # a skill listed without a level counts as held at working level
WORKING_LEVEL = 3  # "intermediate": can do the work without help
CORROBORATING_SHARE = 0.5  # half of a project's people holding a skill means it used it
MAX_WORDS = 4
# Pairings of a person's listed projects with their listed skills weighed at most. A usual
# sheet needs about eight a person (a million people: eight million); a few hundred people
# each listing thousands of projects and skills would need billions, and the memory to
# match. Past the budget the later people's projects and claims are not weighed (a note
# says so; see weighed_people).
MAX_PAIRINGS = 20_000_000
_WORD_SPLIT = re.compile(r"[\s()\[\]{},;:!?\"'’“”]+")


@memos.per_value(maxsize=1 << 16)
def key_of(text: str) -> str:
    """How project, team and role names are matched: case and spacing ignored (cached,
    since the same names repeat on many rows)."""
    return fold(text)


def level_of(level: float | int | None) -> float:
    """A holding's level for comparisons: a level not given counts as UNRATED_LEVEL."""
    if level is None or (isinstance(level, float) and math.isnan(level)):
        return float(UNRATED_LEVEL)
    return float(level)


def skills_named(name: str, vocabulary: Vocabulary,
                 looked_up: dict[str, str | None] | None = None) -> frozenset[str]:
    """The skills a project's name names: each word and run of up to four words looked up
    (`looked_up`: phrase -> skill, kept across names, which share words)."""
    words = [w for w in _WORD_SPLIT.split(name[:200]) if w]
    looked_up = {} if looked_up is None else looked_up
    found = set()
    for size in range(1, MAX_WORDS + 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start:start + size])
            if size == 1 and (len(phrase) < 2 or phrase.isdigit()):
                continue
            skill = looked_up.get(phrase, "")
            if skill == "":
                skill = looked_up[phrase] = vocabulary.canonical(phrase)
            if skill:
                found.add(skill)
    return frozenset(found)


@dataclass(frozen=True)
class Evidence:
    """Which skills each project used, and the expert claims nothing backs."""

    used: Mapping[str, frozenset[str]]  # folded project name -> skills it used
    unproven: Mapping[int, tuple[str, ...]]  # person (index) -> expert skills with no project

    def projects_using(self, projects: Iterable[str], skills: Iterable[str]) -> list[str]:
        """Those of `projects` that used at least one of `skills`."""
        wanted = frozenset(skills)
        return [p for p in projects if self.used.get(key_of(p), frozenset()) & wanted]

    def skills_used(self, projects: Iterable[str], skills: Iterable[str]) -> set[str]:
        """Which of `skills` at least one of `projects` used."""
        wanted = frozenset(skills)
        found: set[str] = set()
        for project in projects:
            found |= self.used.get(key_of(project), frozenset()) & wanted
        return found


def build(people: pd.DataFrame, vocabulary: Vocabulary | None, expert_level: int,
          held: pd.DataFrame | None = None, weighed: int | None = None,
          codes: HeldCodes | None = None, listed: np.ndarray | None = None) -> Evidence:
    """Evidence for every person of the people table (schema.PEOPLE_COLUMNS); `held` is
    its table of listed skills (summary.skill_table), made here when not given;
    `weighed`: `weighed_people(people, held)`, when the caller has counted it; `codes`:
    the held table's skills as codes, and `listed`: `projects_listed(people)`, likewise."""
    if held is None:
        held = summary.skill_table(people, expert_level)
    listed = projects_listed(people) if listed is None else listed
    projects = _Projects.of(people, listed)
    holdings = _Holdings.of(people.index, held, codes)
    weighed = weighed_people(people, held, listed) if weighed is None else weighed
    if weighed < len(people):
        projects, holdings = projects.among_first(weighed), holdings.among_first(weighed)
    used = _used(projects, holdings, vocabulary)
    return Evidence(used, _unproven(people.index, projects, holdings, used, expert_level))


def projects_listed(people: pd.DataFrame) -> np.ndarray:
    """How many projects, past and current (as listed), each person lists: counted once
    for the budget and the evidence, a million cells apart in memory being slow to visit."""
    past, current = people["past_projects"].tolist(), people["current_projects"].tolist()
    return (np.fromiter(map(len, past), dtype=np.int64, count=len(past))
            + np.fromiter(map(len, current), dtype=np.int64, count=len(current)))


def weighed_people(people: pd.DataFrame, held: pd.DataFrame,
                   listed: np.ndarray | None = None) -> int:
    """How many people, from the first in the table on, the evidence weighs: everyone,
    unless their projects (as listed) paired with their listed skills pass MAX_PAIRINGS
    (`listed`: `projects_listed(people)`, when the caller has counted them)."""
    listed = projects_listed(people) if listed is None else listed
    if int(listed.max(initial=0)) * len(held) <= MAX_PAIRINGS:  # the usual sheet: at once
        return len(people)
    holding = np.bincount(people.index.get_indexer(held["person"]), minlength=len(people))
    return int(np.searchsorted(np.cumsum(listed * holding), MAX_PAIRINGS, side="right"))


@dataclass(frozen=True)
class _Projects:
    """Who lists which project (past or current), each pair once: the people table's
    project lists as arrays, so a project's people are counted by numpy, not per person."""

    person: np.ndarray  # position in the people table, ascending
    project: np.ndarray  # index into `keys`
    keys: list[str]  # folded project names, in the order the sheet first lists them
    spelled: list[str]  # each one as first written

    @classmethod
    def of(cls, people: pd.DataFrame, listed: np.ndarray) -> _Projects:
        past, current = people["past_projects"].tolist(), people["current_projects"].tolist()
        person = np.repeat(np.arange(len(past)), listed)
        # Person by person, their past projects then their current ones.
        names = chain.from_iterable(chain.from_iterable(zip(past, current, strict=True)))
        written, spellings = pd.factorize(np.fromiter(names, dtype=object, count=len(person)))
        # Spellings come in the order first seen, so the keys, and each key's first
        # spelling, keep the sheet's order too. A name that folds to nothing is no project.
        folded, keys = pd.factorize(np.array([key_of(s) or None for s in spellings],
                                             dtype=object))
        project = folded[written]
        width = max(len(keys), 1)
        pairs = intkeys.distinct(person[project >= 0] * width + project[project >= 0])
        found, first = np.unique(folded, return_index=True)  # where each key is first seen
        first = first[found >= 0]
        return cls(pairs // width, pairs % width, keys.tolist(),
                   [spellings[i] for i in first.tolist()])

    def among_first(self, count: int) -> _Projects:
        """Only the first `count` people's listings (every project keeps its name)."""
        kept = self.person < count
        return _Projects(self.person[kept], self.project[kept], self.keys, self.spelled)


@dataclass(frozen=True)
class _Holdings:
    """Every skill each person lists, one row per listing, in the people table's order."""

    person: np.ndarray  # position in the people table
    skill: np.ndarray  # index into `skills`
    level: np.ndarray  # float; NaN where none was given
    skills: list[str]

    @classmethod
    def of(cls, index: pd.Index, held: pd.DataFrame,
           codes: HeldCodes | None = None) -> _Holdings:
        codes = HeldCodes.of(held) if codes is None else codes
        return cls(index.get_indexer(held["person"]), codes.code,
                   held["level"].to_numpy(dtype=float), codes.skills)

    def among_first(self, count: int) -> _Holdings:
        """Only the first `count` people's listings."""
        kept = self.person < count
        return _Holdings(self.person[kept], self.skill[kept], self.level[kept], self.skills)


def _joined(person: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of `person` and of `other` (both positions in the people table) naming the
    same person: every pairing, as two arrays of row numbers."""
    return intkeys.pairings(person, other)


def _used(projects: _Projects, holdings: _Holdings,
          vocabulary: Vocabulary | None) -> dict[str, frozenset[str]]:
    """Folded project name -> the skills it used: named by it, or held by enough of its people."""
    width = max(len(holdings.skills), 1)
    # Each (project, skill) pair met on one person, counted: its project's people holding it.
    pairs, holding = intkeys.pair_counts(projects.person, projects.project, holdings.person,
                                         holdings.skill, width)
    people = np.bincount(projects.project, minlength=len(projects.keys))[pairs // width]
    enough = np.maximum(2, np.ceil(CORROBORATING_SHARE * people))
    corroborated: dict[int, list[str]] = defaultdict(list)
    found = pairs[(people >= 2) & (holding >= enough)]
    for project, skill in zip((found // width).tolist(), (found % width).tolist(), strict=True):
        corroborated[project].append(holdings.skills[skill])
    looked_up: dict[str, str | None] = {}
    named = [skills_named(name, vocabulary, looked_up) if vocabulary is not None
             else frozenset() for name in projects.spelled]
    return {key: named[project] | frozenset(corroborated.get(project, ()))
            for project, key in enumerate(projects.keys)}


def _unproven(index: pd.Index, projects: _Projects, holdings: _Holdings,
              used: Mapping[str, frozenset[str]], expert_level: int) -> dict[int, tuple[str, ...]]:
    """Person (index) -> the skills they claim at `expert_level` or above that none of
    their projects used, in the order they list them."""
    claims = np.flatnonzero(holdings.level >= expert_level)
    width = max(len(holdings.skills), 1)
    code = {skill: at for at, skill in enumerate(holdings.skills)}
    backing = np.array([project * width + code[skill]
                        for project, key in enumerate(projects.keys)
                        for skill in used[key] if skill in code], dtype=np.int64)
    asked, members = _joined(holdings.person[claims], projects.person)
    # pandas' hash table, not np.isin's sort of both sides: the same answer, quicker.
    backed = pd.Series(projects.project[members] * width
                       + holdings.skill[claims[asked]]).isin(backing).to_numpy()
    unbacked = np.ones(len(claims), dtype=bool)
    unbacked[asked[backed]] = False
    return _listed_by_person(index, holdings.person[claims[unbacked]],
                             np.asarray(holdings.skills, dtype=object)[
                                 holdings.skill[claims[unbacked]]])


def _listed_by_person(index: pd.Index, person: np.ndarray, skills: np.ndarray
                      ) -> dict[int, tuple[str, ...]]:
    """Person (index) -> their `skills`, in order; people in the order first met."""
    if len(person) and bool((person[1:] >= person[:-1]).all()):
        # In table order (the usual way): each person's skills are one run already.
        starts = np.flatnonzero(np.r_[True, person[1:] != person[:-1]])
        firsts, ends = person[starts], [*starts[1:].tolist(), len(person)]
        listed = skills.tolist()
    else:
        met, firsts = pd.factorize(person)
        ends = np.cumsum(np.bincount(met, minlength=len(firsts))).tolist()
        listed = skills[np.argsort(met, kind="stable")].tolist()
    return dict(zip(index.to_numpy()[firsts].tolist(),
                    map(tuple, map(listed.__getitem__, map(slice, [0, *ends[:-1]], ends))),
                    strict=True))


def unproven_by_skill(evidence: Evidence, people: pd.DataFrame,
                      order: NameOrder | None = None) -> dict[str, list[str]]:
    """Skill -> names of people whose expert claim on it no project backs, sorted ignoring
    case (names alike in the order met); skills in the order met. Every claim is sorted
    at once, on (skill, the name's place in `order`: the people's name order, sorted here
    unless given)."""
    claims = list(evidence.unproven.values())
    skill, skills = pd.factorize(np.fromiter(chain.from_iterable(claims), dtype=object,
                                             count=sum(map(len, claims))))
    if not len(skills):
        return {}
    order = NameOrder.of(people["name"].tolist()) if order is None else order
    at = people.index.get_indexer(np.repeat(
        np.asarray(list(evidence.unproven)),
        np.fromiter(map(len, claims), dtype=np.intp, count=len(claims))))
    sorted_rows = np.lexsort((order.folded_at(at), skill))
    # Someone not in the table is named "" (as a missing name is in the tabs).
    names = np.append(people["name"].to_numpy(dtype=object), "")[at[sorted_rows]].tolist()
    counts = np.bincount(skill, minlength=len(skills)).tolist()
    ends = np.cumsum(counts).tolist()
    return {found: names[end - count:end]
            for found, end, count in zip(skills.tolist(), ends, counts, strict=True)}
