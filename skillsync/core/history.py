"""What changed between two runs remembered, and what a run remembers for its tabs (pure).

Comparing two snapshots (core/snapshots.py, re-exported here) gives who joined, who left
and who changed what; a person whose e-mail changed is matched by name. The usual night,
when few people changed, every person is compared at once in C and Python looks only at
those who did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import filterfalse
from typing import Any

from skillsync.core.snapshots import (  # re-exported: where the history's users find them
    ACCEPTED,
    GOOD,
    HELD,
    KEPT,
    LISTS,
    STORED,
    Columns,
    Draft,
    People,
    Record,
    Snapshot,
    changed_fields,
    changed_since,
    draft,
    places,
    snapshot_of,
)

__all__ = [
    "ACCEPTED",
    "GOOD",
    "HELD",
    "KEPT",
    "LISTS",
    "Changes",
    "Columns",
    "Draft",
    "Member",
    "Memory",
    "PersonChange",
    "Record",
    "Snapshot",
    "changed_fields",
    "diff",
    "draft",
    "snapshot_of",
]

# The fields whose old and new values a change keeps (a digest shows the role's only:
# output/changes.py). The others are only named as changed: a manager's address, a home
# town or the reason someone is away ("on sick leave") are for nobody's change list.
VALUES_SHOWN = ("name", "role")


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
    # (field, before, after) of the VALUES_SHOWN fields that changed
    values: tuple[tuple[str, str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"email": self.who.label, "name": self.who.name, "row": self.who.row,
                "fields": list(self.fields), "skills_added": list(self.skills_added),
                "skills_dropped": list(self.skills_dropped),
                "levels": [{"skill": s, "from": a, "to": b} for s, a, b in self.levels],
                "team": ({"from": self.team[0], "to": self.team[1]} if self.team else None),
                "projects_added": list(self.projects_added),
                "projects_dropped": list(self.projects_dropped),
                "email_change": ({"from": self.email[0], "to": self.email[1]}
                                 if self.email else None),
                "values": [{"field": f, "from": a, "to": b} for f, a, b in self.values]}


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
    before, after = People.of(previous.people, STORED), People.of(current.people, STORED)
    joined_keys: list[str] = []
    left_keys: list[str] = []
    if list(after) != list(before):  # else nobody joined or left (the usual night)
        joined_keys = list(filterfalse(before.place.__contains__, after))
        left_keys = list(filterfalse(after.place.__contains__, before))
    rekeyed = same_people(before, after, left_keys, joined_keys)
    kept = set(rekeyed.values())
    joined = tuple(member(k, after[k]) for k in joined_keys if k not in rekeyed)
    left = tuple(member(k, before[k]) for k in left_keys if k not in kept)
    grown, shrunk = skill_moves(previous.skills, current.skills)
    return Changes(previous.taken_at, previous.id, _by_place(joined, after),
                   _by_place(left, before), changed_people(before, after, rekeyed),
                   grown, shrunk)


def changed_people(before: Mapping[str, Record], after: Mapping[str, Record],
                   rekeyed: Mapping[str, str]) -> tuple[PersonChange, ...]:
    """The people whose fields changed, or their e-mail (`rekeyed`: new key -> old), in
    this sheet's order."""
    then, now = People.of(before, STORED), People.of(after, STORED)
    keys = list(now)
    # Each one's key last time: as now when nobody's e-mail changed (the usual night).
    keys_then = map(rekeyed.get, keys, keys) if rekeyed else keys
    fields = changed_since(then, places(then, keys_then), now.fields)
    changed = []
    for i in sorted({*fields, *map(now.place.__getitem__, rekeyed)}):
        key, was = keys[i], rekeyed.get(keys[i])
        old, new = before[was or key], after[key]
        named = ("email", *fields.get(i, ())) if was is not None else fields[i]
        changed.append(person_change(member(key, new), named, old, new, was))
    return tuple(changed)


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
        (old.get("email") or was, who.email or who.key) if was is not None else None, was,
        tuple((f, old.get(f, ""), new.get(f, "")) for f in VALUES_SHOWN if f in fields))


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
