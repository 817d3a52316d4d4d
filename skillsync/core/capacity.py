"""How free a person is: the availability column as people type it, else their project load.

A share of time from 0 (not available) to 1 (fully free), read from what people write in
an availability column, case and spacing ignored:

| Written                                   | Share   |
| ----------------------------------------- | ------- |
| "50%", "50 %", "0.5", "50"                | 0.5     |
| "20h/week", "20 hours", "20 hrs per week" | 0.5 (of a 40-hour week) |
| "2 days/week", "2 days a week"            | 0.4 (of a 5-day week) |
| "full-time", "available", "free", "yes"   | 1.0     |
| "part-time", "partly", "half-time"        | 0.5     |
| "limited", "some", "low"                  | 0.25    |
| "on leave", "not available", "unavailable", "fully booked", "busy", "none", "0" | 0.0 |
| blank, or anything else ("ask me", "from March") | unknown |

When the share is unknown (no availability column, a blank cell, or text not in the
table), the number of current projects stands in: each current project is taken to book a
quarter of a person, so 0 projects -> 1.0, 1 -> 0.75, 2 -> 0.5, 3 -> 0.25, 4 or more -> 0.
A person whose share is 0 is "fully booked".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from skillsync.core.cells import clean_text

PROJECT_SHARE = 0.25  # one current project books a quarter of a person
WEEK_HOURS = 40.0
WEEK_DAYS = 5.0

_WORDS: dict[str, float] = {
    **dict.fromkeys(("full-time", "full time", "fulltime", "ft", "available", "free", "yes",
                     "y", "open", "fully available", "100% available", "bench",
                     "on the bench", "immediately"), 1.0),
    **dict.fromkeys(("part-time", "part time", "parttime", "pt", "partly", "partly available",
                     "half-time", "half time", "half", "partially available", "partial"), 0.5),
    **dict.fromkeys(("limited", "some", "low", "little", "a little", "minimal"), 0.25),
    **dict.fromkeys(("on leave", "leave", "parental leave", "sabbatical", "not available",
                     "unavailable", "fully booked", "booked", "busy", "full",
                     "none", "no", "n", "0", "zero", "maxed out", "at capacity",
                     "allocated", "fully allocated"), 0.0),
}
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_PERCENT = re.compile(rf"^{_NUMBER}\s*%(?:\s*(?:available|free|availability))?$")
_PLAIN = re.compile(rf"^{_NUMBER}$")
_HOURS = re.compile(rf"^{_NUMBER}\s*(?:h|hrs?|hours?)\b(?:\s*(?:/|per|a)\s*(?:w|wk|week))?\.?$")
_DAYS = re.compile(rf"^{_NUMBER}\s*(?:d|days?)\b(?:\s*(?:/|per|a)\s*(?:w|wk|week))?\.?$")


@dataclass(frozen=True, slots=True)
class Capacity:
    """A person's free share and where it came from, for the reason a manager reads."""

    share: float  # 0..1
    from_column: bool  # read from the availability column (else from current projects)
    written: str  # the availability text as typed, "" when estimated
    projects: int  # current projects

    @property
    def booked(self) -> bool:
        return self.share <= 0.0


def read_share(value: Any) -> float | None:
    """The share of time an availability cell gives, or None when it says nothing usable."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return _from_number(float(value))
    return _from_text(clean_text(value)[:60].casefold())


@lru_cache(maxsize=4096)
def _from_text(text: str) -> float | None:
    if not text:
        return None
    if text in _WORDS:
        return _WORDS[text]
    for pattern, scale in ((_PERCENT, 100.0), (_HOURS, WEEK_HOURS), (_DAYS, WEEK_DAYS)):
        found = pattern.match(text)
        if found:
            return _clamp(float(found.group(1).replace(",", ".")) / scale)
    found = _PLAIN.match(text)
    if found:
        return _from_number(float(found.group(1).replace(",", ".")))
    return None


def _from_number(number: float) -> float | None:
    """0.5 is a fraction; 50 is a percent; anything past 100 or below 0 means nothing."""
    if not math.isfinite(number) or number < 0 or number > 100:
        return None
    return number if number <= 1 else number / 100


def _clamp(share: float) -> float:
    return min(max(share, 0.0), 1.0)


def from_projects(projects: int) -> float:
    """The share left by `projects` current projects (each books PROJECT_SHARE)."""
    return max(0.0, 1.0 - PROJECT_SHARE * projects)


def capacity(availability: Any, current_projects: tuple[str, ...]) -> Capacity:
    """The availability column when it says something usable, else the project load."""
    try:
        return _capacity(availability, len(current_projects))
    except TypeError:  # an unhashable cell value; spreadsheets do not produce them
        return _capacity.__wrapped__(availability, len(current_projects))


# typed: TRUE and 1 are equal keys but read differently (TRUE says nothing usable).
@lru_cache(maxsize=4096, typed=True)
def _capacity(availability: Any, projects: int) -> Capacity:
    share = read_share(availability)
    if share is not None:
        return Capacity(share, True, clean_text(availability)[:40], projects)
    return Capacity(from_projects(projects), False, "", projects)


def percent(share: float) -> str:
    return f"{round(share * 100):d}%"
