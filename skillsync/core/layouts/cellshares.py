"""What a column's cells hold, judged on the rows under a candidate header: the share
of them that are levels, addresses, names or lists of known skills. A tab's running
counts (`TabCounts`) answer for every header row tried on it, each cell judged once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from skillsync.core import cells, levels, ratecells
from skillsync.core.layouts.columns import LEVEL_SHARE, Context, Known, evidence, filled
from skillsync.core.levels import Kind, Words
from skillsync.core.model import CellError

# The share of levels in a known skill's column beside enough others holding levels
# (columns.LEVEL_SHARE elsewhere): a small team's "SQL" column with one cell of "ask me"
# among four is the matrix's, the cell reported.
MATRIX_LEVEL_SHARE = 0.6
EMAIL_SHARE = 0.8
NAME_SHARE = 0.8
SKILL_LIST_SHARE = 0.6  # share of a column's list items that must be known skills
_NAME_TEXT = re.compile(r"^[^\W\d_][^\d@=+]{0,58}[^\W\d_]$")


def holds_levels(body: Sequence[list[Any]], index: int, words: Words,
                 share: float = LEVEL_SHARE, coded: bool = False) -> bool:
    """Whether `share` of the column's filled cells are levels; codes such as "L3" count
    only with `coded` (a column named as a skill: elsewhere they are career steps)."""
    counts = body.counts if isinstance(body, Sample) else None
    if counts is not None and counts.covers(body) and counts.words is words:
        cells, plain, codes = counts.levels(index)
        found = cells[body.stop] - cells[body.start]
        levelled = plain[body.stop] - plain[body.start]
        if coded:
            levelled += codes[body.stop] - codes[body.start]
        return bool(found) and levelled >= share * found
    values = evidence(body, index)
    readings = [levels.read(v, words) for v in values]
    return bool(values) and sum(_level_evidence(r, coded) for r in readings) >= (
        share * len(values))


def levels_at_most(body: Sequence[list[Any]], index: int, words: Words, top: float) -> bool:
    """Whether no number in the column is past `top` (12 weeks, 14 as a rank), and none is
    written out of another top (80%, 7/10)."""
    for value in evidence(body, index):
        found = levels.read(value, words)
        if found.kind is Kind.LEVEL and not found.word and (
                found.of not in (None, top) or (found.of is None and (found.number or 0) > top)):
            return False
        number = None if found.kind is not Kind.OTHER else (
            float(value) if isinstance(value, (int, float)) and not isinstance(value, bool)
            else ratecells.plain_number(str(value)))
        if number is not None and number > top:
            return False
    return True


def first_stray(body: Sequence[list[Any]], index: int, words: Words) -> str | None:
    """The first filled cell of the column that is no level, as written."""
    return next((str(v) for v in evidence(body, index)
                 if levels.read(v, words).kind is Kind.OTHER), None)


def _level_evidence(reading: levels.Reading, coded: bool) -> bool:
    return reading.kind is not Kind.OTHER and (coded or not reading.coded)


def holds_addresses(body: Sequence[list[Any]], index: int) -> bool:
    values = [str(v) for v in evidence(body, index)]
    return len(values) >= 2 and sum("@" in v for v in values) >= EMAIL_SHARE * len(values)


def holds_names(body: Sequence[list[Any]], index: int, known: Known | None = None) -> bool:
    """Mostly distinct texts of one to five words, without digits or '@', that are not
    skill names: people's names."""
    values = [str(v).strip() for v in evidence(body, index)]
    if len(values) < 3 or not all(isinstance(v, str) for v in evidence(body, index)):
        return False
    namelike = [v for v in values if _NAME_TEXT.match(v) and len(v.split()) <= 5]
    skills = sum(1 for v in values if known(v)) if known else 0
    # Names repeat in a long export (a row per skill), so "mostly distinct" is loose.
    return (len(namelike) >= NAME_SHARE * len(values) and skills < 0.3 * len(values)
            and len(set(values)) >= max(3, 0.2 * len(values)))


def holds_skill_lists(body: Sequence[list[Any]], index: int, known: Known | None) -> bool:
    """Cells listing skills ("Python, SQL; Spark"), most of them known ones."""
    if known is None:
        return False
    counts = body.counts if isinstance(body, Sample) else None
    if counts is not None and counts.covers(body) and counts.known is known:
        listed, known_items = counts.lists(index)
        hits = known_items[body.stop] - known_items[body.start]
        return hits >= 3 and hits >= SKILL_LIST_SHARE * (listed[body.stop] - listed[body.start])
    items = [item for v in evidence(body, index) if isinstance(v, str)
             for item in cells.split_items(v[:2000])]
    hits = sum(1 for item in items if known(item))
    return hits >= 3 and hits >= SKILL_LIST_SHARE * len(items)


class Sample(list):
    """The rows under a candidate header (a list of them, as every test of a column takes),
    knowing where they are in their tab, so that the tab's running counts can answer for
    them (`TabCounts`)."""

    def __init__(self, rows: Sequence[list[Any]], start: int, stop: int,
                 counts: TabCounts | None = None) -> None:
        super().__init__(rows[start:stop])
        self.start, self.stop, self.counts = start, start + len(self), counts


class TabCounts:
    """Running counts down each column of a tab's first rows: cells that are evidence,
    levels, skill-list items and known skills among them. Finding a table judges the
    columns under each of up to SCAN_ROWS header rows, and the samples of neighbouring
    header rows share all but a row: each cell is judged once, and a sample's count is the
    difference of two running totals (`holds_levels`, `holds_skill_lists`)."""

    def __init__(self, rows: Sequence[list[Any]], reach: int, context: Context) -> None:
        self.rows = rows[:reach]
        self.words, self.known = context.words, context.known
        self._levels: dict[int, tuple[list[int], list[int], list[int]]] = {}
        self._lists: dict[int, tuple[list[int], list[int]]] = {}

    def covers(self, sample: Sample) -> bool:
        return sample.stop <= len(self.rows)

    def levels(self, index: int) -> tuple[list[int], list[int], list[int]]:
        """(evidence cells, level cells, coded level cells such as "L3") of column
        `index` in the rows above each row."""
        if index not in self._levels:
            cells = [_evidence(row[index]) if index < len(row) else False for row in self.rows]
            words = self.words
            readings = [levels.read(row[index], words) if found else None
                        for found, row in zip(cells, self.rows, strict=True)]
            self._levels[index] = (
                _running(cells),
                _running([r is not None and _level_evidence(r, False) for r in readings]),
                _running([r is not None and r.coded and r.kind is not Kind.OTHER
                          for r in readings]))
        return self._levels[index]

    def lists(self, index: int) -> tuple[list[int], list[int]]:
        """(skill-list items, known skills among them) of column `index`, running."""
        if index not in self._lists:
            known = self.known
            assert known is not None
            listed, hits = [], []
            for row in self.rows:
                value = row[index] if index < len(row) else None
                items = (cells.split_items(value[:2000])
                         if isinstance(value, str) and _evidence(value) else [])
                listed.append(len(items))
                hits.append(sum(1 for item in items if known(item)))
            self._lists[index] = (_running(listed), _running(hits))
        return self._lists[index]


def _evidence(value: Any) -> bool:
    return filled(value) and not isinstance(value, CellError)


def _running(counts: Sequence[int]) -> list[int]:
    return list(accumulate(map(int, counts), initial=0))
