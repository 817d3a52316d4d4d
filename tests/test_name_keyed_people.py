"""A sheet without an e-mail column keys people by name: the key merges and compares,
but never shows as an address, and what was merged says it was a name."""

from __future__ import annotations

import json

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main
from skillsync.core.emails import NAME_KEY


def test_a_name_key_never_shows_as_an_address(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Team"
    for row in (["Name", "Team", "Skills", "Success rate"],
                ["Ana Lima", "Search", "Python 4", "80%"],
                ["Bo Chen", "Vision", "SQL 3", "90%"],
                ["ana lima", "Search", "SQL", "70%"]):
        sheet.append(row)
    path = tmp_path / "team.xlsx"
    book.save(path)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["sync", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert NAME_KEY not in result.stdout
    found = json.loads(result.stdout)
    [merged] = [d for d in found["duplicates"] if d["action"] == "merged"]
    assert merged["reason"] == "same name 'Ana Lima' / 'ana lima'" and merged["emails"] == []
    conflict = next(i for i in found["issues"] if i["column"] == "Success rate")
    assert "rows of one name" in conflict["message"]
    written = openpyxl.load_workbook(path)
    shown = [cell for tab in written.worksheets for row in tab.iter_rows(values_only=True)
             for cell in row if isinstance(cell, str) and NAME_KEY in cell]
    assert shown == []
    check = CliRunner().invoke(main, ["check", str(path)])
    assert "1 repeated name merged" in check.stdout
