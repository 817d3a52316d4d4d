"""From the inventory grid to one row per sheet row, with every problem as an Issue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd

from skillsync.core import cells, messages
from skillsync.core.model import CellError, Grid, Issue, Layout, Severity, column_letter
from skillsync.core.vocab import Vocabulary

ROW_COLUMNS = (
    "row", "name", "email", "key", "team", "role", "manager", "location", "expertise",
    "past_projects", "success_rate", "current_projects", "learn", "availability",
    "last_updated",
)
TEXT_FIELDS = ("name", "team", "role", "location", "availability")
LIST_FIELDS = ("past_projects", "current_projects")


@dataclass(frozen=True)
class Rules:
    """Knobs the core needs from configuration; `today` is passed in, never read."""

    today: date
    day_first: bool = True
    expert_level: int = 4
    stale_days: int | None = None


@dataclass
class RowsResult:
    frame: pd.DataFrame  # one row per non-blank sheet row, ROW_COLUMNS
    issues: list[Issue]
    unknown_skills: dict[str, list[int]]  # spelling as first typed -> sheet rows using it
    rows_read: int


@dataclass
class _Collector:
    """Accumulates issues for one read, with the sheet coordinates to point at."""

    layout: Layout
    issues: list[Issue] = field(default_factory=list)

    def add(self, row: int, field_name: str | None, code: str, severity: Severity,
            message: str, email: str | None = None) -> None:
        header = self.layout.headers.get(field_name) if field_name else None
        cell = f"{self.layout.letter(field_name)}{row}" if field_name in self.layout.columns else None
        self.issues.append(Issue(row, header, code, severity, message, cell, email))


def read_rows(grid: Grid, layout: Layout, vocabulary: Vocabulary, rules: Rules) -> RowsResult:
    """Parse every data row under the header; bad cells become issues, never exceptions."""
    body = grid.rows[layout.header_row - grid.first_row + 1:]
    first = layout.header_row + 1
    numbered = [(first + i, r) for i, r in enumerate(body) if any(_filled(v) for v in r)]
    columns = {f: [_at(r, c) for _, r in numbered] for f, c in layout.columns.items()}
    out = _Collector(layout)
    sheet_rows = [n for n, _ in numbered]
    emails = _emails(columns.get("email"), sheet_rows, out)
    record: dict[str, list[Any]] = {"row": sheet_rows, **emails}
    for name in TEXT_FIELDS:
        record[name] = _texts(columns.get(name), sheet_rows, name, out)
    record["manager"] = _managers(columns.get("manager"), sheet_rows, out)
    unknown: dict[str, list[tuple[int, str]]] = defaultdict(list)
    record["expertise"] = _skills(columns.get("expertise"), sheet_rows, "expertise",
                                  vocabulary, out, unknown)
    record["learn"] = [tuple(s for s, _ in items) for items in
                       _skills(columns.get("learn"), sheet_rows, "learn", vocabulary, out,
                               unknown)]
    for name in LIST_FIELDS:
        record[name] = _lists(columns.get(name), sheet_rows, name, out)
    record["success_rate"] = _rates(columns.get("success_rate"), sheet_rows, out)
    record["last_updated"] = _dates(columns.get("last_updated"), sheet_rows, rules, out)
    _check_people(record, out)
    _report_unknown(unknown, vocabulary, out)
    frame = pd.DataFrame({c: record[c] for c in ROW_COLUMNS})
    unknown_rows = {s: sorted({r for r, _ in uses}) for s, uses in unknown.items()}
    return RowsResult(frame, out.issues, unknown_rows, len(sheet_rows))


def _filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and not (isinstance(value, float) and value != value)


def _at(row: list[Any], column: int) -> Any:
    return row[column] if column < len(row) else None


def _error(value: Any, row: int, field_name: str, out: _Collector) -> bool:
    if isinstance(value, CellError):
        out.add(row, field_name, "cell-error", Severity.ERROR, messages.cell_error(value.code))
        return True
    return False


def _emails(values, rows, out):
    keys: list[str | None] = []
    shown: list[str] = []
    for value, row in zip(values or [None] * len(rows), rows, strict=True):
        text = "" if _error(value, row, "email", out) else cells.clean_text(value)
        key = cells.normalize_email(text) if text else ""
        problem = cells.email_problem(key)
        if problem and not isinstance(value, CellError):
            out.add(row, "email", problem, Severity.ERROR, messages.email(problem, text))
        elif key and not key.split("@")[0].isascii():
            out.add(row, "email", "non-ascii-email", Severity.WARNING,
                    messages.non_ascii_email(text), key)
        keys.append(None if problem else key)
        shown.append(text)
    return {"email": shown, "key": keys}


def _texts(values, rows, field_name, out):
    if values is None:
        return [""] * len(rows)
    result = []
    for value, row in zip(values, rows, strict=True):
        text = "" if _error(value, row, field_name, out) else cells.clean_text(value)
        if text:
            _formula_like(text, row, field_name, out)
        result.append("" if cells.is_blank(text) else text)
    return result


def _managers(values, rows, out):
    result = []
    for value, row in zip(values or [None] * len(rows), rows, strict=True):
        text = "" if _error(value, row, "manager", out) else cells.clean_text(value)
        key = cells.normalize_email(text) if text and not cells.is_blank(text) else ""
        if key and cells.email_problem(key):
            out.add(row, "manager", "invalid-manager-email", Severity.WARNING,
                    messages.manager_email(text))
            key = ""
        result.append(key)
    return result


@lru_cache(maxsize=65536)
def _parse_skill_cell(text: str, vocabulary: Vocabulary):
    """('NLP (4), pyspark') -> ((('Natural Language Processing', 4), ('Spark', None)), unknown, bad)."""
    found: dict[str, float | None] = {}
    unknown: list[str] = []
    bad_levels: list[tuple[str, float]] = []
    for item in cells.split_items(text, vocabulary.protected_terms):
        name, level = cells.split_level(item)
        if level is not None and not (1 <= level <= 5 and float(level).is_integer()):
            bad_levels.append((name, level))
            level = None
        canonical = vocabulary.canonical(name)
        if canonical is None:
            canonical = name
            unknown.append(name)
        if canonical not in found or (level or 0) > (found[canonical] or 0):
            found[canonical] = int(level) if level is not None else None
    return tuple(found.items()), tuple(unknown), tuple(bad_levels)


def _skills(values, rows, field_name, vocabulary, out, unknown):
    if values is None:
        return [()] * len(rows)
    folded: dict[str, str] = {}  # one spelling per unknown skill, as first typed
    result = []
    for value, row in zip(values, rows, strict=True):
        if _error(value, row, field_name, out) or cells.is_blank(value):
            result.append(())
            continue
        text = cells.raw_text(value)
        if _formula_like(text, row, field_name, out):
            whole = cells.clean_text(text)  # kept as one item, exactly as typed
            items, strange, bad = ((whole, None),), (whole,), ()
        else:
            items, strange, bad = _parse_skill_cell(text, vocabulary)
        if strange:
            spelled = {s: folded.setdefault(cells.fold(s), s) for s in strange}
            items = tuple((spelled.get(s, s), lvl) for s, lvl in items)
            for shown in dict.fromkeys(spelled.values()):
                unknown[shown].append((row, field_name))
        for name, level in bad:
            out.add(row, field_name, "bad-level", Severity.WARNING, messages.level(name, level))
        result.append(items)
    return result


@lru_cache(maxsize=65536)
def _split_list(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(cells.split_items(text)))


def _lists(values, rows, field_name, out):
    if values is None:
        return [()] * len(rows)
    result = []
    for value, row in zip(values, rows, strict=True):
        if _error(value, row, field_name, out) or cells.is_blank(value):
            result.append(())
            continue
        text = cells.raw_text(value)
        whole = _formula_like(text, row, field_name, out)
        result.append((cells.clean_text(text),) if whole else _split_list(text))
    return result


def _formula_like(text: str, row: int, field_name: str, out: _Collector) -> bool:
    """Flag text a spreadsheet would run as a formula; such a cell is kept whole, as text."""
    if cells.looks_like_formula(text):
        out.add(row, field_name, "formula-text", Severity.WARNING, messages.formula_text(text))
        return True
    return False


def _rates(values, rows, out):
    if values is None:
        return [float("nan")] * len(rows)
    fractions = cells.numbers_look_like_fractions(values)
    result = []
    for value, row in zip(values, rows, strict=True):
        rate, problem = cells.parse_rate(value, fractions)
        if problem == "cell-error":
            _error(value, row, "success_rate", out)
        elif problem:
            out.add(row, "success_rate", problem, Severity.ERROR,
                    messages.rate(problem, value, fractions))
        result.append(float("nan") if rate is None else rate)
    return result


def _dates(values, rows, rules, out):
    if values is None:
        return [None] * len(rows)
    result = []
    for value, row in zip(values, rows, strict=True):
        when, problem = cells.parse_date(value, rules.day_first)
        if problem == "cell-error":
            _error(value, row, "last_updated", out)
        elif problem:
            out.add(row, "last_updated", problem, Severity.WARNING, messages.bad_date(value))
        elif when and when > rules.today:
            out.add(row, "last_updated", "future-date", Severity.WARNING,
                    messages.future_date(when))
        elif when and rules.stale_days and (rules.today - when).days > rules.stale_days:
            out.add(row, "last_updated", "stale-row", Severity.WARNING,
                    messages.stale(when, rules.stale_days))
        result.append(when)
    return result


def _check_people(record: dict[str, list[Any]], out: _Collector) -> None:
    """Row-level checks that need several fields at once."""
    for i, row in enumerate(record["row"]):
        key = record["key"][i]
        if key is None:
            continue
        if not record["name"][i]:
            out.add(row, "name", "missing-name", Severity.WARNING, messages.MISSING_NAME, key)
        if "team" in out.layout.columns and not record["team"][i]:
            out.add(row, "team", "missing-team", Severity.WARNING, messages.MISSING_TEAM, key)
    _attach_emails(record, out)


def _attach_emails(record: dict[str, list[Any]], out: _Collector) -> None:
    """Give every row-level issue its row's e-mail, so a nudge can reach the person.

    Unknown-skill issues are reported once for all rows using the spelling, so they are
    added after this and belong to nobody in particular.
    """
    by_row = {r: k for r, k in zip(record["row"], record["key"], strict=True) if k}
    out.issues[:] = [
        i if i.email or i.row not in by_row else _with_email(i, by_row[i.row])
        for i in out.issues
    ]


def _with_email(issue: Issue, email: str) -> Issue:
    return Issue(issue.row, issue.column, issue.code, issue.severity, issue.message,
                 issue.cell, email)


def _report_unknown(unknown, vocabulary, out):
    """One warning per unknown skill (not per row), pointing at the first cell using it."""
    for shown, uses in unknown.items():
        row, field_name = min(uses)
        rows = len({r for r, _ in uses})
        out.add(row, field_name, "unknown-skill", Severity.WARNING,
                messages.unknown_skill(shown, rows, vocabulary.suggest(shown)))


__all__ = ["ROW_COLUMNS", "Rules", "RowsResult", "column_letter", "read_rows"]
