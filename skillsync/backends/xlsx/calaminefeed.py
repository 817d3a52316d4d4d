"""The package handed to calamine: the workbook's own, or a copy in which one large sheet
says first that it has no merged ranges.

calamine reads a sheet twice: once for its cells, then again from the top for its merged
ranges, which Excel writes after the cells; a sheet without any is read to its end for
nothing (a fifth of calamine's time on a large sheet). When the sheet's XML holds no
merged range at all, its copy starts with an empty list of them (`<mergeCells/>`), where
that second read stops at once. The sheet's stream is not repacked: a stored deflate
block holding those bytes is put before its compressed bytes, which inflate as before
(their back-references are distances, unchanged by what comes first). Every other part
is copied as stored.

Only sheets whose outcome is the same get this: no `mergeCell` anywhere (so the full
read finds none), a plain UTF-8 declaration first (the element before it changes nothing
calamine decodes), plain markup before and after the cells, the root open around them
and no end tag after them left without its start (the full read would meet anything else
there and fail on it, where the short one would not). What is not checked: a sheet whose
cells hold more end tags than start tags (`<row></row></row>`), which leaves the root
closed early, is refused by the full read at the root's end tag and read by the short one.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import replace

from skillsync import deflate
from skillsync.backends.xlsx.zipparts import RawPart, needs_zip64, read_raw, write_parts

NO_MERGES = b"<mergeCells/>"
LARGE = 1 << 20  # unpacked bytes: a smaller sheet is read twice rather than copied

_PLAIN_DECLARATION = re.compile(
    rb'<\?xml version="1\.0"(?: encoding="(?i:utf-8)")?(?: standalone="(?:yes|no)")? ?\?>')
# Around the cells: start and end tags with plain attributes, and text without references;
# no comment, CDATA, processing instruction, '<' or '&' out of place.
_PLAIN_MARKUP = re.compile(
    rb'(?:[^<&]++|<[A-Za-z_][\w.:-]*+(?:\s++[A-Za-z_][\w.:-]*+\s*+=\s*+(?:"[^"<>]*+"|'
    rb"'[^'<>]*+'))*+\s*+/?>|</[A-Za-z_][\w.:-]*+\s*+>)*+")
_TAG = re.compile(rb"<(/?)[^>]*?(/?)>")  # in plain markup: (end?, empty?) of each tag


def merges_certainly_absent(xml: bytes) -> bool:
    """Whether calamine's read for merged ranges finds none in `xml` and runs into nothing
    after the cells that could make it fail."""
    declaration = _PLAIN_DECLARATION.match(xml)
    if b"mergeCell" in xml or declaration is None:
        return False
    cells, after_cells = xml.find(b"<sheetData>"), xml.find(b"</sheetData>")
    if cells < 0 or after_cells < cells:
        return False
    opened = _depths(xml, declaration.end(), cells, 0)  # the root, around the cells
    return opened is not None and opened >= 1 and _depths(xml, after_cells + 12, len(xml), 1
                                                          ) is not None


def _depths(xml: bytes, start: int, end: int, depth: int) -> int | None:
    """The depth of elements open after xml[start:end], plain markup opened at `depth`
    (None when it is not plain or an end tag finds nothing open, as calamine's XML reader
    would fail)."""
    if _PLAIN_MARKUP.fullmatch(xml, start, end) is None:
        return None
    for end_tag, empty in _TAG.findall(xml, start, end):
        depth += -1 if end_tag else 0 if empty else 1
        if depth < 0:
            return None
    return depth


def package_for(data: bytes, archive: zipfile.ZipFile, part: str, xml: bytes) -> bytes:
    """The package calamine should open to read `part` (whose content is `xml`)."""
    info = archive.getinfo(part)
    if (info.file_size < LARGE or info.compress_type not in (zipfile.ZIP_DEFLATED,
                                                             zipfile.ZIP_STORED)
            or needs_zip64(archive) or not merges_certainly_absent(xml)):
        return data
    stream, out = io.BytesIO(data), io.BytesIO()
    parts = [read_raw(archive, stream, i) for i in archive.infolist()]
    write_parts(out, [_led_by_no_merges(p, xml) if p.name == part else p for p in parts])
    return out.getvalue()


def _led_by_no_merges(part: RawPart, xml: bytes) -> RawPart:
    """`part` (whose content is `xml`) with NO_MERGES before its content."""
    if part.method == zipfile.ZIP_DEFLATED:  # a stored block, not the last: header, LEN, NLEN
        lead = b"\x00" + struct.pack("<HH", len(NO_MERGES), len(NO_MERGES) ^ 0xFFFF) + NO_MERGES
    else:
        lead = NO_MERGES
    return replace(part, data=lead + part.data, crc=deflate.crc32(xml, deflate.crc32(NO_MERGES)),
                   size=part.size + len(NO_MERGES))
