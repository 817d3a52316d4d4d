"""Columns hidden in the spreadsheet are read like visible ones, and one warning names
those the inventory reads: whoever hid "Skills 2019" may think it gone, while its skills
are still counted. Hidden columns nothing reads say nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import libreoffice_convert
from test_hidden_rows import as_libreoffice_writes as as_libreoffice_writes_rows
from test_hidden_rows import check

from skillsync.backends.xlsx.hiddencolumns import hidden_columns

HEADER = ["Name", "Email", "Team", "Skills", "Notes"]


def book(path: Path, hidden: str, *, stray: bool = False, extra: list[str] = ()) -> Path:
    """Three people under HEADER (and `extra` columns), the column letters in `hidden`
    hidden; with `stray`, a far cell that makes the reader stream the sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Inventory"
    sheet.append([*HEADER, *extra])
    for n in range(3):
        sheet.append([f"Person {n}", f"p{n}@x.com", "Search", "Python 4", "note",
                      *(["SQL; Spark"] * len(extra))])
    if stray:
        sheet["XFD1048576"] = "x"
    for letter in hidden:
        sheet.column_dimensions[letter].hidden = True
    workbook.save(path)
    return path


def as_libreoffice_writes(path: Path) -> Path:
    """The same workbook with its columns marked as LibreOffice marks them."""
    return as_libreoffice_writes_rows(path, b"col")


def hidden_issues(report: dict) -> list[dict]:
    return [i for i in report["issues"] if i["code"] == "hidden-columns"]


@pytest.mark.parametrize("written", ["excel", "libreoffice"])
@pytest.mark.parametrize("stray", [False, True], ids=["calamine", "streamed"])
def test_hidden_columns_read_are_named_once_and_still_read(tmp_path, monkeypatch,
                                                           written, stray):
    path = book(tmp_path / "team.xlsx", "CD", stray=stray)
    if written == "libreoffice":
        path = as_libreoffice_writes(path)
    report = check(path, monkeypatch, tmp_path)
    [issue] = hidden_issues(report)
    assert issue["severity"] == "warning" and issue["row"] == 1
    assert issue["message"].startswith(
        "Columns C ('Team') and D ('Skills') on 'Inventory' are hidden in the spreadsheet")
    assert "read like visible ones" in issue["message"]
    assert report["people"] == 3 and report["skills"] == {"Python": 3}  # still read


def test_one_hidden_column_is_named_alone(tmp_path, monkeypatch):
    path = book(tmp_path / "team.xlsx", "D")
    [issue] = hidden_issues(check(path, monkeypatch, tmp_path))
    assert issue["message"].startswith("Column D ('Skills') on 'Inventory' is hidden")
    assert "delete it if it is no longer kept" in issue["message"]


def test_a_hidden_second_skills_column_is_named(tmp_path, monkeypatch):
    """The common case: last year's skills column, hidden, still counted."""
    path = book(tmp_path / "team.xlsx", "F", extra=["Skills 2019"])
    report = check(path, monkeypatch, tmp_path)
    [issue] = hidden_issues(report)
    assert issue["message"].startswith("Column F ('Skills 2019') on 'Inventory' is hidden")
    assert report["skills"] == {"Python": 3, "SQL": 3, "Spark": 3}  # the hidden one counted


def test_hidden_columns_nothing_reads_say_nothing(tmp_path, monkeypatch):
    """A hidden notes column, and the columns past the table hidden for a tidy look."""
    path = book(tmp_path / "team.xlsx", "EFGH")
    assert hidden_issues(check(path, monkeypatch, tmp_path)) == []
    plain = as_libreoffice_writes(book(tmp_path / "plain.xlsx", ""))
    assert hidden_issues(check(plain, monkeypatch, tmp_path)) == []


@pytest.mark.parametrize("target", ["ods", "xlsx"])
def test_columns_libreoffice_saved_hidden_are_named(tmp_path, monkeypatch, target):
    """LibreOffice's own files: an .ods marks a column table:visibility="collapse" in its
    column list (one entry may stand for several columns), its .xlsx hidden="true"."""
    source = book(tmp_path / "source.xlsx", "CD")
    libreoffice_convert([source], tmp_path / "saved", target)
    saved = tmp_path / "saved" / f"source.{target}"
    [issue] = hidden_issues(check(saved, monkeypatch, tmp_path))
    assert issue["message"].startswith("Columns C ('Team') and D ('Skills') on 'Inventory'")


def test_only_the_column_lists_own_hidden_attribute_counts():
    xml = (b'<worksheet><cols><col min="2" max="3" width="0" hidden="1"/>'
           b'<col min="4" max="4" hidden="0"/><x:col max="7" min="5" hidden=\'true\'/>'
           b'<col min="9" max="99999" hidden="1"/><col min="8" hidden="1"/>'
           b'<col min="0" max="1" hidden="1"/><col min="20" max="10" hidden="1"/></cols>'
           b'<sheetData><row r="1" hidden="1"><c r="A1" t="inlineStr"><is>'
           b'<t>&lt;col min="1" max="1" hidden="1"/&gt;</t></is></c></row>'
           b'</sheetData><cols><col min="1" max="1" hidden="1"/></cols></worksheet>')
    assert hidden_columns(xml) == ((2, 3), (5, 16_384))


def test_a_sheet_without_a_column_list_or_hidden_mark_costs_a_look():
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, 9))
    assert hidden_columns(b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>") == ()
    text = b'<col min="1" max="1" hidden="1"/>' * 100_000  # no sheetData: the head only
    assert hidden_columns(b"<worksheet><cols>" + text) == ((1, 1),)


def test_a_skill_under_a_category_is_named_by_the_skill(tmp_path, monkeypatch):
    """A matrix whose categories are merged above its skills: the hidden columns are
    named by the skill the table read there, not the category above."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Matrix"
    sheet.append(["Name", "Email", "Team", "Languages", None, None, "Tools", None])
    sheet.append([None, None, None, "Python", "SQL", "R", "Docker", "Git"])
    sheet.merge_cells("D1:F1")
    sheet.merge_cells("G1:H1")
    for n in range(5):
        sheet.append([f"P {n}", f"p{n}@x.com", "A", 3, 4, 2, 1, 5])
    for letter in "EG":
        sheet.column_dimensions[letter].hidden = True
    workbook.save(tmp_path / "matrix.xlsx")
    [issue] = hidden_issues(check(tmp_path / "matrix.xlsx", monkeypatch, tmp_path))
    assert issue["message"].startswith(
        "Columns E ('SQL') and G ('Docker') on 'Matrix' are hidden")


def test_a_sheet_with_people_across_names_hidden_people_and_hidden_fields(
        tmp_path, monkeypatch):
    """Turned, a hidden column is a person (as a hidden row is on a sheet of rows) and a
    hidden row a field: each gets the warning its kind gets on a sheet of rows, named as
    the sheet places it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Across"
    for row in (["Name", "Ana Lima", "Bo Chen", "Cy Diaz", "Di Wu"],
                ["Email", "ana@x.org", "bo@x.org", "cy@x.org", "di@x.org"],
                ["Team", "ML", "ML", "BI", "BI"], ["Python", 4, 3, None, 2],
                ["SQL", 3, 4, 5, 5], ["Tableau", None, None, 4, 3],
                ["Fortran", 1, None, None, None]):
        sheet.append(row)
    for letter in "CE":
        sheet.column_dimensions[letter].hidden = True
    sheet.row_dimensions[7].hidden = True
    workbook.save(tmp_path / "across.xlsx")
    report = check(tmp_path / "across.xlsx", monkeypatch, tmp_path)
    [people] = [i for i in report["issues"] if i["code"] == "hidden-rows"]
    assert people["message"].startswith(
        "Columns C and E on 'Across' are hidden in the spreadsheet (by hand or in a "
        "collapsed group); hidden columns are read like visible ones")
    [field] = hidden_issues(report)
    assert field["message"].startswith("Row 7 ('Fortran') on 'Across' is hidden")
    assert report["people"] == 4 and report["skills"]["Fortran"] == 1  # still read


def test_a_column_list_in_a_comment_lists_nothing_and_spaced_numbers_count():
    """As the streamed path reads them: XML comments are no columns, and a number with
    spaces around it inside its quotes is still the number."""
    xml = (b'<worksheet><!-- <cols><col min="4" max="4" hidden="1"/></cols> -->'
           b'<cols><col min=" 2" max="3 " hidden="1"/></cols><sheetData/></worksheet>')
    assert hidden_columns(xml) == ((2, 3),)
