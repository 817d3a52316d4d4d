"""A text date is tried only against the formats it can begin like, which must read every
text exactly as trying every format in order does."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from skillsync.core import when

FORMATS = ("%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%d %b %Y",
           "%B %d, %Y", "%b %d %Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%m/%d/%y", "%B %Y",
           "%Y-%m", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")
ODD = ["someday", "n/a", "2024", "Q3 2024", "03/04/2024 10:00", "１２/０３/２０２４",
       "²²²²-01-01", "2024-13-01", "31/02/2024", "1/1/1", "-2024-01-01", "'2024-01-01",
       "Sept 3, 2024", "3 Sept 2024", "12024-01-01", "20240101", "1 2 2024", "ß 2024"]


def every_format_in_order(text: str, day_first: bool):
    ordered = ((when._DATE_FORMATS_DAY_FIRST + when._DATE_FORMATS_MONTH_FIRST) if day_first
               else (when._DATE_FORMATS_MONTH_FIRST + when._DATE_FORMATS_DAY_FIRST))
    for fmt in when._DATE_FORMATS_PLAIN + ordered:
        try:
            return datetime.strptime(text, fmt).date(), None
        except ValueError:
            continue
    moment = when.datetime_from_text(text, day_first)
    return (moment.date(), None) if moment else (None, when.Code.BAD_DATE)


def texts(seed: int) -> list[str]:
    rng = random.Random(seed)
    days = [date(1999, 1, 1) + timedelta(days=rng.randrange(12_000)) for _ in range(300)]
    return [d.strftime(rng.choice(FORMATS)) for d in days] + ODD


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("day_first", [True, False])
def test_texts_read_as_every_format_in_order_reads_them(seed, day_first):
    when._date_from_text.cache_clear()
    for text in texts(seed):
        assert when._date_from_text(text, day_first) == every_format_in_order(text,
                                                                              day_first), text


@pytest.mark.parametrize(("text", "day_first", "read"), [
    ("03/04/2024 10:00", True, date(2024, 4, 3)),
    ("03/04/2024 10:00", False, date(2024, 3, 4)),
    ("03/04/2024 10:00:59", False, date(2024, 3, 4)),
    ("25/12/2024 10:00", False, date(2024, 12, 25)),  # only day first reads it
    ("12/25/2024 10:00", True, date(2024, 12, 25)),  # only month first reads it
    ("03/04/2024 9:02:11 AM", True, date(2024, 4, 3)),
    ("03/04/2024 9:02:11 AM", False, date(2024, 3, 4)),
    ("3/4/24 17:00", True, date(2024, 4, 3)),
    ("25/12/2024 9:02 PM", False, date(2024, 12, 25)),
    ("25/12/24 17:00", True, date(2024, 12, 25)),
])
def test_a_date_with_a_time_follows_the_order_setting(text, day_first, read):
    assert when.parse_date(text, day_first) == (read, None)


def test_a_forms_submission_time_keeps_its_month_first_reading():
    """Microsoft Forms writes 9/1/2026 9:02:11 AM for 1 September: a form's order of
    answers is read as before, whatever a typed date's setting."""
    assert when.datetime_from_text("9/1/2026 9:02:11 AM") == datetime(2026, 9, 1, 9, 2, 11)
