"""Beside a skills column, a level column headed as a skill is spelt ("Python", "SQL
level") holds that skill's level, read with the cell's skills; it was ignored in silence.
Other level columns ("Certified?", or "Vision", which may be a project) stay unread."""

from __future__ import annotations

import csv
import io

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main


def _export(tmp_path, monkeypatch, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Team"
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "team.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["export", str(tmp_path / "team.xlsx")])
    assert result.exit_code == 0, result.output
    return {(r["name"], r["skill"], r["level"])
            for r in csv.DictReader(io.StringIO(result.stdout))}


def test_a_skill_column_beside_the_skills_cell_is_read(tmp_path, monkeypatch):
    found = _export(tmp_path, monkeypatch, [
        ["Name", "Email", "Skills", "Python", "Certified?"],
        ["Ana", "ana@x.com", "Spark (3)", 4, "yes"], ["Ben", "ben@x.com", "SQL", 2, "no"],
        ["Cy", "cy@x.com", "Python (5)", None, "no"]])
    assert found == {("Ana", "Spark", "3"), ("Ana", "Python", "4"), ("Ben", "SQL", ""),
                     ("Ben", "Python", "2"), ("Cy", "Python", "5")}


def test_columns_an_alias_names_stay_unread(tmp_path, monkeypatch):
    found = _export(tmp_path, monkeypatch, [
        ["Name", "Email", "Skills", "Vision", "Search"],
        ["Ana", "ana@x.com", "Spark (3)", 1, 1], ["Ben", "ben@x.com", "SQL", None, 1]])
    assert found == {("Ana", "Spark", "3"), ("Ben", "SQL", "")}


def test_a_level_header_beside_the_skills_cell(tmp_path, monkeypatch):
    found = _export(tmp_path, monkeypatch, [
        ["Name", "Email", "Team", "Skills", "SQL level"],
        ["Ana", "ana@x.com", "A", "Spark (3)", 5], ["Ben", "ben@x.com", "B", "NLP (2)", 1]])
    assert ("Ana", "SQL", "5") in found and ("Ben", "SQL", "1") in found
