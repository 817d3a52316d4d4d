"""A matrix of 1s (and blanks) marks who has a skill: read so, with no warning on every
cell saying "Level 1 ... is not a whole number from 1 to 5", which it is."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main


def test_a_matrix_of_ones_has_no_level_warnings(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Team"
    for row in (["Name", "Email", "Python", "SQL", "Spark"], ["Ana", "ana@x.com", 1, None, 1],
                ["Ben", "ben@x.com", None, 1, 1], ["Cy", "cy@x.com", 1, 1, None]):
        sheet.append(row)
    book.save(tmp_path / "ones.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["check", "--json", str(tmp_path / "ones.xlsx")])
    assert result.exit_code == 0, result.output
    assert [i for i in json.loads(result.stdout)["issues"] if i["code"] == "bad-level"] == []
    result = CliRunner().invoke(main, ["export", str(tmp_path / "ones.xlsx")])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["name"], r["skill"], r["level"]) for r in rows} == {
        ("Ana", "Python", ""), ("Ana", "Spark", ""), ("Ben", "SQL", ""), ("Ben", "Spark", ""),
        ("Cy", "Python", ""), ("Cy", "SQL", "")}
