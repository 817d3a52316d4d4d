"""The texts a write will put in the shared strings, gathered once for all its tabs."""

from __future__ import annotations

import operator

from skillsync.backends.xlsx.sheetxml import EXCEL_CELL_CHARS, Groups
from skillsync.core.tabs import Link, Tab, cut_to


def texts_of(tabs: list[Tab], groups: dict[str, Groups]) -> dict[str, str]:
    """Every text our tabs will write, each mapped to itself (the object a tab holds, which
    the shared strings' index keeps): titles, and string or link cells (each distinct
    value of a column looked at once). Built as a dict here, where the texts are gathered
    anyway, so that the search of the table can copy it in C."""
    found = {c.title: c.title for t in tabs for c in t.columns}
    for tab in tabs:
        for _, values in groups[tab.title]:
            classes = set(map(type, values))
            if classes == {str}:  # most columns, and links' columns, are taken in C
                texts = values
            elif classes == {Link}:
                texts = list(map(operator.attrgetter("text"), values))
            else:
                texts = [str(v) for v in values if isinstance(v, (str, Link))]
            found.update(zip(texts, texts, strict=True))
    return _as_written(found)


def _as_written(found: dict[str, str]) -> dict[str, str]:
    """The texts as the sheets hold them: one longer than a cell takes is written cut, so
    it is the cut form that is sought in the table (else it is appended again each sync)."""
    if max(map(len, found), default=0) <= EXCEL_CELL_CHARS // 2:  # UTF-16: none is cut
        return found
    for text in [t for t in found if len(t) > EXCEL_CELL_CHARS // 2]:
        cut = cut_to(text, EXCEL_CELL_CHARS)
        if cut != text:
            del found[text]
            found[cut] = cut
    return found
