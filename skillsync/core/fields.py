"""One parser per kind of field: a cell value in, (what it means, problems) out.

Problems are (code, severity, message) triples without a row; the row loop in people.py
adds where they are. Each parser sees each distinct value once per read, so columns whose
values repeat (teams, skills, projects) cost little however long the sheet is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from skillsync.core import cells, messages
from skillsync.core.model import CellError, Severity
from skillsync.core.vocab import Vocabulary

Problem = tuple[str, Severity, str]
Parsed = tuple[Any, tuple[Problem, ...]]
NO_PROBLEMS: tuple[Problem, ...] = ()
_FORMULA_STARTS = frozenset("=+@-")


def _cell_error(value: Any) -> tuple[Problem, ...]:
    return (("cell-error", Severity.ERROR, messages.cell_error(value.code)),)


def _formula(text: str) -> tuple[Problem, ...]:
    if text and text[0] in _FORMULA_STARTS and cells.looks_like_formula(text):
        return (("formula-text", Severity.WARNING, messages.formula_text(text)),)
    return NO_PROBLEMS


def text(value: Any) -> Parsed:
    """Plain text such as a name or team, shown on one line."""
    if isinstance(value, CellError):
        return "", _cell_error(value)
    shown = cells.clean_text(value)
    return ("" if cells.is_blank(shown) else shown), _formula(shown)


def email(value: Any) -> Parsed:
    """(as typed, key or None) for the person's e-mail."""
    if isinstance(value, CellError):
        return ("", None), _cell_error(value)
    shown = cells.clean_text(value)
    key = cells.normalize_email(shown) if shown else ""
    problem = cells.email_problem(key)
    if problem:
        return (shown, None), ((problem, Severity.ERROR, messages.email(problem, shown)),)
    if not key.split("@")[0].isascii():
        return (shown, key), (("non-ascii-email", Severity.WARNING,
                               messages.non_ascii_email(shown)),)
    return (shown, key), NO_PROBLEMS


def manager(value: Any) -> Parsed:
    """The manager's e-mail key, or "" when absent or unusable."""
    if isinstance(value, CellError):
        return "", _cell_error(value)
    shown = cells.clean_text(value)
    if not shown or cells.is_blank(shown):
        return "", NO_PROBLEMS
    key = cells.normalize_email(shown)
    if cells.email_problem(key):
        return "", (("invalid-manager-email", Severity.WARNING, messages.manager_email(shown)),)
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


def skills(vocabulary: Vocabulary) -> Callable[[Any], Parsed]:
    """A parser of skill cells: ((canonical, level) pairs, unknown spellings)."""

    def parse(value: Any) -> Parsed:
        if isinstance(value, CellError):
            return ((), ()), _cell_error(value)
        if cells.is_blank(value):
            return ((), ()), NO_PROBLEMS
        raw = cells.raw_text(value)
        flagged = _formula(raw)
        if flagged:
            whole = cells.clean_text(raw)
            return (((whole, None),), (whole,)), flagged
        return _skill_items(raw, vocabulary)

    return parse


def _skill_items(raw: str, vocabulary: Vocabulary) -> Parsed:
    found: dict[str, int | None] = {}
    unknown: list[str] = []
    problems: list[Problem] = []
    for item in vocabulary.splitter.split(raw):
        name, level = cells.split_level(item)
        if level is not None and not (1 <= level <= 5 and float(level).is_integer()):
            problems.append(("bad-level", Severity.WARNING, messages.level(name, level)))
            level = None
        canonical = vocabulary.canonical(name)
        if canonical is None:
            canonical = name
            unknown.append(name)
        if canonical not in found or (level or 0) > (found[canonical] or 0):
            found[canonical] = int(level) if level is not None else None
    return (tuple(found.items()), tuple(unknown)), tuple(problems)


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


def last_updated(today, day_first: bool, stale_days: int | None) -> Callable[[Any], Parsed]:
    """A parser of 'last updated' dates that also flags future and stale ones."""

    def parse(value: Any) -> Parsed:
        if isinstance(value, CellError):
            return None, _cell_error(value)
        when, problem = cells.parse_date(value, day_first)
        if problem:
            return None, ((problem, Severity.WARNING, messages.bad_date(value)),)
        if when and when > today:
            return when, (("future-date", Severity.WARNING, messages.future_date(when)),)
        if when and stale_days and (today - when).days > stale_days:
            return when, (("stale-row", Severity.WARNING, messages.stale(when, stale_days)),)
        return when, NO_PROBLEMS

    return parse
