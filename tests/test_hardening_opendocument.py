"""An OpenDocument or legacy file as an attacker or a careless colleague leaves it. The zip
guards of a workbook apply to any zip-based file, whatever its name and whatever bytes come
before the zip; an Excel workbook under another name is read as the workbook it is; an
.ods sheet whose grid would pass a workbook sheet's budget (a few kilobytes repeating a
value over thousands of rows and columns, or a stray far value) is refused in one line
naming its far cell, before calamine allocates anything."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from hostile import MEMORY_MB, cli, one_clear_line, run, small_workbook

_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
         'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
         'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
         '<office:body><office:spreadsheet><table:table table:name="People">')
_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"
_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
             '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
             'manifest:full-path="/" manifest:media-type='
             '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')


def _row(*cells: str) -> str:
    return "<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
        for c in cells) + "</table:table-row>"


PEOPLE = (_row("Name", "E-mail", "Expertise") + _row("Ana Lima", "ana@example.com", "Python (4)")
          + _row("Rui Costa", "rui@example.com", "SQL (3)"))


def ods(path: Path, rows: str = PEOPLE, after: str = "") -> Path:
    """An OpenDocument spreadsheet as LibreOffice lays one out: the mimetype first, stored."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", _HEAD + rows + _TAIL + after)
    return path


def test_a_plain_ods_is_read(tmp_path):
    code, out, err = cli("check", ods(tmp_path / "team.ods"), "--json")
    assert code == 0, err
    found = json.loads(out)
    assert (found["sheet"], found["rows_read"], found["people"]) == ("People", 2, 2)


def test_an_ods_that_inflates_like_a_bomb_is_refused_before_calamine_reads_it(tmp_path):
    path = ods(tmp_path / "bomb.ods", after="<!--" + " " * (40 << 20) + "-->")
    assert path.stat().st_size < 200_000
    code, _, err = cli("check", path)
    assert code == 3 and "max_ratio" in one_clear_line(err)
    config = tmp_path / "limits.toml"
    config.write_text("[limits]\nmax_ratio = 100000\n")
    code, _, err = cli("check", path, "--config", config)
    assert code == 0, err


def test_a_workbook_renamed_xls_is_guarded_as_a_zip(tmp_path):
    """calamine finds the format from the bytes, not the name: a zip-based file named .xls
    (an .xlsx renamed, or here an .ods) is read as what it is, so it meets the guards."""
    path = ods(tmp_path / "renamed.xls", after="<!--" + " " * (40 << 20) + "-->")
    code, _, err = cli("check", path)
    assert code == 3 and "max_ratio" in one_clear_line(err)


def test_a_broken_zip_gets_one_line(tmp_path):
    path = ods(tmp_path / "cut.ods")
    path.write_bytes(path.read_bytes()[:-40])  # the central directory's end cut off
    code, _, err = cli("check", path)
    assert code == 3 and "cut.ods" in one_clear_line(err)


def test_a_damaged_part_names_the_program_that_made_the_file(tmp_path):
    """The zip guards are the workbook's: for an .ods their fix names LibreOffice."""
    doctype = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><x/>'
    for name, program in (("team.ods", "LibreOffice"), ("team.xls", "Excel")):
        path = ods(tmp_path / name)
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("settings.xml", doctype)
        code, _, err = cli("check", path)
        line = one_clear_line(err)
        assert code == 3 and "document type" in line, line
        assert f"open it in {program} and save it again" in line, line


def test_a_stray_far_value_is_named_not_gridded(tmp_path):
    far = ('<table:table-row table:number-rows-repeated="100000"><table:table-cell/>'
           '</table:table-row><table:table-row><table:table-cell table:number-columns-'
           'repeated="16000"/><table:table-cell office:value-type="string"><text:p>x</text:p>'
           "</table:table-cell></table:table-row>")
    code, _, err = cli("check", ods(tmp_path / "far.ods", PEOPLE + far))
    line = one_clear_line(err)
    assert code == 3 and "'People'" in line and "cell WQK100004" in line, line
    assert "delete the rows and columns past the data" in line


def test_a_few_kilobytes_repeating_a_value_are_refused_before_calamine_grids_them(tmp_path):
    """98 million cells of one value from 17 KB took calamine 4.85 GB, then aborted."""
    many = ('<table:table-row table:number-rows-repeated="6000"><table:table-cell table:'
            'number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
            "</table:table-cell></table:table-row>")
    result = run("check", ods(tmp_path / "many.ods", PEOPLE + many), memory_mb=MEMORY_MB)
    line = one_clear_line(result.stderr)  # the texts' length is passed first
    assert result.returncode == 3 and "repeat texts" in line and "many.ods" in line, line


def test_bytes_before_the_zip_do_not_skip_its_guards(tmp_path):
    """calamine and zipfile both open a zip with bytes before it."""
    path = ods(tmp_path / "prefixed.ods", after="<!--" + " " * (40 << 20) + "-->")
    path.write_bytes(b"X" + path.read_bytes())
    code, _, err = cli("check", path)
    assert code == 3 and "max_ratio" in one_clear_line(err)


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_an_excel_workbook_renamed_is_read_as_one(tmp_path, suffix):
    """Its own reader: the same people, and a stray value at XFD1048576 reported as the
    workbook's reader reports it, where calamine tried to allocate 549 GB."""
    book = small_workbook(tmp_path / "book.xlsx", extra=lambda b: b.get_worksheet_by_name(
        "People").write(1048575, 16383, "stray"))
    code, out, err = cli("check", book, "--json")
    assert code == 0, err
    renamed = book.rename(tmp_path / f"book{suffix}")
    again, out_renamed, err_renamed = cli("check", renamed, "--json")
    assert again == 0, err_renamed
    found, found_renamed = json.loads(out), json.loads(out_renamed)
    assert found_renamed["people"] == found["people"] == 3
    assert [i["code"] for i in found_renamed["issues"]] == [i["code"] for i in found["issues"]]


ROW = '<table:table-row{}>{}</table:table-row>'
VALUE = '<table:table-cell office:value-type="string"{}><text:p>v</text:p></table:table-cell>'
BLANK = '<table:table-cell{}/>'


@pytest.mark.parametrize("rows", [
    PEOPLE,
    PEOPLE + ROW.format(' table:number-rows-repeated="40"', BLANK.format(
        ' table:number-columns-repeated="900"') + VALUE.format("")),
    PEOPLE + ROW.format("", BLANK.format(' table:number-columns-repeated="30"')) * 3,
    PEOPLE + ROW.format(' table:number-rows-repeated="5000"', BLANK.format("")) + ROW.format(
        "", VALUE.format(' table:number-columns-repeated="7"')),
    PEOPLE + '<table:table-row table:style-name="a/>b"/>' + ROW.format(
        ' table:number-rows-repeated="3"', BLANK.format(' table:style-name="x>y/>"')
        + '<table:covered-table-cell table:number-columns-repeated="4"/>' + VALUE.format("")),
    PEOPLE + ROW.format("", '<table:table-cell><office:annotation><text:p>note</text:p>'
                        "</office:annotation></table:table-cell>" + BLANK.format("")),
], ids=["plain", "repeated", "blank-rows", "far-row", "odd-attributes", "note"])
def test_sheet_extents_are_the_grid_calamine_reads(tmp_path, rows):
    """The extent measured before calamine reads a sheet is the grid it then reads, so the
    budget is checked against what would be allocated; never less (a cell holding only a
    note counts as a value: a row more than calamine reads, never a row fewer)."""
    import python_calamine

    from skillsync.backends.opendocument import extents

    path = ods(tmp_path / "sheet.ods", rows)
    (sheet,) = extents(zipfile.ZipFile(path).read("content.xml"))
    grid = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("People")
    assert sheet.rows >= grid.height and sheet.columns >= grid.width
    if "annotation" not in rows:
        assert (sheet.rows, sheet.columns) == (grid.height, grid.width)


def _far_rows(cell: str, rows: str = '"6000"') -> str:
    return f"<table:table-row table:number-rows-repeated={rows}>{cell}</table:table-row>"


FLOAT = '<table:table-cell office:value-type="float" office:value="1"{}/>'
ACROSS = ' table:number-columns-repeated="16384"'


@pytest.mark.parametrize("rows", [
    _far_rows('<table:table-cell office:value="1"' + ACROSS + "/>"),
    _far_rows('<table:table-cell office:string-value="x"' + ACROSS + "/>"),
    _far_rows('<table:table-cell table:formula="of:=1"' + ACROSS + "/>"),
    _far_rows(FLOAT.format(ACROSS), '"+6000"'),
    _far_rows(FLOAT.format(ACROSS), '"00000000000006000"'),
    _far_rows(FLOAT.format(ACROSS), '"&#x36;000"'),
    _far_rows(FLOAT.format(' table:number-columns-repeated=" 016384 "')),
    _far_rows('<table:table-cell table:style-name="table:number-columns-repeated=\'1\'"'
              ' office:value-type="float" office:value="1"' + ACROSS + "/>"),
    ROW.format("", FLOAT.format(ACROSS)) + '<!--<table:table table:name="d">-->'
    + _far_rows(FLOAT.format("")),
    ROW.format("", FLOAT.format(ACROSS)) + '<?x <table:table table:name="d"> ?>'
    + _far_rows(FLOAT.format("")),
    ROW.format("", FLOAT.format(ACROSS)) + ROW.format("", VALUE.format("").replace(
        "<text:p>v</text:p>", "<text:p><![CDATA[<table:table table:name='d'>]]></text:p>"))
    + _far_rows(FLOAT.format("")),
    _far_rows(FLOAT.format(ACROSS), '"1190"'),  # 19.5 million cells from one written value
    ROW.format("", '<table:table-cell><table:table table:name="sub">' + ROW.format(
        ' table:number-rows-repeated="6000"', FLOAT.format(ACROSS))
        + "</table:table></table:table-cell>"),
    ROW.format("", '<table:table-cell office:value-type="string"><text:p><text:s text:c='
                   '"1000000000"/></text:p></table:table-cell>'),
    "<a>" * 300,  # nested past any spreadsheet: expat would keep every one open
    _far_rows(FLOAT.format(ACROSS)) + '<table:table table:name="B"/>',  # hides its sheet
    ROW.format("", '<table:table-cell table:number-columns-repeated="16383"/>'
               '<table:table-cell/>') * 2000,  # empty cells calamine writes out
    ROW.format(' table:number-rows-repeated="20"', VALUE.format(ACROSS).replace(
        ">v<", ">" + "x" * 1000 + "<")),  # a thousand characters, 327 million times
    ROW.format("", VALUE.format(' table:number-columns-repeated="100"').replace(
        ">v<", ">" + "\U0001F600" * 100_000 + "<")),  # 40 MB of emoji written out, not 10 MB
], ids=["value-only", "string-value-only", "formula-only", "plus-sign", "leading-zeros",
        "entity", "spaced-columns", "name-inside-a-value", "comment-decoy", "pi-decoy",
        "cdata-decoy", "under-calamines-limit", "sub-table", "repeated-spaces", "deep",
        "table-in-a-table", "empty-cells-across", "long-text-repeated", "emoji-repeated"])
def test_what_calamine_would_grid_large_is_refused_before_it_reads(tmp_path, rows):
    """Each way a few kilobytes asked calamine for gigabytes past the first measure (a
    value given by an attribute only, repeat counts written oddly, a sheet's tag hidden
    where calamine does not look) is refused in one line, nothing gridded."""
    from skillsync.backends.opendocument import check_extents
    from skillsync.errors import NotAWorkbook

    path = ods(tmp_path / "hostile.ods", PEOPLE + rows)
    assert path.stat().st_size < 30_000
    with pytest.raises(NotAWorkbook) as refused:
        check_extents(zipfile.ZipFile(path), "hostile.ods")
    assert "\n" not in str(refused.value) and "save it again" in str(refused.value)


def test_a_value_given_by_an_attribute_alone_is_refused_end_to_end(tmp_path):
    """calamine took 3.2 GB and aborted with a Rust backtrace on this 17 KB file."""
    path = ods(tmp_path / "values.ods", PEOPLE + _far_rows(
        '<table:table-cell office:value="1"' + ACROSS + "/>"))
    result = run("check", path, memory_mb=MEMORY_MB)
    line = one_clear_line(result.stderr)
    assert result.returncode == 3 and ("cell XFD6003" in line or "repeat texts" in line), line
