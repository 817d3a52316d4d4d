"""The accident guard: is tonight's sheet a believable edit of the last good one? (pure)

Spreadsheet accidents leave patterns that people's real edits do not: many rows gone at
once, a column the tool reads no longer there, or values that moved against the people
beside them. Each check looks for one such pattern and holds back only with evidence
(rows, columns, examples); sizes alone never do, so a team of thirty joining, a new
column, a renamed team or a night of skill updates go through.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from skillsync.core import shifts
from skillsync.core.codes import Code
from skillsync.core.history import Changes, Record, Snapshot

# The guard's finding codes live with every other code (core/codes.py).
VANISHED = Code.PEOPLE_VANISHED
COLUMN_GONE = Code.COLUMN_GONE
SHIFTED = Code.VALUES_SHIFTED
SORTED = Code.COLUMN_SORTED_ALONE
MOVED = Code.VALUES_MOVED
FIELD_NAMES = {"email": "E-mail", "name": "Name", "team": "Team", "role": "Role",
               "manager": "Manager", "location": "Location", "expertise": "Expertise",
               "learn": "Want to learn",
               "past_projects": "Past projects", "current_projects": "Current projects",
               "success_rate": "Success rate", "availability": "Availability"}


@dataclass(frozen=True)
class Guard:
    vanished_share: float = 0.2  # hold when this share of people vanished
    min_people: int = 3  # a pattern needs at least this many people behind it
    max_gap: int = 25  # rows a shifted block may skip (people equal to their neighbour)


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


@dataclass(frozen=True)
class Verdict:
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()  # observed, not held for

    @property
    def hold(self) -> bool:
        return bool(self.findings)


def evaluate(previous: Snapshot | None, current: Snapshot, guard: Guard = Guard(),
             changes: Changes | None = None) -> Verdict:
    """Compare `current` with the last good snapshot (`changes`: their diff, when known);
    nothing to compare is no accident."""
    if previous is None or not previous.people:
        return Verdict()
    findings, notes = vanished(previous, current, guard)
    gone, column_notes = columns(previous, current)
    names = {**previous.columns.headers, **current.columns.headers}
    findings += gone + patterns(previous, current, changes, guard, names)
    return Verdict(tuple(findings), tuple(notes + column_notes))


# --- people vanished ---------------------------------------------------------------------

def vanished(previous: Snapshot, current: Snapshot, guard: Guard):
    before, after = previous.people, current.people
    left = [k for k in before if k not in after]
    new_names = Counter(r.get("name_key", "") for k, r in after.items() if k not in before)
    old_names = Counter(before[k].get("name_key", "") for k in left)
    rekeyed = {k for k in left if (n := before[k].get("name_key", ""))
               and new_names[n] == 1 and old_names[n] == 1}
    gone = [k for k in left if k not in rekeyed]
    notes = [f"{len(rekeyed)} people appear under a new e-mail with the same name; "
             "counted as the same people."] if len(rekeyed) >= guard.min_people else []
    share = len(gone) / len(before)
    if len(gone) < guard.min_people or share < guard.vanished_share:
        return [], notes
    rows = sorted(before[k]["row"] for k in gone)
    examples = tuple(f"{_who(k, before[k])} (row {before[k]['row']})" for k in gone[:3])
    message = (f"{len(gone)} of {len(before)} people ({share:.0%}) are no longer in the "
               f"sheet: last sync's {spans(rows)}; e.g. {', '.join(examples)}. At most "
               f"{guard.vanished_share:.0%} vanishing at once goes through on its own.")
    return [Finding(VANISHED, message, None, tuple(rows[:100]), examples)], notes


# --- columns gone --------------------------------------------------------------------

def columns(previous: Snapshot, current: Snapshot):
    before, after = previous.columns, current.columns
    findings, notes = [], []
    appeared = [h for h in after.ignored if h not in before.ignored]
    for field_name, header in before.headers.items():
        now = after.headers.get(field_name)
        if now is not None:
            if _folded(now) != _folded(header):
                notes.append(f"The column '{header}' is now headed '{now}'; still read.")
            continue
        filled = before.filled.get(field_name, 0)
        if not filled:
            notes.append(f"The column '{header}' is gone; it was empty last time, so "
                         "nothing is lost.")
            continue
        letter = before.letters.get(field_name)
        place = f" (column {letter} last time)" if letter else ""
        renamed = (f"; a header '{appeared[0]}' appeared, so it may have been renamed"
                   if len(appeared) == 1 else "")
        message = (f"The column '{header}'{place}, which skillsync reads as "
                   f"{FIELD_NAMES.get(field_name, field_name)}, is no longer found{renamed}. "
                   f"Last time {filled} people had a value there.")
        findings.append(Finding(COLUMN_GONE, message, header, (), tuple(appeared[:3])))
    return findings, notes


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- values against their people ------------------------------------------------------

def patterns(previous: Snapshot, current: Snapshot, changes: Changes | None, guard: Guard,
             names: dict[str, str]) -> list[Finding]:
    """Shifted blocks and columns sorted alone; values moved where neither explains it."""
    aligned = shifts.Aligned.of(previous, current, changes)
    identity = shifts.rekeyed(aligned, guard.min_people)
    if identity is not None:  # every other pattern would only be its echo
        return [_rekeyed(aligned, identity, names)]
    found = [*shifts.shifted(aligned, guard.min_people, guard.max_gap),
             *shifts.sorted_alone(aligned, guard.min_people)]
    covered = {name for pattern in found for name in pattern.fields}
    found += [p for p in shifts.moved(aligned, guard.min_people)
              if not covered.intersection(p.fields)]
    return [_WORDING[p.kind](aligned, p, names) for p in found]


def _example(aligned: shifts.Aligned, i: int, name: str, source: int | None) -> str:
    before, after = aligned.before[i], aligned.after[i]
    text = (f"row {after['row']} ({_who(aligned.keys[i], after)}): "
            f"'{_shown(before[name])}' → '{_shown(after[name])}'")
    if source is not None and 0 <= source < len(aligned.keys):
        text += (f", the value row {aligned.before[source]['row']} "
                 f"({_who(aligned.keys[source], aligned.before[source])}) had")
    return text


def _examples(aligned: shifts.Aligned, pattern: shifts.Pattern) -> tuple[str, ...]:
    pairs = list(zip(pattern.positions, pattern.sources, strict=True))[:3]
    return tuple(_example(aligned, i, pattern.fields[0], j) for i, j in pairs)


def _rows(aligned: shifts.Aligned, pattern: shifts.Pattern) -> list[int]:
    return [aligned.after[i]["row"] for i in pattern.positions]


def _shifted(aligned: shifts.Aligned, pattern: shifts.Pattern,
             names: dict[str, str]) -> Finding:
    headers = [_header(f, names) for f in pattern.fields]
    rows, examples = _rows(aligned, pattern), _examples(aligned, pattern)
    verb = "shows" if len(headers) == 1 else "show"
    message = (f"In {spans(rows)}, {_listed(headers)} now {verb} what "
               f"{_SOURCE[pattern.offset]} had last time, for {len(rows)} people: it looks "
               f"like a block was pasted {_PASTED[pattern.offset]}. "
               f"E.g. {'; '.join(examples)}.")
    return Finding(SHIFTED, message, headers[0], tuple(rows[:100]), examples, tuple(headers))


_SOURCE = {1: "the row above", -1: "the row below", 2: "the row two above",
           -2: "the row two below"}
_PASTED = {1: "one row down", -1: "one row up", 2: "two rows down", -2: "two rows up"}


def _sorted(aligned: shifts.Aligned, pattern: shifts.Pattern,
            names: dict[str, str]) -> Finding:
    header = _header(pattern.fields[0], names)
    rows, examples = _rows(aligned, pattern), _examples(aligned, pattern)
    message = (f"The column '{header}' is now in order from row {min(rows)} to row "
               f"{max(rows)} while the rows beside it stayed: {len(rows)} people's values "
               "changed, yet the column holds the same values as before, rearranged. It "
               f"looks like the column was sorted on its own. E.g. {'; '.join(examples)}.")
    return Finding(SORTED, message, header, tuple(rows[:100]), examples)


def _moved(aligned: shifts.Aligned, pattern: shifts.Pattern,
           names: dict[str, str]) -> Finding:
    header = _header(pattern.fields[0], names)
    rows, examples = _rows(aligned, pattern), _examples(aligned, pattern)
    changed = len(aligned.changed.get(pattern.fields[0], []))
    message = (f"In the column '{header}', {len(rows)} of the {changed} people whose value "
               f"changed now hold a value that was another person's alone ({spans(rows)}): "
               f"values moved against their people. E.g. {'; '.join(examples)}.")
    return Finding(MOVED, message, header, tuple(rows[:100]), examples)


def _rekeyed(aligned: shifts.Aligned, pattern: shifts.Pattern,
             names: dict[str, str]) -> Finding:
    """The e-mails and the names no longer belong together: say which column moved."""
    header = _header(pattern.fields[0], names)
    other = _header("name" if pattern.fields[0] == "email" else "email", names)
    rows = _rows(aligned, pattern)
    examples = tuple(_example(aligned, i, "name", j)
                     for i, j in list(zip(pattern.positions, pattern.sources, strict=True))[:3])
    what = (f"is now in order while the '{other}' column beside it stayed"
            if pattern.offset else f"no longer lines up with the '{other}' column")
    how = "sorted" if pattern.offset else "sorted or pasted"
    message = (f"The column '{header}' {what}: {len(rows)} of {len(aligned.keys)} people "
               f"now carry another person's name ({spans(rows)}). It looks like the "
               f"'{header}' column was {how} on its own. E.g. {'; '.join(examples)}.")
    code = SORTED if pattern.offset else MOVED
    return Finding(code, message, header, tuple(rows[:100]), examples)


_WORDING = {"shifted": _shifted, "sorted": _sorted, "moved": _moved}


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
    return f"{word} {_listed(parts)}"


def _listed(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _header(field_name: str, names: dict[str, str]) -> str:
    return names.get(field_name) or FIELD_NAMES.get(field_name, field_name)


def _who(key: str, record: Record) -> str:
    return record.get("email") or record.get("name") or key


def _shown(value: Any, limit: int = 40) -> str:
    if isinstance(value, list | tuple):
        value = ", ".join(str(v[0]) if isinstance(v, list | tuple) else str(v) for v in value)
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
