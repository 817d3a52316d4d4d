"""A cross or an empty box in a ticked skills matrix means "does not have it".

One "✗" in a column made it read as no skill column at all: the sheet lost the skill
(or, detected as rows, every skill) with no word. A cross is now a "no", as "-" or "0" is.
"""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main
from skillsync.core import levels


@pytest.mark.parametrize("mark", ["✗", "✘", "❌", "✕", "❎", "☐"])
def test_a_cross_reads_as_not_having_the_skill(mark):
    assert levels.read(mark).kind is levels.Kind.NONE


@pytest.mark.parametrize("mark", ["✓", "✔", "☑", "x", "X"])
def test_a_tick_still_reads_as_having_it(mark):
    assert levels.read(mark).kind is levels.Kind.HAS


def test_a_ticked_matrix_with_crosses_counts_each_tick(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Name", "Email", "Team", "Git", "Docker", "Airflow", "dbt"],
                ["Ava", "ava@corp.com", "BI", "✓", "✓", "✗", "✓"],
                ["Ben", "ben@corp.com", "BI", "✓", "✘", "✓", "✓"],
                ["Cy", "cy@corp.com", "DE", "✓", "✓", "✓", "❌"],
                ["Di", "di@corp.com", "DE", "✓", "✓", "☐", "✓"]):
        sheet.append(row)
    book.save(tmp_path / "matrix.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["check", str(tmp_path / "matrix.xlsx"), "--json"])
    report = json.loads(result.stdout)
    assert report["layout"] == "wide"
    assert report["skills"] == {"Git": 4, "Docker": 3, "Airflow": 2, "dbt": 3}
    assert report["issues"] == []
