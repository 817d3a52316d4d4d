"""The Projects tab's Rows say where each project was read; from team tabs read together,
a bare "2, 3" would not say which tab, so each row carries its tab, as the Duplicates tab
writes it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main

HEADER = ["Name", "Email", "Skills", "Current projects"]


def synced(tmp_path: Path, monkeypatch, tabs: dict[str, list[tuple[str, str]]]) -> dict:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for tab, people in tabs.items():
        sheet = workbook.create_sheet(tab)
        sheet.append(HEADER)
        for name, projects in people:
            sheet.append([name, f"{name.lower()}@x.org", "SQL", projects])
    path = tmp_path / "teams.xlsx"
    workbook.save(path)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["sync", str(path)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(path)["Projects"]
    return {row[0]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_rows_from_several_tabs_name_their_tab(tmp_path, monkeypatch):
    rows = synced(tmp_path, monkeypatch, {
        "Paris": [("Ana", "Beacon"), ("Bo", "Beacon; Atlas")],
        "London": [("Cy", "Beacon"), ("Di", "Atlas")]})
    assert rows == {"Beacon": "2 (London), 2 (Paris), 3 (Paris)",
                    "Atlas": "3 (London), 3 (Paris)"}


def test_a_tabs_rows_are_listed_together(tmp_path, monkeypatch):
    rows = synced(tmp_path, monkeypatch, {
        "Paris": [("Ana", "Beacon"), ("Bo", "Beacon"), ("Cy", "Beacon")],
        "London": [("Di", "Beacon"), ("Ed", "Beacon")]})
    assert rows == {"Beacon": "2 (London), 3 (London), 2 (Paris), 3 (Paris), 4 (Paris)"}


def test_rows_of_one_tab_stay_numbers(tmp_path, monkeypatch):
    rows = synced(tmp_path, monkeypatch, {"Team": [("Ana", "Beacon"), ("Bo", "Beacon")]})
    assert rows == {"Beacon": "2, 3"}
