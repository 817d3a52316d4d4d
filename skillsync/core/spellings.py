"""The skills typed outside the vocabulary and the typos read as known skills: collected
while the records become people (one spelling each, the first typed), then reported once
per spelling, not per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter
from typing import Any, Protocol

from skillsync.core import cells, fields, matrix, messages
from skillsync.core.codes import Code
from skillsync.core.model import Severity
from skillsync.core.origins import OWN_ROW  # skills all read from the record's own row
from skillsync.core.vocab import Vocabulary


class IssueSink(Protocol):
    def add(self, row: int, sheet: str | None, field_name: str | None, code: Code,
            severity: Severity, message: str, email: str | None = None,
            cell: str | None = None) -> None: ...


@dataclass
class Spellings:
    """Each unknown spelling and each typo with the records using it: (record, field),
    the record by its position in the read (a sheet row alone is not a place when
    several tabs are read: row 3 of one tab is not row 3 of another)."""

    unknown: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    # typo as typed -> (the skill it was read as, [(record, field)])
    folded: dict[str, tuple[str, list[tuple[int, str | None]]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Places:
    """Each record's sheet row, tab and person's key, by its position in the read."""

    rows: Sequence[int]
    sheets: Sequence[str]
    keys: Sequence[str | None]

    def rows_of(self, uses: Sequence[tuple[int, Any]]) -> list[int]:
        """The sheet rows of `uses`, each once, in order."""
        return sorted({self.rows[at] for at, _ in uses})


def collect(record, rows, parsed, columns: matrix.Columns) -> Spellings:
    """Skills outside the vocabulary (one spelling each, the first typed) and typos read as
    known skills, with their rows; also fills record['expertise'] and record['learn']."""
    found = Spellings(defaultdict(list), {})
    spellings_of = _FirstSpellings()
    for name in ("expertise", "learn"):
        cells_ = parsed[name]
        extra = columns.expertise if name == "expertise" else columns.learn
        column = list(map(attrgetter("items"), cells_))  # as parsed, unless spelled or added
        for i in _spelled_or_added(cells_, extra):
            cell = cells_[i]
            if cell.unknown or extra[i]:
                spelled, shown_once, respelled = spellings_of[cell.unknown]
                column[i] = _with_spellings(cell.items, spelled if respelled else None,
                                            extra[i])
                for shown in shown_once:
                    found.unknown[shown].append((i, name))
            for typo, skill in cell.folded:
                found.folded.setdefault(typo, (skill, []))[1].append((i, name))
        if name == "expertise":
            record["origin"] = _origins(column, rows, columns.origins)
        record[name] = column if name == "expertise" else _skill_names(column)
    for typo, skill, index in columns.folded:
        found.folded.setdefault(typo, (skill, []))[1].append((index, None))
    for shown, index in columns.unknown:
        found.unknown[shown].append((index, "expertise"))
    return found


def without_records(found: Spellings, gone: set[int]) -> Spellings:
    """`found`, the uses by the records at positions `gone` left out, and the spellings
    only they used."""
    unknown = {shown: kept for shown, uses in found.unknown.items()
               if (kept := [use for use in uses if use[0] not in gone])}
    folded = {typo: (skill, kept) for typo, (skill, uses) in found.folded.items()
              if (kept := [use for use in uses if use[0] not in gone])}
    return Spellings(unknown, folded)


def unknown_rows(found: Spellings, places: Places) -> dict[str, list[int]]:
    """Each unknown spelling's sheet rows, each once, in order."""
    return {shown: places.rows_of(uses) for shown, uses in found.unknown.items()}


class _FirstSpellings(dict):
    """A cell's unknown spellings -> (each as first typed in the sheet, those once each,
    whether any differs from the cell's own). The first spelling of a folded skill is
    settled the first time it is met, in row order, and never changes: a cell's
    spellings are worked out once per distinct cell."""

    def __init__(self) -> None:
        super().__init__()
        self.first: dict[str, str] = {}  # folded spelling -> as first typed

    def __missing__(self, unknown: tuple[str, ...]
                    ) -> tuple[dict[str, str], tuple[str, ...], bool]:
        spelled = {s: self.first.setdefault(cells.fold(s), s) for s in unknown}
        found = self[unknown] = (spelled, tuple(dict.fromkeys(spelled.values())),
                                 any(typed != shown for typed, shown in spelled.items()))
        return found


def _spelled_or_added(cells_: Sequence[fields.SkillCell], extra: Sequence[tuple]) -> list[int]:
    """The records whose cell has a spelling to collect or whose skill columns add items:
    the only ones the loop has work for (most cells have neither), found in C."""
    busy = map(any, zip(map(attrgetter("unknown"), cells_), map(attrgetter("folded"), cells_),
                        extra, strict=True))
    return list(compress(range(len(cells_)), busy))


def _origins(column: list[tuple], rows: Sequence[int], origins: Sequence[dict]) -> list:
    """Where each record's skills were read: its own row, unless its skill columns point
    elsewhere for some (`origins`)."""
    found: list = [OWN_ROW] * len(column)
    for i in compress(range(len(column)), origins):
        found[i] = {**dict.fromkeys([s for s, _, _ in column[i]], rows[i]), **origins[i]}
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


def _with_spellings(items: tuple, respelled: dict[str, str] | None, extra: tuple) -> tuple:
    """A cell's items, unknown skills spelled as first typed anywhere in the sheet
    (`respelled`, None when that changes none), merged with the items its skill columns
    add. The cell's items hold each skill once at its highest level already: when no
    spelling changes and nothing is added they stand as they are."""
    if respelled is not None:
        items = tuple((respelled.get(s, s), level, written) for s, level, written in items)
    elif not extra:
        return items
    return fields.merge_items(items, extra)


UNKNOWN_PER_CELL = 10  # past this, one cell's unknown spellings become one issue


def report(found: Spellings, vocabulary: Vocabulary, out: IssueSink, places: Places) -> None:
    """One issue per spelling (not per row), pointing at the first cell using it.

    A typo read as a known skill is a note. An unknown skill with a near known one that
    only one person uses is theirs to fix, so it carries their e-mail and reaches their
    nudge; anything else is a question for whoever keeps the vocabulary. A cell
    introducing a flood of unknown spellings (a pasted paragraph) gets one issue.
    """
    for typo, (skill, uses) in found.folded.items():
        at, field_name = min(uses, key=lambda use: use[0])
        out.add(places.rows[at], places.sheets[at], field_name, Code.SKILL_SPELLING,
                Severity.NOTE, messages.skill_spelling(typo, skill, _records(uses)),
                _sole_owner(uses, places.keys))
    by_cell: dict[tuple[int, str], list[str]] = defaultdict(list)
    for shown, uses in found.unknown.items():
        by_cell[min(uses)].append(shown)
    for (at, field_name), spellings in sorted(by_cell.items()):
        if len(spellings) > UNKNOWN_PER_CELL:
            out.add(places.rows[at], places.sheets[at], field_name, Code.UNKNOWN_SKILL,
                    Severity.WARNING, messages.many_unknown_skills(len(spellings),
                                                                   spellings[:3]),
                    places.keys[at])
            continue
        for shown in spellings:
            _report_unknown(shown, found.unknown[shown], at, field_name, vocabulary, out,
                            places)


def _report_unknown(shown: str, uses: Sequence[tuple[int, str]], at: int, field_name: str,
                    vocabulary: Vocabulary, out: IssueSink, places: Places) -> None:
    suggestion = vocabulary.suggest(shown)
    owner = _sole_owner(uses, places.keys) if suggestion else None
    out.add(places.rows[at], places.sheets[at], field_name, Code.UNKNOWN_SKILL,
            Severity.WARNING, messages.unknown_skill(shown, _records(uses), suggestion), owner)


def _records(uses: Sequence[tuple[int, Any]]) -> int:
    """How many rows use a spelling: each record once, whatever its fields."""
    return len({at for at, _ in uses})


def _sole_owner(uses: Sequence[tuple[int, str | None]], keys: Sequence[str | None]
                ) -> str | None:
    """The key of the one person all `uses` are on, None when they are on several (or
    keyless rows). A spelling many people use is told apart at its second owner, not
    after every row using it is looked up."""
    owner = keys[uses[0][0]]
    for at, _ in uses:
        if keys[at] != owner:
            return None
    return owner
