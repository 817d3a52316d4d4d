"""Rows hidden in the spreadsheet (by hand, by a filter, in a collapsed group) are read
like every other row, and one warning names them: whoever hid a leaver's row may think
the person gone, while staffing still proposes them."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import libreoffice_convert

from skillsync.backends.xlsx.hiddenrows import hidden_rows
from skillsync.cli import main

HEADER = ["Name", "Email", "Team", "Skills"]


def book(path: Path, people: int, hidden: tuple[int, ...], *, title: bool = False,
         stray: bool = False) -> Path:
    """A workbook of `people` rows under a header, the sheet rows `hidden` hidden; with
    `title`, a hidden title row above the header; with `stray`, a far cell that makes the
    reader stream the sheet instead of handing it to calamine."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Inventory"
    if title:
        sheet.append(["Skills inventory"])
    sheet.append(HEADER)
    for n in range(people):
        sheet.append([f"Person {n}", f"p{n}@x.com", "Search", "Python 4"])
    if stray:
        sheet["XFD1048576"] = "x"
    for row in hidden:
        sheet.row_dimensions[row].hidden = True
    workbook.save(path)
    return path


def as_libreoffice_writes(path: Path, tag: bytes = b"row") -> Path:
    """The same workbook with rows (or another `tag`: columns) marked as LibreOffice marks
    them: hidden="true" on the hidden ones, hidden="false" on every other."""
    out = path.with_name("lo-" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b'hidden="1"', b'hidden="true"')
                data = re.sub(rb'<' + tag + rb' (?![^>]*hidden)',
                              b'<' + tag + b' hidden="false" ', data)
            target.writestr(info, data)
    return out


def check(path: Path, monkeypatch, tmp_path: Path) -> dict:
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["check", str(path), "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def hidden_issues(report: dict) -> list[dict]:
    return [i for i in report["issues"] if i["code"] == "hidden-rows"]


@pytest.mark.parametrize("written", ["excel", "libreoffice"])
@pytest.mark.parametrize("stray", [False, True], ids=["calamine", "streamed"])
def test_hidden_rows_of_people_are_named_once_and_still_read(tmp_path, monkeypatch,
                                                             written, stray):
    path = book(tmp_path / "team.xlsx", 6, (4, 7), stray=stray)
    if written == "libreoffice":
        path = as_libreoffice_writes(path)
    report = check(path, monkeypatch, tmp_path)
    [issue] = hidden_issues(report)
    assert issue["row"] == 4 and issue["severity"] == "warning"
    assert issue["message"].startswith("Rows 4 and 7 on 'Inventory' are hidden")
    assert "delete the rows of people who have left" in issue["message"]
    assert report["people"] == 6


def test_a_hidden_title_row_or_no_hidden_row_says_nothing(tmp_path, monkeypatch):
    titled = book(tmp_path / "titled.xlsx", 3, (1,), title=True)
    assert hidden_issues(check(titled, monkeypatch, tmp_path)) == []
    plain = as_libreoffice_writes(book(tmp_path / "plain.xlsx", 3, ()))
    assert hidden_issues(check(plain, monkeypatch, tmp_path)) == []


def test_many_hidden_rows_are_counted_past_the_first_ten(tmp_path, monkeypatch):
    path = book(tmp_path / "filtered.xlsx", 40, tuple(range(3, 33)))
    [issue] = hidden_issues(check(path, monkeypatch, tmp_path))
    assert issue["message"].startswith(
        "Rows 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 20 more on 'Inventory' are hidden")


@pytest.mark.parametrize("target", ["ods", "xlsx"])
def test_rows_libreoffice_saved_hidden_are_named(tmp_path, monkeypatch, target):
    """LibreOffice's own files: an .ods marks a row table:visibility="collapse" (and
    "filter" for a filtered-out one), its .xlsx hidden="true"."""
    source = book(tmp_path / "source.xlsx", 6, (4, 7))
    libreoffice_convert([source], tmp_path / "saved", target)
    saved = tmp_path / "saved" / f"source.{target}"
    [issue] = hidden_issues(check(saved, monkeypatch, tmp_path))
    assert issue["message"].startswith("Rows 4 and 7 on 'Inventory' are hidden")
    if target == "ods":
        filtered = tmp_path / "filtered.ods"
        with zipfile.ZipFile(saved) as source_zip, zipfile.ZipFile(filtered, "w") as out:
            for info in source_zip.infolist():
                data = source_zip.read(info)
                if info.filename == "content.xml":
                    data = data.replace(b'table:visibility="collapse"',
                                        b'table:visibility="filter"', 1)
                out.writestr(info, data)
        [issue] = hidden_issues(check(filtered, monkeypatch, tmp_path))
        assert issue["message"].startswith("Rows 4 and 7 on 'Inventory' are hidden")


def test_only_a_rows_own_hidden_attribute_counts():
    xml = (b'<cols><col min="2" max="2" hidden="1"/></cols><sheetData>'
           b'<row r="1"><c r="A1" t="inlineStr"><is><t> hidden="1"</t></is></c></row>'
           b'<row r="2" spans="1:2" hidden="1"/><row hidden="true" r="5"/>'
           b'<row r="6" hidden="false"/><x:row r="7" hidden="1"/>'
           b'<row r="8" xhidden="1"/><row r="9999999" hidden="1"/></sheetData>')
    assert hidden_rows(xml) == (2, 5, 7)


def test_a_row_without_its_number_is_placed_by_its_first_cell():
    """The format lets a row leave out r="…"; calamine then places it by its cells'
    references, and so is its hidden mark read. Many of them are read in one pass."""
    xml = (b'<row hidden="1"><c r="A6" t="s"><v>1</v></c></row><row hidden="1"/>'
           b'<row hidden="1">\n <x:c s="1" r="B9"/></row>')
    assert hidden_rows(xml) == (6, 9)
    many = b"".join(b'<row hidden="1"><c r="A%d"/></row>' % n for n in range(2, 50_002))
    assert hidden_rows(many) == tuple(range(2, 50_002))


def test_text_spelling_the_attribute_over_and_over_is_no_row():
    text = b' hidden="1" <row' * 200_000
    xml = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + text + b"</t></is></c></row>"
    assert hidden_rows(xml) == ()
