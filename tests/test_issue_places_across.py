"""On a sheet with people across, a person's place is a column; a Staffing requests tab
beside it still has a row per request, and its problems are placed by row."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main


def test_a_request_problem_beside_people_across_is_placed_by_row(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    matrix = book.active
    matrix.title = "Matrix"
    for row in (["Skill", "Ana Lima", "Bo Chen", "Cara Diaz"],
                ["E-mail", "ana@corp.com", "bo@corp.com", "cara@corp.com"],
                ["Team", "Search", "Vision", "Search"],
                ["Python", 4, "x", 3], ["SQL", 3, "", 5], ["NLP", 5, 2, ""]):
        matrix.append(row)
    asked = book.create_sheet("Staffing requests")
    for row in (["Project", "Skills", "Headcount"], ["Churn", "NLP (4)", "lots"],
                ["Ads", "Python", "2"], ["Chat", "Basketweaving", "x"]):
        asked.append(row)
    path = tmp_path / "across.xlsx"
    book.save(path)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["sync", str(path)])
    assert result.exit_code == 0, result.output
    issues = openpyxl.load_workbook(path)["Data Issues"]
    where = {cell.value: cell.hyperlink.location if cell.hyperlink else None
             for cell in issues["A"][1:]}
    assert {"row 2 (Staffing requests)", "row 4 (Staffing requests)"} <= set(where)
    assert not [w for w in where if w and w.startswith("column") and "Staffing" in w]
