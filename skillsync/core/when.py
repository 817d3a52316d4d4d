"""Reading when: a date cell (an Excel serial, a date, text in many formats) and a form's
submission time (only its order matters). Pure and cached where values repeat."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from skillsync.core.cells import is_blank
from skillsync.core.codes import Code
from skillsync.core.model import CellError

EXCEL_EPOCH = date(1899, 12, 30)  # the day serial 0 stands for, on Excel's usual calendar
MAC_EPOCH = date(1904, 1, 1)  # and in a workbook on the 1904 date system
SERIAL_1970 = 25569  # the Excel serial of 1970-01-01
_EARLIEST, _LAST = date(1970, 1, 1), date(9999, 12, 31)


_DATE_FORMATS_DAY_FIRST = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%d.%m.%y")
_DATE_FORMATS_MONTH_FIRST = ("%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y")
_DATE_FORMATS_PLAIN = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y",
    "%b %d %Y", "%B %Y", "%b %Y", "%Y-%m",
)


def serial_epoch(date1904: bool) -> date:
    """The day a workbook's serial 0 stands for."""
    return MAC_EPOCH if date1904 else EXCEL_EPOCH


def parse_date(value: Any, day_first: bool = True, epoch: date = EXCEL_EPOCH
               ) -> tuple[date | None, str | None]:
    """A date from a date cell, an Excel serial (days since `epoch`: see serial_epoch) or
    text; (None, code) when unreadable."""
    if isinstance(value, CellError):
        return None, Code.CELL_ERROR
    if is_blank(value):
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A serial before 1970 is not a 'last updated' anyone meant: 2024 is a year typed
        # into a number cell, not 16 July 1905. The last day is a date until its midnight.
        # (NaN and infinities fail both comparisons; an int too large for a float is
        # compared exactly rather than converted.)
        if (_EARLIEST - epoch).days <= value < (_LAST - epoch).days + 1:
            return epoch + timedelta(days=int(value)), None
        return None, Code.BAD_DATE
    text = str(value).strip()
    if len(text) > DATE_LENGTH:
        return None, Code.BAD_DATE
    return _date_from_text(text, day_first)


DATE_LENGTH = 64  # no date format reads more text than this


@lru_cache(maxsize=4096)
def _date_from_text(text: str, day_first: bool) -> tuple[date | None, str | None]:
    ordered = (
        _DATE_FORMATS_DAY_FIRST + _DATE_FORMATS_MONTH_FIRST
        if day_first
        else _DATE_FORMATS_MONTH_FIRST + _DATE_FORMATS_DAY_FIRST
    )
    for fmt in _leading(_DATE_FORMATS_PLAIN + ordered, text):
        try:
            return datetime.strptime(text, fmt).date(), None
        except ValueError:
            continue
    moment = datetime_from_text(text, day_first)
    return (moment.date(), None) if moment else (None, Code.BAD_DATE)


def _leading(formats: tuple[str, ...], text: str) -> list[str]:
    """The formats, in order, that can read `text` by how it begins: four digits for a
    year first (%Y takes exactly four), one or two then a separator for a day or month
    first, a letter for a month's name. A failed strptime costs an exception; a column of
    distinct texts would otherwise pay for every format before the one that reads it."""
    lead = ("%Y" if text[:4].isdigit() else "%d%m" if text[:1].isdigit()
            else "%B%b" if text[:1].isalpha() else "")
    return [fmt for fmt in formats if fmt[:2] in lead] if lead else []


def reads_in_order(text: str, day_first: bool) -> bool:
    """Whether a format of one order alone (day first, or month first) reads `text`: what
    tells 25/12/2024 (day first only) from 12/25/2024 and 03/04/2024 (both)."""
    formats = _DAY_FIRST_READINGS if day_first else _MONTH_FIRST_READINGS
    return any(_reads(text, fmt) for fmt in formats)


def _reads(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def moment(value: Any, epoch: date = EXCEL_EPOCH) -> float:
    """A submission time as a number that orders submissions; -inf when unknown (the
    row order then decides, as forms append answers in the order they arrive). A plain
    number is a serial counted from `epoch` (see serial_epoch)."""
    if isinstance(value, datetime):
        return _seconds(value.replace(tzinfo=None))
    if isinstance(value, date):
        return _seconds(datetime(value.year, value.month, value.day))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return (float(value) + (epoch - EXCEL_EPOCH).days) * 86400.0
    if isinstance(value, str) and value.strip():
        return _moment_from_text(value.strip()[:40])
    return float("-inf")


def moments(values: list[Any], epoch: date = EXCEL_EPOCH) -> list[float]:
    """`moment` of each value; most columns hold no submission time at all (None)."""
    unknown = float("-inf")
    return [unknown if value is None else moment(value, epoch) for value in values]


def _seconds(moment: datetime) -> float:
    """Seconds since Excel's epoch, with no time zone: only the order matters."""
    return (moment - datetime(1899, 12, 30)).total_seconds()


# Timestamps as forms and exports write them: Google Forms' CSV writes
# "2026/09/01 9:02:11 AM GMT+2", Microsoft Forms "9/1/2026 9:02:11 AM".
_MOMENT_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                   "%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S", "%m/%d/%Y %I:%M:%S %p",
                   "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
                   "%m/%d/%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M",
                   "%Y-%m-%dT%H:%M:%S.%f", "%m/%d/%y %I:%M:%S %p", "%m/%d/%y %H:%M")
# A date a person typed with its time: in the order `[dates] day_first` says when it
# reads either way, as a typed date is. (A form's submission time keeps the list above.)
_TIMED_DAY_FIRST = tuple(f"%d{sep}%m{sep}{year} {time}" for sep, years in (("/", "Yy"), (".", "Y"))
                         for year in (f"%{y}" for y in years)
                         for time in ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p"))
_TIMED_MONTH_FIRST = tuple(f"%m/%d/%{y} {time}" for y in "Yy"
                           for time in ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p"))
_TIMED_PLAIN = tuple(f for f in _MOMENT_FORMATS if f.startswith("%Y"))
_TYPED_MOMENTS = {True: _TIMED_PLAIN + _TIMED_DAY_FIRST + _TIMED_MONTH_FIRST,
                  False: _TIMED_PLAIN + _TIMED_MONTH_FIRST + _TIMED_DAY_FIRST}
# Every format of one order, a date alone or with a time (reads_in_order).
_DAY_FIRST_READINGS = _DATE_FORMATS_DAY_FIRST + _TIMED_DAY_FIRST
_MONTH_FIRST_READINGS = _DATE_FORMATS_MONTH_FIRST + _TIMED_MONTH_FIRST
_ZONE = re.compile(r"(?:\s*(?:GMT|UTC|Z)?\s*[+-]\d{1,2}(?::?\d{2})?|\s*(?:GMT|UTC|Z))$")


@lru_cache(maxsize=4096)
def _moment_from_text(text: str) -> float:
    found = datetime_from_text(text)
    if found is not None:
        return _seconds(found)
    day, _ = _date_from_text(text, True)
    return _seconds(datetime(day.year, day.month, day.day)) if day else float("-inf")


@lru_cache(maxsize=4096)
def datetime_from_text(text: str, day_first: bool | None = None) -> datetime | None:
    """A timestamp typed or exported as text, its time zone dropped (only order matters
    among one form's answers, which share a zone). With `day_first`, a date a person
    typed: one that reads either way is read day first, or month first (False)."""
    bare = _ZONE.sub("", text.strip()[:40])
    for fmt in _MOMENT_FORMATS if day_first is None else _TYPED_MOMENTS[day_first]:
        try:
            return datetime.strptime(bare, fmt)
        except ValueError:
            continue
    return None
