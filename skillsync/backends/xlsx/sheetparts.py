"""One of our tabs rendered straight into its packed sheet part, in the sync or aside."""

from __future__ import annotations

import zipfile

from skillsync.backends.xlsx.sheetxml import Groups, SheetWriter
from skillsync.backends.xlsx.zipparts import RawPart
from skillsync.backends.xlsx.zipread import count_in_part, read_part, stored_bytes
from skillsync.core.tabs import Tab


def sheet_part(data: bytes, archive: zipfile.ZipFile, part: str, tab: Tab, groups: Groups,
               writer: SheetWriter, replaces: bool) -> RawPart:
    """`tab` as the packed part `part`; with `replaces`, the workbook's part of that name
    is the one it replaces: an unchanged tab keeps its packed bytes (RawPart.streamed),
    and the cells of the old part that referred to shared strings are counted as dropped."""
    strings = writer.strings
    before = strings.references
    stored = stored_part(data, archive, part) if replaces else None
    packed = RawPart.streamed(part, writer.chunks(tab, groups), stored)
    if replaces:
        strings.references_dropped += _old_references(
            data, archive.getinfo(part), packed, strings.references - before)
    return packed


def stored_part(data: bytes, archive: zipfile.ZipFile, part: str) -> RawPart:
    """The part as the workbook stores it (its packed bytes a view of `data`)."""
    info = archive.getinfo(part)
    return RawPart(part, stored_bytes(data, info, "the workbook"), info.compress_type,
                   info.CRC, info.file_size)


def read_or_none(data: bytes, archive: zipfile.ZipFile, part: str | None) -> bytes | None:
    """A part's bytes, unpacked; None when there is no such part."""
    if not part or part not in archive.namelist():
        return None
    return read_part(data, archive.getinfo(part))


def _old_references(data: bytes, info: zipfile.ZipInfo, new: RawPart, written: int) -> int:
    """How many cells of a sheet part about to be replaced refer to shared strings, given
    `new`, the part replacing it, whose cells refer to them `written` times. A part stored
    as the very bytes of the new one (kept when its XML is repeated, see RawPart.streamed)
    unpacks to the very same XML, so holds the same cells (every `t="s"` SheetWriter
    writes is one reference; text is only ever in escaped attributes): an unchanged tab,
    most of a nightly sync's, is not unpacked to count."""
    if (new.method == info.compress_type and new.crc == info.CRC
            and new.size == info.file_size and len(new.data) == info.compress_size
            and stored_bytes(data, info, "the workbook") == new.data):
        return written
    return count_in_part(data, info, b't="s"')
