"""The house's contracts: problem codes with labels, the core's schema, one public API,
and a library that behaves like the CLI."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from messy import build_messy_workbook

import skillsync
from skillsync.cli import main
from skillsync.core import schema
from skillsync.core.codes import Code, label

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_every_code_has_a_label_and_a_hint_a_reader_understands(code):
    assert code.label[0].isupper() and " " in code.label and code.label != code.value
    assert code.hint and code.hint[0].islower()
    assert label(code.value) == code.label


def test_every_code_the_source_raises_is_in_the_enum():
    used = set()
    for path in (ROOT / "skillsync").rglob("*.py"):
        used |= set(re.findall(r"Code\.([A-Z_0-9]+)", path.read_text(encoding="utf-8")))
    assert used <= set(Code.__members__), used - set(Code.__members__)


def test_no_raw_code_reaches_a_reader(tmp_path):
    path = tmp_path / "inventory.xlsx"
    build_messy_workbook(path)
    result = CliRunner().invoke(main, ["sync", str(path), "--digest", str(tmp_path / "d.html")])
    assert result.exit_code == 0, result.stderr
    html = (tmp_path / "d.html").read_text(encoding="utf-8")
    text = (tmp_path / "d.txt").read_text(encoding="utf-8")
    import openpyxl

    problems = [r[3] for r in openpyxl.load_workbook(path)["Data Issues"].iter_rows(
        min_row=2, values_only=True)]
    assert problems
    for code in Code:
        assert code.value not in problems
        assert f">{code.value}<" not in html and f" {code.value}\n" not in text


def test_the_core_refuses_a_table_off_its_schema():
    frame = pd.DataFrame({c: [] for c in schema.PEOPLE_COLUMNS if c != "team"})
    with pytest.raises(schema.SchemaError, match="missing \\['team'\\]"):
        schema.check(frame, schema.PEOPLE_COLUMNS, "people")


def test_field_lists_are_defined_once():
    from skillsync.core import dedupe, people

    for module in (dedupe, people):
        assert not hasattr(module, "LIST_FIELDS") and not hasattr(module, "SCALAR_FIELDS")
    assert set(schema.LIST_FIELDS) | set(schema.SCALAR_FIELDS) <= set(schema.FIELDS)


def test_every_public_name_imports_from_the_package():
    for name in skillsync.__all__:
        assert getattr(skillsync, name) is not None, name


def test_the_readme_library_section_uses_only_exported_names():
    section = README.split("## Library", 1)[1].split("\n## ", 1)[0]
    used = set(re.findall(r"\bskillsync\.([A-Za-z_]+)", section)) - {"toml"}
    assert used, "the Library section shows no skillsync.<name> at all"
    assert used <= set(skillsync.__all__), used - set(skillsync.__all__)
    assert "from skillsync." not in section  # nothing from internal modules


def test_templates_and_examples_ship_inside_the_package():
    from skillsync import paths

    assert (paths.templates_dir() / "digest.html.j2").is_file()
    assert (paths.examples_dir() / "inventory.xlsx").is_file()
    assert paths.templates_dir().parent.name == "skillsync"


def test_the_cli_leaves_the_process_as_the_library_does(tmp_path):
    path = tmp_path / "inventory.xlsx"
    build_messy_workbook(path)
    assert gc.isenabled()
    result = CliRunner().invoke(main, ["check", str(path), "--json"])
    assert result.exit_code == 0
    assert gc.isenabled()  # no process-wide switch left behind
    library = skillsync.check(path).as_dict()
    import json

    cli = json.loads(result.stdout)
    drop = {"synced_at"}
    assert {k: v for k, v in cli.items() if k not in drop} == {
        k: v for k, v in library.items() if k not in drop}


def test_dry_run_says_exactly_what_a_sync_writes_on_a_protected_workbook(tmp_path):
    """Review → Protect Workbook: no tab may be added. The dry run must not promise any."""
    import xlsxwriter

    path = tmp_path / "protected.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("People")
    for r, row in enumerate([["Name", "E-mail", "Skills"], ["Ana Lima", "ana@x.com", "NLP"]]):
        sheet.write_row(r, 0, row)
    book.close()
    _protect_structure(path)
    dry = skillsync.sync(path, dry_run=True)
    real = skillsync.sync(path, digest_path=tmp_path / "d.html")
    assert dry.tabs_written == real.tabs_written == []
    assert dry.as_dict()["tabs_skipped"] == real.as_dict()["tabs_skipped"] != []


def _protect_structure(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<bookViews>", b'<workbookProtection lockStructure="1"/><bookViews>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
