"""One item of a skills cell: which skill, at which level, as people type them.

`NLP (4)`, `NLP 4`, `NLP - 4`, `NLP: 4`, `NLP 4/5`, `NLP [4]`, `NLP (4/5)`, `4 - NLP`,
`advanced SQL`, `SQL (expert)`, `Python - advanced` all name NLP or SQL with a level.
A level written alone ("4", "Advanced", "x") is never a skill. `Spark & Hugging face` is
two skills because each side is one; `R&D` and `C++` stay whole.

Items reach here already split on the cell's list separators and are short (cells are
cut at read time); the patterns are anchored, with bounded repetition only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from skillsync.core import levels
from skillsync.core.levels import Kind, Reading, Words

Known = Callable[[str], bool]  # whether a text names a known skill

# "4", "4/5", "4 of 5", "4 out of 5", "4+" (at least 4)
_OUT_OF = r"(?:[1-5] ?\+|\d{1,2})(?:\s*/\s*\d{1,2}|\s+(?:out\s+)?of\s+\d{1,2})?"
_TRAILING_SEPARATED = re.compile(
    r"^(?P<skill>.{1,300}?)\s*(?:\s[-–—]|[:=])\s*(?P<level>[^-–—:=]{1,40})$")
_TRAILING_NUMBER = re.compile(
    rf"^(?P<skill>.{{1,300}}?)\s+(?P<level>{_OUT_OF}|\d{{1,3}}\s*%|(?:level|lvl)\s*\d{{1,2}}|l\d{{1,2}}"
    r"|[★*]{1,10}[☆✩]{0,10})$", re.IGNORECASE)
# "1. Python" and "2) SQL" number a list; only a dash or a colon makes a leading level.
_LEADING_NUMBER = re.compile(
    rf"^(?P<level>{_OUT_OF})\s*[-–—:]\s*(?P<skill>.{{1,300}})$"
    rf"|^(?P<level2>\d{{1,2}}\s*/\s*\d{{1,2}}|(?:level|lvl)\s*\d{{1,2}})\s+(?P<skill2>.{{1,300}})$",
    re.IGNORECASE)
# A plus right after a number that ends the item, a bracket, a "/" or an "&" follows is a
# level's "at least" ("Python (4+) & SQL", "3+/5"), no joiner as in "Python 4 + SQL 3";
# the pluses ending a name are its own ("C++ + Python" is two skills, C++ one).
_PLUS = r"(?<!\w\+)(?!(?<=\w)\+\+)\+"
_JOINERS = re.compile(rf"\s*(?:&|(?<!\d)(?<!\d ){_PLUS}|{_PLUS}(?!\s*(?:$|[)\]/&])))\s*")
# A dash between two items of a chain ("SQL (5) - Spark (2)"): spaced, as a dash inside
# a name ("scikit-learn") is not; an em dash with or without spaces.
_CHAIN_DASH = re.compile(r"\s*—\s*|\s[-–]+\s")
_HEAD_WORDS = 2  # level words before a skill: "advanced", "very good"


@dataclass(frozen=True, slots=True)
class Item:
    """A skill as typed (not yet looked up), and what its level says."""

    skill: str
    level: Reading | None = None


def parse(item: str, known: Known, words: Words = levels.DEFAULT) -> Item:
    """The skill text and level of one list item. `skill` is "" when the item is a level
    alone (a rating, a level word or a mark)."""
    text = item.strip()
    alone = levels.read(text, words)
    if alone.kind is not Kind.OTHER and not known(text):
        return Item("", alone)
    for split in (_bracketed, _separated, _trailing_number, _leading_number):
        found = split(text, words)
        if found is not None and found.skill and _doubtful(found.level) and not known(
                found.skill):
            continue  # "CIPD Level 5", "English (L1)", "AWS cert (9/5)": as typed
        if found is not None and (found.skill or split is _bracketed):
            return found  # "(4)" alone is a level without its skill
    return _level_word_around(text, known, words) or Item(text)


def _doubtful(reading: levels.Reading | None) -> bool:
    """A level that may be part of a name: a code ("Level 5" of a qualification, "L1"
    of a first language), a rating past its top (a date, "9/5") or out of a top ratings
    are seldom written out of (a date, "5/12"). Read as a level only after a known skill."""
    return reading is not None and (reading.coded or (reading.of is not None and (
        (reading.number or 0) > reading.of or reading.of not in levels.USUAL_TOPS)))


def _bracketed(text: str, words: Words) -> Item | None:
    """'NLP (4)', 'NLP [4/5]', 'SQL (expert)'; a bracket holding a name is not a level."""
    if not text.endswith((")", "]")):
        return None
    opening = text.rfind("(" if text.endswith(")") else "[")
    if opening < 0:
        return None
    reading = _level_beside_skill(text[opening + 1:-1], words)
    if reading.kind in (Kind.OTHER, Kind.BLANK):
        return None
    return Item(text[:opening].strip(" -–—:"), reading)


def _separated(text: str, words: Words) -> Item | None:
    """'NLP - 4', 'NLP: 4', 'Python - advanced' (the separator makes the level explicit)."""
    found = _TRAILING_SEPARATED.match(text)
    if found is None:
        return None
    reading = _level_beside_skill(found.group("level"), words)
    if reading.kind in (Kind.OTHER, Kind.BLANK):
        return None
    return Item(found.group("skill").strip(), reading)


def _trailing_number(text: str, words: Words) -> Item | None:
    """'NLP 4', 'Python 4/5'; a bare number past 5 ('Windows 10') stays part of the name,
    and so does a number out of a top ratings are seldom out of ('Office 3/65') after a
    name the vocabulary does not know (`_doubtful`)."""
    found = _TRAILING_NUMBER.match(text)
    if found is None:
        return None
    reading = levels.read(found.group("level"), words)
    if reading.kind is not Kind.LEVEL or (reading.of is None and (reading.number or 0) > 5):
        return None  # "Windows 10", "Java 8": a version, part of the name
    return Item(found.group("skill").strip(), reading)


def _level_beside_skill(text: str, words: Words) -> levels.Reading:
    """The level written after a skill in a bracket or after a separator; one past its
    own top ("SQL (6/5)", "R: 5 of 4") is a level too, reported as off its scale rather
    than lost in silence. After a space alone, "On-call 8/5" is part of the name."""
    reading = levels.read(text, words)
    if reading.kind is Kind.OTHER:
        return levels.past_its_top(text) or reading
    return reading


def _leading_number(text: str, words: Words) -> Item | None:
    """'4 - NLP', '3: SQL'."""
    found = _LEADING_NUMBER.match(text)
    if found is None:
        return None
    level = found.group("level") or found.group("level2")
    reading = levels.read(level, words)
    if reading.kind is Kind.OTHER:
        return None
    return Item((found.group("skill") or found.group("skill2")).strip(), reading)


def _level_word_around(text: str, known: Known, words: Words) -> Item | None:
    """'advanced SQL', 'SQL expert': a level word beside a known skill. Only then, so
    'Advanced Analytics' or 'Basic Income Research' keep their names."""
    if known(text):
        return None
    tokens = text.split()
    for size in range(min(_HEAD_WORDS, len(tokens) - 1), 0, -1):
        head, rest = " ".join(tokens[:size]), " ".join(tokens[size:])
        reading = levels.read(head, words)
        if reading.word and known(rest):
            return Item(rest, reading)
        tail, front = " ".join(tokens[-size:]), " ".join(tokens[:-size])
        reading = levels.read(tail, words)
        if reading.word and known(front):
            return Item(front, reading)
    return None


def join_parts(item: str, known: Known) -> tuple[str, ...]:
    """'Spark & Hugging face' -> ('Spark', 'Hugging face') when every side is a skill;
    'R&D', 'C++' and 'Search & Ranking' stay whole. 'SQL (5) - Spark (2)' -> ('SQL (5)',
    'Spark (2)') when every side is a skill, a level alone kept with the skill before it;
    'Python - expert', '4 - NLP', 'Java (3 - 4)', 'scikit-learn' and 'SQL (5) - daily use
    (3)' stay whole."""
    joined = "&" in item or "+" in item
    dashed = "-" in item or "–" in item or "—" in item
    if not (joined or dashed) or known(item):
        return (item,)
    if joined:
        parts = tuple(p for p in _JOINERS.split(item) if p)
        if len(parts) > 1 and all(_names_a_skill(p, known) for p in parts):
            return parts
    if dashed:  # only skills: a note with a level ("daily use (3)") is no item of a chain
        parts = _chained(item, known)
        if len(parts) > 1 and all(_names_a_skill(p, known) for p in parts):
            return parts
    return (item,)


def _chained(item: str, known: Known) -> tuple[str, ...]:
    """An item's pieces between dashes, a level alone kept with the piece before it:
    'Python - expert - SQL' -> ('Python - expert', 'SQL')."""
    parts: list[str] = []
    for piece in filter(None, map(str.strip, _CHAIN_DASH.split(item))):
        reading = levels.read(piece, levels.DEFAULT)
        if parts and reading.kind not in (Kind.OTHER, Kind.BLANK) and not known(piece):
            parts[-1] = f"{parts[-1]} - {piece}"
        else:
            parts.append(piece)
    return tuple(parts)


def _names_a_skill(part: str, known: Known) -> bool:
    if known(part):
        return True
    skill = _without_level(part)
    return bool(skill) and known(skill)


def _without_level(part: str) -> str | None:
    for split in (_bracketed, _separated, _trailing_number):
        found = split(part, levels.DEFAULT)
        if found is not None:
            return found.skill
    return None
    return part
