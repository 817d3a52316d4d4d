"""The accident guard: is tonight's sheet a believable edit of the last good one? (pure)

Spreadsheet accidents leave patterns that people's real edits do not: many rows gone at
once, a column the tool reads no longer there or emptied, or values that moved against
the people beside them (shifts.py) or were overwritten where they stand (overwrites.py).
Each check looks for one such pattern and holds back only with evidence (rows, columns,
examples); sizes alone never do, so a team of thirty joining, a new column, a renamed
team or a night of skill updates go through. A matrix's skill columns are checked one by
one (skillfields.py). How each finding is worded: findings.py and overwritten.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from skillsync.core import leftbehind, overwrites, overwritten, shifts, skillfields
from skillsync.core.aligned import SKILL, Aligned, Pattern
from skillsync.core.findings import (  # re-exported: the guard's words and codes
    CLEARED,
    COLUMN_GONE,
    FIELD_NAMES,
    FILLED,
    MOVED,
    PASTED,
    SHIFTED,
    SORTED,
    VANISHED,
    WORDING,
    Finding,
    listed,
    shown,
    spans,
    who,
)
from skillsync.core.history import KEPT, Changes, Columns, Snapshot, diff

__all__ = ["CLEARED", "COLUMN_GONE", "FIELD_NAMES", "FILLED", "MOVED", "PASTED", "SHIFTED",
           "SORTED", "VANISHED", "Finding", "Guard", "Verdict", "evaluate", "spans"]


@dataclass(frozen=True)
class Guard:
    vanished_share: float = 0.2  # hold when this share of people or more vanished
    min_people: int = 3  # a pattern needs at least this many people behind it
    max_gap: int = 25  # rows a shifted block may skip (people equal to their neighbour)


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
    changes = changes if changes is not None else diff(previous, current)
    findings, notes = vanished(previous, changes, guard)
    skills = skillfields.looked_at(previous, current, guard.min_people)
    aligned = Aligned.of(previous, current, changes, skills)
    gone, column_notes = columns(previous, current, aligned)
    names = {**previous.columns.headers, **current.columns.headers,
             **skillfields.names(previous), **skillfields.names(current)}
    had = {**read_both(previous.columns, current.columns),
           **skillfields.holders(previous, skills)}
    found, pattern_notes = patterns(aligned, had, guard, names)
    return Verdict(tuple(findings + gone + found),
                   tuple(notes + column_notes + pattern_notes))


# --- people vanished ---------------------------------------------------------------------

def vanished(previous: Snapshot, changes: Changes, guard: Guard):
    """Many people gone at once; people under a new e-mail with their name are not gone
    (`changes` already pairs them: see history.same_people)."""
    before = previous.people
    gone = [m.key for m in changes.left]
    rekeyed = sum(1 for c in changes.changed if c.email is not None)
    notes = [f"{rekeyed} people appear under a new e-mail with the same name; "
             "counted as the same people."] if rekeyed >= guard.min_people else []
    share = len(gone) / len(before)
    if len(gone) < guard.min_people or share < guard.vanished_share:
        return [], notes
    rows = sorted(before[k]["row"] for k in gone)
    examples = tuple(f"{who(k, before[k])} (row {before[k]['row']})" for k in gone[:3])
    message = (f"{len(gone)} of {len(before)} people ({share:.0%}) are no longer in the "
               f"sheet: last sync's {spans(rows)}; e.g. {', '.join(examples)}. Fewer than "
               f"{guard.vanished_share:.0%} vanishing at once goes through on its own.")
    return [Finding(VANISHED, message, None, tuple(rows[:100]), examples)], notes


# --- columns gone --------------------------------------------------------------------

def columns(previous: Snapshot, current: Snapshot, aligned: Aligned):
    """Columns read last time and not now. A field still read from a column found by its
    content (its header renamed) is there; a matrix's skill column renamed is there when
    the same people hold the same levels under the new skill."""
    before, after = previous.columns, current.columns
    findings, notes = [], []
    appeared = [h for h in after.ignored if h not in before.ignored]
    for field_name, header in before.headers.items():
        note = _still_read(field_name, header, before, after)
        if note is not None:
            notes += [note] if note else []
        elif not before.filled.get(field_name, 0):
            notes.append(f"The column '{header}' is gone; it was empty last time, so "
                         "nothing is lost.")
        else:
            findings.append(_gone(field_name, header, before, appeared))
    missing, skill_notes = skillfields.gone(previous, current, aligned)
    if missing:
        findings.append(overwritten.skill_columns_gone(missing, appeared))
    return findings, notes + skill_notes


def _still_read(field_name: str, header: str, before: Columns, after: Columns) -> str | None:
    """None when the field is no longer read; else a note ('' when nothing to say)."""
    now = after.headers.get(field_name)
    if now is not None:
        return (f"The column '{header}' is now headed '{now}'; still read."
                if _folded(now) != _folded(header) else "")
    filled = after.filled.get(field_name, 0)
    if filled:
        return (f"The column '{header}' is no longer found by its header, but "
                f"{FIELD_NAMES.get(field_name, field_name)} is still read from another "
                f"column ({filled} people have a value): it was renamed.")
    return None


def _gone(field_name: str, header: str, before: Columns, appeared: list[str]) -> Finding:
    letter = before.letters.get(field_name)
    place = f" (column {letter} last time)" if letter else ""
    renamed = (f"; a header '{appeared[0]}' appeared, so it may have been renamed"
               if len(appeared) == 1 else "")
    message = (f"The column '{header}'{place}, which skillsync reads as "
               f"{FIELD_NAMES.get(field_name, field_name)}, is no longer found{renamed}. "
               f"Last time {before.filled.get(field_name, 0)} people had a value there.")
    return Finding(COLUMN_GONE, message, header, (), tuple(appeared[:3]))


def read_both(before: Columns, after: Columns) -> dict[str, int]:
    """Field -> people with a value last time, for the fields read both times."""
    def read(columns: Columns, name: str) -> bool:
        return name in columns.headers or columns.filled.get(name, 0) > 0
    return {name: before.filled.get(name, 0) for name in KEPT
            if read(before, name) and read(after, name)}


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- values against their people, or overwritten --------------------------------------

def patterns(aligned: Aligned, had: dict[str, int], guard: Guard, names: dict[str, str]
             ) -> tuple[list[Finding], list[str]]:
    """Each field explained once, by the first pattern that explains it: the key column
    moved; blocks shifted; columns sorted alone; pasted over (before cleared: a column
    pasted over another empties the cells the copy had empty); filled; values moved to
    other people; a column left out of a sort first, as every other pattern
    would only echo it."""
    least = guard.min_people
    identity = shifts.rekeyed(aligned, least)
    if identity is not None:  # every other pattern would only be its echo
        return [WORDING["rekeyed"](aligned, identity, names)], []
    found = leftbehind.left_behind(aligned, least)
    for more in (shifts.shifted(aligned, least, guard.max_gap),
                 shifts.sorted_alone(aligned, least), overwrites.pasted(aligned, least),
                 _merged(overwrites.cleared(aligned, had, least)),
                 overwrites.filled(aligned, least), shifts.moved(aligned, least)):
        covered = {name for pattern in found for name in pattern.fields}
        found += [p for p in more if not covered.intersection(p.fields)]
    notes = _ended(aligned, had, least)
    return [_on_tabs(aligned, p, _WORDS[p.kind](aligned, p, names)) for p in found], notes


def _on_tabs(aligned: Aligned, pattern: Pattern, finding: Finding) -> Finding:
    """Every tab has a row 2: with people on several tabs, say which the rows are on."""
    if len(set(aligned.tabs)) < 2:
        return finding
    sheets = (aligned.after.value(i, "sheet") or "" for i in pattern.positions)
    tabs = list(dict.fromkeys(map(str, sheets)))
    said = listed([f"'{shown(t)}'" for t in tabs[:5]] + ([f"{len(tabs) - 5} more"]
                                                         if len(tabs) > 5 else []))
    return replace(finding, message=f"On tab{'s' if len(tabs) > 1 else ''} {said}: "
                                    f"{finding.message}")


def _merged(cleared: list[Pattern]) -> list[Pattern]:
    """A matrix's skill columns cleared together are one finding."""
    skills = [p for p in cleared if p.fields[0].startswith(SKILL)]
    if len(skills) < 2:
        return cleared
    positions = sorted({i for p in skills for i in p.positions})
    whole = Pattern("cleared", tuple(f for p in skills for f in p.fields), tuple(positions),
                    (None,) * len(positions), total=sum(p.total for p in skills))
    return [p for p in cleared if p not in skills] + [whole]


def _ended(aligned: Aligned, had: dict[str, int], least: int) -> list[str]:
    ended = overwrites.ended(aligned, had, least)
    return [f"{ended} people's current projects all ended since the last sync (not held "
            "for: projects end together at quarter end)."] if ended else []


_WORDS = {**WORDING, "cleared": overwritten.cleared, "filled": overwritten.filled,
          "pasted": overwritten.pasted}
