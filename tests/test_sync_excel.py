"""The whole job on a messy, hand-made .xlsx: the CLI contract, the tabs, nothing else touched."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from click.testing import CliRunner
from conftest import libreoffice_tables, shared_xml_only_grew
from featurebook import part_digests, sheet_map
from messy import ERROR_ROW, HOSTILE_NAME, SCRIPT, build_messy_workbook

from skillsync.cli import main
from skillsync.core.summary import DEFAULT_TITLES

OWNED = list(DEFAULT_TITLES.values())  # every tab skillsync writes, in order
SHARED_PARTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                "xl/styles.xml", "xl/sharedStrings.xml"}


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def timeless_config(tmp_path, monkeypatch):
    """The workbook's dates are fixed, the clock is not: keep rows from going stale."""
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    monkeypatch.chdir(tmp_path)


@pytest.fixture()
def messy(tmp_path: Path):
    path = tmp_path / "inventory.xlsx"
    expected = build_messy_workbook(path)
    return path, expected


@pytest.fixture()
def synced(messy, tmp_path):
    path, expected = messy
    before = part_digests(path)
    original = {n: zipfile.ZipFile(path).read(n) for n in SHARED_PARTS
                if n in zipfile.ZipFile(path).namelist()}
    code, out, err = run_cli("sync", str(path), "--json", "--digest", str(tmp_path / "d.html"))
    assert code == 0, err
    return path, expected, json.loads(out), before, original


def test_json_report_has_the_contract_fields(synced):
    _path, expected, report, _, _ = synced
    for key, kind in [("source", str), ("sheet", str), ("header_row", int), ("rows_read", int),
                      ("people", int), ("duplicates", list), ("issues", list), ("skills", dict),
                      ("tabs_written", list)]:
        assert isinstance(report[key], kind), key
    assert report["sheet"] == expected.sheet
    assert report["header_row"] == expected.header_row
    assert report["rows_read"] == expected.rows_read
    assert report["people"] == expected.people
    assert report["tabs_written"] == OWNED
    assert Path(report["digest"]).is_file()
    assert report["layout"] == "rows" and report["tabs_read"] == [expected.sheet]
    for issue in report["issues"]:
        assert set(issue) == {"row", "column", "code", "severity", "message", "sheet"}
        assert issue["severity"] in ("error", "warning", "note")


def test_duplicates_merged_and_proposed_as_specified(synced):
    _, expected, report, _, _ = synced
    by_rows = {tuple(d["rows"]): d for d in report["duplicates"]}
    for rows in expected.merged:
        assert by_rows[rows]["action"] == "merged"
    for rows in expected.review:
        assert by_rows[rows]["action"] == "review"
        assert by_rows[rows]["reason"].startswith("same name")
    for rows in expected.not_proposed:
        assert rows not in by_rows
    tom = by_rows[(18, 19)]
    assert set(tom["conflicts"]["Team"]) == {"NLP", "Vision"}
    assert set(tom["conflicts"]["Success Rate (%)"]) == {"70%", "90%"}


def test_every_planted_problem_is_reported_where_it_is(synced):
    _, expected, report, _, _ = synced
    found = {(i["row"], i["code"]) for i in report["issues"]}
    for planted in expected.issues:
        assert planted in found, planted
    flagged_rows = {i["row"] for i in report["issues"]}
    for row in expected.no_issue_rows:
        assert row not in flagged_rows, row
    error = next(i for i in report["issues"] if i["row"] == ERROR_ROW)
    assert error["column"] == "Success Rate (%)" and "#N/A" in error["message"]


def test_skill_spellings_meet_in_one_canonical_skill(synced):
    _, _, report, _, _ = synced
    skills = report["skills"]
    assert skills["Computer Vision"] == 3  # CV, Computer vision, and Tom's merged row
    assert skills["Kubernetes"] == 3  # k8s x2 spellings + Kubernetes
    assert skills["Churn Modeling"] == 2  # "Churn prediction" and the Aliases tab's alias
    assert skills[SCRIPT] == 1  # unknown skills are kept as typed


def test_user_parts_are_byte_identical_and_shared_parts_only_grew(synced):
    path, _, _, before, original = synced
    after = part_digests(path)
    for part, digest in before.items():
        if part not in SHARED_PARTS:
            assert after[part] == digest, part
    with zipfile.ZipFile(path) as archive:
        for part, old in original.items():
            assert shared_xml_only_grew(old, archive.read(part)) == [], part
    names = [name for name, _ in sheet_map(path)]
    assert names[: len(names) - len(OWNED)] == ["Instructions", "People", "Aliases",
                                                 "Not duplicates", "Calc"]
    assert names[-len(OWNED):] == OWNED


def test_text_from_cells_never_becomes_a_formula(synced):
    path, _, _, _, _ = synced
    with zipfile.ZipFile(path) as archive:
        owned_parts = [part for name, part in sheet_map(path) if name in OWNED]
        for part in owned_parts:
            assert b"<f>" not in archive.read(part) and b"<f " not in archive.read(part)
    book = openpyxl.load_workbook(path)
    cells = [c for row in book["Duplicates"].iter_rows() for c in row if c.value] + \
            [c for row in book["Data Issues"].iter_rows() for c in row if c.value]
    hostile = [c for c in book["Data Issues"]["B"] if False] or [
        c for c in cells if isinstance(c.value, str) and HOSTILE_NAME[:10] in c.value]
    assert hostile, "the hostile name should appear in a tab as text"
    assert all(c.data_type == "s" for c in hostile)


def test_issue_rows_link_to_their_source_cell(synced):
    path, _, _, _, _ = synced
    book = openpyxl.load_workbook(path)
    sheet = book["Data Issues"]
    [link] = [row[0].hyperlink.location for row in sheet.iter_rows(min_row=2)
              if row[3].value == "Error value in a cell"]
    assert link == f"'People'!I{ERROR_ROW}"


def test_second_sync_changes_only_the_timestamp(synced, tmp_path):
    path, _, first, _, _ = synced
    parts_one = part_digests(path)
    values_one = _owned_values(path)
    code, out, err = run_cli("sync", str(path), "--json", "--digest", str(tmp_path / "d.html"))
    assert code == 0, err
    second = json.loads(out)
    parts_two = part_digests(path)
    assert set(parts_one) == set(parts_two)
    sync_part = dict(sheet_map(path))["Sync"]
    assert {p for p in parts_one if parts_one[p] != parts_two[p]} <= {sync_part}
    values_two = _owned_values(path)
    for tab in OWNED:
        rows_one, rows_two = values_one[tab], values_two[tab]
        if tab == "Sync":
            rows_one = [r for r in rows_one if r[0] != "Synced at"]
            rows_two = [r for r in rows_two if r[0] != "Synced at"]
        assert rows_one == rows_two, tab
    drop = {"synced_at", "digest", "backup", "changes", "history"}  # the second knows the first
    assert {k: v for k, v in first.items() if k not in drop} == \
           {k: v for k, v in second.items() if k not in drop}


def _owned_values(path: Path) -> dict[str, list[list]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {tab: book.get_sheet_by_name(tab).to_python() for tab in OWNED}


def test_libreoffice_opens_the_result_and_sees_the_tabs(synced, tmp_path):
    path, expected, _report, _, _ = synced
    tables = libreoffice_tables(path, tmp_path / "lo")
    for tab in OWNED:
        assert tab in tables, tab
    sync_rows = {row[0]: row[1] for row in tables["Sync"][1:] if len(row) > 1}
    assert sync_rows["People"] == str(expected.people)
    skills = {row[0]: row[2] for row in tables["Skills"][1:]}
    assert skills["Computer Vision"] == "3"
    issue_texts = [" ".join(row) for row in tables["Data Issues"]]
    assert any(HOSTILE_NAME[:12] in text for text in issue_texts)


def test_digest_escapes_html_typed_into_cells(synced):
    _, _, report, _, _ = synced
    html = Path(report["digest"]).read_text(encoding="utf-8")
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html
    assert not re.search(r"<script", html, re.I)
    text = Path(report["digest"]).with_suffix(".txt").read_text(encoding="utf-8")
    assert "Top skills".upper() in text


def test_check_writes_nothing(messy):
    path, expected = messy
    before = path.read_bytes()
    code, out, _ = run_cli("check", str(path), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["people"] == expected.people and report["tabs_written"] == []
    assert path.read_bytes() == before


def test_dry_run_writes_nothing_but_says_what_it_would(messy, tmp_path):
    path, _ = messy
    before = path.read_bytes()
    code, out, _ = run_cli("sync", str(path), "--dry-run", "--json",
                           "--digest", str(tmp_path / "d.html"))
    assert code == 0
    assert json.loads(out)["tabs_written"] == OWNED
    assert path.read_bytes() == before


def test_stray_far_cell_is_reported_not_fatal(tmp_path):
    path = tmp_path / "stray.xlsx"
    expected = build_messy_workbook(path, stray_cell=True)
    code, out, err = run_cli("check", str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["people"] == expected.people
    stray = [i for i in report["issues"] if i["code"] == "stray-cell"]
    assert stray and "XFD1048576" in stray[0]["message"]


def test_a_workbook_saved_by_libreoffice_keeps_our_tabs_ours(synced, tmp_path):
    from conftest import libreoffice_convert

    path, _, _, _, _ = synced
    out = tmp_path / "saved-by-libreoffice"
    libreoffice_convert([path], out, "xlsx:Calc MS Excel 2007 XML")
    resaved = out / path.name
    code, stdout, err = run_cli("sync", str(resaved), "--json",
                                "--digest", str(tmp_path / "again.html"))
    assert code == 0, err
    report = json.loads(stdout)
    assert report["tabs_written"] == OWNED and report["tabs_skipped"] == []
    names = [name for name, _ in sheet_map(resaved)]
    assert names.count("Skills") == 1 and names[-len(OWNED):] == OWNED
