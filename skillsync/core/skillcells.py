"""Skills cells read: each cell's (skill, level, as written) items, the spellings to report
and the problems found.

Cells are often unique, but the items they list ("Python (4)", "advanced SQL") repeat:
each distinct item is read once. A column's plain cells are split together
(core/splitcolumn.py) and, where every item names one known skill, put together from
their items at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise, repeat
from typing import Any, NamedTuple

import numpy as np

from skillsync.core import cells, levels, messages, prose, skillitems, splitcolumn
from skillsync.core.cellproblems import NO_PROBLEMS, Parsed, Problem, cell_error, formula
from skillsync.core.codes import Code
from skillsync.core.model import CellError, Severity
from skillsync.core.vocab import Vocabulary


class SkillCell(NamedTuple):
    """A parsed skills cell: (skill, level, written) items, and spellings to report. A
    named tuple: a column makes one per cell, ~100,000 at once (see _put_together)."""

    items: tuple[tuple[str, int | None, str], ...] = ()
    unknown: tuple[str, ...] = ()  # kept as typed, not in the vocabulary
    folded: tuple[tuple[str, str], ...] = ()  # (typo as typed, the known skill it was read as)



NO_SKILLS = SkillCell()


PIECES_KEPT = 100_000  # distinct list items remembered by one parser; then it starts afresh


def skills(vocabulary: Vocabulary, words: levels.Words = levels.DEFAULT,
           scale: levels.Scale = levels.FIVE) -> Skills:
    """A parser of skill cells (see SkillCell). A matrix of 1s beside them means "has it"
    (a binary scale), which says nothing of the levels written in a cell: "Python (3)"
    there is 3 of 5."""
    return Skills(vocabulary, words, levels.FIVE if scale.binary else scale)


class Skills:
    """Reads skills cells one by one (called) or a column's distinct values at once
    (`column`); each distinct list item is read once either way."""

    def __init__(self, vocabulary: Vocabulary, words: levels.Words, scale: levels.Scale):
        self.vocabulary, self.words, self.scale = vocabulary, words, scale
        self._pieces: dict[str, _Read] = {}

    def __call__(self, value: Any) -> Parsed:
        if isinstance(value, CellError):
            return NO_SKILLS, cell_error(value)
        if cells.is_blank(value):
            return NO_SKILLS, NO_PROBLEMS
        raw = cells.raw_text(value)
        flagged = formula(raw)
        if flagged:
            whole = cells.clean_text(raw)
            return SkillCell(((whole, None, ""),), (whole,)), flagged
        marked = list(prose.parts(raw)) if prose.may_speak(raw) else ()
        if any(sentence for _, sentence in marked):
            return _cell(self._spoken(marked))
        return _cell(map(self._read, self.vocabulary.splitter.split(raw)))

    def _spoken(self, marked: list[tuple[str, bool]]) -> Iterator[_Read]:
        """A cell holding a sentence about oneself, in parts: each sentence one warning
        and nothing read (see prose.py), the other parts read as lists."""
        for part, sentence in marked:
            if sentence:
                yield (_sentence_warning(part, prose.mentioned_skills(part, self.vocabulary)),
                       ())
            else:
                yield from map(self._read, self.vocabulary.splitter.split(part))

    def column(self, values: Sequence[Any]) -> list[Parsed]:
        """`[self(value) for value in values]`, the plain cells split together. A cell
        one of whose items speaks of oneself is read again by itself: split at "and"
        too, its sentence may have come apart ("I have never used Spark", "Kafka")."""
        split = splitcolumn.split_column(self.vocabulary.splitter, values)
        parsed = _assembled(split, [self._read(item) for item in split.items])
        found = splitcolumn.with_the_rest(split, parsed, values, self)
        for at in _cells_with(split, [prose.may_speak(item) for item in split.items]):
            found[at] = self(values[at])
        return found

    def _read(self, part: str) -> _Read:
        read = self._pieces.get(part)
        if read is None:
            if len(self._pieces) >= PIECES_KEPT:
                self._pieces.clear()
            read = self._pieces[part] = _entries(_read_part(part, self.vocabulary,
                                                            self.words, self.scale))
        return read


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


def _cell(reads: Iterable[_Read]) -> Parsed:
    """A cell from the readings of its list items, in order."""
    found: dict[str, tuple[str, int | None, str]] = {}
    unknown: list[str] = []
    folded: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for read in reads:
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


def _assembled(split: splitcolumn.SplitColumn, reads: list[_Read]) -> list[Parsed]:
    """Each split cell from its items' readings (`reads`: one per distinct item). Most
    cells list one skill per item, no skill twice, nothing wrong: such a cell is its
    items' entries in order, and all of them are put together at once. The others (an
    item with a problem or naming several skills, a skill listed twice) go through _cell."""
    entry = [read[1][0] if not read[0] and len(read[1]) == 1 else None for read in reads]
    several = np.fromiter((bool(r[0]) or len(r[1]) > 1 for r in reads), dtype=bool,
                          count=len(reads))
    named = np.fromiter((e is not None for e in entry), dtype=bool, count=len(reads))
    count = len(split.rows)
    cell_of = np.repeat(np.arange(count), np.diff(split.bounds))
    one = named[split.codes]
    cells_of_one, codes_of_one = cell_of[one], split.codes[one]
    odd = np.zeros(count, dtype=bool)
    odd[cell_of[several[split.codes]]] = True
    odd[_listed_twice(entry, codes_of_one, cells_of_one)] = True
    parsed = _put_together(entry, codes_of_one, cells_of_one, count)
    for k in np.flatnonzero(odd).tolist():
        codes = split.codes[split.bounds[k]:split.bounds[k + 1]].tolist()
        parsed[k] = _cell(reads[c] for c in codes)
    return parsed


def _listed_twice(entry: list[_Entry | None], codes: np.ndarray, cell_of: np.ndarray
                  ) -> np.ndarray:
    """The cells listing a skill more than once (`codes`: their one-skill items)."""
    ids: dict[str, int] = {}
    skill_of = np.array([ids.setdefault(e[0], len(ids)) if e else -1 for e in entry],
                        dtype=np.int64)
    pairs = np.sort(cell_of * max(len(ids), 1) + skill_of[codes])
    return pairs[1:][pairs[1:] == pairs[:-1]] // max(len(ids), 1)


def _put_together(entry: list[_Entry | None], codes: np.ndarray, cell_of: np.ndarray,
                  count: int) -> list[Parsed]:
    """Each cell from its one-skill items (`codes`, cell by cell), in order."""
    entries = np.fromiter(entry, dtype=object, count=len(entry))[codes].tolist()
    bounds = np.concatenate(([0], np.cumsum(np.bincount(cell_of, minlength=count))))
    items = [e[1] for e in entries]
    parts = zip([tuple(items[a:b]) for a, b in pairwise(bounds.tolist())],
                _per_cell(entry, 2, codes, cell_of, count),
                _per_cell(entry, 3, codes, cell_of, count), strict=True)
    # SkillCell(*part) for each part, made in C (a named tuple is a tuple)
    cells = map(tuple.__new__, repeat(SkillCell), parts)
    return list(zip(cells, repeat(NO_PROBLEMS)))


def _per_cell(entry: list[_Entry | None], part: int, codes: np.ndarray, cell_of: np.ndarray,
              count: int) -> list[tuple]:
    """Each cell's spellings of one kind (`part` of its entries: 2 the unknown, 3 the
    typos), in order; () for most cells, which have none."""
    spelled = np.fromiter((e is not None and e[part] is not None for e in entry), dtype=bool,
                          count=len(entry))[codes]
    found: list[tuple] = [()] * count
    if not spelled.any():
        return found
    typed = np.fromiter((e[part] if e is not None else None for e in entry), dtype=object,
                        count=len(entry))[codes[spelled]].tolist()
    per_cell = np.bincount(cell_of[spelled], minlength=count)
    ends, starts = np.cumsum(per_cell), np.cumsum(per_cell) - per_cell
    spelling = np.flatnonzero(per_cell)
    for k, start, end in zip(spelling.tolist(), starts[spelling].tolist(),
                             ends[spelling].tolist(), strict=True):
        found[k] = tuple(typed[start:end])
    return found


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


def _sentence_warning(text: str, mentioned: list[str]) -> tuple[Problem, ...]:
    return ((Code.SKILLS_IN_PROSE, Severity.WARNING,
             messages.skills_in_prose(text.strip(), mentioned)),)


def _cells_with(split: splitcolumn.SplitColumn, marked: list[bool]) -> list[int]:
    """The positions, among the values split, of the cells holding a marked item."""
    if not any(marked):
        return []
    cell_of = np.repeat(np.arange(len(split.rows)), np.diff(split.bounds))
    holding = cell_of[np.asarray(marked, dtype=bool)[split.codes]]
    return split.rows[np.unique(holding)].tolist()


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
    if level is None and not scale.binary:  # a sheet of 1s marks "has it": no level
        problems.append((Code.BAD_LEVEL, Severity.WARNING, _off_scale(item.skill, reading,
                                                                       scale)))
        return None, reading.written
    return level, reading.written


def _off_scale(skill: str, reading: levels.Reading, scale: levels.Scale) -> str:
    number, top = reading.number or 0, reading.of
    if top is not None and number > top:
        return messages.level_past_its_top(skill, reading.written, top)
    return messages.level(skill, number, top or scale.top)


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
