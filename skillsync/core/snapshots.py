"""What a run remembers of the sheet: a snapshot of what each person's row says (pure).

A snapshot keeps the fields that matter of the people table, normalised and JSON-ready
(lists as tuples in the order typed, levels as numbers; equal values share one object, so
100,000 people's teams and skills cost little), plus where each person's row was, the
columns the tool read, the per-skill counts and the source checksum. `since` carries, per
person, the time their row last really changed, so staleness is known without a "last
updated" column (core/staleness.py). What changed between two snapshots: core/history.py.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from operator import itemgetter
from typing import Any

import pandas as pd

from skillsync.core.model import Layout

GOOD, HELD, ACCEPTED = "good", "held", "accepted"  # a stored run's status
KEPT = ("name", "team", "role", "manager", "location", "expertise", "learn",
        "past_projects", "current_projects", "success_rate", "availability")
LISTS = ("expertise", "learn", "past_projects", "current_projects")
Record = dict[str, Any]  # one person: KEPT fields + email, name_key, row, sheet, order, since


@dataclass(frozen=True)
class Columns:
    """The columns a run read: to tell a renamed or deleted column from last time's."""

    layout: str = "rows"
    sheet: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)  # field -> header as typed
    letters: Mapping[str, str] = field(default_factory=dict)  # field -> column letter
    ignored: tuple[str, ...] = ()  # header cells no field claimed
    filled: Mapping[str, int] = field(default_factory=dict)  # field -> people with a value
    # A matrix's skill columns: skill -> (header as typed, column letter).
    skills: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"layout": self.layout, "sheet": self.sheet, "headers": dict(self.headers),
                "letters": dict(self.letters), "ignored": list(self.ignored),
                "filled": dict(self.filled),
                "skills": {s: list(place) for s, place in self.skills.items()}}

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Columns:
        skills = data.get("skills")
        return cls(str(data.get("layout", "rows")), str(data.get("sheet", "")),
                   dict(data.get("headers", {})), dict(data.get("letters", {})),
                   tuple(data.get("ignored", ())), dict(data.get("filled", {})),
                   {str(s): (str(p[0]), str(p[1])) for s, p in skills.items()
                    if isinstance(p, list) and len(p) == 2}
                   if isinstance(skills, dict) else {})


@dataclass(frozen=True)
class Snapshot:
    taken_at: datetime
    people: Mapping[str, Record]  # key -> record, in sheet order
    skills: Mapping[str, int]  # skill -> people listing it as expertise
    columns: Columns = field(default_factory=Columns)
    checksum: str = ""
    version: str = ""
    rows_read: int = 0
    id: int | None = None
    status: str = GOOD


def snapshot_of(people: pd.DataFrame, layout: Layout, skills: Mapping[str, int], *,
                taken_at: datetime, previous: Snapshot | None = None, checksum: str = "",
                version: str = "", rows_read: int = 0,
                skill_columns: Mapping[str, tuple[str, str]] | None = None) -> Snapshot:
    """This run's snapshot; each person's `since` comes from `previous` when unchanged;
    `skill_columns`: a matrix's (see Columns.skills). Built column by column: it runs on
    every sync, for 100,000 people too."""
    plain = {name: _plain(name, people[name].tolist()) for name in KEPT}
    sheets = {name: i for i, name in enumerate(layout.sheets or (layout.sheet,))}
    where = people["sheet"].astype(str).tolist()
    plain.update(email=people["email"].astype(str).tolist(),
                 name_key=people["name_key"].astype(str).tolist(),
                 row=[int(rows[0]) for rows in people["rows"].tolist()], sheet=where,
                 order=[sheets.get(w, 0) for w in where])
    names = list(plain)
    records = {str(key): dict(zip(names, values, strict=True)) for key, values in zip(
        people["key"].tolist(), zip(*plain.values(), strict=True), strict=True)}
    stamp = taken_at.isoformat(timespec="seconds")
    before = previous.people if previous else {}
    for key, record in records.items():
        old = before.get(key)
        same = old is not None and not changed_fields(old, record)
        record["since"] = old.get("since", stamp) if same else stamp
    columns = replace(columns_of(layout, people, plain), skills=dict(skill_columns or {}))
    return Snapshot(taken_at, records, dict(skills), columns, checksum, version, rows_read)


def _plain(name: str, values: list[Any]) -> list[Any]:
    """A field's values as stored, equal whether built now or loaded back."""
    if name == "expertise":
        shared: dict[tuple, tuple] = {}
        return [tuple(shared.setdefault(item, item) for item in (
                    (s, None if level is None else int(level)) for s, level, _ in items))
                for items in values]
    if name in LISTS:
        return [tuple(items) for items in values]
    if name == "success_rate":
        return [None if v is None or math.isnan(v) else round(float(v), 6) for v in values]
    return ["" if v is None else str(v) for v in values]


def columns_of(layout: Layout, people: pd.DataFrame, plain: Mapping[str, list[Any]]
               ) -> Columns:
    """The columns read, and how many people had a value in each field (a field read
    without a header of its own, too: skills from a matrix's columns)."""
    filled = {}
    for name in dict.fromkeys([*layout.headers, *KEPT]):
        values = plain.get(name)
        if values is not None:  # as stored: empty is "", () or None (counted in C)
            filled[name] = len(values) - sum(map(values.count, ("", (), None)))
        elif name in people.columns:
            filled[name] = sum(1 for v in people[name].tolist() if v is not None
                               and v == v and v != "" and v != ())
    letters = {name: layout.letter(name) for name in layout.columns}
    return Columns(layout.name, layout.sheet, dict(layout.headers), letters,
                   tuple(layout.ignored), filled)


def signature(name: str, value: Any) -> Any:
    """A field's value as compared: lists as sets (order typed is not a change)."""
    if name == "expertise":
        return frozenset((s.casefold(), level) for s, level in value)
    if name in LISTS:
        return frozenset(v.casefold() for v in value)
    if isinstance(value, str):
        return value.casefold()
    return value


_VALUES = itemgetter(*KEPT)  # every record has every KEPT field (see history.records)


def changed_fields(old: Record, new: Record) -> tuple[str, ...]:
    """The fields whose value changed; one comparison when nothing did."""
    if _VALUES(old) == _VALUES(new):
        return ()
    return tuple(f for f in KEPT if old[f] != new[f]
                 and signature(f, old[f]) != signature(f, new[f]))
