"""A sheet handed to calamine led by an empty list of merged ranges reads exactly as the
workbook's own sheet does (cells, merged ranges, or the same failure), on hostile XML."""

from __future__ import annotations

import io
import zipfile

import pytest
import python_calamine
from hostile import rewrite_parts, small_workbook

from skillsync.backends.xlsx import calaminefeed

SHEET1 = "xl/worksheets/sheet1.xml"
TAIL = b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75"/></worksheet>'


def _read(package: bytes, tab: str = "People"):
    """What calamine makes of `tab`: its cells and merged ranges, or its failure."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(package))
        sheet = book.get_sheet_by_name(tab)
        return sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges
    except python_calamine.CalamineError as exc:
        return type(exc).__name__, str(exc)


def _edited(tmp_path, edit, method=zipfile.ZIP_DEFLATED) -> tuple[bytes, bytes]:
    path = small_workbook(tmp_path / "book.xlsx")
    rewrite_parts(path, {SHEET1: edit})
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in parts:
            target.writestr(name, content, compress_type=method if name == SHEET1
                            else zipfile.ZIP_DEFLATED)
    return buffer.getvalue(), dict(parts)[SHEET1]


def _tail(replacement: bytes):
    return lambda xml: xml[: xml.index(b"</sheetData>") + 12] + replacement


EDITS = {
    "as written": lambda xml: xml,
    "merged ranges": lambda xml: xml.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A2:B3"/>'
                         b"</mergeCells>"),
    "prefixed merged ranges": lambda xml: xml.replace(
        b"</sheetData>", b'</sheetData><x:mergeCells xmlns:x="u"><x:mergeCell ref="A2:B3"/>'
                         b"</x:mergeCells>"),
    "merged range in a comment": _tail(b'<!-- <mergeCells><mergeCell ref="A1:B2"/>'
                                       b"</mergeCells> -->" + TAIL),
    "a BOM": lambda xml: b"\xef\xbb\xbf" + xml,
    "another encoding": lambda xml: xml.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"'),
    "no declaration": lambda xml: xml[xml.index(b"?>") + 2:].lstrip(),
    "lower-case encoding": lambda xml: xml.replace(b'encoding="UTF-8"', b'encoding="utf-8"'),
    "a broken tail": _tail(b'<pageMargins left="0.7" right="0.7'),
    "an unclosed comment after the cells": _tail(b"<!-- " + TAIL),
    "an unclosed CDATA after the cells": _tail(b"<![CDATA[ " + TAIL),
    "a processing instruction after the cells": _tail(b"<?pi x?>" + TAIL),
    "a stray '<' after the cells": _tail(b"< " + TAIL),
    "a bang after the cells": _tail(b"<!x>" + TAIL),
    "no root end": _tail(b""),
    "an end tag alone": _tail(b"</x></y>" + TAIL),
    "a quoted '>' after the cells": _tail(b'<pageMargins left="a>b"/>' + TAIL),
    "cells' end in a comment first": lambda xml: xml.replace(
        b"<sheetData>", b"<!-- </sheetData> --><sheetData>"),
    "no cells": lambda xml: xml[: xml.index(b"<sheetData>")] + TAIL,
    "text after the cells": _tail(b"loose text; more" + TAIL),
    "a reference after the cells": _tail(b"&amp;" + TAIL),
    "an unclosed reference after the cells": _tail(b"loose & more" + TAIL),
    "the root closed before the cells": lambda xml: xml.replace(
        b"<sheetData>", b"</worksheet><sheetData>"),
    "a comment before the cells": lambda xml: xml.replace(b"<sheetData>",
                                                          b"<!-- x --><sheetData>"),
}


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED],
                         ids=["deflated", "stored"])
@pytest.mark.parametrize("name", list(EDITS))
def test_the_package_handed_over_reads_as_the_workbook(tmp_path, monkeypatch, name, method):
    monkeypatch.setattr(calaminefeed, "LARGE", 0)
    package, xml = _edited(tmp_path, EDITS[name], method)
    archive = zipfile.ZipFile(io.BytesIO(package))
    handed = calaminefeed.package_for(package, archive, SHEET1, xml)
    assert _read(handed) == _read(package)


def test_a_plain_sheet_is_handed_over_led_by_no_merges(tmp_path, monkeypatch):
    """The short read happens where it is certain (so the test above tests it)."""
    monkeypatch.setattr(calaminefeed, "LARGE", 0)
    for name in ("as written", "lower-case encoding", "no root end", "text after the cells"):
        package, xml = _edited(tmp_path, EDITS[name])
        handed = calaminefeed.package_for(package, zipfile.ZipFile(io.BytesIO(package)),
                                          SHEET1, xml)
        assert handed != package, name
        with zipfile.ZipFile(io.BytesIO(handed)) as archive:
            assert archive.testzip() is None  # sizes and checksums as recorded
            assert archive.read(SHEET1) == calaminefeed.NO_MERGES + xml
    for name in ("merged ranges", "prefixed merged ranges", "merged range in a comment",
                 "a BOM", "another encoding", "a broken tail", "a stray '<' after the cells",
                 "an unclosed comment after the cells", "no cells", "a comment before the cells",
                 "an unclosed reference after the cells", "the root closed before the cells",
                 "no declaration", "a reference after the cells", "an end tag alone",
                 "a quoted '>' after the cells"):
        package, xml = _edited(tmp_path, EDITS[name])
        archive = zipfile.ZipFile(io.BytesIO(package))
        assert calaminefeed.package_for(package, archive, SHEET1, xml) is package, name


def test_a_small_sheet_is_read_from_the_workbook_itself(tmp_path):
    package, xml = _edited(tmp_path, EDITS["as written"])
    archive = zipfile.ZipFile(io.BytesIO(package))
    assert calaminefeed.package_for(package, archive, SHEET1, xml) is package


def test_a_large_sheet_reads_the_same_through_the_reader(tmp_path):
    """A sheet past the size where the copy is made, read by the Excel backend, against
    calamine on the workbook itself."""
    from skillsync.backends.excel import ExcelBackend

    def many(book):
        sheet = book.add_worksheet("Many")
        for row in range(30_000):
            sheet.write_row(row, 0, [f"name {row}", row * 1.5, "text ü", True])
    path = small_workbook(tmp_path / "large.xlsx", extra=many)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet2.xml").file_size > calaminefeed.LARGE
    backend = ExcelBackend(path, writing=False)
    grids = backend.read(["Many", "People"])
    backend.close()
    package = path.read_bytes()
    assert grids["Many"].rows == _read(package, "Many")[0]
    assert grids["People"].rows == _read(package, "People")[0]


def test_a_copy_calamine_cannot_read_falls_back_to_the_workbook(tmp_path, monkeypatch):
    """Should a calamine release read the lead otherwise (here: a lead it must refuse), the
    workbook's own package is read, with the same grid as without the copy."""
    from skillsync.backends.excel import ExcelBackend

    path = small_workbook(tmp_path / "book.xlsx")
    expected = ExcelBackend(path, writing=False)
    wanted = expected.read(["People"])
    expected.close()
    monkeypatch.setattr(calaminefeed, "LARGE", 0)
    monkeypatch.setattr(calaminefeed, "NO_MERGES", b"<mergeCells></row>")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(SHEET1)
        handed = calaminefeed.package_for(path.read_bytes(), archive, SHEET1, xml)
    assert isinstance(_read(handed)[0], str)  # calamine refuses the copy...
    backend = ExcelBackend(path, writing=False)
    assert backend.read(["People"]) == wanted  # ...and the reader reads the workbook
    backend.close()
