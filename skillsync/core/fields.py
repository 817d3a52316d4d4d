"""One parser per kind of field: a cell value in, (what it means, problems) out.

Problems are (code, severity, message) triples without a row; the row loop in people.py
adds where they are. Each parser sees each distinct value once per read, so columns whose
values repeat (teams, skills, projects) cost little however long the sheet is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from itertools import repeat
from typing import Any

import numpy as np

from skillsync.core import cells, emails, messages, ratecells, splitcolumn, when
from skillsync.core.cellproblems import NO_PROBLEMS, Parsed
from skillsync.core.cellproblems import cell_error as _cell_error
from skillsync.core.cellproblems import formula as _formula
from skillsync.core.codes import Code
from skillsync.core.model import CellError, Severity
from skillsync.core.skillcells import NO_SKILLS, SkillCell, merge_items, skills

__all__ = ["NO_PROBLEMS", "NO_SKILLS", "Parsed", "SkillCell", "email", "item_list",
           "last_updated", "manager", "merge_items", "parse_all", "rate", "skills", "text"]


def parse_all(parser: Callable[[Any], Parsed], values: Sequence[Any]) -> list[Parsed]:
    """Each value parsed: at once by a parser that reads a column (`column`), else one
    by one. A module-level function, so the work can be sent to another process."""
    column = getattr(parser, "column", None)
    return column(values) if column else list(map(parser, values))


class Texts:
    """A parser of plain text such as a name or team, shown on one line. Called for a
    cell, or given a column's distinct values (`column`)."""

    def __call__(self, value: Any) -> Parsed:
        if isinstance(value, CellError):
            return "", _cell_error(value)
        shown = cells.clean_text(value)
        return ("" if cells.is_blank(shown) else shown), _formula(shown)

    def column(self, values: Sequence[Any]) -> list[Parsed]:
        """`[self(value) for value in values]`; most names need no cleaning and are
        found at once, kept as copies lying together in memory (see _all_texts)."""
        copies = _all_texts(values)
        texts = values if copies is None else copies
        found = list(zip(texts, repeat(NO_PROBLEMS)))
        for i in np.flatnonzero(~splitcolumn.shown_as_is(texts)).tolist():
            found[i] = self(values[i])
        return found


text = Texts()


class Emails:
    """A parser of the person's e-mail: (as typed, key or None). Called for a cell, or
    given a column's values (`column`)."""

    def __call__(self, value: Any) -> Parsed:
        return _one_email(value)

    def column(self, values: Sequence[Any]) -> list[Parsed]:
        """`[self(value) for value in values]`. Most cells are ASCII text whose key is
        the text stripped and lower-cased, and a plain address (see _one_email): those are
        read together, from copies of the cells (see _all_texts); the others one by
        one."""
        texts = _all_texts(values)
        if texts is None:
            return list(map(self, values))
        shown = list(map(str.strip, texts))
        keys = list(map(str.lower, shown))
        found = list(zip(zip(shown, keys, strict=True), repeat(NO_PROBLEMS)))
        unusual = _unusual(texts, keys)
        unwrapped = _unwrapped_all([texts[at] for at in unusual], [shown[at] for at in unusual])
        for at, parsed in zip(unusual, unwrapped, strict=True):
            found[at] = parsed or _email(texts[at])
        return found


def _all_texts(values: Sequence[Any]) -> list[str] | None:
    """Copies of the values, when all are texts (of type str, not a kind of it) and none
    holds the character they are joined by; else None. The cells, read row by row, lie
    scattered over memory: the column is joined (each cell reached once) and split
    again, so the copies lie together and every later pass over them is quicker."""
    if set(map(type, values)) != {str}:
        return None
    texts = splitcolumn.CELL_END.join(values).split(splitcolumn.CELL_END)
    return texts if len(texts) == len(values) else None


def _unusual(texts: list[str], keys: list[str]) -> list[int]:
    """Where a text is not ASCII or its stripped, lower-cased key is not a plain address:
    the cells left for the one-by-one reading."""
    plain = emails.plain_addresses(keys)
    if not all(map(str.isascii, texts)):
        plain = [ok and text.isascii() for ok, text in zip(plain, texts, strict=True)]
    return [at for at, ok in enumerate(plain) if not ok]


email = Emails()


def _one_email(value: Any) -> Parsed:
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
            unwrapped = _unwrapped(value, shown)
            if unwrapped:
                return unwrapped
    return _email(value)


def _unwrapped(value: str, shown: str) -> Parsed | None:
    """An ASCII `value` (`shown`: it stripped) whose key is not merely it lower-cased:
    printable with single spaces, it is shown stripped, as the full path cleans it;
    "Jane <jane@x.com>" or "mailto:jane@x.com" then needs only its key worked out, and
    is done when that key is plain. None otherwise."""
    if value.isprintable() and "  " not in shown:
        key = emails.email_key(shown)  # each distinct address is read once
        if emails.plain_address(key):
            return (shown, key), NO_PROBLEMS
    return None


def _unwrapped_all(texts: list[str], shown: list[str]) -> list[Parsed | None]:
    """`[text.isascii() and _unwrapped(text, stripped) or None ...]`, each step taken over
    the whole list: a hand-kept column writes many addresses as "mailto:..." or
    "Jane <jane@x.com>" (four in ten of a large one), too many to read one by one."""
    usable = [text.isascii() and text.isprintable() and "  " not in stripped
              for text, stripped in zip(texts, shown, strict=True)]
    keys = [emails.email_key(s) if ok else "" for ok, s in zip(usable, shown, strict=True)]
    return [((stripped, key), NO_PROBLEMS) if ok and plain else None
            for ok, plain, stripped, key
            in zip(usable, emails.plain_addresses(keys), shown, keys, strict=True)]


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


class ItemLists:
    """A parser of multi-valued cells such as projects: distinct items in order. Called
    for a cell, or given a column's distinct values (`column`)."""

    def __call__(self, value: Any) -> Parsed:
        if isinstance(value, CellError):
            return (), _cell_error(value)
        if cells.is_blank(value):
            return (), NO_PROBLEMS
        raw = cells.raw_text(value)
        flagged = _formula(raw)
        if flagged:
            return (cells.clean_text(raw),), flagged  # kept whole, exactly as typed
        return tuple(dict.fromkeys(cells.split_items(raw))), NO_PROBLEMS

    def column(self, values: Sequence[Any]) -> list[Parsed]:
        """`[self(value) for value in values]`, the plain cells split together."""
        split = splitcolumn.split_column(cells.splitter(), values)
        found = split.cells()
        for k in split.repeating().tolist():
            found[k] = tuple(dict.fromkeys(found[k]))
        return splitcolumn.with_the_rest(split, [(f, NO_PROBLEMS) for f in found], values, self)


item_list = ItemLists()


def rate(fractions: bool) -> Callable[[Any], Parsed]:
    """A parser of success rates; `fractions` says how the column writes plain numbers."""

    def parse(value: Any) -> Parsed:
        if isinstance(value, CellError):
            return float("nan"), _cell_error(value)
        found, problem = ratecells.parse_rate(value, fractions)
        if problem:
            return float("nan"), ((problem, Severity.ERROR,
                                   messages.rate(problem, value, fractions)),)
        if found is None:
            return float("nan"), NO_PROBLEMS
        if not fractions and ratecells.written_as_fraction(value):
            # 1 or 0.5 among 85, 90, 70: 100% and 50%, or 1% and 0.5%?
            return found, ((Code.RATE_AMBIGUOUS, Severity.WARNING,
                            messages.rate_ambiguous(value, found)),)
        return found, NO_PROBLEMS

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
