"""A run's people as stored: one compact JSON document, read back checked.

The document is columnar, {"fields": [...], "keys": [...], "columns": [[...], ...]}: one
list of every person's value per field, which is smaller and several times faster to
write and read than a mapping per person. The database may sit in a shared folder, so
what is read back is treated like any other input: each column is checked in one pass of
C-level type checks when all is well, value by value otherwise, and a value of the
wrong type is replaced by an empty one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime
from itertools import chain
from operator import itemgetter
from typing import Any

from skillsync.core.history import KEPT, LISTS, Record

STORED = (*KEPT, "email", "name_key", "row", "sheet", "order", "since")
TEXTS = ("name", "team", "role", "manager", "location", "availability", "email",
         "name_key", "sheet")
_EPOCH = "1970-01-01T00:00:00"
_NONE = type(None)


def document(people: Mapping[str, Record]) -> bytes:
    records = list(people.values())
    columns = [list(map(itemgetter(name), records)) for name in STORED]
    text = json.dumps({"fields": list(STORED), "keys": list(people), "columns": columns},
                      ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def people_of(data: Any) -> dict[str, Record]:
    """The people in a parsed document; ValueError when it is not one."""
    if not isinstance(data, dict):
        raise ValueError("not a people document")
    fields, keys, columns = data.get("fields"), data.get("keys"), data.get("columns")
    if not (type(fields) is list and type(keys) is list and type(columns) is list
            and len(fields) == len(columns) and _all(fields, str) and _all(keys, str)
            and all(type(c) is list and len(c) == len(keys) for c in columns)):
        raise ValueError("the people document is not laid out as fields, keys, columns")
    found = dict(zip(fields, columns, strict=True))
    checked = [_column(name, found.get(name), len(keys)) for name in STORED]
    return {key: dict(zip(STORED, values, strict=True))
            for key, values in zip(keys, zip(*checked, strict=True), strict=True)}


def _column(name: str, values: list[Any] | None, size: int) -> list[Any]:
    """One field of every person, checked; missing (an older document) means empty."""
    whole, one, fix = _CHECKS[name]
    if values is None:
        return [fix(None) for _ in range(size)]
    return values if whole(values) else [v if one(v) else fix(v) for v in values]


def _all(values: list[Any], *kinds: type) -> bool:
    return set(map(type, values)) <= set(kinds)


def _texts(values: list[Any]) -> bool:
    return _all(values, list) and _all(list(chain.from_iterable(values)), str)


def _items(values: list[Any]) -> bool:
    if not _all(values, list):
        return False
    items = list(chain.from_iterable(values))
    return (_all(items, list) and set(map(len, items)) <= {2}
            and _all(list(map(itemgetter(0), items)), str)
            and _all(list(map(itemgetter(1), items)), int, _NONE))


def _rates(values: list[Any]) -> bool:
    if not _all(values, float, int, _NONE):
        return False
    numbers = [v for v in values if v is not None]
    return not numbers or (min(numbers) >= 0 and max(numbers) <= 1)


def _moments(values: list[Any]) -> bool:
    try:
        return _all(values, str) and all(map(datetime.fromisoformat, values))
    except ValueError:
        return False


def _one(check: Callable[[list[Any]], bool]) -> Callable[[Any], bool]:
    return lambda value: check([value])


def _keep(check: Callable[[list[Any]], bool]) -> Callable[[Any], list[Any]]:
    return lambda value: ([v for v in value if check([[v]])] if type(value) is list else [])


_Check = tuple[Callable[[list[Any]], bool], Callable[[Any], bool], Callable[[Any], Any]]
_CHECKS: dict[str, _Check] = {
    **{name: (lambda v: _all(v, str), _one(lambda v: _all(v, str)), lambda v: "")
       for name in TEXTS},
    **{name: (_texts, _one(_texts), _keep(_texts)) for name in LISTS if name != "expertise"},
    "expertise": (_items, _one(_items), _keep(_items)),
    "success_rate": (_rates, _one(_rates), lambda v: None),
    "row": (lambda v: _all(v, int), _one(lambda v: _all(v, int)), lambda v: 0),
    "order": (lambda v: _all(v, int), _one(lambda v: _all(v, int)), lambda v: 0),
    "since": (_moments, _one(_moments), lambda v: _EPOCH),
}


def count_skills(people: Mapping[str, Record]) -> dict[str, int]:
    """People per skill listed as expertise, as a run's skill counts."""
    counts: Counter[str] = Counter()
    for record in people.values():
        counts.update({skill for skill, _ in record["expertise"]})
    return dict(counts)
