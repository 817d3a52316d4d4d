"""The sheet writer, tested once and thoroughly so a sync need not parse its own output.

SheetWriter builds our worksheet parts from escaped pieces only, and the writer no longer
re-parses them at every sync (only parts amended from the workbook's own XML are). These
tests hold it to that: whatever text, numbers, dates and links a tab holds — control
characters, lone surrogates, markup, XML's own escapes, OOXML's _xHHHH_ escapes, formulas —
the whole package it builds parses as strict XML, and calamine and openpyxl (independent
readers) read every value back as written.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import date, datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest
import python_calamine
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from messy import build_messy_workbook

from skillsync import pipeline
from skillsync.backends.excel import ExcelBackend
from skillsync.backends.xlsx import writer, xmltext
from skillsync.backends.xlsx.inline import InlineTexts, NeedsSharedStrings
from skillsync.backends.xlsx.package import read_package
from skillsync.backends.xlsx.sheetframe import MAX_LINKS
from skillsync.backends.xlsx.sheetxml import BLOCK_ROWS, RUN_ROWS, SheetWriter
from skillsync.backends.xlsx.strings import StringTable
from skillsync.backends.xlsx.styles import Styles
from skillsync.core import analysis, distinct
from skillsync.core.summary import SyncFacts
from skillsync.core.tabs import MAX_ROWS, Column, Kind, Link, Tab, too_many_rows
from skillsync.errors import SkillsyncError

STRICT = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
NASTY = ["\x00", "\x01", "\x0b", "\x1f", "\r", "\r\n", "\n", "\t", "\ufffe", "\uffff",
         "\ud800", "\udfff", "\ud83d\ude00", "😀", "<", ">", "&", '"', "'", "&amp;", "&#0;",
         "]]>", "<![CDATA[", "<script>", "_x0041_", "_x005F_", "_xD800_", "=HYPERLINK(1)",
         "@SUM(A1)", "+1", "-=1", " ", "\u00a0", "\u200b", "\u2028", "ß", "İ", "🏳️‍🌈"]
hostile_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)),
                        max_size=6).map("".join)


@pytest.fixture(scope="module")
def base() -> bytes:
    """A small workbook as XlsxWriter saves it (shared strings, styles), read by nothing."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    book.add_worksheet("People").write("A1", "Name")
    book.close()
    return buffer.getvalue()


def build(data: bytes, tabs: list[Tab]) -> bytes:
    package = read_package(zipfile.ZipFile(io.BytesIO(data)))
    return writer.build(data, package, tabs, writer.plan(package, [t.title for t in tabs]))


def parts_parse(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name), STRICT)  # raises on anything ill-formed


def as_read(text: str) -> str:
    """What a reader that decodes OOXML escapes gives back: the text itself, except the
    characters no XML file can hold (they stay in their _xHHHH_ form)."""
    return re.sub("[\ud800-\udfff\ufffe\uffff]", lambda m: f"_x{ord(m.group(0)):04X}_", text)


def text_tab(values: list[str]) -> Tab:
    frame = pd.DataFrame({"Text": values, "Wrapped": values,
                          "Link": [Link(v, v or "People", "B7") for v in values]})
    return Tab("t", "Hostile", (Column("Text"), Column("Wrapped", Kind.WRAP),
                                Column("Link", Kind.LINK)), frame)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(values=st.lists(hostile_text, min_size=1, max_size=12))
def test_hostile_text_is_well_formed_and_read_back_as_written(base, values):
    data = build(base, [text_tab(values)])
    parts_parse(data)
    rows = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) \
        .get_sheet_by_name("Hostile").to_python()
    assert rows[0] == ["Text", "Wrapped", "Link"]
    read = [row + [""] * (3 - len(row)) for row in rows[1:]]
    read += [["", "", ""]] * (len(values) - len(read))  # calamine drops trailing blank rows
    assert [r[0] for r in read] == [as_read(v) for v in values]
    assert [r[1] for r in read] == [r[0] for r in read]
    assert [r[2] for r in read] == [r[0] for r in read]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(text=hostile_text, sheet=hostile_text)
def test_links_point_where_they_say_whatever_the_names(base, text, sheet):
    tab = Tab("t", "Links", (Column("Where", Kind.LINK),),
              pd.DataFrame({"Where": [Link(text, sheet, "C9")]}))
    data = build(base, [tab])
    parts_parse(data)
    link = openpyxl.load_workbook(io.BytesIO(data))["Links"]["A2"].hyperlink
    kept = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", sheet)
    assert link.location == xmltext.quote_sheet(kept) + "!C9"  # attributes cannot hold the rest


def test_numbers_dates_and_blanks_are_typed_cells(base):
    values = [0, -0.0, 1, 1.0, True, False, 2**53, -7.25, 1e-300, 1.7976931348623157e308,
              math.inf, -math.inf, math.nan, None, pd.NA, pd.NaT, "", date(2026, 11, 27),
              datetime(2026, 11, 27, 9, 30)]
    tab = Tab("t", "Typed", (Column("Value", Kind.TEXT), Column("Int", Kind.INT)),
              pd.DataFrame({"Value": values, "Int": list(range(len(values)))}))
    data = build(base, [tab])
    parts_parse(data)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Typed"]
    read = [sheet.cell(row=r, column=1).value for r in range(2, len(values) + 2)]
    assert read[:10] == [0, 0, 1, 1, True, False, 2**53, -7.25, 1e-300,
                         1.7976931348623157e308]
    assert read[10:17] == [None] * 7  # infinities, NaN, missing values and "" are blank
    assert read[17] == datetime(2026, 11, 27) and read[18] == datetime(2026, 11, 27, 9, 30)
    assert isinstance(read[4], bool) and isinstance(read[2], int)
    assert [sheet.cell(row=r, column=2).value for r in range(2, len(values) + 2)] == \
        list(range(len(values)))


def test_one_and_true_and_one_point_zero_stay_apart_in_a_column(base):
    tab = Tab("t", "Mixed", (Column("Value"),),
              pd.DataFrame({"Value": [1, True, 1.0, "1", True, 1]}))
    sheet = openpyxl.load_workbook(io.BytesIO(build(base, [tab])))["Mixed"]
    read = [sheet.cell(row=r, column=1).value for r in range(2, 8)]
    assert [type(v) for v in read] == [int, bool, float, str, bool, int]
    assert read == [1, True, 1.0, "1", True, 1]


def test_a_tab_longer_than_a_block_is_whole_and_its_links_capped(base):
    rows = MAX_LINKS + 17
    assert rows > 3 * BLOCK_ROWS and rows % BLOCK_ROWS % RUN_ROWS  # a run cut short too
    frame = pd.DataFrame({"Name": [f"person {i % 997}" for i in range(rows)],
                          "Row": [Link(f"row {i}", "People", f"A{i}") for i in range(rows)]})
    tab = Tab("t", "Long", (Column("Name"), Column("Row", Kind.LINK)), frame)
    data = build(base, [tab])
    parts_parse(data)
    read = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) \
        .get_sheet_by_name("Long").to_python()
    assert len(read) == rows + 1
    assert read[-1] == [f"person {(rows - 1) % 997}", f"row {rows - 1}"]
    assert [r[0] for r in read[1:]] == frame["Name"].tolist()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = next(archive.read(n) for n in archive.namelist()
                   if n.startswith("xl/worksheets/") and b"<hyperlinks>" in archive.read(n))
    numbers = [int(n) for n in re.findall(rb'<row r="(\d+)"', xml)]
    assert numbers == list(range(1, rows + 2))  # every row once, in order, across runs
    assert xml.count(b"<hyperlink ") == MAX_LINKS
    assert b'<hyperlink ref="B2" location="\'People\'!A0"' in xml


def test_shared_string_references_are_counted_per_cell(base):
    frame = pd.DataFrame({"A": ["x", "y", "x", "x", None], "B": ["x", "", "z", "y", "x"]})
    data = build(base, [Tab("t", "Counted", (Column("A"), Column("B")), frame)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        table = etree.fromstring(archive.read("xl/sharedStrings.xml"))
        cells = sum(len(re.findall(rb'<c [^>]*\bt="s"', archive.read(n)))
                    for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert int(table.get("count")) == cells == 1 + 2 + 8  # Name, the headers, the cells
    assert int(table.get("uniqueCount")) == len(table) == 6  # Name, A, B, x, y, z


@settings(max_examples=60, deadline=None)
@given(values=st.lists(hostile_text, min_size=1, max_size=12))
def test_inline_texts_are_the_texts_shared_strings_hold(values):
    """A tab rendered aside holds its texts inline (aside.py): cell by cell, the <t> in
    its <is> is the <t> of the entry the same cell refers to when rendered shared (the
    same text, kept spaces and escapes); blank cells stay blank. A text written with an
    _xHHHH_ code, which openpyxl reads only in a shared string, is never written inline."""
    ids = Styles(None).ids()
    if any(xmltext.escaped_as_code(value) for value in values):
        with pytest.raises(NeedsSharedStrings):
            SheetWriter(InlineTexts(), ids).render(text_tab(values))
    tab = text_tab([v for v in values if not xmltext.escaped_as_code(v)] or ["plain"])
    table = StringTable(None)
    shared = etree.fromstring(SheetWriter(table, ids).render(tab), STRICT)
    inline = etree.fromstring(SheetWriter(InlineTexts(), ids).render(tab), STRICT)
    entries = etree.fromstring(table.render(), STRICT)
    cells = {c.get("r"): c for c in shared.iter(f"{MAIN}c")}
    for cell in inline.iter(f"{MAIN}c"):
        twin = cells.pop(cell.get("r"))
        assert cell.get("s") == twin.get("s")
        if twin.get("t") == "s":
            assert cell.get("t") == "inlineStr"
            written = cell.find(f"{MAIN}is/{MAIN}t")
            entry = entries[int(twin.findtext(f"{MAIN}v"))].find(f"{MAIN}t")
            assert (written.text, written.attrib) == (entry.text, entry.attrib)
        else:  # a blank cell either way
            assert cell.get("t") is None and len(cell) == len(twin) == 0
    assert cells == {}


@settings(max_examples=60, deadline=None)
@given(values=st.lists(hostile_text, min_size=1, max_size=12))
def test_inline_texts_given_the_table_put_only_coded_texts_there(values):
    """Inline texts given the table (tabtexts.py, for a tab the sync writes inline) write a
    text needing an _xHHHH_ code as a shared string, the very entry a shared rendering
    makes, counted as many times as cells hold it; every other text inline."""
    ids = Styles(None).ids()
    tab = text_tab(values)
    table, mixed_table = StringTable(None), StringTable(None)
    shared = etree.fromstring(SheetWriter(table, ids).render(tab), STRICT)
    strings = InlineTexts(mixed_table)
    mixed = etree.fromstring(SheetWriter(strings, ids).render(tab), STRICT)
    entries = etree.fromstring(table.render(), STRICT)
    mixed_entries = etree.fromstring(mixed_table.render(), STRICT)
    cells = {c.get("r"): c for c in shared.iter(f"{MAIN}c")}
    referring = 0
    for cell in mixed.iter(f"{MAIN}c"):
        twin = cells.pop(cell.get("r"))
        if twin.get("t") != "s":
            assert cell.get("t") is None and len(cell) == 0
            continue
        entry = entries[int(twin.findtext(f"{MAIN}v"))].find(f"{MAIN}t")
        coded = re.search(r"_x[0-9A-F]{4}_", entry.text or "") is not None
        if coded:
            referring += 1
            assert cell.get("t") == "s"
            written = mixed_entries[int(cell.findtext(f"{MAIN}v"))].find(f"{MAIN}t")
        else:
            assert cell.get("t") == "inlineStr"
            written = cell.find(f"{MAIN}is/{MAIN}t")
        assert (written.text, written.attrib) == (entry.text, entry.attrib)
    assert cells == {}
    assert strings.references == mixed_table.references == referring


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.mark.parametrize("value", ["a\rb", "line\r\nbreak", "\ud800", "x\udfffy"])
def test_xml_text_escapes_what_a_parser_would_change_or_refuse(value):
    escaped = xmltext.t_element(value)
    element = etree.fromstring(escaped.encode("utf-8"), STRICT)
    decoded = re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), element.text)
    assert decoded == value


@pytest.mark.parametrize("broken", [b"<sst><si><t>a</t></sst>", b"<x:sst/>", b"<a>\x01</a>",
                                    b'<a b="1" b="2"/>', b"<a>&nbsp;</a>", b"<a/><b/>"])
def test_a_broken_amended_part_stops_the_write(broken):
    """The parts amended from the workbook's own XML are still checked before writing."""
    with pytest.raises(SkillsyncError, match=r"broken xl/sharedStrings\.xml"):
        writer._well_formed({"xl/sharedStrings.xml": broken})
    writer._well_formed({"xl/sharedStrings.xml": b'<sst xmlns="urn:x"><si><t>a</t></si></sst>',
                         "xl/media/image1.png": broken})  # only XML parts are XML


def test_a_tab_longer_than_a_worksheet_is_skipped_never_cut_short(base, tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(base)
    long = Tab("t", "Long", (Column("N", Kind.INT),), pd.DataFrame({"N": np.zeros(MAX_ROWS)}))
    fits = Tab("u", "Short", (Column("N", Kind.INT),), pd.DataFrame({"N": [1, 2]}))
    backend = ExcelBackend(path)
    plan = backend.plan([long, fits])
    assert plan.add == ("Short",)
    assert plan.skip == (("Long", too_many_rows(MAX_ROWS)),)
    assert "1,048,576 rows are more than a spreadsheet tab holds" in plan.skip[0][1]
    backend.write([long, fits], plan)
    backend.close()
    assert python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names == [
        "People", "Short"]


def test_people_skills_past_a_worksheet_is_not_built_and_says_why(tmp_path, monkeypatch):
    """At Excel's row limit the People × Skills tab is reported as not written, and the
    tidy table behind it is not even built for it (it would take as long as the rest)."""
    workbook = tmp_path / "inventory.xlsx"
    build_messy_workbook(workbook)
    monkeypatch.setattr(analysis, "MAX_ROWS", 10)
    run = pipeline.run(workbook, write=True, render=False)
    skipped = dict(run.report.plan.skip)
    assert skipped["People × Skills"].startswith(f"{len(run.analysis.tidy):,} rows are more")
    tabs = python_calamine.CalamineWorkbook.from_path(str(workbook)).sheet_names
    assert "People × Skills" not in tabs and "Skills" in tabs


def test_the_tidy_table_is_not_built_for_a_tab_that_is_not_written(tmp_path, monkeypatch):
    workbook = tmp_path / "inventory.xlsx"
    build_messy_workbook(workbook)
    monkeypatch.setattr(analysis, "MAX_ROWS", 10)
    result = pipeline.run(workbook, write=False, render=False).analysis
    tabs = analysis.build_tabs(result, facts_of(result))
    [people_skills] = [t for t in tabs if t.key == "people_skills"]
    assert people_skills.omitted and people_skills.frame.empty
    assert "tidy" not in vars(result)  # the cached table was never asked for


def facts_of(result) -> SyncFacts:
    return SyncFacts(datetime(2026, 11, 27, 9), "0", "inventory.xlsx", result.rows_read, "0")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(values=st.lists(hostile_text, min_size=1, max_size=10))
def test_a_grouped_column_is_written_as_the_plain_one(base, values):
    """People × Skills hands the writer categorical columns: the workbook is the same, and
    a value the column does not use never reaches the shared strings."""
    plain = text_tab(values)
    grouped = {}
    for name in plain.frame.columns:
        codes, found = distinct.group(plain.frame[name].tolist())
        grouped[name] = pd.Categorical.from_codes(
            codes, categories=pd.Index([*found, "never written"], dtype=object)) \
            if "never written" not in found else distinct.categorical(codes, found)
    tab = Tab("t", "Hostile", plain.columns, pd.DataFrame(grouped))
    assert build(base, [tab]) == build(base, [plain])


def test_no_text_cell_is_written_past_what_excel_holds_in_a_cell(base):
    """A tab that lets a joined list grow past 32,767 characters would make Excel repair
    the file; the writer cuts it there, whatever the tab did."""
    long = "row 2 (Search team), " * 3_000
    tab = Tab("t", "Long", (Column("Text"), Column("Link", Kind.LINK)),
              pd.DataFrame({"Text": [long, "short"], "Link": [Link(long, "People", "A1")] * 2}))
    data = build(base, [tab])
    parts_parse(data)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Long"]
    assert sheet["A2"].value == long[:32_767] and sheet["B2"].value == long[:32_767]
    assert sheet["A3"].value == "short"
