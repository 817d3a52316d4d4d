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
from test_sheet_xml import build, hostile_text

from skillsync.backends.xlsx import sheetparts
from skillsync.backends.xlsx.zipread import count_in_part
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
        return sum(count_in_part(data, info, b't="s"') for info in archive.infolist()
                   if info.filename.startswith("xl/worksheets/"))


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
    assert sheetparts.count_in_part is count_in_part  # the plain way stays the fallback
