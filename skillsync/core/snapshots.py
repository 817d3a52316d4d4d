"""What a run remembers of the sheet: a snapshot of what each person's row says (pure).

A snapshot keeps the fields that matter of the people table, normalised and JSON-ready
(lists as tuples in the order typed, levels as numbers; equal values share one object, so
100,000 people's teams and skills cost little), plus where each person's row was, the
columns the tool read, the per-skill counts and the source checksum. `since` carries, per
person, the time their row last really changed, so staleness is known without a "last
updated" column (core/staleness.py). What changed between two snapshots: core/history.py.

It is built on every sync, for 100,000 people too, so it is built column by column and
compared with the last one in C where nothing changed; Python looks at one person only
when something did.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import chain, compress, islice, repeat
from operator import itemgetter, ne
from typing import Any

import numpy as np
import pandas as pd

from skillsync.core.model import Layout
from skillsync.core.roster import People, Record

GOOD, HELD, ACCEPTED = "good", "held", "accepted"  # a stored run's status
KEPT = ("name", "team", "role", "manager", "location", "expertise", "learn",
        "past_projects", "current_projects", "success_rate", "availability")
LISTS = ("expertise", "learn", "past_projects", "current_projects")
STORED = (*KEPT, "email", "name_key", "row", "sheet", "order", "since")
EMPTY = {**dict.fromkeys(LISTS, ()), "success_rate": None}  # any other field: ""


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
    people: Mapping[str, Record]  # key -> record, in sheet order (People when built)
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
                skill_columns: Mapping[str, tuple[str, str]] | None = None,
                drafted: Draft | None = None) -> Snapshot:
    """This run's snapshot; each person's `since` comes from `previous` when unchanged;
    `skill_columns`: a matrix's (see Columns.skills); `drafted`: `draft(people, layout)`
    when already made."""
    keys, fields = drafted or draft(people, layout)
    fields = dict(fields)
    before = People.of(previous.people if previous else {}, STORED)
    fields["since"] = since(before, keys, fields, taken_at.isoformat(timespec="seconds"))
    columns = replace(columns_of(layout, people, fields), skills=dict(skill_columns or {}))
    return Snapshot(taken_at, People(keys, fields, before), dict(skills), columns, checksum,
                    version, rows_read)


Draft = tuple[list[str], dict[str, list[Any]]]  # keys, and every stored field but `since`


def draft(people: pd.DataFrame, layout: Layout) -> Draft:
    """This run's keys and stored fields, `since` aside (it depends on the last run)."""
    return keys_of(people), stored_fields(people, layout)


def keys_of(people: pd.DataFrame) -> list[str]:
    """Each person's key as text (as it is: keys are text)."""
    return _texts(listed(people["key"]), str)


def stored_fields(people: pd.DataFrame, layout: Layout) -> dict[str, list[Any]]:
    """Every person's stored fields but `since`, one list per field: KEPT's values as
    stored (see `_plain`), the e-mail and name as compared, and where their row is."""
    fields = {name: _plain(name, people[name]) for name in KEPT}
    sheets = {name: i for i, name in enumerate(layout.sheets or (layout.sheet,))}
    where = listed(people["sheet"].astype(str))
    fields.update(email=listed(people["email"].astype(str)),
                  name_key=listed(people["name_key"].astype(str)),
                  row=list(map(int, map(itemgetter(0), listed(people["rows"])))),
                  sheet=where, order=list(map(sheets.get, where, repeat(0))))
    return fields


def since(before: People, keys: Sequence[str], fields: Mapping[str, Sequence[Any]],
          stamp: str) -> list[str]:
    """When each person's row last changed: as last time when nothing of theirs did,
    else `stamp` (now)."""
    if not len(before):  # a first run: every row is new (and nothing is compared)
        return [stamp] * len(keys)
    at = places(before, keys)
    last = [*before.fields["since"], None]
    dates = [stamp if when is None else when for when in map(last.__getitem__, at)]
    for i in changed_since(before, at, fields):
        dates[i] = stamp
    return dates


def _plain(name: str, column: pd.Series) -> list[Any]:
    """A field's values as stored, equal whether built now or loaded back."""
    if name == "success_rate":
        return _rates(column)
    values = listed(column)
    if name == "expertise":
        return _skill_levels(values)
    if name in LISTS:
        return list(map(tuple, values))
    return _texts(values, _text)


def listed(column: pd.Series) -> list[Any]:
    """`column.tolist()`: text and other objects listed by numpy in one step, rather
    than by pandas one value at a time (a few ms per column of 100,000 names)."""
    if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
        return column.to_numpy().tolist()
    return column.tolist()


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _texts(values: list[Any], plain: Callable[[Any], str]) -> list[str]:
    """`values` made text by `plain`: as they are when all are text (the usual column)."""
    return values if set(map(type, values)) == {str} else list(map(plain, values))


def _rate(value: Any) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 6)


def _rates(column: pd.Series) -> list[float | None]:
    """Rates rounded as stored: each of the few distinct rates once (a number column),
    -0.0 and 0.0 apart, as each rounds to itself."""
    if column.dtype != "float64":
        return list(map(_rate, column.tolist()))
    numbers = column.to_numpy()
    given = numbers[~np.isnan(numbers)]
    rounded = {rate: _rate(rate) for rate in np.unique(given[given != 0]).tolist()}
    rates = list(map(rounded.get, numbers.tolist()))  # NaN is no key: None
    for i in np.flatnonzero(numbers == 0).tolist():
        rates[i] = _rate(numbers[i].item())
    return rates


def _skill_levels(values: list[Sequence[tuple[str, Any, str]]]) -> list[tuple[Any, ...]]:
    """Each person's (skill, level, as written) items as (skill, level) pairs; a few
    hundred distinct items are converted, once each, rather than every person's."""
    items = list(chain.from_iterable(values))
    pairs: dict[tuple[str, int | None], tuple[str, int | None]] = {}
    pair_of = {}
    for item in set(items):
        pair = (item[0], None if item[1] is None else int(item[1]))
        pair_of[item] = pairs.setdefault(pair, pair)
    return regroup(map(pair_of.__getitem__, items), map(len, values))


def regroup(items: Iterable[Any], sizes: Iterable[int]) -> list[tuple[Any, ...]]:
    """`items`, flattened from lists of `sizes`, cut back into a tuple each."""
    return list(map(tuple, map(islice, repeat(iter(items)), sizes)))


def columns_of(layout: Layout, people: pd.DataFrame, plain: Mapping[str, list[Any]]
               ) -> Columns:
    """The columns read, and how many people had a value in each field (a field read
    without a header of its own, too: skills from a matrix's columns)."""
    filled = {}
    for name in dict.fromkeys([*layout.headers, *KEPT]):
        values = plain.get(name)
        if values is not None:  # as stored, each field has one empty value (counted in C)
            filled[name] = len(values) - values.count(EMPTY.get(name, ""))
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
    return tuple(f for f in KEPT if _changed(f, old[f], new[f]))


def _changed(name: str, old: Any, new: Any) -> bool:
    return old != new and signature(name, old) != signature(name, new)


def places(people: People, keys: Iterable[str]) -> list[int]:
    """Where each key's record is in `people.fields`; len(people) where it has none."""
    keys = list(keys)
    if keys == list(people):  # the usual night: no index of 100,000 keys needed
        return list(range(len(keys)))
    return list(map(people.place.get, keys, repeat(len(people))))


def changed_since(before: People, at: list[int], fields: Mapping[str, Sequence[Any]]
                  ) -> dict[int, tuple[str, ...]]:
    """Position -> the KEPT fields changed, for the people of `fields` whose record was
    at `at` in `before` (see `places`) and changed. Each field is compared for everyone
    at once, in C; a person only where a value differs."""
    missing = len(before)
    in_order = at == list(range(missing))  # the usual night: the same people in order
    changed: dict[int, list[str]] = {}
    for name in KEPT:
        old, new = before.fields[name], fields[name]
        if not in_order:
            old = list(map([*old, None].__getitem__, at))
        if old == new:
            continue
        for i in compress(range(len(at)), map(ne, old, new)):
            if at[i] != missing and _changed(name, old[i], new[i]):
                changed.setdefault(i, []).append(name)
    return {i: tuple(names) for i, names in changed.items()}
