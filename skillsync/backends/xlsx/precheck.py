"""What must hold before calamine sees a workbook or one of its sheets.

calamine sets room aside for what a workbook declares before reading it, and a declaration
too large aborts the process, beyond any except. So calamine opens a workbook only when
its shared strings declare a count their part could hold, and parses a sheet only when the
sheet's extent fits the budget of the cells it holds. It also reads error cells and
formulas without a saved result as blank: a sheet holding either is patched afterwards.
The reader and its read-ahead ask the same questions here.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

from skillsync.backends.xlsx.extent import dense_extent
from skillsync.backends.xlsx.hiddencolumns import hidden_columns
from skillsync.backends.xlsx.hiddenrows import hidden_rows
from skillsync.backends.xlsx.zipread import part_head, read_part
from skillsync.core.grids import budget


@dataclass(frozen=True)
class Scan:
    """What a sheet's XML adds to calamine's grid of it."""

    # The XML when it holds error cells or formulas to patch the grid from, else b"":
    # kept through calamine's read only when there is something to patch.
    patches: bytes
    hidden: tuple[int, ...]  # the rows hidden in the spreadsheet (hiddenrows.py)
    # The columns hidden, as (first, last) runs (hiddencolumns.py).
    hidden_columns: tuple[tuple[int, int], ...] = ()


def scanned_if_dense(xml: bytes) -> Scan | None:
    """The sheet's Scan; None when calamine must not parse it (it is streamed instead)."""
    if not fits_dense(xml):
        return None
    return Scan(xml if has_patches(xml) else b"", hidden_rows(xml), hidden_columns(xml))


def fits_dense(xml: bytes) -> bool:
    """Whether calamine may parse this sheet: it allocates the sheet's whole extent, so the
    extent must fit the budget of the cells present (a stray cell at XFD1048576 does not)."""
    extent = dense_extent(xml)
    return extent is not None and extent[0] * extent[1] <= budget(extent[2])


def strings_declared_fit(data: bytes, archive: zipfile.ZipFile) -> bool:
    """Whether the shared strings declare no more strings than their part could hold.
    calamine sets room aside for the declared count before reading one string, and an
    absurd count (uniqueCount="99999999999999") aborts the process, beyond any except; such
    a workbook's sheets are streamed instead. Any part calamine might take for the table
    counts, and every uniqueCount in it unless the part opens plainly with the table's tag."""
    for info in archive.infolist():
        if not info.filename.casefold().endswith("sharedstrings.xml"):
            continue
        bound = max(info.file_size // 4, 1 << 20)  # a string takes 5 bytes at least: <si/>
        head = _STRINGS_HEAD.match(part_head(data, info))
        declared = _DECLARED.findall(head.group(1) if head else read_part(data, info))
        if any(len(n) > 12 or int(n) > bound for v in declared for n in re.findall(rb"\d+", v)):
            return False
    return True


# The XML declaration, then the table's start tag (quoted values may hold '>'): its
# attributes are what calamine reads the count from.
_STRINGS_HEAD = re.compile(rb'(?:\xef\xbb\xbf)?(?:<\?xml[^>]*\?>)?\s*<(?:\w+:)?sst\b'
                           rb'((?:[^>"\']|"[^"]*"|\'[^\']*\')*)>')
_DECLARED = re.compile(rb'uniqueCount\s*=\s*["\']([^"\'<>]*)')


def has_patches(xml: bytes) -> bool:
    """Whether the sheet has error cells or formulas, which calamine reads as blank."""
    return (_holds_either(xml, b"e", 3, b't="e"', b"t='e'")
            or _holds_either(xml, b"f", 1, b"<f", b":f"))


def _holds_either(xml: bytes, rare: bytes, offset: int, *tokens: bytes) -> bool:
    """Whether `xml` holds one of `tokens`, which all hold the byte `rare` at `offset`.
    Sheet XML seldom holds that byte elsewhere, so its places (found at memchr speed, where
    a search for a token stops at every '<' or '"') are looked at one by one; past a few
    hundred, the tokens are searched for whole."""
    at = xml.find(rare, offset)
    for _ in range(_PLACES_LOOKED_AT):
        if at < 0:
            return False
        if any(xml.startswith(token, at - offset) for token in tokens):
            return True
        at = xml.find(rare, at + 1)
    return any(token in xml for token in tokens)


_PLACES_LOOKED_AT = 256
