"""From the records a layout reader found to one parsed row per record, every problem an
Issue. The same for every layout: fields are parsed per distinct value, skills cells and
skill columns end up as the same (skill, level, as written) items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from skillsync.core import cells, distinct, fields, matrix, messages, schema, when
from skillsync.core.codes import Code
from skillsync.core.layouts import Extract
from skillsync.core.levels import Scale, Words
from skillsync.core.model import Issue, Layout, Severity, column_letter
from skillsync.core.vocab import Vocabulary

EMPTY: dict[str, Any] = {"expertise": fields.NO_SKILLS, "learn": fields.NO_SKILLS,
                         "success_rate": float("nan"), "last_updated": None,
                         "email": ("", None), **{f: () for f in schema.PROJECT_FIELDS}}


@dataclass(frozen=True)
class Rules:
    """Knobs the core needs from configuration; `today` is passed in, never read."""

    today: date
    day_first: bool = True
    expert_level: int = 4
    stale_days: int | None = None
    words: Words = field(default_factory=Words)
    scale: float | None = None  # [levels] scale: the top of the sheet's numeric levels


@dataclass
class RowsResult:
    frame: pd.DataFrame  # one row per record, schema.RECORD_COLUMNS
    issues: list[Issue]
    unknown_skills: dict[str, list[int]]  # spelling as first typed -> sheet rows using it
    rows_read: int


@dataclass
class Collector:
    """Accumulates issues for one read, with the sheet coordinates to point at."""

    layout: Layout
    issues: list[Issue] = field(default_factory=list)

    def add(self, row: int, sheet: str | None, field_name: str | None, code: Code,
            severity: Severity, message: str, email: str | None = None,
            cell: str | None = None) -> None:
        header = self.layout.headers.get(field_name) if field_name else None
        cell = cell or self.layout.cell(field_name, row, sheet)
        shown = sheet if sheet and sheet != self.layout.sheet else None
        self.issues.append(Issue(row, header, code, severity, message, cell, email, shown))


def read_records(extract: Extract, vocabulary: Vocabulary, rules: Rules) -> RowsResult:
    """Parse every record; bad cells become issues, never exceptions."""
    records, layout = extract.records, extract.layout
    rows = [r[0] for r in records.rows]
    out = Collector(layout)
    scale = Scale(rules.scale) if rules.scale else extract.scale
    parsed: dict[str, list[Any]] = {}
    filled: dict[str, int] = {}
    for name, parser in _parsers(records.cells, vocabulary, rules, scale, layout.name).items():
        values = records.cells.get(name)
        if values is None:
            parsed[name] = [EMPTY.get(name, "")] * len(rows)
            continue
        parsed[name], filled[name] = _parse_column(values, rows, records.sheets, name, parser,
                                                   out)
    columns = matrix.read(records.matrix, vocabulary, rules.words, scale)
    record = _record(extract, rows, parsed, columns, out)
    spellings = _spellings(record, rows, parsed, columns)
    _collapse_column_problem(out, Code.INVALID_MANAGER_EMAIL, "manager",
                             filled.get("manager", 0))
    _check_people(record, out)
    keys = dict(zip(rows, record["key"], strict=True))
    _report_spellings(spellings, vocabulary, out, keys)
    frame = pd.DataFrame({c: record[c] for c in schema.RECORD_COLUMNS})
    unknown = {s: sorted({r for r, _ in uses}) for s, uses in spellings.unknown.items()}
    return RowsResult(frame, out.issues, unknown, len(rows))


# In a form's answers and an HR export the date is a timestamp the tool wrote, not a
# "last updated" a person keeps: nobody should be asked to type today's date into it.
UNDATED_BY_PEOPLE = frozenset({"form", "long"})


def _parsers(cells_found, vocabulary: Vocabulary, rules: Rules, scale: Scale,
             layout: str) -> dict[str, Callable]:
    stale_days = None if layout in UNDATED_BY_PEOPLE else rules.stale_days
    rate_values = [v for v in cells_found.get("success_rate", ())
                   if v is not None]
    skill_parser = fields.skills(vocabulary, rules.words, scale)
    return {
        "email": fields.email,
        **{name: fields.text for name in schema.TEXT_FIELDS},
        "manager": fields.manager,
        "expertise": skill_parser,
        "learn": skill_parser,
        **{name: fields.item_list for name in schema.PROJECT_FIELDS},
        "success_rate": fields.rate(cells.numbers_look_like_fractions(rate_values)),
        "last_updated": fields.last_updated(rules.today, rules.day_first, stale_days),
    }


def _parse_column(values: list[Any], rows: list[int], sheets: list[str], name: str,
                  parser: Callable, out: Collector) -> tuple[list[Any], int]:
    """Each distinct value parsed once; problems reported at every row holding it, in row
    order. Also how many of the cells are filled."""
    codes, found = distinct.group(values)
    parsed = [parser(value) for value in found]
    flawed = [i for i, (_, problems) in enumerate(parsed) if problems]
    for at in np.flatnonzero(np.isin(codes, flawed)).tolist() if flawed else ():
        for code, severity, message in parsed[codes[at]][1]:
            out.add(rows[at], sheets[at], name, code, severity, message)
    blank = np.fromiter((cells.is_blank(v) for v in found), dtype=bool, count=len(found))
    filled = len(values) - int(np.count_nonzero(blank[codes]))
    return distinct.spread([meaning for meaning, _ in parsed], codes), filled


def _record(extract: Extract, rows: list[int], parsed: dict[str, list[Any]],
            columns: matrix.Columns, out: Collector) -> dict[str, list[Any]]:
    records = extract.records
    record: dict[str, list[Any]] = {"rid": list(range(len(rows))), "row": rows,
                                    "rows": list(records.rows), "sheet": list(records.sheets)}
    emails = parsed["email"]
    by_name = "email" not in extract.layout.columns
    names = parsed["name"]
    record["email"] = [shown for shown, _ in emails]
    record["key"] = ([_name_key(n) for n in names] if by_name else [k for _, k in emails])
    for name in (*schema.TEXT_FIELDS, "manager", *schema.PROJECT_FIELDS, "success_rate",
                 "last_updated"):
        record[name] = parsed[name]
    record["team"] = one_spelling(record["team"])
    record["submitted"] = [when.moment(v) for v in records.submitted]
    for problem in columns.problems:
        out.add(rows[problem.record], records.sheets[problem.record], None, problem.code,
                problem.severity, problem.message, cell=_matrix_cell(extract, problem, rows))
    return record


def _matrix_cell(extract: Extract, problem: matrix.Problem, rows: list[int]) -> str | None:
    sheet = extract.records.sheets[problem.record]
    place = extract.layout.places.get(sheet)
    index = place.skills.get(problem.header) if place else None
    if index is None or place is None:
        return None
    column = place.first_col + index
    row = rows[problem.record]
    return (f"{column_letter(row)}{column}" if extract.layout.transposed
            else f"{column_letter(column)}{row}")


def _name_key(name: str) -> str | None:
    """Without an e-mail column a person is known by their name, folded."""
    return f"name:{cells.fold(name)}" if name else None


@dataclass
class Spellings:
    unknown: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    # typo as typed -> (the skill it was read as, [(row, field)])
    folded: dict[str, tuple[str, list[tuple[int, str | None]]]] = field(default_factory=dict)


def _spellings(record, rows, parsed, columns: matrix.Columns) -> Spellings:
    """Skills outside the vocabulary (one spelling each, the first typed) and typos read as
    known skills, with their rows; also fills record['expertise'] and record['learn']."""
    found = Spellings(defaultdict(list), {})
    first: dict[str, str] = {}
    record["origin"] = []
    for name in ("expertise", "learn"):
        column = []
        extra = columns.expertise if name == "expertise" else columns.learn
        for i, (row, cell) in enumerate(zip(rows, parsed[name], strict=True)):
            if cell.unknown or extra[i]:
                items = fields.merge_items(_first_spellings(cell, first), extra[i])
                for shown in dict.fromkeys(first.setdefault(cells.fold(s), s)
                                           for s in cell.unknown):
                    found.unknown[shown].append((row, name))
            else:
                items = cell.items  # already one entry per skill, each at its highest
            if name == "expertise":
                from_cell = dict.fromkeys([s for s, _, _ in cell.items], row)
                record["origin"].append({**from_cell, **columns.origins[i]}
                                        if columns.origins[i] else from_cell)
            for typo, skill in cell.folded:
                found.folded.setdefault(typo, (skill, []))[1].append((row, name))
            column.append(items)
        record[name] = column if name == "expertise" else _skill_names(column)
    for typo, skill, index in columns.folded:
        found.folded.setdefault(typo, (skill, []))[1].append((rows[index], None))
    for shown, row in columns.unknown:
        found.unknown[shown].append((rows[row], "expertise"))
    return found


def _skill_names(column: list[tuple]) -> list[tuple[str, ...]]:
    """The skills of each cell's items; a cell's items shared by many rows named once."""
    named: dict[int, tuple[str, ...]] = {}
    found = []
    for items in column:
        names = named.get(id(items))
        if names is None:
            names = named[id(items)] = tuple(s for s, _, _ in items)
        found.append(names)
    return found


def _first_spellings(cell: fields.SkillCell, first: dict[str, str]):
    """The cell's items, unknown skills spelled as first typed anywhere in the sheet."""
    if not cell.unknown:
        return cell.items
    spelled = {s: first.setdefault(cells.fold(s), s) for s in cell.unknown}
    return tuple((spelled.get(s, s), level, written) for s, level, written in cell.items)


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


def _collapse_column_problem(out: Collector, code: Code, field_name: str, filled: int) -> None:
    """When most of a column has the same problem the column is the problem: one issue
    at the header ("the Manager column holds names") instead of one on every row."""
    found = sum(1 for i in out.issues if i.code == code)
    if found < 3 or found * 2 < filled:
        return
    out.issues[:] = [i for i in out.issues if i.code != code]
    out.add(out.layout.header_row, None, field_name, code, Severity.WARNING,
            messages.column_problem(code, out.layout.headers.get(field_name, field_name),
                                    found, filled))


def _check_people(record: dict[str, list[Any]], out: Collector) -> None:
    """Row-level checks that need several fields at once."""
    has_team = "team" in out.layout.columns
    has_name = "name" in out.layout.columns
    for i, row in enumerate(record["row"]):
        key = record["key"][i]
        if key is None:
            continue
        sheet = record["sheet"][i]
        if has_name and not record["name"][i]:
            out.add(row, sheet, "name", Code.MISSING_NAME, Severity.WARNING,
                    messages.MISSING_NAME, key)
        if has_team and not record["team"][i]:
            out.add(row, sheet, "team", Code.MISSING_TEAM, Severity.WARNING,
                    messages.MISSING_TEAM, key)
    _attach_emails(record, out)


def _attach_emails(record: dict[str, list[Any]], out: Collector) -> None:
    """Give every row-level issue its row's e-mail, so a nudge can reach the person."""
    by_row = {(s, r): k for s, r, k in zip(record["sheet"], record["row"], record["key"],
                                           strict=True) if k}
    first = out.layout.sheet
    out.issues[:] = [
        i if i.email or (i.sheet or first, i.row) not in by_row
        else _with_email(i, by_row[(i.sheet or first, i.row)])
        for i in out.issues
    ]


def _with_email(issue: Issue, email: str) -> Issue:
    return Issue(issue.row, issue.column, issue.code, issue.severity, issue.message,
                 issue.cell, email, issue.sheet)


UNKNOWN_PER_CELL = 10  # past this, one cell's unknown spellings become one issue


def _report_spellings(found: Spellings, vocabulary: Vocabulary, out: Collector,
                      key_of_row: dict[int, str | None]) -> None:
    """One issue per spelling (not per row), pointing at the first cell using it.

    A typo read as a known skill is a note. An unknown skill with a near known one that
    only one person uses is theirs to fix, so it carries their e-mail and reaches their
    nudge; anything else is a question for whoever keeps the vocabulary. A cell
    introducing a flood of unknown spellings (a pasted paragraph) gets one issue.
    """
    for typo, (skill, uses) in found.folded.items():
        row, field_name = min(uses, key=lambda use: use[0])
        out.add(row, None, field_name, Code.SKILL_SPELLING, Severity.NOTE,
                messages.skill_spelling(typo, skill, len({r for r, _ in uses})),
                key_of_row.get(row) if len({key_of_row.get(r) for r, _ in uses}) == 1 else None)
    by_cell: dict[tuple[int, str], list[str]] = defaultdict(list)
    for shown, uses in found.unknown.items():
        by_cell[min(uses)].append(shown)
    for (row, field_name), spellings in sorted(by_cell.items()):
        if len(spellings) > UNKNOWN_PER_CELL:
            out.add(row, None, field_name, Code.UNKNOWN_SKILL, Severity.WARNING,
                    messages.many_unknown_skills(len(spellings), spellings[:3]),
                    key_of_row.get(row))
            continue
        for shown in spellings:
            _report_unknown(shown, found.unknown[shown], row, field_name, vocabulary, out,
                            key_of_row)


def _report_unknown(shown: str, uses: Sequence[tuple[int, str]], row: int, field_name: str,
                    vocabulary: Vocabulary, out: Collector, key_of_row) -> None:
    suggestion = vocabulary.suggest(shown)
    owners = {key_of_row.get(r) for r, _ in uses}
    owner = owners.pop() if len(owners) == 1 and suggestion else None
    out.add(row, None, field_name, Code.UNKNOWN_SKILL, Severity.WARNING,
            messages.unknown_skill(shown, len({r for r, _ in uses}), suggestion), owner)


__all__ = ["RowsResult", "Rules", "one_spelling", "read_records"]
