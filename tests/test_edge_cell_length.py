"""Excel's cell limit is 32,767 characters as Excel counts them: UTF-16 code units, so an
emoji (outside the Basic Multilingual Plane) counts twice. Names written in emoji, each
a cell Excel holds, must not make a 'Who holds it' cell that Excel cannot hold."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main

EXCEL_LIMIT = 32_767  # UTF-16 code units


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_no_tab_cell_exceeds_excels_limit_in_utf16_units(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Team Inventory"
    sheet.append(["Full Name", "E-mail", "Team", "Areas of Expertise"])
    name = "\N{GRINNING FACE}" * 11_000  # 22,000 UTF-16 units: a cell Excel holds
    for i in range(3):
        sheet.append([f"{name}{i}", f"p{i}@corp.com", "Search", "Python 5"])
    path = tmp_path / "inventory.xlsx"
    book.save(path)
    assert all(utf16_units(f"{name}{i}") <= EXCEL_LIMIT for i in range(3))

    result = CliRunner().invoke(main, ["sync", str(path)])
    assert result.exit_code == 0, result.output

    written = openpyxl.load_workbook(path)
    too_long = [(ws.title, cell.coordinate, utf16_units(cell.value))
                for ws in written.worksheets if ws.title != "Team Inventory"
                for row in ws.iter_rows() for cell in row
                if isinstance(cell.value, str) and utf16_units(cell.value) > EXCEL_LIMIT]
    assert too_long == []
