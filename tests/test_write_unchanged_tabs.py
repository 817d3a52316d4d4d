"""A tab replaced by the very same packed bytes is not unpacked to count its references.

The shared strings' count drops the cells of our replaced tabs that referred to an entry.
A tab stored as exactly the bytes packed now takes that number from the cells just
written; any other is unpacked and counted. Both must give the same workbook: here a
second write over an unchanged workbook (the quick way) is held to the same write over
that workbook repacked at another level (every tab counted), on hostile text.
"""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_sheet_xml import build, hostile_text

from skillsync.backends.xlsx import sheetparts, zipread
from skillsync.backends.xlsx.zipparts import RawPart
from skillsync.core.tabs import Column, Kind, Link, Tab

QUICK = settings(max_examples=15, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])
ODD = ['t="s"', "t=&quot;s&quot;", '<c t="s">', "_x000D_", "\r", "😀", "\ud800", "",
       "x" * 32_767, "y" * 40_000, "Name"]


def base_workbook(texts: list[str]) -> bytes:
    """A workbook as XlsxWriter saves it, its shared strings already holding `texts`."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    sheet = book.add_worksheet("People")
    for row, text in enumerate(texts):  # XlsxWriter cannot write lone surrogates
        sheet.write_string(row, 0, re.sub("[\ud800-\udfff]", "?", text))
    book.close()
    return buffer.getvalue()


def tabs_of(texts: list[str], links: list[str]) -> list[Tab]:
    words = Tab("words", "Words", (Column("Word"), Column("Also", Kind.WRAP)),
                pd.DataFrame({"a": texts, "b": list(reversed(texts))}))
    linked = Tab("links", "Links 't=\"s\"'", (Column("Where", Kind.LINK), Column("N", Kind.INT)),
                 pd.DataFrame({"a": [Link(t, "People", "A2") for t in links],
                               "b": list(range(len(links)))}))
    return [words, linked]


def repacked(data: bytes, level: int) -> bytes:
    """The same parts, packed again at `level`: no part is stored as it would be packed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


def unpacked(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def shared_count(data: bytes) -> int:
    sst = unpacked(data)["xl/sharedStrings.xml"]
    return int(re.search(rb'\bcount="(\d+)"', sst).group(1))


def references(data: bytes) -> int:
    """Every cell of every sheet that refers to a shared string, counted in the parts."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(len(re.findall(rb'<c [^>]*\bt="s"', archive.read(info)))
                   for info in archive.infolist() if info.filename.startswith("xl/worksheets/"))


texts_st = st.lists(st.one_of(hostile_text, st.sampled_from(ODD)), min_size=1, max_size=8)


@QUICK
@given(known=texts_st, texts=texts_st, links=texts_st, changed=texts_st)
def test_an_unchanged_tab_counts_as_a_counted_one(known, texts, links, changed):
    n = min(len(texts), len(links))
    base = base_workbook(known)
    first = build(base, tabs_of(texts[:n], links[:n]))
    for tabs in (tabs_of(texts[:n], links[:n]), tabs_of(changed[:n], links[:n])):
        quick = build(first, tabs)  # the unchanged tabs stored as they are packed again
        counted = build(repacked(first, 9), tabs)  # every tab unpacked and counted
        assert unpacked(quick) == unpacked(counted)
        assert shared_count(quick) == references(quick)


def packed(data: bytes) -> dict[str, bytes]:
    """Our sheet parts' bytes as stored."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: sheetparts.stored_bytes(data, info, "test").tobytes()
                for info in archive.infolist() if info.filename.startswith("xl/worksheets/")}


@pytest.mark.parametrize("texts", [["Ana"], ODD, ["a", "a", "b"] * 3000, ["z" * 32_767] * 3,
                                   ["\U0001F600" * 20_000, "w" * 32_768]])
def test_a_second_write_keeps_the_count_exact(texts):
    base = base_workbook(["Ana", "R&D"])
    tabs = tabs_of(texts, texts)
    first = build(base, tabs)
    second = build(first, tabs)
    assert packed(second) == packed(first)  # every tab was unchanged: none was unpacked
    assert unpacked(second) == unpacked(build(repacked(first, 1), tabs))
    assert shared_count(second) == references(second) == shared_count(first)


def test_a_part_stored_unpacked_is_counted(tmp_path):
    tabs = tabs_of(["Ana", "R&D"], ["x"])
    first = build(base_workbook([]), tabs)
    stored = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(first)) as source, \
            zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    assert unpacked(build(stored.getvalue(), tabs)) == unpacked(build(first, tabs))


MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
ROWS = {  # cells as other writers may leave a tab of ours: each referring or not
    "ours": b'<c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="2"><v>3</v></c>',
    "t first": b'<c r="A1" t="s" s="1"><v>0</v></c><c r="B1" t="s"><v>1</v></c>',
    "quoted so": b"<c r='A1' t='s'><v>0</v></c><c r=\"B1\" t = \"s\" ><v>1</v></c>",
    "prefixed": b'<x:c r="A1" t="s"><x:v>0</x:v></x:c>',
    "inline": b'<c r="A1" t="inlineStr"><is><t>t="s"> and t="s"</t></is></c>'
              b'<c r="B1" t="s"><v>0</v></c>',
    "formula": b'<c r="A1"><f>IF(t="s",1,2)</f><v>1</v></c><c r="B1" t="s"><v>0</v></c>',
    "text only": b'<c r="A1" t="inlineStr"><is><t>t="s"</t></is></c>',
    "long text": b'<c r="A1" t="inlineStr"><is><t>' + b"x" * 300_000 + b"</t></is></c>"
                 + b'<c r="B1" t="s"><v>0</v></c>' * 3,
}


@pytest.mark.parametrize("step", [7, 1 << 20])
@pytest.mark.parametrize("kind", list(ROWS))
def test_a_replaced_tab_s_shared_cells_are_counted_as_a_parser_counts_them(
        monkeypatch, kind, step):
    """However the tab being replaced was last written (attribute order and quoting, a
    prefix, text or formulas spelling `t="s"`), its cells referring to the table are
    counted exactly: the table's count never drifts. Read in pieces of `step` bytes."""
    rows = ROWS[kind] * 40
    xml = b"<worksheet " + MAIN + b' xmlns:x="' + MAIN.split(b'"')[1] + b'"><sheetData>'
    xml += b'<row r="1">' + rows + b"</row></sheetData></worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        old = sheetparts.Stored.of(data, archive, "xl/worksheets/sheet1.xml")
    parsed = etree.fromstring(xml)
    cells = parsed.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}c")
    expected = sum(1 for cell in cells if cell.get("t") == "s")
    monkeypatch.setattr(zipread, "_STEP", step)
    other = RawPart("xl/worksheets/sheet1.xml", b"", zipfile.ZIP_DEFLATED, 0, 0)
    assert sheetparts._old_references(old, other, 0) == expected
