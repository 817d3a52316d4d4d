"""A merged person's unknown skill, typed in another spelling than its first one in the
sheet, links to the row it was typed on, whether or not that row also has skill columns."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from skillsync.cli import main


def _book(path, matrix_value_on_second_row: int | None) -> None:
    """Bo types 'Zorbling' first; Ana types 'zorbling' on her second row (sheet row 4)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Inventory"
    for row in (["Full Name", "E-mail", "Team", "Areas of Expertise", "Python", "SQL"],
                ["Bo Chen", "bo@corp.com", "Search", "Zorbling (3)", 2, None],
                ["Ana Lima", "ana@corp.com", "Search", "Rust (4)", 4, None],
                ["Ana Lima", "ana@corp.com", "Search", "zorbling (2)", None,
                 matrix_value_on_second_row],
                ["Cy Dorn", "cy@corp.com", "Vision", "NLP (2)", 1, 2],
                ["Di Eze", "di@corp.com", "Vision", "Spark (2)", None, 2]):
        sheet.append(row)
    book.save(path)


@pytest.mark.parametrize("matrix_value", [None, 3])
def test_the_row_a_respelled_skill_was_typed_on(tmp_path, monkeypatch, matrix_value):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "skillsync.toml").write_text('[source]\nlayout = "wide"\n')
    path = tmp_path / "inventory.xlsx"
    _book(path, matrix_value)
    result = CliRunner().invoke(main, ["export", str(path)])
    assert result.exit_code == 0, result.output
    rows = {(r["email"], r["skill"]): r["row"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows[("ana@corp.com", "Rust")] == "3"
    assert rows[("ana@corp.com", "Zorbling")] == "4"
