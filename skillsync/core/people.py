"""From the inventory grid to one row per sheet row, with every problem as an Issue."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from skillsync.core import cells, fields, messages
from skillsync.core.model import Grid, Issue, Layout, Severity
from skillsync.core.vocab import Vocabulary

ROW_COLUMNS = (
    "row", "name", "email", "key", "team", "role", "manager", "location", "expertise",
    "past_projects", "success_rate", "current_projects", "learn", "availability",
    "last_updated",
)
TEXT_FIELDS = ("name", "team", "role", "location", "availability")
LIST_FIELDS = ("past_projects", "current_projects")
EMPTY: dict[str, Any] = {"expertise": ((), ()), "learn": ((), ()), "success_rate": float("nan"),
                         "last_updated": None, "email": ("", None),
                         **{f: () for f in LIST_FIELDS}}


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
        known = field_name in self.layout.columns
        cell = f"{self.layout.letter(field_name)}{row}" if known else None
        self.issues.append(Issue(row, header, code, severity, message, cell, email))


def read_rows(grid: Grid, layout: Layout, vocabulary: Vocabulary, rules: Rules) -> RowsResult:
    """Parse every data row under the header; bad cells become issues, never exceptions."""
    body = grid.rows[layout.header_row - grid.first_row + 1:]
    first = layout.header_row + 1
    email_at = layout.columns.get("email", 0)
    numbered = [(first + i, r) for i, r in enumerate(body)
                if any(r) and _row_filled(r) and not _footer(r, email_at)]
    rows = [n for n, _ in numbered]
    out = _Collector(layout)
    parsed: dict[str, list[Any]] = {}
    filled: dict[str, int] = {}
    for name, parser in _parsers(layout, vocabulary, rules, numbered).items():
        column = layout.columns.get(name)
        if column is None:
            parsed[name] = [EMPTY.get(name, "")] * len(rows)
            continue
        values = [r[column] if column < len(r) else None for _, r in numbered]
        filled[name] = sum(1 for v in values if not cells.is_blank(v))
        parsed[name] = _parse_column(values, rows, name, parser, out)
    record = _record(rows, parsed)
    record["team"] = one_spelling(record["team"])
    unknown = _unknown_spellings(record, rows, parsed)
    _collapse_column_problem(out, "invalid-manager-email", "manager", filled.get("manager", 0))
    _check_people(record, out)
    _report_unknown(unknown, vocabulary, out, dict(zip(rows, record["key"], strict=True)))
    frame = pd.DataFrame({c: record[c] for c in ROW_COLUMNS})
    unknown_rows = {s: sorted({r for r, _ in uses}) for s, uses in unknown.items()}
    return RowsResult(frame, out.issues, unknown_rows, len(rows))


def _parsers(layout: Layout, vocabulary: Vocabulary, rules: Rules,
             numbered: list[tuple[int, list[Any]]]) -> dict[str, Callable]:
    rate_column = layout.columns.get("success_rate")
    rate_values = [] if rate_column is None else [
        r[rate_column] for _, r in numbered if rate_column < len(r)]
    skill_parser = fields.skills(vocabulary)
    return {
        "email": fields.email,
        **{name: fields.text for name in TEXT_FIELDS},
        "manager": fields.manager,
        "expertise": skill_parser,
        "learn": skill_parser,
        **{name: fields.item_list for name in LIST_FIELDS},
        "success_rate": fields.rate(cells.numbers_look_like_fractions(rate_values)),
        "last_updated": fields.last_updated(rules.today, rules.day_first, rules.stale_days),
    }


def _parse_column(values: list[Any], rows: list[int], name: str, parser: Callable,
                  out: _Collector) -> list[Any]:
    """Each distinct value parsed once; problems reported at every row holding it."""
    seen: dict[Any, fields.Parsed] = {}
    result = []
    for value, row in zip(values, rows, strict=True):
        # True, 1 and 1.0 are equal as keys but mean different things here.
        key = value if value.__class__ is str else (value.__class__, value)
        try:
            meaning, problems = seen[key]
        except KeyError:
            meaning, problems = seen[key] = parser(value)
        except TypeError:  # an unhashable value; spreadsheets do not produce them
            meaning, problems = parser(value)
        for code, severity, message in problems:
            out.add(row, name, code, severity, message)
        result.append(meaning)
    return result


def _record(rows: list[int], parsed: dict[str, list[Any]]) -> dict[str, list[Any]]:
    record: dict[str, list[Any]] = {"row": rows}
    record["email"] = [shown for shown, _ in parsed["email"]]
    record["key"] = [key for _, key in parsed["email"]]
    for name in (*TEXT_FIELDS, "manager", *LIST_FIELDS, "success_rate", "last_updated"):
        record[name] = parsed[name]
    return record


def _unknown_spellings(record, rows, parsed) -> dict[str, list[tuple[int, str]]]:
    """Skills outside the vocabulary, one spelling each (the first typed), with their rows."""
    folded: dict[str, str] = {}
    unknown: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for name in ("expertise", "learn"):
        column = []
        for row, (items, strange) in zip(rows, parsed[name], strict=True):
            if strange:
                spelled = {s: folded.setdefault(cells.fold(s), s) for s in strange}
                items = tuple((spelled.get(s, s), level) for s, level in items)
                for shown in dict.fromkeys(spelled.values()):
                    unknown[shown].append((row, name))
            column.append(items)
        record[name] = column if name == "expertise" else [
            tuple(s for s, _ in items) for items in column]
    return unknown


_FOOTER = re.compile(r"^\s*(grand\s+)?(totals?|sum|average|avg|mean|count)\b", re.IGNORECASE)


def one_spelling(values: list[str]) -> list[str]:
    """'Search', 'search' and 'SEARCH ' are one team, shown as most people typed it."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for value in values:
        if value:
            counts[cells.fold(value)][value] += 1
    if all(len(spellings) == 1 for spellings in counts.values()):
        return values
    chosen = {key: max(spellings, key=spellings.__getitem__) for key, spellings in counts.items()}
    return [chosen[cells.fold(v)] if v else v for v in values]


def _count(out: _Collector, code: str) -> int:
    return sum(1 for i in out.issues if i.code == code)


def _collapse_column_problem(out: _Collector, code: str, field_name: str, filled: int) -> None:
    """When most of a column has the same problem the column is the problem: one issue
    at the header ("the Manager column holds names") instead of one on every row."""
    found = _count(out, code)
    if found < 3 or found * 2 < filled:
        return
    out.issues[:] = [i for i in out.issues if i.code != code]
    out.add(out.layout.header_row, field_name, code, Severity.WARNING,
            messages.column_problem(code, out.layout.headers.get(field_name, field_name),
                                    found, filled))


def _footer(row: list[Any], email_at: int) -> bool:
    """A 'Totals' or 'Average' line under the table, not a person (it has no e-mail)."""
    if email_at < len(row) and _row_filled([row[email_at]]):
        return False
    first = next((v for v in row if isinstance(v, str) and v.strip()), None)
    return first is not None and bool(_FOOTER.match(first))


def _row_filled(row: list[Any]) -> bool:
    """A row with anything in it but blanks (a row of spaces is still an empty row)."""
    for value in row:
        if isinstance(value, str):
            if value.strip():
                return True
        elif value is not None and not (isinstance(value, float) and value != value):
            return True
    return False


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
    added after this, with an e-mail only when they are one person's likely typo.
    """
    by_row = {r: k for r, k in zip(record["row"], record["key"], strict=True) if k}
    out.issues[:] = [
        i if i.email or i.row not in by_row else _with_email(i, by_row[i.row])
        for i in out.issues
    ]


def _with_email(issue: Issue, email: str) -> Issue:
    return Issue(issue.row, issue.column, issue.code, issue.severity, issue.message,
                 issue.cell, email)


UNKNOWN_PER_CELL = 10  # past this, one cell's unknown spellings become one issue


def _report_unknown(unknown, vocabulary, out, key_of_row: dict[int, str | None]):
    """One warning per unknown skill (not per row), pointing at the first cell using it.

    A likely typo (it has a near known skill) that only one person uses is theirs to fix,
    so it carries their e-mail and reaches their nudge; anything else is a question for
    whoever keeps the vocabulary. A cell introducing a flood of unknown spellings (a
    pasted paragraph, the wrong column) gets one issue, not hundreds.
    """
    by_cell: dict[tuple[int, str], list[str]] = defaultdict(list)
    for shown, uses in unknown.items():
        by_cell[min(uses)].append(shown)
    for (row, field_name), spellings in sorted(by_cell.items()):
        if len(spellings) > UNKNOWN_PER_CELL:
            out.add(row, field_name, "unknown-skill", Severity.WARNING,
                    messages.many_unknown_skills(len(spellings), spellings[:3]),
                    key_of_row.get(row))
            continue
        for shown in spellings:
            uses = unknown[shown]
            suggestion = vocabulary.suggest(shown)
            owners = {key_of_row.get(r) for r, _ in uses}
            owner = owners.pop() if len(owners) == 1 and suggestion else None
            out.add(row, field_name, "unknown-skill", Severity.WARNING,
                    messages.unknown_skill(shown, len({r for r, _ in uses}), suggestion), owner)


__all__ = ["ROW_COLUMNS", "RowsResult", "Rules", "read_rows"]
