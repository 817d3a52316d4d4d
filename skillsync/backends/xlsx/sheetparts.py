"""One tab's sheet part, and what the writer gathers for it: the texts its cells hold,
the part it replaces. Tabs can also be made on their own (`sheets_alone`): the largest are
made in a second process while this one builds the others (see skillsync.forked)."""

from __future__ import annotations

import io
import operator
import zipfile
from dataclasses import dataclass

from skillsync.backends.xlsx.package import Package
from skillsync.backends.xlsx.sheetxml import EXCEL_CELL_CHARS, Groups, SheetWriter, group_columns
from skillsync.backends.xlsx.strings import StringTable
from skillsync.backends.xlsx.styles import Styles
from skillsync.backends.xlsx.zipparts import RawPart
from skillsync.backends.xlsx.zipread import count_in_part, read_part, stored_bytes
from skillsync.core.tabs import Link, Tab, cut_to

# The tabs whose texts take the shared strings' first new entries, in this order (when
# written): their parts then depend on the workbook's own table alone, so they can be made
# on their own (`sheets_alone`), in a second process, while the other tabs are built.
FIRST_NUMBERED = ("people_skills", "duplicates")


def numbering_order(tab: Tab) -> int:
    """Where a tab's texts are numbered: FIRST_NUMBERED's first, the others after, in
    the order they come (a stable sort keeps it)."""
    return FIRST_NUMBERED.index(tab.key) if tab.key in FIRST_NUMBERED else len(FIRST_NUMBERED)


@dataclass(frozen=True)
class Alone:
    """Tabs' sheet parts made on their own, and what making them did to the shared
    strings."""

    appended: list[str]  # texts they appended to the table, in order
    references: int  # cells they wrote that refer to an entry
    # title -> (its part, named "" when new: the writer names it; how many cells of the
    # part it replaces referred to an entry)
    parts: dict[str, tuple[RawPart, int]]


def sheets_alone(data: bytes, package: Package, tabs: list[Tab],
                 replaced: dict[str, str | None]) -> Alone:
    """`tabs`' parts made against the workbook's own shared strings, each replacing the
    part `replaced[title]` (None: a new part), exactly as `build_pieces` makes them when
    `tabs` are the FIRST_NUMBERED tabs it writes."""
    tabs = sorted(tabs, key=numbering_order)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        groups = {tab.title: group_columns(tab) for tab in tabs}
        strings = StringTable(read_member(data, archive, package.strings_part), 0,
                              texts_of(tabs, groups))
        writer = SheetWriter(strings, Styles(read_member(data, archive,
                                                         package.styles_part)).ids(),
                             package.date1904)
        parts = {tab.title: sheet_part(data, archive, writer, tab, groups[tab.title],
                                       replaced[tab.title] or "",
                                       replaced[tab.title] is not None)
                 for tab in tabs}
    return Alone(strings.appended, strings.references, parts)


def sheet_part(data: bytes, archive: zipfile.ZipFile, writer: SheetWriter, tab: Tab,
                groups: Groups, part: str, replacing: bool) -> tuple[RawPart, int]:
    """A tab's packed part, and how many cells of the part it replaces referred to shared
    strings (which the table's count loses)."""
    before = writer.strings.references
    stored = stored_part(data, archive, part) if replacing else None
    packed = RawPart.streamed(part, writer.chunks(tab, groups), stored)
    if not replacing:
        return packed, 0
    return packed, _old_references(data, archive.getinfo(part), packed,
                                   writer.strings.references - before)


def stored_part(data: bytes, archive: zipfile.ZipFile, part: str) -> RawPart:
    """The part as the workbook stores it (its packed bytes a view of `data`)."""
    info = archive.getinfo(part)
    return RawPart(part, stored_bytes(data, info, "the workbook"), info.compress_type,
                   info.CRC, info.file_size)


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


def read_member(data: bytes, archive: zipfile.ZipFile, part: str | None) -> bytes | None:
    if not part or part not in archive.namelist():
        return None
    return read_part(data, archive.getinfo(part))
