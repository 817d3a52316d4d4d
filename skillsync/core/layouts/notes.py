"""A legend or notes block ending a tab: under the table, after one or more blank rows,
lines such as "Legend:", "Levels: 1 = beginner, ... 4 = expert", "Last reviewed by HR in
March" or "Questions? ask ops@example.com".

Read as people, each of those lines would be a person without an e-mail. A row is a note
when it holds text in the table's first one or two columns only, no address in the
e-mail column, and its text reads as a note: it starts with "Legend", "Key", "Note" and
the like, pairs numbers with words ("4 = expert"), or is a sentence. Only the rows ending
the tab are taken, and only below a blank row: a person typed under a blank row (a name,
an e-mail, skills) is never note-like, and a long label with people under it (a section
of the table) is not at the end of the tab.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from skillsync.core.layouts import legend
from skillsync.core.layouts.columns import filled, is_address
from skillsync.core.layouts.table import Table
from skillsync.core.model import Grid

_NOTE_START = re.compile(
    r"^\W{0,3}(?:legend|key|notes?|nb|n\.b\.|scale|levels?|remarks?|comments?|footnotes?|"
    r"disclaimer|source|updated|last\s+updated|reviewed|contact|questions?)\b", re.IGNORECASE)
# Lower-case words of a name: "Maria de los Santos" is a name, not a sentence.
_NAME_PARTICLES = frozenset({
    "de", "da", "das", "del", "della", "der", "den", "di", "do", "dos", "du", "la", "las",
    "le", "les", "los", "van", "von", "ter", "ten", "bin", "ibn", "al", "el", "y", "e",
    "zu", "af", "av", "und"})
SENTENCE_WORDS = 4  # "Last reviewed by HR" already reads as one
NOTE_TEXT = 400  # longer cells are not looked into (a note is a line or two)


def block_below(grid: Grid, table: Table) -> tuple[int, int] | None:
    """(first, last) index in `grid.rows` of the notes block ending the tab under
    `table`, or None. Looked for from the bottom up, so only the tab's last rows are
    read however long the table is."""
    rows, top = grid.rows, table.body_start
    left = _left_column(table)
    email_at = table.fields.get("email")
    first = last = None
    at = len(rows) - 1
    while at >= top:
        cells = [(c, v) for c, v in enumerate(rows[at]) if filled(v)]
        if cells:
            if not _note(cells, left, email_at):
                break
            last = at if last is None else last
            first = at
        at -= 1
    # Above the block: a blank row, then the table's last row (a table of notes alone is
    # not a table with notes under it).
    if first is None or last is None or at < top or first - at < 2:
        return None
    return first, last


def _note(cells: Sequence[tuple[int, Any]], left: int, email_at: int | None) -> bool:
    """Whether a row's filled cells (column, value) are a line of notes."""
    if len(cells) > 2 or cells[-1][0] > left + 1:
        return False
    if any(type(v) is not str or len(v) > NOTE_TEXT for _, v in cells):
        return False
    if email_at is not None and any(c == email_at and "@" in v for c, v in cells):
        return False
    texts = [v.strip() for _, v in cells]
    # Without an e-mail column a person is a name and maybe a remark ("Ana Lima" | "python
    # and sql for reporting"): a sentence makes a note only where the name would be.
    return reads_as_note(" ".join(texts), texts[0] if email_at is None else None)


def reads_as_note(text: str, sentence: str | None = None) -> bool:
    """A legend's or a note's text: "Legend:", "Note: ...", "4 = expert", or a sentence
    ("Last reviewed by HR in March", "Questions? ask ops@example.com"): the text's own,
    or the part of it given as `sentence`."""
    return (bool(_NOTE_START.match(text)) or legend.names_levels(text)
            or _sentence(text if sentence is None else sentence))


def _sentence(text: str) -> bool:
    words = text.split()
    if len(words) < 2 or is_address(text):
        return False
    if "?" in text or "!" in text or "://" in text:
        return True
    if len(words) >= 3 and text.endswith("."):
        return True
    common = [w for w in words if w[:1].islower() and w.casefold() not in _NAME_PARTICLES]
    return len(words) >= SENTENCE_WORDS and len(common) >= 2


def _left_column(table: Table) -> int:
    """The table's first column read: notes sit in it and the one after."""
    used = [*table.fields.values(), *(s.index for s in table.skills),
            *(table.name_parts or ()), *(c for c, _ in table.skill_lists)]
    if table.long_skill is not None:
        used.append(table.long_skill)
    return min(used, default=0)
