"""The sheet writer's quick paths give exactly what the plain paths give.

Rows are joined by their row number, a column of text has its shared strings looked up
together, hyperlinks are built per column and a value needing no escaping is passed
through: each is held here to the straightforward way of writing the same thing, on
hostile text, so the bytes of a workbook never depend on which path wrote them.
"""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_sheet_xml import STRICT, build, hostile_text

from skillsync.backends.xlsx import sheetframe, sheetxml, tableindex, tabtexts, xmltext
from skillsync.backends.xlsx.sheetframe import MAX_LINKS
from skillsync.backends.xlsx.sheetxml import SheetWriter
from skillsync.backends.xlsx.strings import StringTable
from skillsync.backends.xlsx.styles import Styles
from skillsync.core.model import column_letter
from skillsync.core.tabs import Column, Kind, Link, Tab

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TABLE = (f'<sst xmlns="{MAIN}" count="4" uniqueCount="3"><si><t>Ana</t></si>'
         '<si><t>R&amp;D</t></si><si><r><t>rich</t></r></si></sst>').encode()
QUICK = settings(max_examples=80, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


def attr_in_full(value: str) -> str:
    """`xmltext.attr` without its pass-through for values that need nothing."""
    value = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", value)
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
            .replace("\t", "&#9;"))


@QUICK
@given(value=st.one_of(hostile_text, st.text()))
def test_an_attribute_is_escaped_as_in_full(value):
    assert xmltext.attr(value) == attr_in_full(value)
    etree.fromstring(f'<a b="{xmltext.attr(value)}"/>'.encode("utf-8", "surrogatepass"),
                     STRICT)


def test_every_character_an_attribute_changes_is_seen():
    for code in [*range(0x20), 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFE, 0xFFFF]:
        assert xmltext.attr(f"a{chr(code)}b") == attr_in_full(f"a{chr(code)}b")
    for special in "&<>\"\n\r\t":
        assert xmltext.attr(special) != special


def writer_on(sst: bytes | None) -> SheetWriter:
    buffer = io.BytesIO()
    xlsxwriter.Workbook(buffer).close()
    with zipfile.ZipFile(buffer) as archive:
        styles = Styles(archive.read("xl/styles.xml"))
    return SheetWriter(StringTable(sst), styles.ids())


cell_values = st.lists(st.one_of(
    hostile_text, st.sampled_from(["Ana", "R&D", "rich", "", " ", "x" * 40_000]),
    hostile_text.map(lambda t: Link(t, "People", "B7"))), min_size=1, max_size=12)


@QUICK
@given(values=cell_values, uses=st.lists(st.integers(1, 5), min_size=12, max_size=12))
def test_a_text_column_is_rendered_as_cell_by_cell(values, uses):
    values = list({(type(v), str(v)): v for v in values}.values())  # distinct, as grouped
    bulk, single = writer_on(TABLE), writer_on(TABLE)
    texts = sheetxml._texts_of(values, set(map(type, values)))
    together = bulk._text_cells(texts, uses[:len(values)], 4, '<c r="B')
    one_by_one = [f'"{single._cell(v, 4, u)}<c r="B'.encode()
                  for v, u in zip(values, uses, strict=False)]
    assert together == one_by_one
    assert bulk.strings.render() == single.strings.render()


@QUICK
@given(texts=st.lists(st.one_of(hostile_text, st.sampled_from(["Ana", "R&D", "rich"])),
                      max_size=10),
       uses=st.lists(st.integers(0, 4), min_size=10, max_size=10))
def test_texts_looked_up_together_are_those_looked_up_one_by_one(texts, uses):
    together, one_by_one = StringTable(TABLE), StringTable(TABLE)
    uses = uses[:len(texts)]
    assert together.indices(texts, uses) == [one_by_one.index(t, u)
                                             for t, u in zip(texts, uses, strict=True)]
    assert together.render() == one_by_one.render()


def rows_by_format(cells: list[sheetxml._Cells], letters: list[str], start: int,
                   stop: int) -> bytes:
    """Rows as one string format each: the writer's rows, written the plain way."""
    bodies = [[xml.decode()[1:].rsplit("<c r=", 1)[0].removesuffix("</row>")
               for xml in column.block(start, stop)] for column in cells]
    template = '<row r="%s">' + "".join(f'<c r="{c}%s"%s' for c in letters) + "</row>"
    numbers = list(map(str, range(start + 2, stop + 2)))
    columns = [numbers]
    for body in bodies:
        columns += [numbers, body]
    return "".join(template % row for row in zip(*columns, strict=True)).encode()


@QUICK
@given(data=st.data(), width=st.integers(1, 30), height=st.integers(1, 40))
def test_rows_joined_by_their_number_are_the_rows_formatted(data, width, height):
    writer = writer_on(None)
    letters = [column_letter(i + 1) for i in range(width)]
    then = [f'<c r="{letter}' for letter in letters[1:]] + ["</row>"]
    cells = []
    for after in then:
        found = data.draw(st.lists(st.one_of(hostile_text, st.integers(), st.none()),
                                   min_size=1, max_size=4, unique_by=lambda v: (type(v), v)))
        codes = np.asarray(data.draw(st.lists(st.integers(0, len(found) - 1),
                                              min_size=height, max_size=height)))
        cells.append(writer._cells(codes.astype(np.int32), found, 4, after))
    start = data.draw(st.integers(0, height - 1))
    assert sheetxml._rows(cells, letters[0], start, height) == \
        rows_by_format(cells, letters, start, height)


def links_in_full(cells: list[sheetxml._Cells], letters: list[str]) -> list[str]:
    """Every link cell's <hyperlink>, row by row then column by column, capped."""
    found = []
    for column, kept in enumerate(cells):
        rows = [r for r, code in enumerate(kept.codes.tolist()) if code in kept.links]
        found += [(row, column, kept.codes[row]) for row in rows[:MAX_LINKS]]
    entries = []
    for row, column, code in sorted(found)[:MAX_LINKS]:
        link = cells[column].links[code]
        where = attr_in_full(f"{xmltext.quote_sheet(link.sheet)}!{link.cell}")
        entries.append(f'<hyperlink ref="{letters[column]}{row + 2}" location="{where}" '
                       f'display="{attr_in_full(link.text)}"/>')
    return entries


@QUICK
@given(data=st.data())
def test_links_of_several_columns_come_row_by_row(data):
    writer = writer_on(None)
    sheets = st.one_of(hostile_text, st.just("People"))
    cells = []
    for _ in range(data.draw(st.integers(1, 4))):
        found = data.draw(st.lists(st.one_of(
            st.builds(Link, hostile_text, sheets, st.sampled_from(["A1", "C9"])),
            hostile_text, st.none()), min_size=1, max_size=5))
        codes = data.draw(st.lists(st.integers(0, len(found) - 1), min_size=6, max_size=6))
        cells.append(writer._cells(np.asarray(codes, dtype=np.int32), found, 4, "</row>"))
    letters = [column_letter(i + 1) for i in range(len(cells))]
    assert sheetframe.hyperlinks(cells, letters) == links_in_full(cells, letters)


def test_two_link_columns_past_excels_limit_keep_the_first_links_row_by_row():
    rows = MAX_LINKS // 2 + 10
    frame = pd.DataFrame({"A": [Link(f"a{i}", "People", f"A{i}") for i in range(rows)],
                          "B": [Link(f"b{i}", "People", f"B{i}") for i in range(rows)]})
    tab = Tab("t", "Two", (Column("A", Kind.LINK), Column("B", Kind.LINK)), frame)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    book.add_worksheet("People")
    book.close()
    data = build(buffer.getvalue(), [tab])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = next(n for n in archive.namelist() if b"<hyperlinks>" in archive.read(n))
        refs = re.findall(rb'<hyperlink ref="([A-Z]+\d+)"', archive.read(part))
    assert len(refs) == MAX_LINKS
    assert refs[:4] == [b"A2", b"B2", b"A3", b"B3"]
    assert refs[-1] == f"B{MAX_LINKS // 2 + 1}".encode()  # whole rows, the first ones
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Two"]
    assert sheet["B3"].hyperlink.location == "'People'!B1"


def index_by_forms(sst: bytes, wanted: set[str]) -> tuple[dict[str, int], int]:
    """Where each wanted text first is in a table as Excel writes it, found the plain way:
    every entry in turn, compared with each text's escaped UTF-8 form."""
    forms = {xmltext.text(t).encode("utf-8"): t for t in wanted}
    index: dict[str, int] = {}
    entries = re.findall(rb'<si>(?:<t(?: xml:space="preserve")?>([^<]*)</t></si>)?', sst)
    for position, raw in enumerate(entries):
        if raw and raw in forms:
            index.setdefault(forms[raw], position)
    return index, len(entries)


def table_of(entries: list[bytes]) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}">'
            .encode() + b"".join(entries) + b"</sst>")


entry_texts = st.one_of(hostile_text, st.sampled_from(
    ["Ana", "R&D", "a&b", "a&amp;b", "_x0041_", "A", " Ana ", ""]))


@QUICK
@given(texts=st.lists(entry_texts, max_size=14), wanted=st.sets(entry_texts, max_size=10),
       piece=st.integers(1, 64), data=st.data())
def test_texts_sought_in_a_table_are_found_where_they_first_are(texts, wanted, piece, data):
    entries = [b"<si>" + xmltext.t_element(t).encode("utf-8") + b"</si>" for t in texts]
    odd = data.draw(st.lists(st.sampled_from([
        b"<si><r><t>Ana</t></r></si>", b"<si><t></t></si>", b"<si><t>\xff\xfeAna</t></si>",
        b"<si><t>&#65;</t></si>", b"<si><t>A&amp;b</t></si>", b"<si><t>_x0041_</t></si>"]),
        max_size=4))
    for entry in odd:
        entries.insert(data.draw(st.integers(0, len(entries))), entry)
    sst = table_of(entries)
    original = tableindex._PIECE
    tableindex._PIECE = piece  # many pieces: a text may first be in any of them
    try:
        assert tableindex.plain_string_index(sst, wanted) == index_by_forms(sst, wanted)
    finally:
        tableindex._PIECE = original


@QUICK
@given(texts=st.lists(entry_texts, max_size=10), wanted=st.sets(entry_texts, max_size=8),
       spaces=st.lists(st.sampled_from([b"", b"\n", b"\n  ", b"\r\n", b" "]), min_size=11,
                       max_size=11))
def test_a_table_laid_out_with_spaces_never_gives_a_wrong_place(texts, wanted, spaces):
    """Spaces between entries (a table not written by Excel) may keep an entry from being
    reused, never give a text a place that is not its own, nor miscount the entries."""
    entries = [b"<si>" + xmltext.t_element(t).encode("utf-8") + b"</si>" + space
               for t, space in zip(texts, spaces, strict=False)]
    sst = table_of(entries)
    index, count = tableindex.plain_string_index(sst, wanted)
    expected, entries_counted = index_by_forms(sst, wanted)  # (spaces skipped by a pattern)
    assert count == entries_counted == len(texts)
    assert all(texts[at] == text for text, at in index.items())  # (maybe a later copy)
    assert index.keys() <= expected.keys()


@pytest.mark.parametrize("end", [b"</si >", b"</si\n>", b"</si\t\r\n >"])
def test_an_entry_ended_with_spaces_shifts_no_index(end):
    """An end tag with spaces before its '>' (well-formed XML): every text is still given
    the place a parser gives it, in a table a pattern reads (one with an empty <si/>)."""
    sst = table_of([b"<si/>", b"<si><t>a </t>" + end, b"<si><t>si</t></si>",
                    b"<si><t>b</t>" + end, b"<si><t>c</t></si>"])
    index, count = tableindex.plain_string_index(sst, {"si", "b", "c"})
    assert count == 5
    assert {text: index[text] for text in ("si", "b", "c")} == {"si": 2, "b": 3, "c": 4}


@QUICK
@given(columns=st.lists(st.lists(st.one_of(
    hostile_text, hostile_text.map(lambda t: Link(t, "People", "A1")), st.integers(),
    st.none()), min_size=1, max_size=5), min_size=1, max_size=4))
def test_the_texts_a_write_needs_are_every_text_and_link_text(columns):
    tab = Tab("t", "T", tuple(Column(f"c{i}") for i in range(len(columns))),
              pd.DataFrame({f"c{i}": pd.Series(c + [None] * (5 - len(c)), dtype=object)
                            for i, c in enumerate(columns)}))
    groups = {"T": sheetxml.group_columns(tab)}
    expected = {f"c{i}" for i in range(len(columns))}
    expected |= {str(v) for c in columns for v in c if isinstance(v, (str, Link))}
    texts = tabtexts.texts_of([tab], groups)
    assert texts.keys() == expected
    assert all(text == key for key, text in texts.items())  # each text maps to itself
