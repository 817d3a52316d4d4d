"""A whole column of list cells split at once: for each plain cell, the items
`Splitter.split(cells.raw_text(cell))` gives, found over the column in a few passes.

A skills or projects column holds ~100,000 cells at 100k people, nearly all unique and
nearly all plain ASCII lists ("Python (4), SQL / dbt 4/5"). Cell by cell, each check and
split is a few Python calls; here the column is joined into one text, each rule runs once
over it in C (str.replace, str.split, one regex search per rule) and each distinct item is
tidied once. A cell some rule may read differently is left out, for its caller to read
the cell-by-cell way: one that is not text, not ASCII, short enough to be a blank word, or
holds a control character, a formula, " and " or a separator inside brackets (or a
protected term that cannot be held in place: see _holdable).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, pairwise
from typing import Any

import numpy as np

from skillsync.core import cells

CELL_END = "\x00"  # between cells in the joined column (a plain cell holds no control character)
ITEM_END = "\x1f"  # what every list separator becomes
# Separators inside a protected term ("A/B testing") are held as these control characters
# while the others become ITEM_END, then put back.
_HELD = {",": "\x02", ";": "\x03", "/": "\x04", "\n": "\x05", "|": "\x06", "\t": "\x07",
         "\r": "\x08"}
_HOLD = str.maketrans(_HELD)
SHORTEST = 8  # a shorter cell may be a blank word ("n/a", "none"): see cells.is_blank

# What makes a cell not plain, searched for in the column lower-cased ("</" is no concern:
# the slash rule itself leaves a "/" after "<" alone). Brackets holding a
# separator: the lookahead makes sure the "(" closes before the same cell or bracket ends,
# the search for the separator stays inside it (each "(" scans to its ")" once).
_NOT_PLAIN = (
    re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]"),  # control characters (cells.raw_text)
    re.compile(r"and(?<=\sand)(?=\s)"),  # " and " separates (the "and" found first, in C)
    re.compile(rf"{CELL_END}\s*+[-=+@]"),  # a formula (cells.looks_like_formula)
    re.compile(r"\((?=[^()\x00]*+\))[^()\x00]*?(?:[,;/\n]|\band\b)"),
)
_SLASH = re.compile(cells._SLASH)


@dataclass(frozen=True)
class SplitColumn:
    """The plain cells of a column, split: cell k of `rows` lists the items
    `items[c] for c in codes[bounds[k]:bounds[k + 1]]`, in order, blank ones left out."""

    rows: np.ndarray  # positions, among the values given, of the cells split here
    bounds: np.ndarray  # len(rows) + 1 offsets into codes
    codes: np.ndarray  # each item's index into `items`
    items: list[str]  # the distinct items, tidied, in the order first seen

    def repeating(self) -> np.ndarray:
        """Which split cells (their places in `rows`) list an item more than once."""
        cell_of = np.repeat(np.arange(len(self.rows)), np.diff(self.bounds))
        pairs = np.sort(cell_of * max(len(self.items), 1) + self.codes)
        return np.unique(pairs[1:][pairs[1:] == pairs[:-1]] // max(len(self.items), 1))

    def cells(self) -> list[tuple[str, ...]]:
        """Each split cell's items, as Splitter.split gives them."""
        flat = np.asarray(self.items, dtype=object)[self.codes].tolist()
        bounds = self.bounds.tolist()
        return [tuple(flat[a:b]) for a, b in pairwise(bounds)]


def with_the_rest(split: SplitColumn, parsed: list[Any], values: Sequence[Any],
                  parse: Callable[[Any], Any]) -> list[Any]:
    """Each value's reading: a split cell's from `parsed` (in the order of split.rows),
    any other's by `parse`."""
    found: list[Any] = list(values)
    for row, cell in zip(split.rows.tolist(), parsed, strict=True):
        found[row] = cell
    left = np.ones(len(values), dtype=bool)
    left[split.rows] = False
    for row in np.flatnonzero(left).tolist():
        found[row] = parse(values[row])
    return found


def split_column(splitter: cells.Splitter, values: Sequence[Any]) -> SplitColumn:
    """The plain cells among `values` split as `splitter` splits them (see module doc)."""
    candidates, texts, joined = _candidates(values)
    rows = np.flatnonzero(candidates)
    if joined.count(CELL_END) != len(texts) - 1:  # a cell holds CELL_END: read none here
        texts, rows, joined = [], rows[:0], ""
    kept, termed = _plain(splitter, joined, len(texts))
    texts = _held(splitter, list(compress(texts, kept)), termed[kept])
    return _tidied(splitter, rows[kept], _separated(CELL_END.join(texts)))


def _candidates(values: Sequence[Any]) -> tuple[np.ndarray, Sequence[Any], str]:
    """Which values are ASCII texts long enough not to be a blank word; those texts, and
    them joined by CELL_END. A column of texts is joined first: when the whole of it is
    ASCII each cell's length is read off where the CELL_ENDs are, without asking each
    text again."""
    count = len(values)
    if not set(map(type, values)) <= {str}:
        found = np.fromiter((type(v) is str and len(v) >= SHORTEST and v.isascii()
                             for v in values), dtype=bool, count=count)
        return _with_texts(found, values)
    joined = CELL_END.join(values)
    ascii_only = joined.isascii()
    points = (np.frombuffer(joined.encode("ascii"), dtype=np.uint8) if ascii_only else
              np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
    ends = np.flatnonzero(points == 0)
    if len(ends) != count - 1:  # a cell holds CELL_END: each cell asked on its own
        found = (np.fromiter(map(str.isascii, values), dtype=bool, count=count)
                 & (np.fromiter(map(len, values), dtype=np.intp, count=count) >= SHORTEST))
        return _with_texts(found, values)
    bounds = np.concatenate(([-1], ends, [len(joined)]))  # the CELL_END around each cell
    found = np.diff(bounds) - 1 >= SHORTEST
    if not ascii_only:  # no character past ASCII between a cell's bounds
        wide = np.concatenate(([0], np.cumsum(points > 127)))
        found &= wide[bounds[1:]] == wide[bounds[:-1] + 1]
    return (found, values, joined) if found.all() else _with_texts(found, values)


def _with_texts(found: np.ndarray, values: Sequence[Any]
                ) -> tuple[np.ndarray, Sequence[Any], str]:
    texts = list(compress(values, found)) if not found.all() else values
    return found, texts, CELL_END.join(texts)


def _plain(splitter: cells.Splitter, joined: str, count: int
           ) -> tuple[np.ndarray, np.ndarray]:
    """Whether each cell of the joined column is plain (see _NOT_PLAIN), and whether it may
    hold a protected term."""
    starts = _starts(joined, count)
    lowered = f"{CELL_END}{joined.lower()}"  # the formula rule looks from a CELL_END

    def cells_at(places: list[int]) -> np.ndarray:  # places in `lowered`
        return np.searchsorted(starts, places, side="right") - 1

    kept = ~_matching(lowered, starts, _NOT_PLAIN)
    termed = np.zeros(count, dtype=bool)
    if splitter.terms is None:  # not ASCII: matched ignoring case, beyond ASCII
        termed[cells_at([m.start() + 1 for m in splitter.terms_pattern.finditer(joined)])] = True
    else:
        for term in splitter.terms:
            termed[cells_at([m.start() for m in re.finditer(re.escape(term), lowered)])] = True
    if not _holdable(splitter):
        kept &= ~termed
    return kept, termed


def _matching(prefixed: str, starts: np.ndarray, rules: Sequence[re.Pattern[str]]
              ) -> np.ndarray:
    """Which cells some rule matches in, given the joined column after one CELL_END (a
    match starting at the CELL_END before a cell is that cell's)."""
    found = np.zeros(len(starts), dtype=bool)
    for rule in rules:
        found[np.searchsorted(starts, [m.start() for m in rule.finditer(prefixed)],
                              side="right") - 1] = True
    return found


# Where cells.clean_text would change a text: a control character, a line break or tab, two
# spaces; or a space at either end (see shown_as_is). A formula's first characters.
_NOT_AS_IS = (re.compile("[\x01-\x1f\x7f]"), re.compile("  "))
_FORMULA_STARTS = np.frombuffer(b"=+@- ", dtype=np.uint8)


def shown_as_is(values: Sequence[Any]) -> np.ndarray:
    """Which values are texts `cells.clean_text` leaves as they are, and are no blank word
    and no formula: ASCII, single spaces, nothing to strip, at least SHORTEST long."""
    candidates, texts, joined = _candidates(values)
    joined = f"{CELL_END}{joined}{CELL_END}"
    marks = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
    ends = np.flatnonzero(marks == 0)  # around each cell, unless a cell holds CELL_END
    if len(ends) != len(texts) + 1:
        return np.zeros(len(values), dtype=bool)
    changed = _matching(joined, ends[:-1], _NOT_AS_IS)
    changed |= np.isin(marks[ends[:-1] + 1], _FORMULA_STARTS)  # first characters
    changed |= marks[ends[1:] - 1] == ord(" ")  # last characters
    candidates[candidates] = ~changed
    return candidates


def _holdable(splitter: cells.Splitter) -> bool:
    """Whether every protected term can be held in place by _HELD, as the splitter's own
    shielding would read it. Within a cell the splitter hides a term behind CELL_END
    marks and tries brackets first: a term starting with a digit or ending with one (or
    "<") would make a "/" beside it a level ("4/5") instead, and a term holding a bracket
    could lose it to the bracket rule."""
    return splitter.terms is not None and all(
        t and not t[0].isdigit() and not t[-1].isdigit() and t[-1] != "<"
        and "(" not in t and ")" not in t for t in splitter.terms)


def _starts(joined: str, count: int) -> np.ndarray:
    """Where each cell of the joined column starts."""
    ends = np.flatnonzero(np.frombuffer(joined.encode("ascii"), dtype=np.uint8) == 0)
    return np.concatenate(([0], ends + 1))[:count]


def _held(splitter: cells.Splitter, texts: list[str], termed: np.ndarray) -> list[str]:
    """The texts with the separators inside their protected terms held (see _HELD). The
    cells that may hold one are searched together, lower-cased: the terms are ASCII and
    so is the text (see _holdable), where ignoring case is comparing lower case."""
    at = np.flatnonzero(termed).tolist()
    if not at:
        return texts
    joined = CELL_END.join([texts[i] for i in at])
    pieces, done = [], 0
    for found in _terms_pattern(splitter.terms).finditer(joined.lower()):
        start, end = found.span()
        pieces += (joined[done:start], joined[start:end].translate(_HOLD))
        done = end
    pieces.append(joined[done:])
    for i, text in zip(at, "".join(pieces).split(CELL_END), strict=True):
        texts[i] = text
    return texts


@lru_cache(maxsize=16)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """The splitter's pattern of terms (`(?<!\\w)term(?!\\w)`, longest first) for lower-case
    text, each term's first character matched before what precedes it is looked at, so
    the search jumps between the places where a term may start."""
    return re.compile("|".join(
        rf"{re.escape(t[0])}(?<!\w{re.escape(t[0])}){re.escape(t[1:])}(?!\w)" for t in terms))


def _separated(joined: str) -> str:
    """Every list separator made ITEM_END, then the held ones put back."""
    text = _SLASH.sub(ITEM_END, joined) if "/" in joined else joined
    for separator in ",;|\t\n\r":
        text = text.replace(separator, ITEM_END)
    for separator, held in _HELD.items():
        if held in text:
            text = text.replace(held, separator)
    return text


def _tidied(splitter: cells.Splitter, rows: np.ndarray, text: str) -> SplitColumn:
    """The column of separated cells as items, each distinct item tidied once."""
    if not len(rows):
        return SplitColumn(rows, np.zeros(1, dtype=np.intp), np.zeros(0, dtype=np.int32), [])
    marks = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    items_before = np.searchsorted(np.flatnonzero(marks == 0x1f), np.flatnonzero(marks == 0))
    flat = text.replace(CELL_END, ITEM_END).split(ITEM_END)
    part_bounds = np.concatenate(([0], items_before + np.arange(1, len(rows)), [len(flat)]))
    # Each part given the index of its text among the distinct parts in one pass over
    # them (a part not met before takes the next index), then each distinct part tidied.
    part_of: defaultdict[str, int] = defaultdict(itertools.count().__next__)
    part_codes = np.array(list(map(part_of.__getitem__, flat)), dtype=np.int32)
    shown = list(map(splitter.tidy, part_of))
    items = list(dict.fromkeys(t for t in shown if t))
    index = {item: i for i, item in enumerate(items)}
    codes = np.array([index.get(tidied, -1) for tidied in shown], dtype=np.int32)[part_codes]
    filled = codes >= 0
    bounds = np.concatenate(([0], np.cumsum(filled)))[part_bounds]
    return SplitColumn(rows, bounds, codes[filled], items)
