"""The inventory's checksum: sha256 of the cell values read, the same whatever the source.

Stored with every run, so the bytes hashed are fixed: `repr` of each row's values, as
`_hash_rows` spells them."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, pairwise, repeat
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from skillsync.core.layouts import Extract
    from skillsync.core.model import Grid, Layout

_EPOCH = datetime(1899, 12, 30)


def checksum_of(extract: Extract) -> str:
    """sha256 of the cell values of every tab read (from the header down when one tab is
    read the usual way): same data, same sum, whatever the source."""
    layout = extract.layout
    if len(extract.grids) == 1 and not layout.transposed:
        return checksum(extract.grids[layout.sheet], layout)
    digest = hashlib.sha256()
    for name, grid in extract.grids.items():
        digest.update(repr(name).encode())
        _hash_rows(digest, grid.rows)
    return digest.hexdigest()


def checksum(grid: Grid, layout: Layout) -> str:
    """sha256 of the inventory's cell values from the header down: same data, same sum."""
    digest = hashlib.sha256()
    _hash_rows(digest, grid.rows[layout.header_row - grid.first_row:])
    return digest.hexdigest()


HASHED_AT_ONCE = 8192  # rows spelled as one text for one update of the digest
SAMPLED_STEP = 64  # every 64th row looked at first, to tell rows of texts alone


def _hash_rows(digest, rows) -> None:
    """Each row as `repr` spells the list of its values (trailing blanks dropped), after
    `repr` of the tuple of blank rows before it (`()` when there is none): these bytes are
    what stored checksums were taken of. Rows of plain texts are spelled many at once
    (see _plain_rows_text); one update of the digest takes the same bytes as several."""
    blank_rows = 0
    for start in range(0, len(rows), HASHED_AT_ONCE):
        chunk = rows[start:start + HASHED_AT_ONCE]
        plain = _plain_rows_text(chunk)
        if plain is None:
            blank_rows = _hash_each(digest, chunk, blank_rows)
        else:
            digest.update(repr(([],) * blank_rows).encode() + plain)
            blank_rows = 0


def _hash_each(digest, rows, blank_rows: int) -> int:
    """`_hash_rows` row by row, after `blank_rows` blank rows; the blank rows at the end.
    Rows of one width none of which ends blank (a sheet of numbers and dates beside texts)
    are spelled at once, a column at a time (see `_spelled_by_column`)."""
    text = _spelled_by_column(rows)
    if text is not None:
        digest.update((repr(([], ) * blank_rows) + text).encode())
        return 0
    for row in rows:
        values = [v if v.__class__ is str else _canonical(v) for v in row]
        while values and values[-1] == "":
            values.pop()  # readers differ in how far they pad a row with empty cells
        if not values:
            blank_rows += 1
            continue
        digest.update(repr(([], ) * blank_rows).encode() + repr(values).encode())
        blank_rows = 0
    return blank_rows


def _spelled_by_column(rows: list) -> str | None:
    """What `_hash_each` spells of `rows` after the first "()", when they are of one width
    and none ends with a blank value (nor is blank), else None. Each column is spelled in
    one pass (`_Column`); the values and what stands between them are then joined once."""
    widths = set(map(len, rows))
    if len(widths) != 1 or 0 in widths:  # (no rows, or empty ones)
        return None
    *columns, last = zip(*rows, strict=True)
    ending = _Column.of(last, last=True)  # first: the other columns are not spelled for
    if ending.holds_blank:  # nothing when a row ends blank (its blanks are dropped, row
        return None  # by row)
    columns = [*map(_Column.of, columns), ending]
    quotes = [column.quote for column in columns]
    next_row = f"{quotes[-1]}]()[{quotes[0]}"
    pieces = [columns[0].spelled]
    for (left, right), column in zip(pairwise(quotes), columns[1:], strict=True):
        pieces += [repeat(f"{left}, {right}", len(rows)), column.spelled]
    pieces.append(repeat(next_row, len(rows)))
    body = "".join(chain.from_iterable(zip(*pieces, strict=True)))
    return f"[{quotes[0]}{body[:-len(next_row)]}{quotes[-1]}]"


@dataclass(frozen=True)
class _Column:
    """A column's values as `repr` spells them in a row. Plain texts (exactly str,
    printable, with no quote or backslash) `repr` spells as they are between single
    quotes: they are kept as they are (`quote` is the quote to put around each); any other
    column is made canonical and spelled value by value."""

    spelled: Sequence[str]
    quote: str
    holds_blank: bool  # the last column's: a value `_hash_each` drops from a row's end

    @classmethod
    def of(cls, values: tuple, last: bool = False) -> _Column:
        """`last`: the rows' last column, whose values alone are compared with "", as
        the row-by-row spelling compares them (a value may not bear comparing)."""
        kinds = set(map(type, values))
        if kinds == {str}:
            joined = "".join(values)
            if "'" not in joined and "\\" not in joined and _printable(joined):
                return cls(values, "'", last and "" in values)
        if len(kinds) == 1 and kinds <= _SPELLED_ONCE:  # equal values spelled alike: once
            canonical = {value: _canonical(value) for value in set(values)}
            spelled = {value: repr(found) for value, found in canonical.items()}
            return cls(list(map(spelled.__getitem__, values)), "",
                       last and "" in canonical.values())
        canonical_values = list(map(_canonical, values))
        return cls(list(map(repr, canonical_values)), "", last and "" in canonical_values)


# Kinds whose equal values are spelled alike (not so a datetime: two equal ones in other
# time zones are other serial numbers).
_SPELLED_ONCE = frozenset({float, int, bool, date, type(None)})


def _plain_rows_text(rows: list) -> bytes | None:
    """The hashed bytes of `rows` but their first "()", when every row is a list of texts
    (exactly str) with a filled one, and no text holds a quote, a backslash or a control
    character but a line break or tab: `repr` spells such a text as it is between single
    quotes, the line breaks and tabs escaped. The values are joined with what `repr` and
    "()" put between them. None otherwise. (`rows`: a list of its own, rows may be
    replaced.)"""
    if (set(map(type, rows)) != {list}
            or set(map(type, chain.from_iterable(rows[::SAMPLED_STEP]))) != {str}
            or set(map(type, chain.from_iterable(rows))) != {str}):
        return None  # (a column of numbers or dates is most often found in a sample)
    for at in [at for at, row in enumerate(rows) if not row or row[-1] == ""]:
        values = rows[at][:]
        while values and values[-1] == "":
            values.pop()
        if not values:
            return None  # a blank row: the rows are hashed one by one
        rows[at] = values
    text = _BETWEEN_ROWS.join(map(_BETWEEN_VALUES.join, rows))
    quotes = 2 * (sum(map(len, rows)) - 1)  # two in each mark between values or rows
    if text.count("'") != quotes or "\\" in text:
        return None
    for character, escaped in _ESCAPED:
        if character in text:
            text = text.replace(character, escaped)
    return f"['{text}']".encode() if _printable(text) else None


_BETWEEN_VALUES, _BETWEEN_ROWS = "', '", "']()['"
_ESCAPED = (("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))  # as `repr` spells them


def _printable(text: str) -> bool:
    """`text.isprintable()`, an ASCII text looked at as bytes, at once."""
    if not text.isascii():
        return text.isprintable()
    codes = np.frombuffer(text.encode(), dtype=np.uint8)
    return not ((codes < 0x20) | (codes == 0x7F)).any()


def _canonical(value: object) -> object:
    # One spelling per value whatever the source: Excel readers give 2.0 and datetimes
    # where Sheets gives 2 and serial numbers.
    if isinstance(value, datetime):
        delta = value.replace(tzinfo=None) - _EPOCH
        value = round(delta.days + delta.seconds / 86400, 8)
    elif isinstance(value, date):
        value = float((value - _EPOCH.date()).days)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value
