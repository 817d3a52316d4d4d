"""From the records a layout reader found to one parsed row per record, every problem an
Issue. The same for every layout: fields are parsed per distinct value, skills cells and
skill columns end up as the same (skill, level, as written) items.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import compress
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from skillsync.core import (
    cells,
    dateorders,
    distinct,
    elsewhere,
    emails,
    fields,
    levels,
    matrix,
    ratecells,
    rowchecks,
    schema,
    spellings,
    when,
)
from skillsync.core.codes import Code
from skillsync.core.layouts import Extract
from skillsync.core.layouts.records import Records
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
    epoch: date = when.EXCEL_EPOCH  # the day serial 0 stands for (the 1904 date system)


@dataclass
class RowsResult:
    frame: pd.DataFrame  # one row per record, schema.RECORD_COLUMNS
    issues: list[Issue]
    unknown_skills: dict[str, list[int]]  # spelling as first typed -> sheet rows using it
    rows_read: int
    # The spellings reported, and where each record is: to report them again for the
    # records kept (replaced.py)
    spelled: spellings.Spellings | None = None
    places: spellings.Places | None = None


@dataclass
class Collector:
    """Accumulates issues for one read, with the sheet coordinates to point at."""

    layout: Layout
    issues: list[Issue] = field(default_factory=list)
    # While set (once the people's keys are known, until the row-level checks are done),
    # an issue without an e-mail is made with its row's, not made again with it later
    # (see _attach_emails).
    key_at: Callable[[str | None, int | None], str | None] | None = None

    def add(self, row: int, sheet: str | None, field_name: str | None, code: Code,
            severity: Severity, message: str, email: str | None = None,
            cell: str | None = None) -> None:
        header = self.layout.headers.get(field_name) if field_name else None
        cell = cell or self.layout.cell(field_name, row, sheet)
        shown = sheet if sheet and sheet != self.layout.sheet else None
        if not email and self.key_at is not None:
            email = self.key_at(shown, row) or email
        self.issues.append(Issue(row, header, code, severity, message, cell, email, shown))


def read_records(extract: Extract, vocabulary: Vocabulary, rules: Rules,
                 begun: Begun | None = None) -> RowsResult:
    """Parse every record; bad cells become issues, never exceptions. `begun`: the
    parsing `begin` started (its slowest columns, maybe elsewhere)."""
    records, layout = extract.records, extract.layout
    rows = [r[0] for r in records.rows]
    out = Collector(layout)
    begun = begun or begin(extract, vocabulary, rules)
    parsed, keys = _parse_fields(records, rows, begun, out, rules.day_first)
    columns = matrix.read(records.matrix, vocabulary, begun.words, begun.scale)
    record = _record(extract, rows, parsed, keys, columns, out, rules.epoch)
    typed = spellings.collect(record, rows, parsed, columns)
    rowchecks.collapse_column_problem(
        out, Code.INVALID_MANAGER_EMAIL, "manager",
        lambda: rowchecks.filled(records.cells.get("manager", ())))
    rowchecks.check_people(record, out)
    out.key_at = None  # spelling issues name their owner themselves
    places = spellings.Places(rows, records.sheets, record["key"])
    spellings.report(typed, vocabulary, out, places)
    # The row numbers as an array: from a list, pandas looks at every number to infer its
    # kind (0.22 s at a million rows, against 0.04 s for numpy told it).
    frame = pd.DataFrame({c: np.array(record[c], dtype=np.int64) if c == "row" else record[c]
                          for c in schema.RECORD_COLUMNS})
    # Sheet rows, not records: a person of a long sheet is one record of several rows.
    rows_read = sum(map(len, records.rows))
    return RowsResult(frame, out.issues, spellings.unknown_rows(typed, places), rows_read,
                      typed, places)


# In a form's answers and an HR export the date is a timestamp the tool wrote, not a
# "last updated" a person keeps: nobody should be asked to type today's date into it.
UNDATED_BY_PEOPLE = frozenset({"form", "long"})


def _parsers(cells_found, vocabulary: Vocabulary, rules: Rules, scale: Scale,
             layout: str, words: Words) -> dict[str, Callable]:
    stale_days = None if layout in UNDATED_BY_PEOPLE else rules.stale_days
    rate_values = [v for v in cells_found.get("success_rate", ())
                   if v is not None]
    skill_parser = fields.skills(vocabulary, words, scale)
    return {
        "email": fields.email,
        **{name: fields.text for name in schema.TEXT_FIELDS},
        "manager": fields.manager,
        "expertise": skill_parser,
        "learn": skill_parser,
        **{name: fields.item_list for name in schema.PROJECT_FIELDS},
        "success_rate": fields.rate(ratecells.numbers_look_like_fractions(rate_values)),
        "last_updated": fields.last_updated(rules.today, rules.day_first, stale_days,
                                            rules.epoch),
    }


@dataclass(frozen=True)
class Begun:
    """A read's parsers, its columns already grouped or sent elsewhere (`sent`), and the
    scale its numeric levels are read on."""

    parsers: dict[str, Callable]
    sent: dict[str, elsewhere.Sent]
    scale: Scale
    to: elsewhere.Elsewhere | None = None  # where they were sent, and more may go
    words: Words = levels.DEFAULT  # the level words, with the legend's (Words.with_named)


def begin(extract: Extract, vocabulary: Vocabulary, rules: Rules,
          to: elsewhere.Elsewhere | None = None) -> Begun:
    """The parsers of a read; with `to`, its slowest columns sent there to be parsed,
    while this process does the rest (see elsewhere.py)."""
    scale = extract.scale
    if rules.scale:  # [levels] scale: its top, with the words a legend numbers up to it
        scale = Scale(rules.scale, named=tuple(p for p in scale.named if p[1] <= rules.scale))
    words = rules.words.with_named(extract.legend_words or levels.on_five(scale))
    cells_found = extract.records.cells
    parsers = _parsers(cells_found, vocabulary, rules, scale, extract.layout.name, words)
    return Begun(parsers, elsewhere.send(cells_found, parsers, to) if to else {}, scale, to,
                 words)



# Columns of dates a person types, which some may write day first and others month first.
DATE_FIELDS = frozenset({"last_updated"})


def _parse_fields(records: Records, rows: list[int], begun: Begun, out: Collector,
                  day_first: bool) -> tuple[dict[str, list[Any]], list[str | None]]:
    """Each field's meanings, row by row, and each record's person key. From the moment
    the keys are known the issues found carry them (see Collector.key_at)."""
    parsed: dict[str, list[Any]] = {}
    keys: list[str | None] = []
    by_name = "email" not in out.layout.columns
    for name, parser in begun.parsers.items():
        values = records.cells.get(name)
        if values is None:
            parsed[name] = [EMPTY.get(name, "")] * len(rows)
        else:
            column = begun.sent.get(name) or elsewhere.Sent(elsewhere.Distinct.of(values))
            parsed[name] = _parse_column(values, rows, records.sheets, name, parser, out,
                                         column)
            if name in DATE_FIELDS:  # on its distinct values, parsed here or elsewhere
                dateorders.check_column(out, name, column.column, rows, records.sheets,
                                        day_first)
        if name == ("name" if by_name else "email"):
            keys = _keys(parsed[name], by_name)
            out.key_at = rowchecks.keys_by_place(keys, rows, records.sheets, out.layout.sheet)
    return parsed, keys


def _parse_column(values: list[Any], rows: list[int], sheets: list[str], name: str,
                  parser: Callable, out: Collector, sent: elsewhere.Sent | None = None
                  ) -> list[Any]:
    """Each distinct value parsed once, unless nearly every cell differs (or elsewhere,
    as `sent`); problems reported at every row holding them, in row order."""
    sent = sent or elsewhere.Sent(elsewhere.Distinct.of(values))
    parsed, codes = sent.parsed(parser), sent.column.codes
    _report(out, rows, sheets, name, list(map(itemgetter(1), parsed)), codes)
    meanings = list(map(itemgetter(0), parsed))
    if codes is None or (len(meanings) == len(codes)
                         and np.array_equal(codes, np.arange(len(codes)))):
        return meanings  # every cell different, in order
    return distinct.spread(meanings, codes)


def _report(out: Collector, rows: list[int], sheets: list[str], name: str,
            problems: list[Any], codes: np.ndarray | None) -> None:
    """Each value's problems at every row holding it (`codes`: each row's value; None
    when there is one value per row), in row order."""
    flawed = list(compress(range(len(problems)), problems))
    if codes is not None and flawed:
        flawed = np.flatnonzero(np.isin(codes, flawed)).tolist()
    for at in flawed:
        for code, severity, message in problems[at if codes is None else codes[at]]:
            out.add(rows[at], sheets[at], name, code, severity, message)


def _keys(parsed: list[Any], by_name: bool) -> list[str | None]:
    """Each record's person key, from its parsed e-mail (or name, `by_name`)."""
    return [_name_key(n) for n in parsed] if by_name else list(map(itemgetter(1), parsed))


def _record(extract: Extract, rows: list[int], parsed: dict[str, list[Any]],
            keys: list[str | None], columns: matrix.Columns, out: Collector, epoch: date
            ) -> dict[str, list[Any]]:
    records = extract.records
    # The record ids as an array already: the frame takes it as its column, no list to scan.
    record: dict[str, Any] = {"rid": np.arange(len(rows), dtype=np.int64), "row": rows,
                              "rows": list(records.rows), "sheet": list(records.sheets)}
    record["email"] = list(map(itemgetter(0), parsed["email"]))
    record["key"] = keys
    for name in (*schema.TEXT_FIELDS, "manager", *schema.PROJECT_FIELDS, "success_rate",
                 "last_updated"):
        record[name] = parsed[name]
    record["team"] = one_spelling(record["team"])
    record["submitted"] = when.moments(records.submitted, epoch)
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
    return f"{emails.NAME_KEY}{cells.fold(name)}" if name else None


def one_spelling(values: list[str]) -> list[str]:
    """'Search', 'search' and 'SEARCH ' are one team, shown as most people typed it."""
    tally = Counter(values)  # each spelling once, in the order first typed
    folded = {value: cells.fold(value) for value in tally if value}
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for value, key in folded.items():
        counts[key][value] = tally[value]
    if all(len(spellings) == 1 for spellings in counts.values()):
        return values
    chosen = {key: max(spellings, key=spellings.__getitem__) for key, spellings in counts.items()}
    shown = {value: chosen[key] for value, key in folded.items()}
    return [shown[v] if v else v for v in values]


__all__ = ["Begun", "RowsResult", "Rules", "begin", "one_spelling", "read_records"]
