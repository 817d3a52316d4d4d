"""A matrix of one or two skills ('Name' | 'Email' | 'Python' | 'SQL', levels below) is
read as a matrix when no skills cell is beside it and every level column is named as a
known skill. It was read as rows with "No skills column was found", nobody having any
skill. One or two level columns not named as skills ('Certified?') are still no matrix."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main


def _book(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Team"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _export(path, monkeypatch, tmp_path):
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["export", str(path)])
    assert result.exit_code == 0, result.output
    return {(r["name"], r["skill"], r["level"])
            for r in csv.DictReader(io.StringIO(result.stdout))}


def _check(path, monkeypatch, tmp_path):
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_two_skill_columns_are_a_matrix(tmp_path, monkeypatch):
    path = _book(tmp_path / "two.xlsx", [["Name", "Email", "Python", "SQL"],
                                         ["Ana", "ana@x.com", 4, 3],
                                         ["Ben", "ben@x.com", 2, 5],
                                         ["Cy", "cy@x.com", 3, None]])
    assert _export(path, monkeypatch, tmp_path) == {
        ("Ana", "Python", "4"), ("Ana", "SQL", "3"), ("Ben", "Python", "2"),
        ("Ben", "SQL", "5"), ("Cy", "Python", "3")}
    output = _check(path, monkeypatch, tmp_path)
    assert "layout: wide" in output and "No skills column" not in output


def test_one_skill_column_is_a_matrix(tmp_path, monkeypatch):
    path = _book(tmp_path / "one.xlsx", [["Name", "Email", "Team", "Python"],
                                         ["Ana", "ana@x.com", "A", 4],
                                         ["Ben", "ben@x.com", "B", "expert"]])
    assert _export(path, monkeypatch, tmp_path) == {("Ana", "Python", "4"),
                                                    ("Ben", "Python", "5")}


@pytest.mark.parametrize("headers", [["Certified?"], ["Python", "Certified?"]])
def test_level_columns_not_all_named_as_skills_are_no_matrix(tmp_path, monkeypatch, headers):
    rows = [["Name", "Email", "Team", *headers],
            ["Ana", "ana@x.com", "A", *(["yes"] * len(headers))],
            ["Ben", "ben@x.com", "B", *(["no"] * len(headers))]]
    path = _book(tmp_path / "cert.xlsx", rows)
    output = _check(path, monkeypatch, tmp_path)
    assert "layout: rows" in output and "No skills column was found" in output
    assert _export(path, monkeypatch, tmp_path) == set()


def test_skill_columns_beside_a_skills_cell_stay_beside_it(tmp_path, monkeypatch):
    path = _book(tmp_path / "mixed.xlsx", [["Name", "Email", "Skills", "Python", "SQL"],
                                           ["Ana", "ana@x.com", "Spark (3)", 4, 3],
                                           ["Ben", "ben@x.com", "NLP", 2, 5]])
    assert _export(path, monkeypatch, tmp_path) == {("Ana", "Spark", "3"),
                                                    ("Ben", "Natural Language Processing", "")}
