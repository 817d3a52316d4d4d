"""One or two ratings past 5 in a 1-5 matrix are typos, not a 1-10 scale: read on the
five-point scale, the stray ones warned about (with the setting for a real 1-10 sheet).
A single "7" used to put the whole sheet on 1-10 in silence, everyone's 5 read as 3."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main
from skillsync.core import levels


def _matrix(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Team"
    sheet.append(["Name", "Email", "Python", "SQL", "Spark"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _run(args, monkeypatch, tmp_path):
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_typo_past_five_keeps_the_five_point_scale(tmp_path, monkeypatch):
    rows = [[f"P{i}", f"p{i}@x.com", 5, 4, 1 + i % 5] for i in range(12)]
    path = _matrix(tmp_path / "team.xlsx", [*rows, ["Bo", "bo@x.com", 7, 3, 2]])
    exported = csv.DictReader(io.StringIO(_run(["export", str(path)], monkeypatch, tmp_path)))
    found = {(r["name"], r["skill"]): r["level"] for r in exported}
    assert found[("P0", "Python")] == "5" and found[("Bo", "SQL")] == "3"
    assert found[("Bo", "Python")] == ""
    report = json.loads(_run(["check", "--json", str(path)], monkeypatch, tmp_path))
    assert [i["message"] for i in report["issues"] if i["code"] == "bad-level"] == [
        "Level 7 for 'Python' is not a whole number from 1 to 5; write it as 'Python (4)' "
        "(1 = beginner, 5 = expert) or leave the level out. If the sheet rates from 1 to 10, "
        "set [levels] scale = 10 in skillsync.toml."]


def test_a_ten_point_sheet_is_still_read_as_one(tmp_path, monkeypatch):
    rows = [[f"P{i}", f"p{i}@x.com", 1 + i % 10, (3 + i) % 10 + 1, 8] for i in range(12)]
    path = _matrix(tmp_path / "team.xlsx", rows)
    exported = csv.DictReader(io.StringIO(_run(["export", str(path)], monkeypatch, tmp_path)))
    found = {(r["name"], r["skill"]): r["level"] for r in exported}
    assert found[("P0", "Python")] == "1" and found[("P0", "Spark")] == "4"
    assert found[("P9", "Python")] == "5"


@pytest.mark.parametrize(("numbers", "top"),
                         [([5, 4, 3, 7], 5.0), ([5] * 40 + [8, 9], 5.0),
                          ([5, 6, 7, 8, 2], 10.0), ([5] * 40 + [6, 7, 9], 10.0),
                          ([2] * 100 + [6, 7, 8, 9], 5.0), ([4, 3, 2], 5.0),
                          # a small team's 1-10 sheet: 2 of 12 ratings past 5
                          ([8, 5, 3, 4, 4, 6, 2, 3, 5, 4, 1, 2], 10.0)])
def test_how_many_ratings_past_five_make_a_ten_point_sheet(numbers, top):
    assert levels.guess_scale([float(n) for n in numbers]).top == top
