"""A serial's time of day never moves it across the calendar's last day: 9999-12-31 at
noon is still 9999-12-31 (Excel shows it so), on either date system."""

from __future__ import annotations

from datetime import date

import pytest

from skillsync.core import when


@pytest.mark.parametrize("epoch", [when.EXCEL_EPOCH, when.MAC_EPOCH])
@pytest.mark.parametrize("fraction", [0.0, 0.25, 0.5, 0.999])
def test_the_last_day_reads_as_a_date_at_any_time_of_day(epoch, fraction):
    last = (date(9999, 12, 31) - epoch).days
    assert when.parse_date(last + fraction, True, epoch) == (date(9999, 12, 31), None)
    assert when.parse_date(last + 1, True, epoch)[0] is None


@pytest.mark.parametrize("value", [25568.5, 25569, 25569.75, 46000.5, 2958465, 2958465.5,
                                   2958465.999, 2958466, 1e300, -1.5])
def test_usual_calendar_serials_read_as_they_always_did(value):
    """The 1900 calendar's bounds: [1970-01-01, 9999-12-31] at any time of day."""
    expected = ((when.EXCEL_EPOCH.toordinal() + int(value), None)
                if when.SERIAL_1970 <= value < 2958466 else (None, "bad-date"))
    day, problem = when.parse_date(value, True)
    assert (day.toordinal() if day else None, problem) == expected


@pytest.mark.parametrize("epoch", [when.EXCEL_EPOCH, when.MAC_EPOCH])
@pytest.mark.parametrize("value", [10**400, -(10**400), float("inf"), float("-inf"),
                                   2**63, 1e308])
def test_numbers_far_off_any_calendar_are_not_dates(epoch, value):
    assert when.parse_date(value, True, epoch) == (None, "bad-date")
