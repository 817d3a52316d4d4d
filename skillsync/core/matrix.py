"""Skill columns: a header naming the skill, cells holding a level.

Used by every layout with skills in columns or rows of their own (a matrix, a form's grid
questions, a long export's skill and level columns, a transposed sheet). Headers are
looked up once each; a cell is a level, a mark ("has it") or an explicit "no".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from skillsync.core import levelheaders, levels, messages, skillitems
from skillsync.core.codes import Code
from skillsync.core.layouts.records import Matrix
from skillsync.core.levels import Kind, Scale, Words
from skillsync.core.model import Severity
from skillsync.core.vocab import Vocabulary

Item = tuple[str, int | None, str]  # (skill, level on 1-5 or None, level as written)


@dataclass(frozen=True, slots=True)
class Problem:
    record: int
    header: str
    code: Code
    severity: Severity
    message: str


@dataclass
class Columns:
    """Per record: the skills held and wanted from skill columns; and what went wrong."""

    expertise: list[tuple[Item, ...]] = field(default_factory=list)
    learn: list[tuple[Item, ...]] = field(default_factory=list)
    origins: list[dict[str, int]] = field(default_factory=list)  # skill -> its cell's row
    problems: list[Problem] = field(default_factory=list)
    folded: list[tuple[str, str, int]] = field(default_factory=list)  # (typo, skill, row)
    unknown: list[tuple[str, int]] = field(default_factory=list)  # (header, record)


@dataclass(frozen=True)
class Header:
    skill: str  # canonical, or as written when unknown
    level: levels.Reading | None  # a level written in the header cell itself ("NLP (4)")
    typo: bool
    known: bool


def read(matrix: Sequence[Matrix], vocabulary: Vocabulary, words: Words,
         scale: Scale) -> Columns:
    """The items of every record's skill columns."""
    found = Columns()
    if not any(matrix):  # no skill columns (a sheet with a skills cell): nothing to read
        found.expertise, found.learn = [()] * len(matrix), [()] * len(matrix)
        found.origins = [{} for _ in matrix]
        return found
    headers: dict[str, Header] = {}
    reported: set[str] = set()
    for index, pairs in enumerate(matrix):
        held: dict[str, Item] = {}
        wanted: dict[str, Item] = {}
        origin: dict[str, int] = {}
        for column, value, row in pairs:
            header = headers.get(column.header) or headers.setdefault(
                column.header, _header(column.header, vocabulary, words))
            item = _item(header, value, words, scale, found, index, column.header)
            if item is None:
                continue
            target = wanted if column.kind == "learn" else held
            if item[0] not in target and column.kind != "learn":
                origin[item[0]] = row
            target.setdefault(item[0], item)
            _note_spelling(header, column.header, index, found, reported)
        found.expertise.append(tuple(held.values()))
        found.learn.append(tuple(wanted.values()))
        found.origins.append(origin)
    return found


def skill_of(header: str, vocabulary: Vocabulary, words: Words) -> str:
    """The skill a skill column's header names, as its cells are read."""
    return _header(header, vocabulary, words).skill


def _header(text: str, vocabulary: Vocabulary, words: Words) -> Header:
    text = levelheaders.skill_in_header(text)
    parsed = skillitems.parse(text, vocabulary.known, words)
    name = parsed.skill or text
    canonical = vocabulary.canonical(name)
    if canonical is not None:
        return Header(canonical, parsed.level, False, True)
    typo = vocabulary.typo_of(name)
    if typo is not None:
        return Header(typo, parsed.level, True, True)
    return Header(" ".join(name.split()), parsed.level, False, False)


def _item(header: Header, value: Any, words: Words, scale: Scale, found: Columns,
          index: int, column: str) -> Item | None:
    reading = levels.read(value, words)
    if reading.kind is Kind.HAS and header.level is not None:
        reading = header.level  # "Python (4)" as a long export's skill, marked "x"
    if reading.kind in (Kind.NONE, Kind.BLANK):
        return None
    if reading.kind is Kind.OTHER:
        found.problems.append(Problem(index, column, Code.BAD_LEVEL, Severity.WARNING,
                                      messages.not_a_level(reading.written, header.skill)))
        return header.skill, None, reading.written
    level = scale.level(reading)
    if reading.kind is Kind.LEVEL and level is None and not scale.binary:  # 1s: "has it"
        found.problems.append(Problem(index, column, Code.BAD_LEVEL, Severity.WARNING,
                                      messages.level(header.skill, reading.number or 0,
                                                     reading.of or scale.top)))
    return header.skill, level, reading.written


def _note_spelling(header: Header, text: str, index: int, found: Columns,
                   reported: set[str]) -> None:
    """Every record holding an unknown skill column's skill, so the one issue about its
    header counts the people it concerns; a typo'd header once (one cell to fix)."""
    if header.typo and text not in reported:
        found.folded.append((text, header.skill, index))
        reported.add(text)
    elif not header.known:
        found.unknown.append((header.skill, index))
