"""An OpenDocument or legacy file as an attacker or a careless colleague leaves it: the zip
guards of a workbook apply to any zip-based file (an .ods, an .xlsx renamed .xls), and a
sheet reaching past what calamine reads gets one line saying so, not "Cannot detect file
format"."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from hostile import cli, one_clear_line

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


def test_a_sheet_past_calamines_cells_says_why(tmp_path):
    """A stray value at the far end of a sheet: calamine refuses a grid of over a hundred
    million cells; the line says so and what to do, where it said "Cannot detect file
    format" before."""
    far = ('<table:table-row table:number-rows-repeated="100000"><table:table-cell/>'
           '</table:table-row><table:table-row><table:table-cell table:number-columns-'
           'repeated="16000"/><table:table-cell office:value-type="string"><text:p>x</text:p>'
           "</table:table-cell></table:table-row>")
    code, _, err = cli("check", ods(tmp_path / "far.ods", PEOPLE + far))
    line = one_clear_line(err)
    assert code == 3 and "reaching too far" in line and "delete the rows" in line, line
    assert "detect file format" not in line
