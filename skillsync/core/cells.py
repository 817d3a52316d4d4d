"""Reading one cell: lists, rates, dates, e-mails, levels. Pure and cached where values repeat."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from skillsync.core.model import CellError

BLANK_WORDS = frozenset({"", "-", "--", "—", "n/a", "na", "none", "null", "nil", "tbd", "?", "."})
EXCEL_EPOCH = date(1899, 12, 30)

_SPLIT = re.compile(r"\s*(?:[,;\n\r\u2022]|(?<!<)/|\band\b)\s*", re.IGNORECASE)  # "</" is markup, not a list
_SPACES = re.compile(r"\s+")
_LEVEL = re.compile(r"^(?P<text>.*?)\s*(?:\(\s*(?P<p>-?\d+(?:\.\d+)?)\s*\)|[:=]\s*(?P<c>-?\d+(?:\.\d+)?))\s*$")
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().casefold() in BLANK_WORDS


def raw_text(value: Any) -> str:
    """A cell as text, line breaks kept (they separate list items). Numbers lose a trailing .0."""
    if value is None or isinstance(value, CellError):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def clean_text(value: Any) -> str:
    """Text as shown in one line: NFKC, surrounding and repeated spaces folded."""
    return _SPACES.sub(" ", raw_text(value))


def fold(text: str) -> str:
    """A key that ignores case and spacing, for grouping what people typed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


@lru_cache(maxsize=64)
def _shield(protected: tuple[str, ...]) -> re.Pattern[str]:
    """What must not be split: bracketed text, "n/a", and terms such as "A/B testing"."""
    terms = sorted({*protected, "n/a"}, key=len, reverse=True)
    words = "|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in terms)
    return re.compile(rf"\([^()]*\)|{words}", re.IGNORECASE)


_HIDDEN = re.compile(r"\x00(\d+)\x00")


@lru_cache(maxsize=65536)
def split_items(text: str, protected: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Split a multi-valued cell on , ; / new lines, bullets and ' and '.

    Separators inside brackets ("NLP (4/5)") and inside `protected` terms (from the
    vocabulary, such as "A/B testing") do not split.
    """
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    shielded = _shield(protected).sub(hide, unicodedata.normalize("NFKC", text))
    items = []
    for part in _SPLIT.split(shielded):
        part = _HIDDEN.sub(lambda m: kept[int(m.group(1))], _SPACES.sub(" ", part))
        part = part.strip(" .\t")
        if part and part.casefold() not in BLANK_WORDS:
            items.append(part)
    return tuple(items)


@lru_cache(maxsize=65536)
def split_level(item: str) -> tuple[str, float | None]:
    """'NLP (4)' -> ('NLP', 4); 'SQL: 3' -> ('SQL', 3); 'Python' -> ('Python', None)."""
    match = _LEVEL.match(item)
    if not match or not match.group("text"):
        return item, None
    number = match.group("p") or match.group("c")
    return match.group("text").strip(), float(number)


def parse_rate(value: Any, fraction_scale: bool) -> tuple[float | None, str | None]:
    """A success rate as a fraction 0..1, or a problem code.

    `fraction_scale` says whether the column's plain numbers are fractions (0.85, Excel's
    percent cells) rather than percents (85); it is decided once per column.
    Returns (rate, None), (None, None) for blank, or (None, code).
    """
    if isinstance(value, CellError):
        return None, "cell-error"
    if isinstance(value, bool):
        return None, "rate-not-number"
    if is_blank(value):
        return None, None
    if isinstance(value, (int, float)):
        rate = float(value) if fraction_scale or value <= 1 else float(value) / 100
    else:
        rate = _rate_from_text(str(value))
        if rate is None:
            return None, "rate-not-number"
    if rate < 0:
        return None, "rate-negative"
    if rate > 1 + 1e-9:
        return None, "rate-over-100"
    return rate, None


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


def numbers_look_like_fractions(values: list[Any]) -> bool:
    """True when a column's numeric cells read as fractions (median at most 1)."""
    numbers = sorted(
        float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)
    )
    if not numbers:
        return True
    return numbers[len(numbers) // 2] <= 1


_DATE_FORMATS_DAY_FIRST = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%d.%m.%y")
_DATE_FORMATS_MONTH_FIRST = ("%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y")
_DATE_FORMATS_PLAIN = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y",
    "%b %d %Y", "%B %Y", "%b %Y", "%Y-%m",
)


def parse_date(value: Any, day_first: bool = True) -> tuple[date | None, str | None]:
    """A date from a date cell, an Excel serial or text; (None, code) when unreadable."""
    if isinstance(value, CellError):
        return None, "cell-error"
    if is_blank(value):
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serials up to 9999-12-31 (exact from 1900-03-01)
            return EXCEL_EPOCH + timedelta(days=int(value)), None
        return None, "bad-date"
    return _date_from_text(str(value).strip(), day_first)


@lru_cache(maxsize=4096)
def _date_from_text(text: str, day_first: bool) -> tuple[date | None, str | None]:
    ordered = (
        _DATE_FORMATS_DAY_FIRST + _DATE_FORMATS_MONTH_FIRST
        if day_first
        else _DATE_FORMATS_MONTH_FIRST + _DATE_FORMATS_DAY_FIRST
    )
    for fmt in _DATE_FORMATS_PLAIN + ordered:
        try:
            return datetime.strptime(text, fmt).date(), None
        except ValueError:
            continue
    return None, "bad-date"


@lru_cache(maxsize=131072)
def normalize_email(value: str) -> str:
    """The person key: NFKC, no surrounding spaces, no mailto:, lower case."""
    text = unicodedata.normalize("NFKC", value).strip()
    if text[:7].casefold() == "mailto:":
        text = text[7:].strip()
    text = text.strip("<>").strip()
    return text.casefold()


def email_problem(key: str) -> str | None:
    """None when `key` (already normalised) is a usable address, else a problem code."""
    if not key or key in BLANK_WORDS:
        return "missing-email"
    if not _EMAIL.match(key):
        return "invalid-email"
    return None


def is_ascii(text: str) -> bool:
    return text.isascii()


def looks_like_formula(text: str) -> bool:
    """Text a spreadsheet would run as a formula if it were typed or pasted in."""
    return len(text) > 1 and text[0] in "=+@" or text.startswith("-=")
