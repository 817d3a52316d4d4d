"""Sheets the way people really leave them, driven through the CLI on real .xlsx files."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from skillsync.cli import main

HEADER = ["Full Name", "E-mail", "Team", "Areas of Expertise", "Success rate", "Last updated"]


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                          "strings_to_urls": False})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, book.add_format({"num_format": "yyyy-mm-dd"}))
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()
    return path


def cli(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def report_of(*args: str) -> dict:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def person(i: int, **fields) -> list:
    row = [f"Person {chr(65 + i)}", f"p{i}@x.com", "Team", "NLP", 0.8, date(2026, 11, 1)]
    for name, value in fields.items():
        row[HEADER.index(name)] = value
    return row


@pytest.fixture(autouse=True)
def timeless(tmp_path, monkeypatch):
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    monkeypatch.chdir(tmp_path)


def codes(report: dict) -> list[tuple]:
    return [(i["row"], i["code"]) for i in report["issues"]]


def test_a_second_inventory_like_tab_is_named_in_a_warning(tmp_path):
    path = workbook(tmp_path / "two.xlsx", {
        "Archive 2024": [HEADER, person(0)],
        "Inventory": [HEADER[:5], *[person(i)[:5] for i in range(1, 4)]],
    })
    report = report_of("check", path)
    # An archive is not the current inventory, though it names more columns; it is not
    # read with it either, being an older copy rather than another team's tab.
    assert report["sheet"] == "Inventory" and report["tabs_read"] == ["Inventory"]
    [warning] = [i for i in report["issues"] if i["code"] == "several-inventories"]
    assert "'Archive 2024'" in warning["message"] and "[source] tab" in warning["message"]


def test_a_missing_skills_column_is_said_with_the_columns_not_read(tmp_path):
    path = workbook(tmp_path / "toolless.xlsx", {"People": [
        ["Name", "E-mail", "Team", "Superpowers"], ["Ann Lee", "ann@x.com", "A", "NLP"]]})
    report = report_of("check", path)
    [warning] = [i for i in report["issues"] if i["code"] == "no-skills-column"]
    assert "'Superpowers'" in warning["message"]


def test_a_header_far_down_is_found(tmp_path):
    rows = [[f"note {i}"] for i in range(50)] + [HEADER, person(0)]
    report = report_of("check", workbook(tmp_path / "deep.xlsx", {"People": rows}))
    assert report["header_row"] == 51 and report["people"] == 1


@pytest.mark.parametrize(("typed", "code"), [
    (85, None), (1.3, "rate-over-100"), ("85%", None), (130, "rate-over-100"),
], ids=["85-among-fractions", "130-percent-as-fraction", "text", "130"])
def test_success_rates_typed_by_hand_among_fractions(tmp_path, typed, code):
    rows = [HEADER, person(0), person(1, **{"Success rate": 0.7}),
            person(2, **{"Success rate": typed})]
    report = report_of("check", workbook(tmp_path / "rates.xlsx", {"People": rows}))
    assert [c for r, c in codes(report) if r == 4] == ([code] if code else [])


def test_a_year_typed_as_a_date_is_not_1905(tmp_path):
    rows = [HEADER, person(0, **{"Last updated": 2024})]
    report = report_of("check", workbook(tmp_path / "year.xlsx", {"People": rows}))
    [issue] = [i for i in report["issues"] if i["code"] == "bad-date"]
    assert "looks like a year" in issue["message"]


@pytest.mark.parametrize("typed", ["Jane Doe <jane.doe@ex.com>", "jane.doe@ex.com\u200b",
                                   " MAILTO:Jane.Doe@EX.com "])
def test_e_mails_as_mail_programs_paste_them(tmp_path, typed):
    rows = [HEADER, person(0, **{"E-mail": "jane.doe@ex.com"}), person(1, **{"E-mail": typed})]
    report = report_of("check", workbook(tmp_path / "mail.xlsx", {"People": rows}))
    assert report["people"] == 1
    assert [d["action"] for d in report["duplicates"]] == ["merged"]


def test_teams_typed_in_different_cases_are_one_team(tmp_path):
    rows = [HEADER] + [person(i, Team=t) for i, t in enumerate(["Search", "search", "SEARCH ",
                                                                 "Search", "Vision"])]
    path = workbook(tmp_path / "teams.xlsx", {"People": rows})
    report_of("sync", path, "--digest", tmp_path / "d.html")
    teams = [r[0].value for r in openpyxl.load_workbook(path)["Team Skills"].iter_rows(min_row=2)]
    assert teams == ["Search", "Vision"]


def test_two_people_with_one_name_are_both_listed(tmp_path):
    rows = [HEADER, person(0, **{"Full Name": "John Smith"}),
            person(1, **{"Full Name": "John Smith", "E-mail": "john.smith2@x.com"}),
            person(2, **{"Full Name": "Doe, Jane"})]
    path = workbook(tmp_path / "namesakes.xlsx", {"People": rows})
    report_of("sync", path, "--digest", tmp_path / "d.html")
    skills = openpyxl.load_workbook(path)["Skills"]
    who = {r[0].value: r[6].value for r in skills.iter_rows(min_row=2)}
    assert who["Natural Language Processing"] == "Doe, Jane; John Smith; John Smith"


def test_a_manager_column_of_names_is_one_warning(tmp_path):
    rows = [["Name", "E-mail", "Manager", "Skills"]] + [
        [f"P {chr(65 + i)}", f"p{i}@x.com", "Rui Costa", "NLP"] for i in range(6)]
    report = report_of("check", workbook(tmp_path / "managers.xlsx", {"People": rows}))
    assert codes(report).count((1, "invalid-manager-email")) == 1
    assert len(report["issues"]) == 1


def test_totals_under_the_table_are_not_a_person(tmp_path):
    rows = [HEADER, person(0), person(1), ["Totals", None, None, None, 0.8, None]]
    report = report_of("check", workbook(tmp_path / "totals.xlsx", {"People": rows}))
    assert report["rows_read"] == 2 and report["issues"] == []


def test_a_flood_of_unknown_skills_in_one_cell_is_one_warning(tmp_path):
    flood = ", ".join(f"Thing{n}" for n in range(300))
    rows = [HEADER, person(0, **{"Areas of Expertise": flood})]
    report = report_of("check", workbook(tmp_path / "flood.xlsx", {"People": rows}))
    [issue] = [i for i in report["issues"] if i["code"] == "unknown-skill"]
    assert "300 skills" in issue["message"]


def test_a_formula_saved_without_its_value_is_explained(tmp_path):
    path = tmp_path / "formula.xlsx"
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["Ann Lee", '=LOWER("ANN@EX.COM")', "A", "NLP", 0.8, None])
    book.save(path)
    report = report_of("check", path)
    [issue] = report["issues"]
    assert issue["code"] == "cell-error" and "no calculated value" in issue["message"]


def test_patricia_and_patrick_are_not_one_person(tmp_path):
    rows = [HEADER, person(0, **{"Full Name": "Patricia Kim", "E-mail": "patricia@x.com"}),
            person(1, **{"Full Name": "Patrick Kim", "E-mail": "patrick@x.com"}),
            person(2, **{"Full Name": "Pat Kim", "E-mail": "pkim@x.com"})]
    report = report_of("check", workbook(tmp_path / "pat.xlsx", {"People": rows}))
    [proposal] = report["duplicates"]
    assert proposal["rows"] == [3, 4]  # Patrick and Pat


def test_reading_commands_do_not_mind_an_open_workbook(tmp_path):
    path = workbook(tmp_path / "open.xlsx", {"People": [HEADER, person(0)]})
    (tmp_path / "~$open.xlsx").write_bytes(b"\x04Jane" + b" " * 60)
    assert report_of("check", path)["people"] == 1
    assert cli("digest", path, "--out", tmp_path / "d.html").exit_code == 0
    assert cli("sync", path).exit_code == 3


def test_a_linked_workbook_updates_the_real_file(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    real = workbook(shared / "real.xlsx", {"People": [HEADER, person(0)]})
    link = tmp_path / "link.xlsx"
    os.symlink(real, link)
    (shared / "~$real.xlsx").write_bytes(b"\x04Jane" + b" " * 60)
    assert cli("sync", link).exit_code == 3  # the lock beside the real file counts
    (shared / "~$real.xlsx").unlink()
    report = report_of("sync", link, "--digest", tmp_path / "d.html")
    assert link.is_symlink() and "Sync" in report["tabs_written"]
    assert "Sync" in openpyxl.load_workbook(real).sheetnames


@pytest.mark.parametrize("digest_target", ["folder", "template"])
def test_a_digest_that_cannot_be_written_stops_before_the_tabs(tmp_path, digest_target):
    path = workbook(tmp_path / "inv.xlsx", {"People": [HEADER, person(0)]})
    before = path.read_bytes()
    if digest_target == "folder":
        (tmp_path / "out").mkdir()
        result = cli("sync", path, "--digest", tmp_path / "out")
    else:
        (tmp_path / "tpl").mkdir()
        (tmp_path / "tpl" / "digest.html.j2").write_text("{% for x in %}")
        (tmp_path / "skillsync.toml").write_text('[output]\ntemplates = "tpl"\n')
        result = cli("sync", path)
    assert result.exit_code == 2, result.stderr
    assert path.read_bytes() == before


def test_settings_beside_the_workbook_are_used(tmp_path, monkeypatch):
    team = tmp_path / "team"
    assert cli("init", team).exit_code == 0
    (team / "skillsync.toml").write_text('[tabs]\nskills = "Skill Map"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    report = report_of("sync", team / "skills-inventory.xlsx", "--digest", tmp_path / "d.html")
    assert "Skill Map" in report["tabs_written"]


def test_a_renamed_tab_is_reported_as_no_longer_updated(tmp_path):
    path = workbook(tmp_path / "inv.xlsx", {"People": [HEADER, person(0)]})
    report_of("sync", path, "--digest", tmp_path / "d.html")
    (tmp_path / "skillsync.toml").write_text('[tabs]\nskills = "Skill Map"\n')
    report = report_of("sync", path, "--digest", tmp_path / "d.html")
    assert report["tabs_stale"] == ["Skills"] and "Skill Map" in report["tabs_written"]


def test_a_protected_structure_gets_no_new_tabs(tmp_path):
    path = tmp_path / "locked.xlsx"
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(person(0))
    book.security.lockStructure = True
    book.save(path)
    report = report_of("sync", path, "--digest", tmp_path / "d.html")
    assert report["tabs_written"] == []
    assert "structure is protected" in report["notes"][0]
    assert openpyxl.load_workbook(path).sheetnames == ["Sheet"]


@pytest.mark.parametrize(("setup", "message"), [
    ("config-folder", "is a folder"),
    ("config-latin1", "not UTF-8"),
    ("init-into-file", "is a file"),
    ("state-is-file", "state folder"),
])
def test_environment_mistakes_exit_2_with_one_line(tmp_path, monkeypatch, setup, message):
    path = workbook(tmp_path / "inv.xlsx", {"People": [HEADER, person(0)]})
    if setup == "config-folder":
        result = cli("check", path, "--config", tmp_path)
    elif setup == "config-latin1":
        (tmp_path / "latin.toml").write_bytes(b'[source]\ntab = "Caf\xe9"\n')
        result = cli("check", path, "--config", tmp_path / "latin.toml")
    elif setup == "init-into-file":
        result = cli("init", path)
    else:
        monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(path))
        result = cli("sync", path)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_bom_in_the_settings_file_is_fine(tmp_path):
    (tmp_path / "skillsync.toml").write_bytes(b"\xef\xbb\xbf[skills]\nexpert_level = 3\n")
    path = workbook(tmp_path / "inv.xlsx", {"People": [HEADER, person(0)]})
    assert report_of("check", path)["people"] == 1


def test_a_stray_cell_far_below_a_small_table_is_read_sparsely(tmp_path):
    path = workbook(tmp_path / "stray.xlsx", {"People": [HEADER, person(0)]})
    book = openpyxl.load_workbook(path)
    book["People"]["Z750000"] = "x"
    book.save(path)
    report = report_of("check", path)
    assert report["people"] == 1
    assert [i["code"] for i in report["issues"]] == ["stray-cell"]
