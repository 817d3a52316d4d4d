"""How the accident guard says what it found: one finding per pattern, with its evidence
(rows, columns, a few examples) in words a person checks against the sheet (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from skillsync.core.aligned import HELD, SKILL, Aligned, Pattern
from skillsync.core.codes import Code
from skillsync.core.history import Record

# The guard's finding codes live with every other code (core/codes.py).
VANISHED = Code.PEOPLE_VANISHED
COLUMN_GONE = Code.COLUMN_GONE
SHIFTED = Code.VALUES_SHIFTED
SORTED = Code.COLUMN_SORTED_ALONE
MOVED = Code.VALUES_MOVED
CLEARED = Code.VALUES_CLEARED
FILLED = Code.VALUES_FILLED_DOWN
PASTED = Code.COLUMN_PASTED_OVER
LEFT_OUT = Code.COLUMN_LEFT_OUT_OF_SORT
FIELD_NAMES = {"email": "E-mail", "name": "Name", "team": "Team", "role": "Role",
               "manager": "Manager", "location": "Location", "expertise": "Expertise",
               "learn": "Want to learn",
               "past_projects": "Past projects", "current_projects": "Current projects",
               "success_rate": "Success rate", "availability": "Availability"}


@dataclass(frozen=True)
class Finding:
    code: str
    message: str  # the evidence, in one paragraph
    column: str | None = None
    rows: tuple[int, ...] = ()
    examples: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()  # every column the evidence is in, when more than one

    @property
    def label(self) -> str:
        return Code(self.code).label

    @property
    def hint(self) -> str:
        return Code(self.code).hint

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "message": self.message,
                "column": self.column,
                "columns": list(self.columns or ([self.column] if self.column else [])),
                "rows": list(self.rows),
                "examples": list(self.examples), "fix": self.hint}


def example(aligned: Aligned, i: int, name: str, source: int | None) -> str:
    after = aligned.after[i]
    was, now = aligned.was(i, name), aligned.now(i, name)
    if name.startswith(SKILL):  # a level; HELD is a mark without one
        was, now = (("x" if v == HELD else v) for v in (was, now))
    text = (f"row {after['row']} ({who(aligned.keys[i], after)}): "
            f"'{shown(was)}' → '{shown(now)}'")
    if source is not None and 0 <= source < len(aligned.keys):
        text += (f", the value row {aligned.before[source]['row']} "
                 f"({who(aligned.keys[source], aligned.before[source])}) had")
    return text


def examples_of(aligned: Aligned, pattern: Pattern) -> tuple[str, ...]:
    pairs = list(zip(pattern.positions, pattern.sources, strict=True))[:3]
    return tuple(example(aligned, i, pattern.fields[0], j) for i, j in pairs)


def rows_of(aligned: Aligned, pattern: Pattern) -> list[int]:
    return [aligned.after.value(i, "row") for i in pattern.positions]


def _shifted(aligned: Aligned, pattern: Pattern,
             names: dict[str, str]) -> Finding:
    headers = [column_name(f, names) for f in pattern.fields]
    rows, examples = rows_of(aligned, pattern), examples_of(aligned, pattern)
    verb = "shows" if len(headers) == 1 else "show"
    message = (f"In {spans(rows)}, {listed(headers)} now {verb} what "
               f"{_SOURCE[pattern.offset]} had last time, for {len(rows)} people: it looks "
               f"like a block was pasted {_PASTED[pattern.offset]}. "
               f"E.g. {'; '.join(examples)}.")
    return Finding(SHIFTED, message, headers[0], tuple(rows[:100]), examples, tuple(headers))


_SOURCE = {1: "the row above", -1: "the row below", 2: "the row two above",
           -2: "the row two below"}
_PASTED = {1: "one row down", -1: "one row up", 2: "two rows down", -2: "two rows up"}


def _sorted(aligned: Aligned, pattern: Pattern,
            names: dict[str, str]) -> Finding:
    header = column_name(pattern.fields[0], names)
    rows, examples = rows_of(aligned, pattern), examples_of(aligned, pattern)
    message = (f"The column '{header}' is now in order from row {min(rows)} to row "
               f"{max(rows)} while the rows beside it stayed: {len(rows)} people's values "
               "changed, yet the column holds the same values as before, rearranged. It "
               f"looks like the column was sorted on its own. E.g. {'; '.join(examples)}.")
    return Finding(SORTED, message, header, tuple(rows[:100]), examples)


def _moved(aligned: Aligned, pattern: Pattern,
           names: dict[str, str]) -> Finding:
    header = column_name(pattern.fields[0], names)
    rows, examples = rows_of(aligned, pattern), examples_of(aligned, pattern)
    changed = len(aligned.changed.get(pattern.fields[0], []))
    message = (f"In the column '{header}', {len(rows)} of the {changed} people whose value "
               f"changed now hold a value that was another person's alone ({spans(rows)}): "
               f"values moved against their people. E.g. {'; '.join(examples)}.")
    return Finding(MOVED, message, header, tuple(rows[:100]), examples)


def _rekeyed(aligned: Aligned, pattern: Pattern,
             names: dict[str, str]) -> Finding:
    """The e-mails and the names no longer belong together: say which column moved."""
    header = column_name(pattern.fields[0], names)
    other = column_name("name" if pattern.fields[0] == "email" else "email", names)
    rows = rows_of(aligned, pattern)
    examples = tuple(example(aligned, i, "name", j)
                     for i, j in list(zip(pattern.positions, pattern.sources, strict=True))[:3])
    what = (f"is now in order while the '{other}' column beside it stayed"
            if pattern.offset else f"no longer lines up with the '{other}' column")
    how = "sorted" if pattern.offset else "sorted or pasted"
    message = (f"The column '{header}' {what}: {len(rows)} of {len(aligned.keys)} people "
               f"now carry another person's name ({spans(rows)}). It looks like the "
               f"'{header}' column was {how} on its own. E.g. {'; '.join(examples)}.")
    code = SORTED if pattern.offset else MOVED
    return Finding(code, message, header, tuple(rows[:100]), examples)


def _left(aligned: Aligned, pattern: Pattern, names: dict[str, str]) -> Finding:
    header = column_name(pattern.fields[0], names)
    rows, examples = rows_of(aligned, pattern), examples_of(aligned, pattern)
    message = (f"The rows were sorted, but the column '{header}' stayed where it was: "
               f"{len(rows)} people now show the value of whoever was on their row last "
               f"time ({spans(rows)}). It looks like the table was sorted with '{header}' "
               f"left out of the selection. E.g. {'; '.join(examples)}.")
    return Finding(LEFT_OUT, message, header, tuple(rows[:100]), examples)


WORDING = {"shifted": _shifted, "sorted": _sorted, "moved": _moved, "rekeyed": _rekeyed,
           "left": _left}


# --- wording ---------------------------------------------------------------------------

def spans(rows: Iterable[int], shown: int = 6) -> str:
    """'rows 4–9, 12 and 30–31': consecutive rows as ranges, the first few of them."""
    ordered = sorted(set(rows))
    ranges: list[tuple[int, int]] = []
    for row in ordered:
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    parts = [f"{a}–{b}" if b > a else str(a) for a, b in ranges[:shown]]
    if len(ranges) > shown:
        parts.append(f"{len(ranges) - shown} more stretches")
    word = "row" if len(ordered) == 1 else "rows"
    return f"{word} {listed(parts)}"


def listed(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def column_name(field_name: str, names: dict[str, str]) -> str:
    return names.get(field_name) or FIELD_NAMES.get(field_name, field_name)


def who(key: str, record: Record) -> str:
    return record.get("email") or record.get("name") or key


def shown(value: Any, limit: int = 40) -> str:
    if isinstance(value, list | tuple):
        value = ", ".join(str(v[0]) if isinstance(v, list | tuple) else str(v) for v in value)
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
