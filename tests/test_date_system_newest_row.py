"""In a workbook on the 1904 date system, the newest of two rows listing the same skill
is found by the dates as Excel shows them: a plain number in the date column counts from
1904-01-01 there, as it does when the date itself is read."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from skillsync import pipeline
from skillsync.config import Config

NOW = datetime(2026, 11, 30, 9, 0)
SERIAL = 44600  # 2026-02-09 counted from 1904; 2022-02-09 counted from 1899-12-30


def _long_book(path: Path, date1904: bool) -> Path:
    """A long export: Python twice for Ana, at 2 dated 2025-06-01 (a date cell) and at 5
    dated SERIAL (a plain number, as typed into a General cell)."""
    book = xlsxwriter.Workbook(str(path), {"date_1904": date1904})
    sheet = book.add_worksheet("Skills")
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["Name", "Email", "Team", "Skill", "Level", "Last updated"])
    sheet.write_row(1, 0, ["Ana Lima", "ana@x.org", "Ads", "Python", 2])
    sheet.write_datetime(1, 5, datetime(2025, 6, 1), dated)
    sheet.write_row(2, 0, ["Ana Lima", "ana@x.org", "Ads", "Python", 5])
    sheet.write_number(2, 5, SERIAL)
    sheet.write_row(3, 0, ["Bo Chen", "bo@x.org", "Ads", "SQL", 3])
    book.close()
    return path


def _python_level(path: Path) -> int:
    backend = pipeline.open_backend(str(path), writing=False)
    try:
        result, _ = pipeline.analyse(backend, Config(), NOW)
    finally:
        backend.close()
    found = dict(zip(result.people["email"], result.people["expertise"], strict=True))
    return dict((skill, level) for skill, level, _ in found["ana@x.org"])["Python"]


def test_on_the_usual_calendar_the_dated_row_is_newest(tmp_path):
    assert _python_level(_long_book(tmp_path / "long.xlsx", False)) == 2


def test_on_the_1904_calendar_the_plain_number_row_is_newest(tmp_path):
    assert date(1904, 1, 1).toordinal() + SERIAL == date(2026, 2, 9).toordinal()
    assert _python_level(_long_book(tmp_path / "long.xlsx", True)) == 5
