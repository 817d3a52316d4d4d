"""The package-level writer on feature-rich workbooks: every user part kept byte for byte."""

from __future__ import annotations

import json
import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from click.testing import CliRunner
from conftest import libreoffice_tables, shared_xml_only_grew
from featurebook import build_feature_workbook, part_digests, sheet_map
from openxml_audit import OpenXmlValidator

from skillsync.cli import main
from skillsync.core.summary import DEFAULT_TITLES

OWNED = list(DEFAULT_TITLES.values())  # every tab skillsync writes, in order
SHARED_PARTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                "xl/styles.xml", "xl/sharedStrings.xml"}
MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def sync(path: Path, tmp_path: Path) -> dict:
    result = CliRunner().invoke(main, ["sync", str(path), "--json",
                                       "--digest", str(tmp_path / "digest.html")])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(params=[False, True], ids=["xlsx", "xlsm"])
def book(request, tmp_path):
    suffix = ".xlsm" if request.param else ".xlsx"
    built = build_feature_workbook(tmp_path / f"shared{suffix}", macro=request.param)
    return built


def findings(path: Path) -> set[tuple[str, str]]:
    result = OpenXmlValidator().validate(path)
    return {(e.part_uri or "", re.sub(r"\d+", "#", e.description)) for e in result.errors}


def test_user_parts_survive_one_and_two_syncs_byte_for_byte(book, tmp_path):
    before = part_digests(book.path)
    with zipfile.ZipFile(book.path) as archive:
        shared_before = {p: archive.read(p) for p in SHARED_PARTS if p in archive.namelist()}
    first = sync(book.path, tmp_path)
    after_one = part_digests(book.path)
    second = sync(book.path, tmp_path)
    after_two = part_digests(book.path)
    for part, digest in before.items():
        if part not in SHARED_PARTS:
            assert after_one[part] == digest, part
            assert after_two[part] == digest, part
    with zipfile.ZipFile(book.path) as archive:
        for part, old in shared_before.items():
            assert shared_xml_only_grew(old, archive.read(part)) == [], part
    assert set(after_one) == set(after_two), "a second sync must yield the same parts"
    # The feature workbook has its own "Projects" tab: ours is skipped, theirs untouched.
    assert first["tabs_skipped"] == ["Projects"] == second["tabs_skipped"]
    assert "Projects" not in first["tabs_written"]


def test_owned_tabs_are_replaced_in_place(book, tmp_path):
    sync(book.path, tmp_path)
    first = _sheet_entries(book.path)
    sync(book.path, tmp_path)
    assert _sheet_entries(book.path) == first
    names = [name for name, _ in sheet_map(book.path)]
    assert names[: len(book.sheet_names)] == list(book.sheet_names)


def _sheet_entries(path: Path) -> list[tuple[str, str, str]]:
    xml = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    return re.findall(r'<sheet name="([^"]+)" sheetId="(\d+)"[^>]*r:id="([^"]+)"', xml)


def test_other_readers_open_the_result(book, tmp_path):
    sync(book.path, tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl does not model sparkline extensions
        loaded = openpyxl.load_workbook(book.path, keep_vba=book.path.suffix == ".xlsm")
    ours = [t for t in OWNED if t != "Projects"]  # the book has a Projects tab of its own
    assert ours == loaded.sheetnames[-len(ours):]
    assert loaded["Sync"]["A1"].value == "What"
    calamine = python_calamine.CalamineWorkbook.from_path(str(book.path))
    people = dict(calamine.get_sheet_by_name("Sync").to_python()[1:])["People"]
    assert people == 5


def test_libreoffice_opens_the_result_and_sees_the_tabs(book, tmp_path):
    sync(book.path, tmp_path)
    tables = libreoffice_tables(book.path, tmp_path / "lo")
    for tab in OWNED:
        assert tab in tables
    assert tables["Skills"][0][:3] == ["Skill", "Category", "People"]
    for name in book.sheet_names:
        if name != "Chart Sheet":  # a chartsheet is not a table
            assert name in tables, name


def test_schema_validator_finds_nothing_new(book, tmp_path):
    original = findings(book.path)
    sync(book.path, tmp_path)
    assert findings(book.path) - original == set()


def test_macro_workbook_keeps_its_macros(tmp_path):
    built = build_feature_workbook(tmp_path / "macro.xlsm", macro=True)
    vba = zipfile.ZipFile(built.path).read("xl/vbaProject.bin")
    sync(built.path, tmp_path)
    with zipfile.ZipFile(built.path) as archive:
        assert archive.read("xl/vbaProject.bin") == vba
        assert MACRO_TYPE in archive.read("[Content_Types].xml").decode()


@pytest.mark.parametrize("maker", ["openpyxl", "pandas"])
def test_workbooks_written_by_python_libraries(maker, tmp_path):
    """openpyxl declares the relationships prefix on each <sheet>, not on the root."""
    path = tmp_path / f"{maker}.xlsx"
    if maker == "pandas":
        import pandas as pd

        pd.DataFrame({"Name": ["Ann Lee", "Bo Chen"], "E-mail": ["ann@x.com", "bo@x.com"],
                      "Skills": ["NLP (4)", "SQL"]}).to_excel(path, index=False, engine="openpyxl")
    else:
        book = openpyxl.Workbook()
        book.active.title = "People"
        book.active.append(["Name", "E-mail", "Skills"])
        book.active.append(["Ann Lee", "ann@x.com", "NLP (4)"])
        book.create_sheet("Notes").append(["kept as it is"])
        book.save(path)
    original = findings(path)
    before = part_digests(path)
    first = sync(path, tmp_path)
    assert first["tabs_written"] == OWNED
    again = sync(path, tmp_path)  # the result must read back, and be ours to replace
    assert again["tabs_written"] == OWNED and again["tabs_skipped"] == []
    assert findings(path) - original == set()
    after = part_digests(path)
    assert all(after[p] == d for p, d in before.items() if p not in SHARED_PARTS)
    assert set(OWNED) <= set(libreoffice_tables(path, tmp_path / "lo"))
