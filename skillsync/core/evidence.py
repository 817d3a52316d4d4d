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
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from skillsync.core import memos
from skillsync.core.cells import fold
from skillsync.core.vocab import Vocabulary

UNRATED_LEVEL = 3  # a skill listed without a level counts as held at working level
WORKING_LEVEL = 3  # "intermediate": can do the work without help
CORROBORATING_SHARE = 0.5  # half of a project's people holding a skill means it used it
MAX_WORDS = 4
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


def skills_named(name: str, vocabulary: Vocabulary) -> frozenset[str]:
    """The skills a project's name names: each word and run of up to four words looked up."""
    words = [w for w in _WORD_SPLIT.split(name[:200]) if w]
    found = set()
    for size in range(1, MAX_WORDS + 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start:start + size])
            if size == 1 and (len(phrase) < 2 or phrase.isdigit()):
                continue
            skill = vocabulary.canonical(phrase)
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


def build(people: pd.DataFrame, vocabulary: Vocabulary | None, expert_level: int) -> Evidence:
    """Evidence for every person of the people table (schema.PEOPLE_COLUMNS)."""
    members: dict[str, set[int]] = defaultdict(set)
    spelled: dict[str, str] = {}
    for person, past, current in zip(people.index.tolist(), people["past_projects"].tolist(),
                                     people["current_projects"].tolist(), strict=True):
        for project in (*past, *current):
            key = key_of(project)
            if key:
                members[key].add(person)
                spelled.setdefault(key, project)
    skills_of = dict(zip(people.index.tolist(), people["expertise"].tolist(), strict=True))
    used = {key: _used(spelled[key], who, skills_of, vocabulary) for key, who in members.items()}
    return Evidence(used, _unproven(people, used, expert_level))


def _used(name: str, who: set[int], skills_of: Mapping[int, tuple],
          vocabulary: Vocabulary | None) -> frozenset[str]:
    named = skills_named(name, vocabulary) if vocabulary is not None else frozenset()
    if len(who) < 2:
        return named
    counts = Counter(skill for person in who for skill, _, _ in skills_of.get(person, ()))
    enough = max(2, math.ceil(CORROBORATING_SHARE * len(who)))
    return named | {skill for skill, count in counts.items() if count >= enough}


def _unproven(people: pd.DataFrame, used: Mapping[str, frozenset[str]],
              expert_level: int) -> dict[int, tuple[str, ...]]:
    found = {}
    for person, items, past, current in zip(
            people.index.tolist(), people["expertise"].tolist(),
            people["past_projects"].tolist(), people["current_projects"].tolist(), strict=True):
        claims = [s for s, level, _ in items if level is not None and level >= expert_level]
        if not claims:
            continue
        backed: set[str] = set()
        for project in (*past, *current):
            backed |= used.get(key_of(project), frozenset())
        missing = tuple(s for s in claims if s not in backed)
        if missing:
            found[person] = missing
    return found


def unproven_by_skill(evidence: Evidence, people: pd.DataFrame) -> dict[str, list[str]]:
    """Skill -> names of people whose expert claim on it no project backs, sorted."""
    names = people["name"].to_dict()
    found: dict[str, list[str]] = defaultdict(list)
    for person, skills in evidence.unproven.items():
        for skill in skills:
            found[skill].append(names.get(person, ""))
    return {s: sorted(n, key=str.casefold) for s, n in found.items()}


@dataclass(frozen=True)
class Rates:
    """Success rates summarised per group: how many report one, and their median."""

    reporting: Mapping[str, int]
    median: Mapping[str, float]

    def shown(self, group: str, min_group: int) -> float | None:
        """The median when at least `min_group` people of the group report a rate."""
        if self.reporting.get(group, 0) < max(min_group, 1):
            return None
        return self.median.get(group)


def rates_by_skill(held: pd.DataFrame, people: pd.DataFrame) -> Rates:
    """Per skill, over the people holding it who report a success rate."""
    rates = held["person"].map(people["success_rate"])
    return _summarise(held.assign(rate=rates.to_numpy()), "skill")


def rates_by_team(people: pd.DataFrame) -> Rates:
    """Per team, over its members who report a success rate (people without a team left out)."""
    frame = pd.DataFrame({"team": people["team"].to_numpy(),
                          "rate": people["success_rate"].astype(float).to_numpy()})
    return _summarise(frame[frame["team"] != ""], "team")


def _summarise(frame: pd.DataFrame, by: str) -> Rates:
    reported = frame[frame["rate"].notna()]
    if not len(reported):
        return Rates({}, {})
    groups = reported.groupby(by)["rate"]
    return Rates({k: int(v) for k, v in groups.size().items()},
                 {k: float(v) for k, v in groups.median().items()})
