"""Writing cells the way Excel stores them: text stays text, dates are dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet


def workbook(path: Path) -> xlsxwriter.Workbook:
    """An xlsxwriter workbook that writes every string as typed (no formulas, no links)."""
    return xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "strings_to_numbers": False})


def write_row(sheet: Worksheet, row: int, values: Iterable[Any], formats=None,
              first_col: int = 0) -> None:
    """One row from 0-based `row`; None leaves a cell empty, a datetime gets a date format."""
    formats = formats or {}
    for col, value in enumerate(values, start=first_col):
        if value is None:
            continue
        if isinstance(value, (datetime, date)):
            sheet.write_datetime(row, col, value, formats.get("datetime"))
        else:
            sheet.write(row, col, value, formats.get("text") if isinstance(value, str) else None)

