"""'Read N rows' counts the sheet's rows read, not the people: a long sheet (a row per
person and skill) of nine rows said 'Read 3 rows'."""

from __future__ import annotations

import json

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main


def test_a_long_sheet_reads_a_row_per_person_and_skill(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    book.active.append(["Employee Name", "Email", "Department", "Skill", "Proficiency"])
    for name in ("Ana", "Bo", "Cy"):
        for skill, level in (("Python", 3), ("SQL", 4), ("Spark", 2)):
            book.active.append([name, f"{name.lower()}@x.org", "A", skill, level])
    book.save(tmp_path / "long.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["check", str(tmp_path / "long.xlsx")])
    assert result.output.startswith("Read 9 rows from 'Sheet' (header on row 1; layout: long)")
    report = json.loads(CliRunner().invoke(
        main, ["check", str(tmp_path / "long.xlsx"), "--json"]).stdout)
    assert (report["rows_read"], report["people"]) == (9, 3)
