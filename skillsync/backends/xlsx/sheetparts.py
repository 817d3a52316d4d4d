"""One of our tabs rendered straight into its packed sheet part, in the sync or aside."""

from __future__ import annotations

import copy
import zipfile
from dataclasses import dataclass

from skillsync.backends.xlsx.sheetxml import Groups, SheetWriter
from skillsync.backends.xlsx.zipparts import RawPart, Spool
from skillsync.backends.xlsx.zipread import count_in_part, read_part, stored_bytes, stored_span
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


SHARED_CELL = b't="s">'  # how the tag of a cell referring to a shared string ends


def _old_references(old: Stored, new: RawPart, written: int) -> int:
    """How many cells of a sheet part about to be replaced refer to shared strings, given
    `new`, the part replacing it, whose cells refer to them `written` times. A part stored
    as the very bytes of the new one (kept when its XML is repeated, see RawPart.streamed)
    unpacks to the very same XML, so holds the same cells: an unchanged tab, most of a
    nightly sync's, is not unpacked to count. A changed one is counted by the end of
    its cells' tags, `t="s">`: text (an inline string's, a formula's) may hold `t="s"`
    but never a bare `>`, which every writer escapes there (ours, Excel, LibreOffice)."""
    info = old.info
    if (new.method == info.compress_type and new.crc == info.CRC
            and new.size == info.file_size and len(new.data) == info.compress_size
            and stored_bytes(old.data, info, "the workbook") == new.data):
        return written
    return count_in_part(old.data, info, SHARED_CELL)
