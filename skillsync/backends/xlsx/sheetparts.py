"""One of our tabs rendered straight into its packed sheet part, in the sync or aside."""

from __future__ import annotations

import copy
import re
import zipfile
from dataclasses import dataclass

from skillsync.backends.xlsx.sheetxml import Groups, SheetWriter
from skillsync.backends.xlsx.zipparts import RawPart, Spool
from skillsync.backends.xlsx.zipread import read_part, stored_bytes, stored_span, tag_regions
from skillsync.core.tabs import Tab


@dataclass(frozen=True)
class Stored:
    """A part as the workbook stores it: bytes holding its zip entry (the workbook's, or
    the entry's alone), and its directory facts."""

    data: bytes
    info: zipfile.ZipInfo

    @classmethod
    def of(cls, data: bytes, archive: zipfile.ZipFile, part: str) -> Stored:
        return cls(data, archive.getinfo(part))

    def alone(self) -> Stored:
        """The entry alone, copied out of the workbook's bytes: what a second process
        needs of a part it replaces (aside.py), not the whole workbook."""
        start = self.info.header_offset
        _, end = stored_span(self.data, self.info, "the workbook")
        info = copy.copy(self.info)
        info.header_offset = 0
        return Stored(bytes(self.data[start:end]), info)

    def raw(self) -> RawPart:
        """The part's packed bytes (a view of `data`) with its facts."""
        info = self.info
        return RawPart(info.filename, stored_bytes(self.data, info, "the workbook"),
                       info.compress_type, info.CRC, info.file_size)


def sheet_part(part: str, tab: Tab, groups: Groups, writer: SheetWriter,
               replaced: Stored | None, into: Spool | None = None) -> RawPart:
    """`tab` as the packed part `part`; with `replaced`, the part of that name it replaces:
    an unchanged tab keeps its packed bytes (RawPart.streamed), and the cells of the old
    part that referred to shared strings are counted as dropped. With `into`, packed on
    to its file (see RawPart.streamed)."""
    strings = writer.strings
    before = strings.references
    packed = RawPart.streamed(part, writer.chunks(tab, groups),
                              replaced.raw() if replaced else None, into)
    if replaced is not None:
        strings.references_dropped += _old_references(
            replaced, packed, strings.references - before)
    return packed


def read_or_none(data: bytes, archive: zipfile.ZipFile, part: str | None) -> bytes | None:
    """A part's bytes, unpacked; None when there is no such part."""
    if not part or part not in archive.namelist():
        return None
    return read_part(data, archive.getinfo(part))


# A cell's tag whose `t` attribute says it refers to a shared string, in any attribute
# order and quoting. Never past a '<', which no tag holds: a '<c ' with no '>' after it
# (in a comment) is given up at the next '<', not searched to the end of the piece again.
SHARED_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c\s(?:[^<>]*?\s)?t\s*=\s*(?:\"s\"|'s')")
# Where a text, a formula or a formula's text result starts: it may spell `t="s">`.
_TEXTS = (b"<t>", b"<t ", b":t>", b":t ", b"<f>", b"<f ", b":f>", b":f ", b't="str"')


def _old_references(old: Stored, new: RawPart, written: int) -> int:
    """How many cells of a sheet part about to be replaced refer to shared strings, given
    `new`, the part replacing it, whose cells refer to them `written` times. A part stored
    as the very bytes of the new one (kept when its XML is repeated, see RawPart.streamed)
    unpacks to the very same XML, so holds the same cells: an unchanged tab, most of a
    nightly sync's, is not unpacked to count. A changed one is counted a piece at a time."""
    info = old.info
    if (new.method == info.compress_type and new.crc == info.CRC
            and new.size == info.file_size and len(new.data) == info.compress_size
            and stored_bytes(old.data, info, "the workbook") == new.data):
        return written
    return sum(map(_shared_cells, tag_regions(old.data, info)))


def _shared_cells(xml: bytes) -> int:
    """The cells referring to shared strings in a piece of sheet XML cut between tags.
    Quick where exact: with no "s" quoted there are none (a tab written inline); with
    every "s" ending a `t="s">` (as every writer we know puts the attribute) and no text
    to spell one, there are as many as those. Else each cell's tag is read (ten times
    slower)."""
    quoted, single = xml.count(b'"s"'), b"'s'" in xml
    if not quoted and not single:
        return 0
    if not single and xml.count(b't="s">') == quoted and not any(map(xml.__contains__, _TEXTS)):
        return quoted
    return sum(1 for _ in SHARED_CELL_TAG.finditer(xml))
