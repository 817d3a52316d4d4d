"""Reading a success-rate cell: 85%, '85', 0.85 (Excel's percent cells) or a typo
past 100, and whether a column's plain numbers are fractions or percents."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from skillsync.core.cells import is_blank
from skillsync.core.codes import Code
from skillsync.core.model import CellError


def parse_rate(value: Any, fraction_scale: bool) -> tuple[float | None, str | None]:
    """A success rate as a fraction 0..1, or a problem code.

    `fraction_scale` says whether the column's plain numbers are fractions (0.85, Excel's
    percent cells) rather than percents (85); it is decided once per column.
    Returns (rate, None), (None, None) for blank, or (None, code).
    """
    if isinstance(value, CellError):
        return None, Code.CELL_ERROR
    if isinstance(value, bool):
        return None, Code.RATE_NOT_NUMBER
    if is_blank(value):
        return None, None
    if isinstance(value, (int, float)):
        rate = _rate_from_number(float(value), fraction_scale)
    else:
        rate = _rate_from_text(str(value))
        if rate is None:
            return None, Code.RATE_NOT_NUMBER
    if rate < 0:
        return None, Code.RATE_NEGATIVE
    if rate > 1 + 1e-9:
        return None, Code.RATE_OVER_100
    return rate, None


def _rate_from_number(number: float, fraction_scale: bool) -> float:
    """0.85 is 85%. In a column of fractions, 1.3 is a 130% typo, but 85 is still a percent
    typed by hand (nobody means 8,500%); elsewhere any number above 1 is a percent."""
    if number <= 1 or (fraction_scale and number <= 2):
        return number
    return number / 100


def _rate_from_text(text: str) -> float | None:
    text = text.strip().replace(",", ".").replace(" ", "")
    percent = text.endswith("%")
    try:
        number = float(text.rstrip("%"))
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    if percent or number > 1:
        return number / 100
    return number


def written_as_fraction(value: Any) -> bool:
    """Whether a rate is written as a number above 0 and at most 1, with no % sign."""
    if isinstance(value, (int, float)):
        return 0 < value <= 1
    number = plain_number(str(value))
    return number is not None and 0 < number <= 1


def numbers_look_like_fractions(values: list[Any]) -> bool:
    """True when a column's numbers read as fractions (median at most 1): its numeric
    cells, and its texts of a plain number ('85', as a CSV holds them; not '85%')."""
    numbers = []  # (number, how many cells hold it): each distinct cell is read once
    if bool in set(map(type, values)):  # True and 1 are one key: true/false are no number
        values = [value for value in values if type(value) is not bool]
    for value, count in Counter(values).items():
        if type(value) is str:
            number = plain_number(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            continue
        if number is not None and number == number:
            numbers.append((number, count))
    middle = sum(count for _, count in numbers) // 2
    for number, count in sorted(numbers):
        middle -= count
        if middle < 0:
            return number <= 1
    return True  # no numbers


def plain_number(text: str) -> float | None:
    """A text's number when it is one, written without a % sign."""
    text = text.strip().replace(",", ".")
    if not text or "%" in text or not (text[0].isdigit() or text[0] in "-."):
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None
