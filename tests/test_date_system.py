"""A workbook on the 1904 date system: a plain number in a date column is a day since
1904-01-01 there, as Excel shows it, not a day on the usual calendar."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter

from skillsync import pipeline
from skillsync.config import Config
from skillsync.core import when

NOW = datetime(2026, 11, 30, 9, 0)
SERIAL = 43523  # 2023-02-28 counted from 1904; 2019-02-27 counted from 1899-12-30


def _book(path: Path, date1904: bool) -> Path:
    book = xlsxwriter.Workbook(str(path), {"date_1904": date1904})
    people = book.add_worksheet("People")
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    people.write_row(0, 0, ["Name", "Email", "Team", "Expertise", "Last updated"])
    people.write_row(1, 0, ["Ana Lima", "ana@x.org", "Search", "Python (4)"])
    people.write_number(1, 4, SERIAL)  # a plain number, as typed into a General cell
    people.write_row(2, 0, ["Bo Chen", "bo@x.org", "Search", "SQL (3)"])
    people.write_datetime(2, 4, datetime(2023, 2, 28), dated)  # a date cell
    asked = book.add_worksheet("Staffing requests")
    asked.write_row(0, 0, ["Project", "Skills needed", "People needed", "Start"])
    asked.write_row(1, 0, ["Atlas", "Python", 1])
    asked.write_number(1, 3, SERIAL)
    book.close()
    return path


def _read(path: Path):
    backend = pipeline.open_backend(str(path), writing=False)
    try:
        result, _ = pipeline.analyse(backend, Config(), NOW)
    finally:
        backend.close()
    return result


@pytest.mark.parametrize("date1904, day", [(True, date(2023, 2, 28)),
                                            (False, date(2019, 2, 27))])
def test_a_plain_number_in_a_date_column_counts_from_the_workbooks_epoch(
        tmp_path, date1904, day):
    result = _read(_book(tmp_path / "dates.xlsx", date1904))
    updated = dict(zip(result.people["email"], result.people["last_updated"], strict=True))
    assert updated["ana@x.org"] == day
    assert updated["bo@x.org"] == date(2023, 2, 28)  # a date cell reads the same either way
    starts = [r.start for r in result.staffing.requests]
    assert starts == [day]


@pytest.mark.parametrize("epoch", [when.EXCEL_EPOCH, when.MAC_EPOCH])
def test_serials_before_1970_or_past_9999_are_not_dates_on_either_calendar(epoch):
    first = (date(1970, 1, 1) - epoch).days
    last = (date(9999, 12, 31) - epoch).days
    assert when.parse_date(first, True, epoch) == (date(1970, 1, 1), None)
    assert when.parse_date(last, True, epoch) == (date(9999, 12, 31), None)
    for wrong in (first - 1, last + 1, 2024, float("inf"), float("nan"), -5):
        assert when.parse_date(wrong, True, epoch)[0] is None
