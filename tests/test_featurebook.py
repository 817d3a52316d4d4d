"""Tests for the test-support builder in tests/featurebook.py.

They prove that both variants (.xlsx and .xlsm) are written, that openpyxl and
python-calamine read them, that every feature the builder claims is really present in
the package, that openxml-audit finds no errors, and that ``part_digests`` /
``sheet_map`` report what is in the zip.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from featurebook import (
    CHARTSHEET,
    DEFAULT_INVENTORY,
    FEATURE_SHEETS,
    HIDDEN_SHEET,
    MACRO_NAME,
    VBA_PROJECT,
    VERY_HIDDEN_SHEET,
    FeatureBook,
    build_feature_workbook,
    make_png,
    part_digests,
    sheet_map,
)
from python_calamine import CalamineWorkbook

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"

# openpyxl does not model these x14 extensions; it says so on load (the file is fine).
OPENPYXL_EXTENSION_WARNING = r".*extension is not supported and will be removed"


# --------------------------------------------------------------------------- fixtures


def _openpyxl_load(path: Path, keep_vba: bool = False) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", OPENPYXL_EXTENSION_WARNING, UserWarning)
        return openpyxl.load_workbook(path, keep_vba=keep_vba)


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, FeatureBook]:
    folder = tmp_path_factory.mktemp("featurebook")
    return {
        "xlsx": build_feature_workbook(folder / "book.xlsx"),
        "xlsm": build_feature_workbook(folder / "book.xlsm", macro=True),
    }


@pytest.fixture(params=["xlsx", "xlsm"])
def book(request, books) -> FeatureBook:
    return books[request.param]


class Package:
    """The parts of a built workbook, addressed by part name or by sheet name."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.sheets = dict(sheet_map(path))

    def names(self, pattern: str) -> list[str]:
        return sorted(name for name in self.parts if re.fullmatch(pattern, name))

    def sheet(self, name: str) -> bytes:
        return self.parts[self.sheets[name]]

    def content_types(self) -> bytes:
        return self.parts["[Content_Types].xml"]


@pytest.fixture
def package(book) -> Package:
    return Package(book.path)


# --------------------------------------------------------------------------- building


def test_both_variants_are_written(books):
    xlsx, xlsm = books["xlsx"], books["xlsm"]
    assert xlsx.path.suffix == ".xlsx" and xlsx.path.is_file()
    assert xlsm.path.suffix == ".xlsm" and xlsm.path.is_file()
    for book in (xlsx, xlsm):
        assert zipfile.is_zipfile(book.path)
        assert book.inventory_tab == "People"
        assert book.sheet_names == ("People", *FEATURE_SHEETS)
        assert len(set(book.features)) == len(book.features)
    assert set(xlsm.features) - set(xlsx.features) == {"vba_project", "button"}


def test_feature_book_is_frozen(books):
    with pytest.raises(AttributeError):
        books["xlsx"].inventory_tab = "Other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "macro"), [("book.xlsm", False), ("book.xlsx", True), ("book.xls", False)]
)
def test_suffix_must_match_the_variant(tmp_path, name, macro):
    with pytest.raises(ValueError, match="needs a path ending in"):
        build_feature_workbook(tmp_path / name, macro=macro)
    assert not (tmp_path / name).exists()


def test_inventory_tab_may_not_clash_with_a_feature_sheet(tmp_path):
    with pytest.raises(ValueError, match="clashes"):
        build_feature_workbook(tmp_path / "book.xlsx", inventory_tab=CHARTSHEET.lower())


def test_builds_are_reproducible(tmp_path, books):
    again = build_feature_workbook(tmp_path / "book.xlsm", macro=True)
    assert part_digests(again.path) == part_digests(books["xlsm"].path)
    assert again.path.read_bytes() == books["xlsm"].path.read_bytes()


def test_custom_inventory_and_tab_name(tmp_path):
    rows = [
        ["Name", "Mail", "Skills", "Hit rate", "Joined"],
        ["Ann Example", "ann@example.org", "SQL", 0.5, None],
        ["Bob Example", "bob@example.org", "R; Stan", 1, "2021"],
    ]
    book = build_feature_workbook(tmp_path / "custom.xlsx", inventory=rows, inventory_tab="Skills")
    assert book.inventory_tab == "Skills"
    assert book.sheet_names[0] == "Skills"
    assert sheet_map(book.path)[0] == ("Skills", "xl/worksheets/sheet1.xml")
    data = CalamineWorkbook.from_path(str(book.path)).get_sheet_by_name("Skills").to_python()
    assert data == [
        ["Name", "Mail", "Skills", "Hit rate", "Joined"],
        ["Ann Example", "ann@example.org", "SQL", 0.5, ""],
        ["Bob Example", "bob@example.org", "R; Stan", 1.0, "2021"],
    ]
    sheet = _openpyxl_load(book.path)["Skills"]
    assert sheet["D2"].number_format == "0%" and sheet["D3"].number_format == "0%"


def test_make_png_is_a_valid_png():
    png = make_png(5, 3, (10, 20, 30))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png[12:16] == b"IHDR" and png[16:24] == (5).to_bytes(4, "big") + (3).to_bytes(4, "big")
    assert png.endswith(b"IEND\xaeB`\x82")


# --------------------------------------------------------------------------- parts


COMMON_PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/app.xml",
    "docProps/core.xml",
    "docProps/custom.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/theme/theme1.xml",
    "xl/sharedStrings.xml",
    "xl/metadata.xml",
    "xl/charts/chart1.xml",
    "xl/chartsheets/sheet1.xml",
    "xl/chartsheets/_rels/sheet1.xml.rels",
    "xl/drawings/drawing1.xml",
    "xl/drawings/vmlDrawing1.vml",
    "xl/media/image1.png",
    "xl/richData/rdrichvalue.xml",
    "xl/richData/rdrichvaluestructure.xml",
    "xl/richData/rdRichValueTypes.xml",
    "xl/richData/richValueRel.xml",
    "xl/richData/_rels/richValueRel.xml.rels",
    "xl/comments1.xml",
    "xl/tables/table1.xml",
    "xl/featurePropertyBag/featurePropertyBag.xml",
]


def test_expected_parts_are_present(package, book):
    missing = [name for name in COMMON_PARTS if name not in package.parts]
    assert not missing
    assert len(package.names(r"xl/charts/chart\d+\.xml")) == 10  # 9 on Charts + chartsheet
    assert len(package.names(r"xl/media/image\d+\.png")) == 5
    assert len(package.names(r"xl/worksheets/sheet\d+\.xml")) == len(book.sheet_names) - 1


def test_xlsx_has_no_macro_parts(books):
    package = Package(books["xlsx"].path)
    assert "xl/vbaProject.bin" not in package.parts
    assert XLSX_MAIN.encode() in package.content_types()
    assert XLSM_MAIN.encode() not in package.content_types()
    assert VBA_TYPE.encode() not in package.content_types()


def test_xlsm_has_vba_project_and_macro_content_type(books):
    package = Package(books["xlsm"].path)
    assert package.parts["xl/vbaProject.bin"] == VBA_PROJECT.read_bytes()
    types = package.content_types()
    assert f'PartName="/xl/workbook.xml" ContentType="{XLSM_MAIN}"'.encode() in types
    assert f'Extension="bin" ContentType="{VBA_TYPE}"'.encode() in types
    assert b"vbaProject.bin" in package.parts["xl/_rels/workbook.xml.rels"]
    assert b'codeName="ThisWorkbook"' in package.parts["xl/workbook.xml"]


# Every feature the builder reports, and where in the package it shows.
def _charts(p: Package) -> bool:
    xml = b"".join(p.parts[name] for name in p.names(r"xl/charts/chart\d+\.xml"))
    kinds = [b"<c:barChart>", b"<c:lineChart>", b"<c:pieChart>", b"<c:areaChart>",
             b"<c:doughnutChart>", b"<c:radarChart>", b"<c:scatterChart>"]
    return all(kind in xml for kind in kinds) and b'r:id="rId1"' in p.sheet("Charts")


def _combined_chart(p: Package) -> bool:
    return any(b"<c:barChart>" in p.parts[n] and b"<c:lineChart>" in p.parts[n]
               for n in p.names(r"xl/charts/chart\d+\.xml"))


def _images(p: Package) -> bool:
    drawings = b"".join(p.parts[n] for n in p.names(r"xl/drawings/drawing\d+\.xml"))
    return drawings.count(b"<xdr:pic>") == 2 and b"<a:hlinkClick" in drawings


def _embedded_image(p: Package) -> bool:
    return (b'vm="1"' in p.sheet("Media") and b"XLRICHVALUE" in p.parts["xl/metadata.xml"]
            and b"../media/" in p.parts["xl/richData/_rels/richValueRel.xml.rels"])


def _textboxes(p: Package) -> bool:
    drawings = b"".join(p.parts[n] for n in p.names(r"xl/drawings/drawing\d+\.xml"))
    return drawings.count(b"<xdr:sp ") >= 3 and b"<xdr:txBody>" in drawings


def _conditional_formats(p: Package) -> bool:
    review = p.sheet("Review")
    rules = [b'type="dataBar"', b'type="iconSet"', b'type="colorScale"',
             b'type="expression"', b'type="cellIs"']
    return all(rule in review for rule in rules) and b"<x14:conditionalFormatting" in review


def _print_settings(p: Package) -> bool:
    numbers, workbook = p.sheet("Numbers"), p.parts["xl/workbook.xml"]
    return (b'orientation="landscape"' in numbers and b"<oddHeader>" in numbers
            and b"<oddFooter>" in numbers and b"_xlnm.Print_Area" in workbook
            and b"_xlnm.Print_Titles" in workbook and b"<rowBreaks" in numbers)


def _button(p: Package) -> bool:
    vml = b"".join(p.parts[n] for n in p.names(r"xl/drawings/vmlDrawing\d+\.vml"))
    return b'ObjectType="Button"' in vml and f"[0]!{MACRO_NAME}".encode() in vml


FEATURE_EVIDENCE = {
    "inventory": lambda p: b"<autoFilter" in p.sheet("People")
    and b"Areas of Expertise" in p.parts["xl/sharedStrings.xml"],
    "frozen_panes": lambda p: b'<pane ySplit="1"' in p.sheet("People"),
    "autofilter": lambda p: b'<autoFilter ref="A1:E6"/>' in p.sheet("People"),
    "tab_color": lambda p: b"<tabColor" in p.sheet("People"),
    "charts": _charts,
    "combined_chart": _combined_chart,
    "chartsheet": lambda p: p.sheets[CHARTSHEET] == "xl/chartsheets/sheet1.xml",
    "images": _images,
    "embedded_image": _embedded_image,
    "textboxes": _textboxes,
    "background_image": lambda p: b"<picture r:id=" in p.sheet("Media"),
    "comments": lambda p: b"Team lead since 2023." in p.parts["xl/comments1.xml"]
    and b"<legacyDrawing" in p.sheet("Review"),
    "data_validation": lambda p: b'<dataValidation type="list"' in p.sheet("Review")
    and b"<formula1>TeamList</formula1>" in p.sheet("Review"),
    "conditional_formats": _conditional_formats,
    "sparklines": lambda p: p.sheet("Review").count(b"<x14:sparklineGroup ") == 5,
    "checkboxes": lambda p: b"Checkbox" in p.parts["xl/featurePropertyBag/featurePropertyBag.xml"],
    "table": lambda p: b'totalsRowCount="1"' in p.parts["xl/tables/table1.xml"]
    and b"<tablePart " in p.sheet("Projects"),
    "hyperlinks": lambda p: b'location="\'Charts\'!A1"' in p.sheet("Projects")
    and b'TargetMode="External"' in p.parts[p.sheets["Projects"].replace(
        "worksheets/", "worksheets/_rels/") + ".rels"],
    "rich_strings": lambda p: b"<si><r>" in p.parts["xl/sharedStrings.xml"],
    "merged_cells": lambda p: b'<mergeCell ref="A1:E1"/>' in p.sheet("Projects"),
    "formulas": lambda p: b"<f>SUM(B2:B6)</f><v>28</v>" in p.sheet("Calc"),
    "array_formula": lambda p: b'<f t="array" ref="B13">' in p.sheet("Calc"),
    "dynamic_array_formula": lambda p: b'cm="1"><f t="array" ref="E2:E6">' in p.sheet("Calc")
    and b"XLDAPR" in p.parts["xl/metadata.xml"],
    "dates": lambda p: b'formatCode="yyyy-mm-dd"' in p.parts["xl/styles.xml"],
    "protection": lambda p: b"<sheetProtection " in p.sheet("Locked")
    and b'<protectedRange sqref="B3:B5"' in p.sheet("Locked"),
    "numbers_sheet": lambda p: b'<row r="501"' in p.sheet("Numbers"),
    "print_settings": _print_settings,
    "header_image": lambda p: b"<legacyDrawingHF " in p.sheet("Numbers"),
    "row_outline": lambda p: p.sheet("Numbers").count(b'outlineLevel="1"') == 10,
    "hidden_sheet": lambda p: f'name="{HIDDEN_SHEET}" sheetId="10" state="hidden"'.encode()
    in p.parts["xl/workbook.xml"],
    "very_hidden_sheet": lambda p: f'name="{VERY_HIDDEN_SHEET}" sheetId="11" state="veryHidden"'
    .encode() in p.parts["xl/workbook.xml"],
    "defined_names": lambda p: b'<definedName name="TeamList">' in p.parts["xl/workbook.xml"],
    "sheet_scoped_names": lambda p: b'<definedName name="Threshold" localSheetId="6">'
    in p.parts["xl/workbook.xml"],
    "doc_properties": lambda p: b"<dc:title>Data-science skills inventory</dc:title>"
    in p.parts["docProps/core.xml"] and b"<dc:creator>Skills CoE</dc:creator>"
    in p.parts["docProps/core.xml"],
    "custom_properties": lambda p: b'name="Department"' in p.parts["docProps/custom.xml"],
    "vba_project": lambda p: "xl/vbaProject.bin" in p.parts,
    "button": _button,
}


def test_every_reported_feature_has_evidence(book):
    macro_only = set() if book.path.suffix == ".xlsm" else {"vba_project", "button"}
    assert set(book.features) == set(FEATURE_EVIDENCE) - macro_only


@pytest.mark.parametrize("feature", sorted(FEATURE_EVIDENCE))
def test_feature_is_present(book, package, feature):
    if feature not in book.features:
        assert feature in {"vba_project", "button"} and book.path.suffix == ".xlsx"
        assert not FEATURE_EVIDENCE[feature](package)
        return
    assert FEATURE_EVIDENCE[feature](package)


# --------------------------------------------------------------------------- readers


def test_openpyxl_reads_it(book):
    macro = book.path.suffix == ".xlsm"
    workbook = _openpyxl_load(book.path, keep_vba=macro)
    assert workbook.sheetnames == list(book.sheet_names)
    assert [sheet.title for sheet in workbook.chartsheets] == [CHARTSHEET]
    assert workbook[HIDDEN_SHEET].sheet_state == "hidden"
    assert workbook[VERY_HIDDEN_SHEET].sheet_state == "veryHidden"
    people = workbook["People"]
    assert [[cell.value for cell in row] for row in people.iter_rows()] == DEFAULT_INVENTORY
    assert people["E2"].number_format == "0%"
    assert people.freeze_panes == "A2" and people.auto_filter.ref == "A1:E6"
    assert list(workbook["Projects"].tables) == ["ProjectsTable"]
    assert "A1:E1" in {str(r) for r in workbook["Projects"].merged_cells.ranges}
    assert workbook["Locked"].protection.sheet
    assert workbook["Review"]["A2"].comment.text == "Team lead since 2023."
    assert {"TeamList", "TaxRate", "ReportYear"} <= set(workbook.defined_names)
    assert "Threshold" in workbook["Calc"].defined_names
    assert workbook["Calc"]["B8"].value == "=SUM(B2:B6)"
    assert workbook.properties.title == "Data-science skills inventory"
    assert workbook.properties.creator == "Skills CoE"
    assert (workbook.vba_archive is not None) == macro


def test_calamine_reads_it(book):
    workbook = CalamineWorkbook.from_path(str(book.path))
    assert workbook.sheet_names == list(book.sheet_names)
    visibility = {meta.name: str(meta.visible) for meta in workbook.sheets_metadata}
    assert visibility[HIDDEN_SHEET].endswith("Hidden")
    assert visibility[VERY_HIDDEN_SHEET].endswith("VeryHidden")
    people = workbook.get_sheet_by_name("People").to_python()
    assert people[0] == DEFAULT_INVENTORY[0]
    assert people[1] == DEFAULT_INVENTORY[1]  # 0.85 stays a number (percent is a format)
    calc = workbook.get_sheet_by_name("Calc").to_python()
    assert calc[1][:3] == [3.0, 6.0, "3-1"]  # cached formula results
    assert [row[4] for row in calc[1:6]] == [1.0, 1.0, 3.0, 4.0, 5.0]  # spilled SORT
    assert calc[12][1] == 104.0  # cached array formula result
    assert len(workbook.get_sheet_by_name("Numbers").to_python()) == 501


# --------------------------------------------------------------------------- openxml-audit


def _report_warnings(findings) -> None:
    for finding in findings:
        warnings.warn(f"openxml-audit: {finding}", UserWarning, stacklevel=2)


def test_openxml_audit_python_api_finds_no_errors(book):
    from openxml_audit import OpenXmlValidator, ValidationSeverity

    result = OpenXmlValidator(max_errors=0).validate(book.path)
    errors = [e for e in result.errors if e.severity == ValidationSeverity.ERROR]
    _report_warnings(e for e in result.errors if e.severity != ValidationSeverity.ERROR)
    assert not errors, "\n".join(map(str, errors))
    assert result.is_valid


def test_openxml_audit_cli_finds_no_errors(book):
    run = subprocess.run(
        [sys.executable, "-m", "openxml_audit", "-o", "json", "-m", "0", str(book.path)],
        capture_output=True, text=True, check=False,
    )
    [report] = json.loads(run.stdout)
    _report_warnings(e for e in report["errors"] if e["severity"] != "error")
    assert report["error_count"] == 0, report["errors"]
    assert report["valid"] and run.returncode == 0, run.stderr


# --------------------------------------------------------------------------- helpers


def test_part_digests_cover_every_part(book):
    digests = part_digests(book.path)
    with zipfile.ZipFile(book.path) as archive:
        assert sorted(digests) == sorted(archive.namelist())
        for name, digest in digests.items():
            assert digest == hashlib.sha256(archive.read(name)).hexdigest()
    assert ("xl/vbaProject.bin" in digests) == (book.path.suffix == ".xlsm")


def _rewrite(source: Path, target: Path, edits: dict[str, bytes]) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, edits.get(info.filename, src.read(info)))


def test_part_digests_see_a_change_in_one_part(tmp_path, books):
    source = books["xlsx"].path
    changed = tmp_path / "changed.xlsx"
    sheet = dict(sheet_map(source))["Numbers"]
    with zipfile.ZipFile(source) as archive:
        edited = archive.read(sheet).replace(b'<c r="A2"><v>1</v>', b'<c r="A2"><v>2</v>')
    _rewrite(source, changed, {sheet: edited})
    before, after = part_digests(source), part_digests(changed)
    assert before.keys() == after.keys()
    assert [name for name in before if before[name] != after[name]] == [sheet]


def test_part_digests_skip_directory_entries(tmp_path, books):
    source, target = books["xlsx"].path, tmp_path / "dirs.xlsx"
    _rewrite(source, target, {})
    with zipfile.ZipFile(target, "a") as archive:
        archive.mkdir("xl/extra/")
    assert part_digests(target) == part_digests(source)


def test_sheet_map_lists_sheets_in_order_with_their_parts(book):
    expected = [
        ("People", "xl/worksheets/sheet1.xml"),
        ("Charts", "xl/worksheets/sheet2.xml"),
        (CHARTSHEET, "xl/chartsheets/sheet1.xml"),
        *[(name, f"xl/worksheets/sheet{n}.xml")
          for n, name in enumerate(FEATURE_SHEETS[2:], start=3)],
    ]
    assert sheet_map(book.path) == expected
    assert [name for name, _ in expected] == list(book.sheet_names)


def test_sheet_map_resolves_absolute_targets(tmp_path, books):
    source, target = books["xlsx"].path, tmp_path / "absolute.xlsx"
    with zipfile.ZipFile(source) as archive:
        rels = archive.read("xl/_rels/workbook.xml.rels")
    rels = re.sub(rb'Target="(worksheets|chartsheets)/', rb'Target="/xl/\1/', rels)
    _rewrite(source, target, {"xl/_rels/workbook.xml.rels": rels})
    assert b'Target="/xl/worksheets/sheet1.xml"' in rels
    assert sheet_map(target) == sheet_map(source)
