"""A run remembered: the snapshot of what each person's row says, and what changed (pure).

A snapshot keeps the fields that matter of the people table, normalised and JSON-ready
(lists as tuples in the order typed, levels as numbers; equal values share one object, so
100,000 people's teams and skills cost little), plus where each person's row was, the columns the
tool read, the per-skill counts and the source checksum. Comparing two snapshots gives
who joined, who left and who changed what; `since` carries, per person, the time their
row last really changed, so staleness is known without a "last updated" column
(core/staleness.py).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
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


# --- what changed ----------------------------------------------------------------------

@dataclass(frozen=True)
class Member:
    key: str
    email: str
    name: str
    row: int
    team: str = ""

    @property
    def label(self) -> str:
        """How automation names a person: the e-mail, or the name on a sheet without one."""
        return self.email or self.name or self.key


@dataclass(frozen=True)
class PersonChange:
    who: Member
    fields: tuple[str, ...]
    skills_added: tuple[str, ...] = ()
    skills_dropped: tuple[str, ...] = ()
    levels: tuple[tuple[str, int | None, int | None], ...] = ()  # skill, before, after
    team: tuple[str, str] | None = None  # (before, after) when the person moved team
    projects_added: tuple[str, ...] = ()
    projects_dropped: tuple[str, ...] = ()
    email: tuple[str, str] | None = None  # (before, after) when the e-mail changed
    was: str | None = None  # the key last time, when it changed (a new e-mail)

    def as_dict(self) -> dict[str, Any]:
        return {"email": self.who.label, "name": self.who.name, "row": self.who.row,
                "fields": list(self.fields), "skills_added": list(self.skills_added),
                "skills_dropped": list(self.skills_dropped),
                "levels": [{"skill": s, "from": a, "to": b} for s, a, b in self.levels],
                "team": ({"from": self.team[0], "to": self.team[1]} if self.team else None),
                "projects_added": list(self.projects_added),
                "projects_dropped": list(self.projects_dropped),
                "email_change": ({"from": self.email[0], "to": self.email[1]}
                                 if self.email else None)}


@dataclass(frozen=True)
class Changes:
    since: datetime | None  # when the snapshot compared against was taken (None: first run)
    since_id: int | None
    joined: tuple[Member, ...] = ()
    left: tuple[Member, ...] = ()
    changed: tuple[PersonChange, ...] = ()
    grown: tuple[tuple[str, int, int], ...] = ()  # skill, people before, people now
    shrunk: tuple[tuple[str, int, int], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        def counts(items):
            return [{"skill": s, "from": a, "to": b} for s, a, b in items]
        return {"since": self.since.isoformat(timespec="seconds") if self.since else None,
                "since_sync": self.since_id,
                "joined": [m.label for m in self.joined], "left": [m.label for m in self.left],
                "changed": [c.as_dict() for c in self.changed],
                "skills_grown": counts(self.grown), "skills_shrunk": counts(self.shrunk)}


def member(key: str, record: Record) -> Member:
    return Member(key, record.get("email", ""), record.get("name", ""), record.get("row", 0),
                  record.get("team", ""))


def diff(previous: Snapshot | None, current: Snapshot) -> Changes:
    """Who joined, left and changed what between `previous` and `current`. Someone who
    left and someone who joined under the same name (one each side) are one person whose
    e-mail changed, as the accident guard counts them."""
    if previous is None:
        return Changes(None, None)
    before, after = previous.people, current.people
    joined_keys = [k for k in after if k not in before]
    left_keys = [k for k in before if k not in after]
    rekeyed = same_people(before, after, left_keys, joined_keys)
    kept = set(rekeyed.values())
    joined = tuple(member(k, after[k]) for k in joined_keys if k not in rekeyed)
    left = tuple(member(k, before[k]) for k in left_keys if k not in kept)
    changed = []
    for key, new in after.items():
        was = rekeyed.get(key)
        old = before.get(key) if was is None else before[was]
        fields = changed_fields(old, new) if old is not None else ()
        if was is not None:
            fields = ("email", *fields)
        if fields:
            changed.append(person_change(member(key, new), fields, old, new, was))
    grown, shrunk = skill_moves(previous.skills, current.skills)
    return Changes(previous.taken_at, previous.id, _by_place(joined, after),
                   _by_place(left, before), tuple(changed), grown, shrunk)


def same_people(before: Mapping[str, Record], after: Mapping[str, Record],
                left: Sequence[str], joined: Sequence[str]) -> dict[str, str]:
    """New key -> old key for people under a new e-mail with the same name: a name (as
    compared, 'Lima, Ana' is Ana Lima) held by exactly one who left and one who joined."""
    old_names = Counter(before[k].get("name_key", "") for k in left)
    new_names = Counter(after[k].get("name_key", "") for k in joined)
    by_name = {before[k].get("name_key", ""): k for k in left}
    return {k: by_name[n] for k in joined if (n := after[k].get("name_key", ""))
            and new_names[n] == 1 and old_names[n] == 1}


def _by_place(members: Iterable[Member], records: Mapping[str, Record]) -> tuple[Member, ...]:
    return tuple(sorted(members, key=lambda m: (records[m.key].get("order", 0), m.row)))


def person_change(who: Member, fields: tuple[str, ...], old: Record, new: Record,
                  was: str | None = None) -> PersonChange:
    had = {s.casefold(): (s, level) for s, level in old.get("expertise", ())}
    has = {s.casefold(): (s, level) for s, level in new.get("expertise", ())}
    levels = tuple((has[k][0], had[k][1], has[k][1]) for k in has
                   if k in had and had[k][1] != has[k][1])
    team = (old.get("team", ""), new.get("team", "")) if "team" in fields else None
    projects_old = _folded((*old.get("current_projects", ()), *old.get("past_projects", ())))
    projects_new = _folded((*new.get("current_projects", ()), *new.get("past_projects", ())))
    return PersonChange(
        who, fields,
        tuple(has[k][0] for k in has if k not in had),
        tuple(had[k][0] for k in had if k not in has),
        levels, team,
        tuple(v for k, v in projects_new.items() if k not in projects_old),
        tuple(v for k, v in projects_old.items() if k not in projects_new),
        (old.get("email") or was, who.email or who.key) if was is not None else None, was)


def _folded(values: Sequence[str]) -> dict[str, str]:
    return {v.casefold(): v for v in values}


def skill_moves(before: Mapping[str, int], after: Mapping[str, int]):
    """Skills held by more people now (most grown first), and by fewer (most shrunk first)."""
    moves = [(s, before.get(s, 0), after.get(s, 0)) for s in {*before, *after}]
    grown = sorted((m for m in moves if m[2] > m[1]), key=lambda m: (m[1] - m[2], m[0]))
    shrunk = sorted((m for m in moves if m[2] < m[1]), key=lambda m: (m[2] - m[1], m[0]))
    return tuple(grown), tuple(shrunk)


# --- what a run remembers, for the tabs and the digest -----------------------------------

@dataclass(frozen=True)
class Memory:
    """What the history adds to a run: the changes, and the skill counts of recent syncs
    (oldest first, this run last) for the Trends tab."""

    changes: Changes | None = None
    points: tuple[tuple[datetime, Mapping[str, int]], ...] = ()
