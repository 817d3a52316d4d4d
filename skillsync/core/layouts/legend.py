"""The scale a table's levels are written on, where the sheet states it: in a header
("Python [1-4]") or in a legend beside the table ("4 = expert")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from skillsync.core import levelheaders, levels
from skillsync.core.model import Grid


def stated_scale(texts: dict[int, str], legend: Callable[[], levels.Scale | None]
                 ) -> levels.Scale | None:
    """A scale written in a header ("[1-4]") or a legend ("4 = expert") beside the table;
    `legend`: the tab's legend scale (`legend_scale`), the same for every header row tried
    on one tab. A header's scale wins, with the words a legend numbers on it."""
    found = legend()
    for text in texts.values():
        stated = levelheaders.scale_in(text) if "[" in text or "(" in text else None
        if stated:
            named = tuple(p for p in found.named if p[1] <= stated.top) if found else ()
            return replace(stated, named=named)
    return found


# A legend's word: letters, words joined by a space, a hyphen or an apostrophe ("very
# good", "entry-level"); what follows ("Expert, can teach", "Strong: builds alone") is a
# note, not the word.
_WORD = r"([^\W\d_]+(?:[ '-][^\W\d_]+){0,3})"
_LEGEND_LINE = re.compile(r"^\s*(\d{1,2})\s*(?:=|:|-|–)\s*" + _WORD)
_LEGEND_ENTRY = re.compile(r"(?<![\d.])(\d{1,2})\s*=\s*" + _WORD)


def names_levels(text: str) -> bool:
    """Whether a text is a legend's: "4 = expert", or entries in one line ("Levels: 1 =
    beginner, 2 = intermediate")."""
    if len(text) < 80 and _LEGEND_LINE.match(text):
        return True
    return "=" in text and len(text) <= 400 and bool(_LEGEND_ENTRY.search(text))


def legend_scale(grid: Grid, rows: int) -> levels.Scale | None:
    """'1 = beginner' ... '4 = expert' written somewhere in the tab, a line a cell or all in
    one cell ("Levels: 1 = aware, 2 = practitioner, 3 = can teach"), in its first `rows`;
    with the words it numbers (see `levels.Scale.named`)."""
    stated: levels.Scale | None = None
    pairs: list[tuple[str, str]] = []  # (number, word) as written
    for row in grid.rows[:rows]:
        for value in row:
            if not isinstance(value, str) or len(value) > 400:
                continue
            folded = value.casefold()
            if stated is None and ("scale" in folded or "legend" in folded):
                stated = levelheaders.scale_in(value)
            # Entries in one cell ("1 = basic, 2 = working") are each an "N = word"; a
            # line may also be "4 - expert" or "4: expert". Most cells have neither.
            entries = _LEGEND_ENTRY.findall(value) if "=" in value else []
            found = _LEGEND_LINE.match(value) if not entries and len(value) < 80 else None
            pairs.extend(entries or ([found.groups()] if found else []))
    if stated is None:
        whole = sorted({int(n) for n, _ in pairs} - {0})
        if len(whole) < 3 or whole != list(range(whole[0], whole[-1] + 1)):
            return None
        stated = levels.Scale(float(whole[-1]))
    return replace(stated, named=_named(pairs, stated.top))


def _named(pairs: list[tuple[str, str]], top: float) -> tuple[tuple[str, float], ...]:
    """Each word a legend numbers on its scale, once; 0 ("0 = none") is left to the word
    table, which reads a "none" as not having the skill already."""
    named: dict[str, float] = {}
    for number, word in pairs:
        if 0 < int(number) <= top:
            named.setdefault(levels.word_key(word), float(number))
    return tuple(named.items())
