"""A hidden tab is set aside like one named 'Old' or 'Archive': people hide an old copy
of the inventory, or the rows of those who left, rather than delete them. A visible
inventory is read before it, and it is never read along with the visible team tabs; a
workbook whose only inventory is hidden is still read."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from standin.client import gspread_client

from skillsync.cli import main

HEADER = ["Name", "Email", "Team", "Skills"]


def tab(book: openpyxl.Workbook, title: str, people: list[str], team: str,
        state: str = "visible") -> None:
    sheet = book.create_sheet(title)
    sheet.append(HEADER)
    for name in people:
        sheet.append([name, f"{name.lower()}@x.com", team, "Python (4), SQL"])
    sheet.sheet_state = state


def workbook(path: Path, *tabs: tuple) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for args in tabs:
        tab(book, *args)
    if all(sheet.sheet_state != "visible" for sheet in book.worksheets):
        book.create_sheet("Read me")  # a workbook shows one tab at least
    book.save(path)
    return path


def check(path: str, monkeypatch, tmp_path: Path) -> dict:
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["check", path, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_visible_inventory_is_read_before_a_hidden_copy(tmp_path, monkeypatch, state):
    """The hidden old copy comes first and names the same columns: tab order would
    have chosen it."""
    path = workbook(tmp_path / "book.xlsx",
                    ("Inventory", ["Old", "Gone"], "Search", state),
                    ("Inventory 2026", ["Ana", "Bo", "Cy"], "Search"))
    report = check(str(path), monkeypatch, tmp_path)
    assert report["sheet"] == "Inventory 2026" and report["people"] == 3
    [warning] = [i for i in report["issues"] if i["code"] == "several-inventories"]
    assert "'Inventory'" in warning["message"]


def test_a_hidden_tab_is_not_read_with_the_visible_team_tabs(tmp_path, monkeypatch):
    path = workbook(tmp_path / "teams.xlsx",
                    ("Search", ["Ana", "Bo"], "Search"),
                    ("Vision", ["Cy", "Di"], "Vision"),
                    ("Leavers", ["Ed", "Flo"], "Vision", "hidden"))
    report = check(str(path), monkeypatch, tmp_path)
    assert report["tabs_read"] == ["Search", "Vision"] and report["people"] == 4


def test_a_workbook_whose_only_inventory_is_hidden_is_read(tmp_path, monkeypatch):
    path = workbook(tmp_path / "hidden.xlsx", ("Inventory", ["Ana", "Bo"], "Search", "hidden"))
    report = check(str(path), monkeypatch, tmp_path)
    assert report["sheet"] == "Inventory" and report["people"] == 2


def test_a_google_sheet_hidden_tab_is_set_aside_too(standin, tmp_path, monkeypatch):
    monkeypatch.setenv("SKILLSYNC_SHEETS_API", standin.url)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    rows = [HEADER] + [[n, f"{n.lower()}@x.com", "Search", "SQL"] for n in ("Ana", "Bo")]
    old = [HEADER] + [[n, f"{n.lower()}@x.com", "Search", "SQL"] for n in ("Old", "Gone")]
    sheet_id = standin.create_spreadsheet("Skills", {"Inventory": old, "Current": rows})
    spreadsheet = gspread_client(standin).open_by_key(sheet_id)
    hidden = spreadsheet.worksheet("Inventory").id
    spreadsheet.batch_update({"requests": [{"updateSheetProperties": {
        "properties": {"sheetId": hidden, "hidden": True}, "fields": "hidden"}}]})
    report = check(f"gsheet:{sheet_id}", monkeypatch, tmp_path)
    assert report["sheet"] == "Current" and report["people"] == 2


def test_hidden_team_tabs_are_read_together_when_no_tab_is_visible(tmp_path, monkeypatch):
    path = workbook(tmp_path / "hidden-teams.xlsx",
                    ("London", ["Ana", "Bo"], "Search", "hidden"),
                    ("Paris", ["Cy", "Di"], "Vision", "hidden"))
    report = check(str(path), monkeypatch, tmp_path)
    assert report["tabs_read"] == ["London", "Paris"] and report["people"] == 4


def test_the_warning_says_which_tabs_were_read_and_which_are_hidden(tmp_path, monkeypatch):
    path = workbook(tmp_path / "copies.xlsx",
                    ("Old copy", ["Old", "Gone"], "Search", "hidden"),
                    ("Search", ["Ana", "Bo"], "Search"), ("Vision", ["Cy", "Di"], "Vision"),
                    ("Leavers", ["Ed", "Flo"], "Vision", "hidden"))
    [warning] = [i for i in check(str(path), monkeypatch, tmp_path)["issues"]
                 if i["code"] == "several-inventories"]
    assert warning["message"].startswith(
        "Tabs 'Old copy' (hidden), 'Leavers' (hidden) also look like an inventory; "
        "skillsync read 'Search', 'Vision' (visible tabs first")
