"""A tab as cells, merges and formulas, written by xlsxwriter or by openpyxl.

Builders lay a tab out once and choose the writer a source tool would use: xlsxwriter
stores a formula with its cached value (as Excel does), openpyxl stores none (as a
script or pandas does), and each writes merged cells its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from sheets.books import workbook


@dataclass(frozen=True)
class Formula:
    text: str  # "=AVERAGE(D4:D28)"
    value: Any  # the value Excel would have cached


@dataclass
class Tab:
    name: str
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)  # 0-based (row, col)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    date_format: str = "yyyy-mm-dd"

    def put(self, row: int, col: int, value: Any) -> None:
        if value is not None:
            self.cells[(row, col)] = value

    def row(self, row: int, values: list[Any], first_col: int = 0) -> None:
        for col, value in enumerate(values, start=first_col):
            self.put(row, col, value)

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int,
              value: Any) -> None:
        self.merges.append((first_row, first_col, last_row, last_col))
        self.put(first_row, first_col, value)


def write_xlsxwriter(path: Path, tabs: list[Tab]) -> Path:
    book = workbook(path)
    bold = book.add_format({"bold": True, "align": "center", "valign": "vcenter"})
    for tab in tabs:
        sheet = book.add_worksheet(tab.name)
        dates = book.add_format({"num_format": tab.date_format})
        merged = {(m[0], m[1]): m for m in tab.merges}
        for (row, col), value in sorted(tab.cells.items()):
            if (row, col) in merged:
                continue
            if isinstance(value, Formula):
                sheet.write_formula(row, col, value.text, None, value.value)
            elif isinstance(value, (datetime, date)):
                sheet.write_datetime(row, col, value, dates)
            else:
                sheet.write(row, col, value)
        for (first_row, first_col), (_, _, last_row, last_col) in merged.items():
            sheet.merge_range(first_row, first_col, last_row, last_col,
                              tab.cells.get((first_row, first_col), ""), bold)
    book.close()
    return path


def write_openpyxl(path: Path, tabs: list[Tab]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for tab in tabs:
        sheet = book.create_sheet(tab.name)
        for (row, col), value in tab.cells.items():
            cell = sheet.cell(row + 1, col + 1, value.text if isinstance(value, Formula)
                              else value)
            if isinstance(value, (datetime, date)):
                cell.number_format = tab.date_format
        for first_row, first_col, last_row, last_col in tab.merges:
            sheet.merge_cells(start_row=first_row + 1, start_column=first_col + 1,
                              end_row=last_row + 1, end_column=last_col + 1)
    book.save(path)
    return path
