"""One parser per kind of field: a cell value in, (what it means, problems) out.

Problems are (code, severity, message) triples without a row; the row loop in people.py
adds where they are. Each parser sees each distinct value once per read, so columns whose
values repeat (teams, skills, projects) cost little however long the sheet is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from skillsync.core import cells, emails, levels, messages, skillitems, when
from skillsync.core.codes import Code
from skillsync.core.model import CellError, Severity
from skillsync.core.vocab import Vocabulary

Problem = tuple[str, Severity, str]
Parsed = tuple[Any, tuple[Problem, ...]]
NO_PROBLEMS: tuple[Problem, ...] = ()
_FORMULA_STARTS = frozenset("=+@-")


def _cell_error(value: Any) -> tuple[Problem, ...]:
    return ((Code.CELL_ERROR, Severity.ERROR, messages.cell_error(value.code)),)


def _formula(text: str) -> tuple[Problem, ...]:
    if text and text[0] in _FORMULA_STARTS and cells.looks_like_formula(text):
        return ((Code.FORMULA_TEXT, Severity.WARNING, messages.formula_text(text)),)
    return NO_PROBLEMS


def text(value: Any) -> Parsed:
    """Plain text such as a name or team, shown on one line."""
    if isinstance(value, CellError):
        return "", _cell_error(value)
    shown = cells.clean_text(value)
    return ("" if cells.is_blank(shown) else shown), _formula(shown)


def email(value: Any) -> Parsed:
    """(as typed, key or None) for the person's e-mail."""
    if type(value) is str:
        if emails.plain_address(value):
            return (value, value), NO_PROBLEMS  # already its own key, and usable
        if value.isascii():
            # Many addresses differ from their key only by case and surrounding spaces:
            # when that key is plain (no brackets, mailto: or spaces left to undo, and
            # usable) it is the one the full path finds, shown as the address stripped.
            shown = value.strip()
            key = shown.lower()
            if key != value and emails.plain_address(key):
                return (shown, key), NO_PROBLEMS
    return _email(value)


def _email(value: Any) -> Parsed:
    if isinstance(value, CellError):
        return ("", None), _cell_error(value)
    shown = cells.clean_text(value)
    key = emails.normalize_email(shown) if shown else ""
    problem = None if emails.plain_address(key) else emails.email_problem(key)
    if problem:
        return (shown, None), ((problem, Severity.ERROR, messages.email(problem, shown)),)
    if not key.split("@")[0].isascii():
        return (shown, key), ((Code.NON_ASCII_EMAIL, Severity.WARNING,
                               messages.non_ascii_email(shown)),)
    return (shown, key), NO_PROBLEMS


def manager(value: Any) -> Parsed:
    """The manager's e-mail key, or "" when absent or unusable."""
    if isinstance(value, CellError):
        return "", _cell_error(value)
    shown = cells.clean_text(value)
    if not shown or cells.is_blank(shown):
        return "", NO_PROBLEMS
    key = emails.normalize_email(shown)
    if emails.email_problem(key):
        return "", ((Code.INVALID_MANAGER_EMAIL, Severity.WARNING, messages.manager_email(shown)),)
    return key, NO_PROBLEMS


def item_list(value: Any) -> Parsed:
    """A multi-valued cell such as projects: distinct items in order."""
    if isinstance(value, CellError):
        return (), _cell_error(value)
    if cells.is_blank(value):
        return (), NO_PROBLEMS
    raw = cells.raw_text(value)
    flagged = _formula(raw)
    if flagged:
        return (cells.clean_text(raw),), flagged  # kept whole, exactly as typed
    return tuple(dict.fromkeys(cells.split_items(raw))), NO_PROBLEMS


@dataclass(frozen=True, slots=True)
class SkillCell:
    """A parsed skills cell: (skill, level, written) items, and spellings to report."""

    items: tuple[tuple[str, int | None, str], ...] = ()
    unknown: tuple[str, ...] = ()  # kept as typed, not in the vocabulary
    folded: tuple[tuple[str, str], ...] = ()  # (typo as typed, the known skill it was read as)


NO_SKILLS = SkillCell()


PIECES_KEPT = 100_000  # distinct list items remembered by one parser; then it starts afresh


def skills(vocabulary: Vocabulary, words: levels.Words = levels.DEFAULT,
           scale: levels.Scale = levels.FIVE) -> Callable[[Any], Parsed]:
    """A parser of skill cells (see SkillCell). Cells are often unique, but the items they
    list ("Python (4)", "advanced SQL") repeat: each distinct item is read once."""
    pieces: dict[str, _Read] = {}

    def parse(value: Any) -> Parsed:
        if isinstance(value, CellError):
            return NO_SKILLS, _cell_error(value)
        if cells.is_blank(value):
            return NO_SKILLS, NO_PROBLEMS
        raw = cells.raw_text(value)
        flagged = _formula(raw)
        if flagged:
            whole = cells.clean_text(raw)
            return SkillCell(((whole, None, ""),), (whole,)), flagged
        return _skill_items(raw, vocabulary, words, scale, pieces)

    return parse


@dataclass(frozen=True, slots=True)
class _Piece:
    """One skill of a list item, read: as typed, what it is, its level."""

    typed: str  # the skill as typed; "" for a level alone
    skill: str | None  # the known skill (or the one a typo stands for); None if unknown
    typo: bool
    level: Any  # 1-5, None, or _NOT_HELD
    written: str
    problems: tuple[Problem, ...]


# A list item read, as a cell's loop uses it: its problems, then for each skill it holds
# (the skill as the cell lists it, its item, the unknown spelling or None, the typo and
# the skill it stands for or None). Pieces naming no skill, or one not held, list none.
_Entry = tuple[str, tuple[str, int | None, str], str | None, tuple[str, str] | None]
_Read = tuple[tuple[Problem, ...], tuple[_Entry, ...]]


def _skill_items(raw: str, vocabulary: Vocabulary, words: levels.Words, scale: levels.Scale,
                 pieces: dict[str, _Read]) -> Parsed:
    found: dict[str, tuple[str, int | None, str]] = {}
    unknown: list[str] = []
    folded: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for part in vocabulary.splitter.split(raw):
        read = pieces.get(part)
        if read is None:
            if len(pieces) >= PIECES_KEPT:
                pieces.clear()
            read = pieces[part] = _entries(_read_part(part, vocabulary, words, scale))
        if read[0]:
            problems += read[0]
        for skill, item, typed, typo in read[1]:
            if typed is not None:
                unknown.append(typed)
            elif typo is not None:
                folded.append(typo)
            held = found.get(skill)  # each skill once, at its highest level
            if held is None or (item[1] or 0) > (held[1] or 0):
                found[skill] = item
    return SkillCell(tuple(found.values()), tuple(unknown), tuple(folded)), tuple(problems)


def _entries(read: tuple[_Piece, ...]) -> _Read:
    entries = []
    for piece in read:
        if not piece.typed or piece.level is _NOT_HELD:
            continue
        skill = piece.skill if piece.skill is not None else piece.typed
        entries.append((skill, (skill, piece.level, piece.written),
                        piece.typed if piece.skill is None else None,
                        (piece.typed, skill) if piece.skill is not None and piece.typo
                        else None))
    return tuple(p for piece in read for p in piece.problems), tuple(entries)


def _read_part(part: str, vocabulary: Vocabulary, words: levels.Words, scale: levels.Scale
               ) -> tuple[_Piece, ...]:
    """The skills one list item names ("Spark & Hugging face" names two), each read."""
    read = []
    for text in skillitems.join_parts(part, vocabulary.known):
        item = skillitems.parse(text, vocabulary.known, words)
        problems: list[Problem] = []
        level, written = _item_level(item, scale, problems)
        canonical, typo = None, False
        if item.skill and level is not _NOT_HELD:
            canonical = vocabulary.canonical(item.skill)
            if canonical is None:
                canonical = vocabulary.typo_of(item.skill)
                typo = canonical is not None
        read.append(_Piece(item.skill, canonical, typo, level, written, tuple(problems)))
    return tuple(read)


_NOT_HELD = object()  # "NLP (0)", "SQL - none": written down as not held


def _item_level(item: skillitems.Item, scale: levels.Scale, problems: list[Problem]):
    reading = item.level
    if reading is None or reading.kind is levels.Kind.BLANK:
        return None, ""
    if not item.skill:
        if reading.kind in (levels.Kind.LEVEL, levels.Kind.HAS):
            problems.append((Code.LEVEL_WITHOUT_SKILL, Severity.WARNING,
                             messages.level_without_skill(reading.written)))
        return None, reading.written
    if reading.kind is levels.Kind.NONE:
        return _NOT_HELD, reading.written
    if reading.kind is levels.Kind.HAS:
        return None, reading.written
    level = scale.level(reading)  # a half ("4.5") rounds up: it is written above 4
    if level is None:
        problems.append((Code.BAD_LEVEL, Severity.WARNING,
                         messages.level(item.skill, reading.number or 0)))
        return None, reading.written
    return level, reading.written


def _keep_highest(found: dict[str, tuple[int | None, str]], skill: str, level: int | None,
                  written: str) -> None:
    if skill not in found or (level or 0) > (found[skill][0] or 0):
        found[skill] = (level, written)


def merge_items(first: Iterable[tuple[str, int | None, str]],
                second: Iterable[tuple[str, int | None, str]]
                ) -> tuple[tuple[str, int | None, str], ...]:
    """Two lists of items as one, each skill once at its highest level."""
    found: dict[str, tuple[int | None, str]] = {}
    for skill, level, written in (*first, *second):
        _keep_highest(found, skill, level, written)
    return tuple((s, lv, w) for s, (lv, w) in found.items())


def rate(fractions: bool) -> Callable[[Any], Parsed]:
    """A parser of success rates; `fractions` says how the column writes plain numbers."""

    def parse(value: Any) -> Parsed:
        if isinstance(value, CellError):
            return float("nan"), _cell_error(value)
        found, problem = cells.parse_rate(value, fractions)
        if problem:
            return float("nan"), ((problem, Severity.ERROR,
                                   messages.rate(problem, value, fractions)),)
        return (float("nan") if found is None else found), NO_PROBLEMS

    return parse


def last_updated(today, day_first: bool, stale_days: int | None,
                 epoch: date = when.EXCEL_EPOCH) -> Callable[[Any], Parsed]:
    """A parser of 'last updated' dates that also flags future and stale ones (`epoch`:
    the day the workbook's serial 0 stands for)."""

    def parse(value: Any) -> Parsed:
        if isinstance(value, CellError):
            return None, _cell_error(value)
        day, problem = when.parse_date(value, day_first, epoch)
        if problem:
            return None, ((problem, Severity.WARNING, messages.bad_date(value)),)
        if day and day > today:
            return day, ((Code.FUTURE_DATE, Severity.WARNING, messages.future_date(day)),)
        if day and stale_days and (today - day).days > stale_days:
            return day, ((Code.STALE_ROW, Severity.WARNING, messages.stale(day, stale_days)),)
        return day, NO_PROBLEMS

    return parse
