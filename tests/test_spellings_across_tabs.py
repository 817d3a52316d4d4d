"""An unknown skill or a typo on a team tab read with others points at its own tab's cell
and names its own person: row 3 of one tab is not row 3 of another. The Data Issues tab
says the tab of every issue not on the first one. Before, the issue
pointed at the first tab's row, and carried the e-mail of whoever was last read on that
row number, so a nudge could tell one person of another's cell."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main

HEADER = ["Name", "Email", "Team", "Skills"]


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    paris = book.active
    paris.title = "Paris"
    for row in (HEADER, ["Ana Lima", "ana@x.org", "ML", "Python"],
                ["Bo Chen", "bo@x.org", "ML", "SQL, <b>Rust</b>"]):
        paris.append(row)
    london = book.create_sheet("London")
    for row in (HEADER, ["Cy Diaz", "cy@x.org", "BI", "Zorbl, Pyhton"],
                ["Di Wu", "di@x.org", "BI", "SQL"]):
        london.append(row)
    book.save(path)
    return path


def test_spelling_issues_point_at_their_own_tab_and_person(tmp_path, monkeypatch):
    path = workbook(tmp_path / "teams.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    checked = CliRunner().invoke(main, ["check", str(path), "--json"])
    issues = {i["message"].split("'")[1]: i for i in json.loads(checked.stdout)["issues"]}
    assert (issues["Zorbl"]["row"], issues["Zorbl"]["sheet"]) == (2, "London")
    assert (issues["Pyhton"]["row"], issues["Pyhton"]["sheet"]) == (2, "London")
    assert (issues["<b>Rust</b>"]["row"], issues["<b>Rust</b>"]["sheet"]) == (3, None)
    assert CliRunner().invoke(main, ["sync", str(path)]).exit_code == 0
    tab = openpyxl.load_workbook(path)["Data Issues"]
    found = {row[4].value.split("'")[1]: (row[0].value, row[0].hyperlink.location,
                                          row[5].value) for row in tab.iter_rows(min_row=2)}
    assert found["Zorbl"] == ("row 2 (London)", "'London'!D2", None)
    assert found["Pyhton"] == ("row 2 (London)", "'London'!D2", "cy@x.org")
    assert found["<b>Rust</b>"] == ("row 3", "'Paris'!D3", "bo@x.org")  # Bo's, not Di's
