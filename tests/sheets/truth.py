"""What a careful human reads in a sheet, written down while the sheet is generated.

A builder never reads its file back to learn the truth: every person, skill and level
is recorded here at the moment it is written into a cell, so a test compares the
product's reading against what was actually typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# Texts that are ratings, level words or marks: whatever the layout, none of them may
# ever come out as a skill or a learning wish.
LEVEL_WORDS = frozenset({
    "none", "beginner", "intermediate", "advanced", "expert", "basic", "good", "very good",
    "excellent", "novice", "proficient", "aware", "working knowledge", "competent",
})
MARKS = frozenset({"x", "✓", "✔", "yes", "y", "no", "n/a", "-", "—", "?"})
NOT_SKILLS = frozenset({
    *(str(n) for n in range(11)), *LEVEL_WORDS, *MARKS, "average", "total", "team average",
    "legend", "skills", "skill",
})
_NUMBERISH = re.compile(r"^[\s\d.,/%()\[\]:+-]*$")


def fold(text: str) -> str:
    """Case, accents' composed forms and repeated spaces ignored, for comparing texts."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def is_rating_or_mark(text: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether `text` is a rating, level word, mark or sheet furniture, never a skill."""
    folded = fold(text)
    return folded in NOT_SKILLS or folded in extra or bool(_NUMBERISH.match(folded))


@dataclass(frozen=True)
class Level:
    """A level as typed, and the values on skillsync's 1–5 scale a correct reading gives.

    `rank` is the level on the sheet's own scale (None: "has it", no level). `low`..`high`
    is what the normalised level must be: one value where the sheet used 1–5 (or 0–5,
    where 0 means "does not have it"), a range where the scale leaves room (a 1–4 scale,
    level words other than the top one).
    """

    rank: int | None
    low: float | None = None
    high: float | None = None

    @classmethod
    def exact(cls, value: int) -> Level:
        return cls(value, value, value)

    @classmethod
    def within(cls, rank: int, low: float, high: float) -> Level:
        return cls(rank, low, high)

    def accepts(self, level: float | None) -> bool:
        if self.rank is None:
            return level is None
        return level is not None and self.low <= level <= self.high

    def __str__(self) -> str:
        if self.rank is None:
            return "no level"
        return str(self.low) if self.low == self.high else f"{self.low}..{self.high}"


HAS_IT = Level(None)


@dataclass(frozen=True)
class Person:
    name: str
    team: str


@dataclass
class Truth:
    """Everything a correct reading of one sheet must report."""

    layout: str  # rows | wide | form | long | transposed
    keyed_by: str = "email"  # "email", or "name" for sheets without addresses
    people: dict[str, Person] = field(default_factory=dict)
    levels: dict[str, dict[str, Level]] = field(default_factory=dict)  # key -> skill -> level
    learn: dict[str, set[str]] | None = None  # None: the sheet has no learning wishes
    cells: dict[tuple[str, str], tuple[str | None, int]] = field(default_factory=dict)
    proposals: set[frozenset[str]] = field(default_factory=set)  # same-name groups, e-mails
    merged: set[frozenset[str]] | None = field(default_factory=set)  # None: not checked
    ordinal: bool = False  # the sheet's scale is not 1–5: levels must keep their order
    unknown: set[str] = field(default_factory=set)  # real skills outside the vocabulary
    spellings: dict[str, str] = field(default_factory=dict)  # typed -> canonical skill
    furniture: frozenset[str] = frozenset()  # legend texts and the like, never skills
    tabs: tuple[str, ...] = ()  # the tabs holding people, when more than one

    def person(self, key: str, name: str, team: str) -> str:
        self.people[key] = Person(name, team)
        self.levels.setdefault(key, {})
        return key

    def holds(self, key: str, skill: str, level: Level, sheet: str | None, row: int,
              typed: str | None = None) -> None:
        """`key` holds `skill` at `level`, read from (`sheet`, `row`)."""
        self.levels[key][skill] = level
        self.cells[(key, skill)] = (sheet, row)
        if typed is not None and typed != skill:
            self.spellings[typed] = skill

    def wants(self, key: str, skill: str) -> None:
        if self.learn is None:
            self.learn = {}
        self.learn.setdefault(key, set()).add(skill)

    def forget(self, key: str) -> None:
        """Drop what an earlier form submission said: the latest one is the truth."""
        self.levels[key] = {}
        self.cells = {k: v for k, v in self.cells.items() if k[0] != key}
        if self.learn is not None:
            self.learn.pop(key, None)

    @property
    def counts(self) -> Counter[str]:
        """Skill -> the number of people holding it (as expertise)."""
        return Counter(skill for held in self.levels.values() for skill in held)

    @property
    def not_skills(self) -> frozenset[str]:
        """Texts (folded) that must never come out as a skill on this sheet; bare numbers
        and number notations ("4/5", "(3)") are refused on top of these."""
        return NOT_SKILLS | frozenset(fold(t) for t in self.furniture)

    def is_not_a_skill(self, text: str) -> bool:
        return is_rating_or_mark(text, self.not_skills)


@dataclass
class Sheet:
    """One file a builder wrote, and what it holds."""

    path: Path
    truth: Truth
