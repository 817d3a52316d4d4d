"""Cell values: typing (RAW / USER_ENTERED), rendering (UNFORMATTED_VALUE,
FORMATTED_VALUE, FORMULA), number formats and a small formula evaluator.

Cells are stored as Google ``CellData`` dicts (``userEnteredValue``,
``effectiveValue`` for formulas, ``userEnteredFormat``, ``note``,
``textFormatRuns`` ...). Simplifications are listed in README.md.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

EPOCH = _dt.datetime(1899, 12, 30)

ERROR_TEXT = {
    "ERROR": "#ERROR!",
    "NULL_VALUE": "#NULL!",
    "DIVIDE_BY_ZERO": "#DIV/0!",
    "VALUE": "#VALUE!",
    "REF": "#REF!",
    "NAME": "#NAME?",
    "NUM": "#NUM!",
    "N_A": "#N/A",
    "LOADING": "Loading...",
}
ERROR_TYPE = {text: kind for kind, text in ERROR_TEXT.items()}


@dataclass(frozen=True)
class Formula:
    """A formula cell for seeding: ``Formula("=A1*2", cached=4)``."""

    formula: str
    cached: Any = None


@dataclass(frozen=True)
class ErrorValue:
    """An error cell for seeding: ``ErrorValue("#N/A")``."""

    text: str = "#N/A"
    message: str = ""


# ---------------------------------------------------------------- conversions


def extended_from_python(value: Any) -> dict | None:
    """Python value -> ExtendedValue dict (None for an empty cell)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, (int, float)):
        return {"numberValue": float(value)}
    if isinstance(value, ErrorValue):
        ev = {"errorValue": {"type": ERROR_TYPE.get(value.text, "ERROR")}}
        if value.message:
            ev["errorValue"]["message"] = value.message
        return ev
    if isinstance(value, _dt.datetime):
        return {"numberValue": to_serial(value)}
    if isinstance(value, _dt.date):
        return {"numberValue": to_serial(_dt.datetime(value.year, value.month, value.day))}
    if value == "":
        return None
    return {"stringValue": str(value)}


def python_from_extended(ev: dict | None) -> Any:
    if not ev:
        return None
    if "numberValue" in ev:
        return json_number(ev["numberValue"])
    if "boolValue" in ev:
        return ev["boolValue"]
    if "stringValue" in ev:
        return ev["stringValue"]
    if "errorValue" in ev:
        return ErrorValue(ERROR_TEXT.get(ev["errorValue"].get("type", "ERROR"), "#ERROR!"))
    if "formulaValue" in ev:
        return ev["formulaValue"]
    return None


def json_number(x: float) -> int | float:
    """Integral floats are rendered as JSON integers, like Google does."""
    if isinstance(x, bool):
        return x
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def to_serial(moment: _dt.datetime) -> float:
    delta = moment - EPOCH
    return delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6


def from_serial(serial: float) -> _dt.datetime:
    return EPOCH + _dt.timedelta(days=serial)


# ---------------------------------------------------------------- user input

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _decimals(text: str) -> int:
    m = re.search(r"\.(\d+)", text)
    return len(m.group(1)) if m else 0


def parse_number_text(text: str) -> tuple[float, dict | None] | None:
    """Numeric-looking text -> (value, implied numberFormat or None)."""
    t = text.strip()
    if not t:
        return None
    if t.endswith("%"):
        inner = parse_number_text(t[:-1])
        if inner is None or inner[1] is not None:
            return None
        dec = _decimals(t)
        pattern = "0" + ("." + "0" * dec if dec else "") + "%"
        return inner[0] / 100, {"type": "PERCENT", "pattern": pattern}
    sign = ""
    if t[:1] in "+-" and t[1:2] == "$":
        sign, t = t[0], t[1:]
    if t.startswith("$"):
        inner = parse_number_text(sign + t[1:])
        if inner is None or inner[1] is not None:
            return None
        return inner[0], {"type": "CURRENCY", "pattern": '"$"#,##0.00'}
    if not _NUMBER.match(t) or not re.search(r"\d", t):
        return None
    value = float(t.replace(",", ""))
    if "," in t:
        dec = _decimals(t)
        return value, {"type": "NUMBER", "pattern": "#,##0" + ("." + "0" * dec if dec else "")}
    if "e" in t.lower():
        return value, {"type": "SCIENTIFIC", "pattern": "0.00E+00"}
    return value, None


def parse_date_text(text: str) -> tuple[float, dict] | None:
    m = _ISO_DATE.match(text.strip())
    try:
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if m.group(4) is not None:
                moment = _dt.datetime(y, mo, d, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
                return to_serial(moment), {"type": "DATE_TIME", "pattern": "yyyy-mm-dd h:mm:ss"}
            return to_serial(_dt.datetime(y, mo, d)), {"type": "DATE", "pattern": "yyyy-mm-dd"}
        m = _US_DATE.match(text.strip())
        if m:
            moment = _dt.datetime(int(m.group(3)), int(m.group(1)), int(m.group(2)))
            return to_serial(moment), {"type": "DATE", "pattern": "M/d/yyyy"}
    except ValueError:
        return None
    return None


def user_entered(value: Any) -> tuple[dict | None, dict | None]:
    """USER_ENTERED input -> (userEnteredValue, implied numberFormat)."""
    if not isinstance(value, str):
        return extended_from_python(value), None
    if value == "":
        return None, None
    if value.startswith("="):
        return {"formulaValue": value}, None
    if value.startswith("'"):
        return {"stringValue": value[1:]}, None
    if value.upper() in ("TRUE", "FALSE"):
        return {"boolValue": value.upper() == "TRUE"}, None
    if value in ERROR_TYPE and value != "Loading...":
        return {"errorValue": {"type": ERROR_TYPE[value]}}, None
    num = parse_number_text(value)
    if num is not None:
        return {"numberValue": num[0]}, num[1]
    date = parse_date_text(value)
    if date is not None:
        return {"numberValue": date[0]}, date[1]
    return {"stringValue": value}, None


def raw_entered(value: Any) -> dict | None:
    """RAW input: strings stay strings (even '=1+1' or '0042')."""
    if isinstance(value, str):
        return {"stringValue": value} if value != "" else None
    return extended_from_python(value)


# ---------------------------------------------------------------- formatting


def general_number(x: float) -> str:
    if isinstance(x, bool):
        return "TRUE" if x else "FALSE"
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    if abs(x) >= 1e15 or abs(x) < 1e-10:
        mant, exp = f"{x:.2E}".split("E")
        return f"{mant}E{'+' if int(exp) >= 0 else '-'}{abs(int(exp)):02d}"
    digits = max(0, 10 - max(0, math.floor(math.log10(abs(x))) + 1))
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return text


def _fixed(value: float, decimals: int, grouping: bool) -> str:
    text = f"{abs(value):,.{decimals}f}" if grouping else f"{abs(value):.{decimals}f}"
    return ("-" if value < 0 and float(text.replace(",", "")) != 0 else "") + text


_DATE_TOKENS = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|AM/PM", re.I)


def format_date(serial: float, pattern: str) -> str:
    moment = from_serial(serial)
    moment = moment.replace(microsecond=0) + _dt.timedelta(seconds=round(moment.microsecond / 1e6))
    out: list[str] = []
    pos = 0
    prev_hour = False
    has_ampm = bool(re.search(r"am/pm", pattern, re.I))
    for m in _DATE_TOKENS.finditer(pattern):
        out.append(pattern[pos : m.start()].replace('"', ""))
        tok = m.group(0)
        low = tok.lower()
        if low == "yyyy":
            out.append(f"{moment.year:04d}")
        elif low == "yy":
            out.append(f"{moment.year % 100:02d}")
        elif low in ("mm", "m") and prev_hour:
            out.append(f"{moment.minute:02d}" if low == "mm" else str(moment.minute))
        elif low == "mmmm":
            out.append(moment.strftime("%B"))
        elif low == "mmm":
            out.append(moment.strftime("%b"))
        elif low == "mm":
            out.append(f"{moment.month:02d}")
        elif low == "m":
            out.append(str(moment.month))
        elif low == "dddd":
            out.append(moment.strftime("%A"))
        elif low == "ddd":
            out.append(moment.strftime("%a"))
        elif low == "dd":
            out.append(f"{moment.day:02d}")
        elif low == "d":
            out.append(str(moment.day))
        elif low in ("hh", "h"):
            hour = moment.hour % 12 or 12 if has_ampm else moment.hour
            out.append(f"{hour:02d}" if low == "hh" else str(hour))
        elif low in ("ss", "s"):
            out.append(f"{moment.second:02d}" if low == "ss" else str(moment.second))
        elif low == "am/pm":
            out.append("AM" if moment.hour < 12 else "PM")
        prev_hour = low in ("hh", "h") or (prev_hour and low not in ("ss", "s"))
        pos = m.end()
    out.append(pattern[pos:].replace('"', ""))
    return "".join(out)


def format_number(value: float, number_format: dict | None) -> str:
    """FORMATTED_VALUE of a number under a (simplified) Sheets number format."""
    if not number_format or not number_format.get("pattern"):
        kind = (number_format or {}).get("type")
        if kind == "PERCENT":
            return general_number(value * 100) + "%"
        if kind in ("DATE", "DATE_TIME", "TIME"):
            default = {"DATE": "M/d/yyyy", "DATE_TIME": "M/d/yyyy H:mm:ss", "TIME": "h:mm:ss am/pm"}
            return format_date(value, default[kind])
        return general_number(value)
    pattern = number_format["pattern"].split(";")[0]
    if number_format.get("type") in ("DATE", "DATE_TIME", "TIME"):
        return format_date(value, pattern)
    prefix_m = re.match(r'^((?:"[^"]*"|[^#0?.,%])*)', pattern)
    prefix = prefix_m.group(1) if prefix_m else ""
    body = pattern[len(prefix) :]
    suffix_m = re.search(r'((?:"[^"]*"|[^#0?.,])*)$', body)
    suffix = suffix_m.group(1) if suffix_m else ""
    core = body[: len(body) - len(suffix)] if suffix else body
    scaled = value * 100 if "%" in suffix else value
    if "E" in core.upper():
        dec = len(core.split(".")[1].split("E")[0].split("e")[0]) if "." in core else 0
        mant, exp = f"{scaled:.{dec}E}".split("E")
        text = f"{mant}E{'+' if int(exp) >= 0 else '-'}{abs(int(exp)):02d}"
    else:
        frac = core.split(".")[1] if "." in core else ""
        mandatory = frac.count("0")
        optional = len(frac) - mandatory
        text = _fixed(scaled, mandatory + optional, "," in core)
        if optional:
            whole, _, dec = text.partition(".")
            dec = dec[: mandatory + optional].rstrip("0")
            dec = dec.ljust(mandatory, "0")
            text = whole + ("." + dec if dec else "")
    neg = text.startswith("-")
    text = text.lstrip("-")
    strip = lambda s: s.replace('"', "").replace("\\", "")  # noqa: E731
    return ("-" if neg else "") + strip(prefix) + text + strip(suffix)


def is_datetime_format(number_format: dict | None) -> bool:
    return bool(number_format) and number_format.get("type") in ("DATE", "DATE_TIME", "TIME")


# ---------------------------------------------------------------- formulas


class FormulaError(Exception):
    pass


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|(?P<str>\"(?:[^\"]|\"\")*\")"
    r"|(?P<ref>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![A-Za-z(])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_.]*)|(?P<op><>|<=|>=|[-+*/^&(),=<>%]))"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise FormulaError(text)
        kind = m.lastgroup or "op"
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


Lookup = Callable[[str], list]


class _Parser:
    """Recursive descent over: comparisons, &, + -, * /, ^, unary -, %,
    numbers, strings, TRUE/FALSE, cell refs/ranges and a few functions."""

    FUNCS: ClassVar[dict[str, Callable]] = {
        "SUM": lambda xs: sum(_nums(xs)),
        "AVERAGE": lambda xs: (sum(_nums(xs)) / len(_nums(xs))) if _nums(xs) else _div0(),
        "MIN": lambda xs: min(_nums(xs), default=0),
        "MAX": lambda xs: max(_nums(xs), default=0),
        "COUNT": lambda xs: float(len(_nums(xs))),
        "COUNTA": lambda xs: float(len([x for x in xs if x not in (None, "")])),
        "ROUND": lambda xs: float(round(_num(xs[0]), int(_num(xs[1])) if len(xs) > 1 else 0)),
        "ABS": lambda xs: abs(_num(xs[0])),
        "CONCATENATE": lambda xs: "".join(_text(x) for x in xs),
    }

    def __init__(self, tokens: list[tuple[str, str]], lookup: Lookup | None):
        self.toks = tokens
        self.i = 0
        self.lookup = lookup

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None or (value is not None and tok[1] != value):
            raise FormulaError(value)
        self.i += 1
        return tok

    def parse(self) -> Any:
        value = self.comparison()
        if self.peek() is not None:
            raise FormulaError("trailing input")
        return value

    def comparison(self) -> Any:
        left = self.concat()
        while self.peek() and self.peek()[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self.take()[1]
            right = self.concat()
            left = _compare(op, _scalar(left), _scalar(right))
        return left

    def concat(self) -> Any:
        left = self.additive()
        while self.peek() and self.peek()[1] == "&":
            self.take()
            left = _text(_scalar(left)) + _text(_scalar(self.additive()))
        return left

    def additive(self) -> Any:
        left = self.term()
        while self.peek() and self.peek()[1] in "+-" and self.peek()[0] == "op":
            op = self.take()[1]
            right = _num(_scalar(self.term()))
            left = _num(_scalar(left)) + right if op == "+" else _num(_scalar(left)) - right
        return left

    def term(self) -> Any:
        left = self.power()
        while self.peek() and self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            right = _num(_scalar(self.power()))
            if op == "*":
                left = _num(_scalar(left)) * right
            else:
                left = _num(_scalar(left)) / right if right else _div0()
        return left

    def power(self) -> Any:
        left = self.unary()
        while self.peek() and self.peek()[1] == "^":
            self.take()
            left = _num(_scalar(left)) ** _num(_scalar(self.unary()))
        return left

    def unary(self) -> Any:
        if self.peek() and self.peek()[1] in ("-", "+"):
            op = self.take()[1]
            value = _num(_scalar(self.unary()))
            return -value if op == "-" else value
        value = self.atom()
        while self.peek() and self.peek()[1] == "%":
            self.take()
            value = _num(_scalar(value)) / 100
        return value

    def atom(self) -> Any:
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            if self.lookup is None:
                raise FormulaError(text)
            values = self.lookup(text.replace("$", ""))
            return values if ":" in text else (values[0] if values else None)
        if kind == "name":
            upper = text.upper()
            if upper in ("TRUE", "FALSE") and not (self.peek() and self.peek()[1] == "("):
                return upper == "TRUE"
            if upper not in self.FUNCS:
                raise FormulaError(text)
            self.take("(")
            args: list[Any] = []
            if self.peek() and self.peek()[1] != ")":
                while True:
                    arg = self.comparison()
                    args.extend(arg if isinstance(arg, list) else [arg])
                    if self.peek() and self.peek()[1] == ",":
                        self.take()
                        continue
                    break
            self.take(")")
            return self.FUNCS[upper](args)
        if text == "(":
            value = self.comparison()
            self.take(")")
            return value
        raise FormulaError(text)


class _Div0(Exception):
    pass


def _div0() -> float:
    raise _Div0()


def _scalar(x: Any) -> Any:
    if isinstance(x, list):
        if len(x) != 1:
            raise FormulaError("range in scalar context")
        return x[0]
    return x


def _num(x: Any) -> float:
    if x is None or x == "":
        return 0.0
    if isinstance(x, bool):
        return 1.0 if x else 0.0
    if isinstance(x, (int, float)):
        return float(x)
    parsed = parse_number_text(str(x))
    if parsed is None:
        raise FormulaError("#VALUE!")
    return parsed[0]


def _nums(xs: list) -> list[float]:
    return [float(x) for x in xs if isinstance(x, (int, float)) and not isinstance(x, bool)]


def _text(x: Any) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "TRUE" if x else "FALSE"
    if isinstance(x, float):
        return general_number(x)
    return str(x)


def _compare(op: str, a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        a, b = a.lower(), b.lower()
    elif isinstance(a, str) or isinstance(b, str):
        return op == "<>"
    else:
        a, b = _num(a), _num(b)
    return {
        "=": a == b,
        "<>": a != b,
        "<": a < b,
        ">": a > b,
        "<=": a <= b,
        ">=": a >= b,
    }[op]


def evaluate(formula: str, lookup: Lookup | None = None) -> dict:
    """Evaluate a formula; returns the effective ExtendedValue.

    Supported: arithmetic, comparisons, ``&``, cell references/ranges on the
    same sheet (via ``lookup``) and SUM/AVERAGE/MIN/MAX/COUNT/COUNTA/ROUND/
    ABS/CONCATENATE. Anything else is not evaluated: the effective value is
    then the formula text itself (documented simplification)."""
    try:
        value = _Parser(_tokens(formula.lstrip("=")), lookup).parse()
        value = _scalar(value)
    except _Div0:
        return {"errorValue": {"type": "DIVIDE_BY_ZERO", "message": "Function DIVIDE parameter 2 cannot be zero."}}
    except (FormulaError, ZeroDivisionError, OverflowError, ValueError, TypeError, IndexError):
        return {"stringValue": formula}
    if isinstance(value, ErrorValue):
        return extended_from_python(value) or {}
    if value is None:
        return {"numberValue": 0.0}
    return extended_from_python(value) or {"stringValue": ""}
