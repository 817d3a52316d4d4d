"""A1 notation: parsing ranges the way the Sheets API accepts them and
formatting them the way Google echoes them back (``Sheet1!A1:Z1000``,
``'My Sheet'!A1:B2``, ``'I''m here'!A1``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_COLUMNS = 18278  # column ZZZ
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CELL_LIKE = re.compile(r"^[A-Za-z]{1,3}[0-9]+$")
_R1C1_LIKE = re.compile(r"^[Rr][0-9]*([Cc][0-9]*)?$")
_ENDPOINT = re.compile(r"^\$?([A-Za-z]{1,3})?\$?([0-9]+)?$")


def col_letters(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    n = index + 1
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def cell_name(row: int, col: int) -> str:
    return f"{col_letters(col)}{row + 1}"


def needs_quotes(title: str) -> bool:
    if not _IDENTIFIER.match(title):
        return True
    return bool(_CELL_LIKE.match(title) or _R1C1_LIKE.match(title))


def quote_title(title: str) -> str:
    if needs_quotes(title):
        return "'" + title.replace("'", "''") + "'"
    return title


def format_cells(r0: int, c0: int, r1: int, c1: int) -> str:
    """Exclusive ends; a 1x1 box is written as a single cell like Google does."""
    start = cell_name(r0, c0)
    if r1 - r0 == 1 and c1 - c0 == 1:
        return start
    return f"{start}:{cell_name(r1 - 1, c1 - 1)}"


def format_range(title: str, r0: int, c0: int, r1: int, c1: int) -> str:
    return f"{quote_title(title)}!{format_cells(r0, c0, r1, c1)}"


@dataclass(frozen=True)
class Span:
    """A parsed cell part; ``None`` ends mean 'to the end of the grid'."""

    r0: int
    r1: int | None
    c0: int
    c1: int | None

    def resolve(self, rows: int, cols: int) -> tuple[int, int, int, int]:
        r1 = rows if self.r1 is None else self.r1
        c1 = cols if self.c1 is None else self.c1
        return self.r0, r1, self.c0, c1


def split_sheet(text: str) -> tuple[str | None, str | None]:
    """Split ``'Sheet'!A1:B2`` into (title, cell part).

    Returns (title, None) for a bare quoted title, (None, text) when there is
    no ``!`` and no quotes (the caller decides whether it is a title, a named
    range or a cell range)."""
    if text.startswith("'"):
        i = 1
        title = []
        while i < len(text):
            ch = text[i]
            if ch == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    title.append("'")
                    i += 2
                    continue
                rest = text[i + 1 :]
                if rest == "":
                    return "".join(title), None
                if rest.startswith("!"):
                    return "".join(title), rest[1:]
                raise ValueError(text)
            title.append(ch)
            i += 1
        raise ValueError(text)
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells
    return None, text


def _endpoint(text: str) -> tuple[int | None, int | None] | None:
    m = _ENDPOINT.match(text)
    if not m or (m.group(1) is None and m.group(2) is None):
        return None
    col = col_index(m.group(1)) if m.group(1) else None
    row = int(m.group(2)) - 1 if m.group(2) else None
    if row is not None and row < 0:
        return None
    return col, row


def parse_cells(text: str) -> Span | None:
    """Parse the cell part (``A1``, ``A1:B2``, ``A:C``, ``2:5``, ``A1:C``, ``A1:1``)."""
    parts = text.split(":")
    if len(parts) == 1:
        ep = _endpoint(parts[0])
        if ep is None or ep[0] is None or ep[1] is None:
            return None
        c, r = ep
        return Span(r, r + 1, c, c + 1)
    if len(parts) != 2:
        return None
    a, b = _endpoint(parts[0]), _endpoint(parts[1])
    if a is None or b is None:
        return None
    (ca, ra), (cb, rb) = a, b
    if ca is not None and cb is not None:
        c0, c1 = min(ca, cb), max(ca, cb) + 1
    elif ca is None and cb is None:
        c0, c1 = 0, None
    else:  # one side names a column, the other is a whole row: open to the right
        c0, c1 = (ca if ca is not None else 0), None
    if ra is not None and rb is not None:
        r0, r1 = min(ra, rb), max(ra, rb) + 1
    elif ra is None and rb is None:
        r0, r1 = 0, None
    else:
        r0, r1 = (ra if ra is not None else 0), None
    if ca is None and cb is not None and ra is not None and rb is None:
        return None
    return Span(r0, r1, c0, c1)
