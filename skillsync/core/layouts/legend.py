"""The scale a table's levels are written on, where the sheet states it: in a header
("Python [1-4]") or in a legend beside the table ("4 = expert")."""

from __future__ import annotations

import re
from collections.abc import Callable

from skillsync.core import levels
from skillsync.core.model import Grid


def stated_scale(texts: dict[int, str], legend: Callable[[], levels.Scale | None]
                 ) -> levels.Scale | None:
    """A scale written in a header ("[1-4]") or a legend ("4 = expert") beside the table;
    `legend`: the tab's legend scale (`legend_scale`), asked for only when no header
    states one, and the same for every header row tried on one tab."""
    for text in texts.values():
        stated = levels.scale_in(text) if "[" in text or "(" in text else None
        if stated:
            return stated
    return legend()


_LEGEND_LINE = re.compile(r"^\s*(\d{1,2})\s*(?:=|:|-|–)\s*[A-Za-z]")
_LEGEND_ENTRY = re.compile(r"(?<![\d.])(\d{1,2})\s*=\s*[A-Za-z]")


def legend_scale(grid: Grid, rows: int) -> levels.Scale | None:
    """'1 = beginner' ... '4 = expert' written somewhere in the tab, a line a cell or all in
    one cell ("Levels: 1 = aware, 2 = practitioner, 3 = can teach"), in its first `rows`."""
    numbers: set[int] = set()
    for row in grid.rows[:rows]:
        for value in row:
            if not isinstance(value, str) or len(value) > 400:
                continue
            folded = value.casefold()
            if "scale" in folded or "legend" in folded:
                stated = levels.scale_in(value)
                if stated:
                    return stated
            found = _LEGEND_LINE.match(value) if len(value) < 80 else None
            if found:
                numbers.add(int(found.group(1)))
            elif "=" in value:  # every entry has one; most cells have none
                numbers.update(int(n) for n in _LEGEND_ENTRY.findall(value))
    whole = sorted(n for n in numbers if n > 0)
    if len(whole) >= 3 and whole == list(range(whole[0], whole[-1] + 1)):
        return levels.Scale(float(whole[-1]))
    return None
