"""A run's people as stored: one compact document of JSON lines, read back checked.

The document is columnar: a first line {"fields": [...], "people": n}, a line with the
people's keys, then one line per field with every person's value. That is smaller and
several times faster than a mapping per person, and it is read one line at a time, so a
run of 100,000 people is never held twice over; read back, lists become tuples and each
repeated value one object, as in a snapshot. The database may sit in a shared folder, so
what is read back is treated like any other input: each column is checked in one pass of
C-level type checks when all is well, value by value otherwise, and a value of the wrong
type is replaced by an empty one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from itertools import chain
from operator import itemgetter
from typing import Any

import orjson

from skillsync import deflate
from skillsync.core.snapshots import LISTS, STORED, People, Record, regroup

TEXTS = ("name", "team", "role", "manager", "location", "availability", "email",
         "name_key", "sheet")
UNIQUE = ("name", "email", "name_key")  # about one per person: nothing to share
_EPOCH = "1970-01-01T00:00:00"
_NONE = type(None)


KEYS = ""  # the keys' line, among a document's field lines


class Packing:
    """A document deflated a line at a time, as its lines come (see schema.pack).

    The deflating runs in a thread of its own, in the order the lines came: zlib lets go
    of the GIL while it works, so a large run's document (seconds at a million people) is
    packed while the next lines are dumped and compared. Dropped unfinished, its thread
    ends with it."""

    def __init__(self) -> None:
        self._packer = deflate.compressobj(1)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="skillsync-packing")
        self._parts: list[Future[bytes]] = []

    def add(self, line: bytes) -> None:
        self._parts.append(self._pool.submit(self._deflated, line, bool(self._parts)))

    def _deflated(self, line: bytes, after_another: bool) -> bytes:
        head = self._packer.compress(b"\n") if after_another else b""
        return head + self._packer.compress(line)

    def done(self) -> bytes:
        return self.later()()

    def later(self) -> Callable[[], bytes]:
        """`done`, waited for only when called: the last lines are packed meanwhile (the
        better part of a second at a million people, while the sync builds its tabs)."""
        self._parts.append(self._pool.submit(self._packer.flush))
        parts, pool = self._parts, self._pool

        def packed() -> bytes:
            pool.shutdown()
            return b"".join([part.result() for part in parts])
        return packed


class Lines:
    """This run's people, to read the last run's document beside: a stored line equal
    byte for byte to this run's values dumped is those values (the usual night: most
    fields), so it is neither decoded nor checked again. Each line is dumped once: a run
    that is stored (`packing`) packs it as it is compared, in the document's order, so
    storing the run dumps none of it again; a line is let go once compared and packed,
    so a million people's lines are not held while the rest is read."""

    def __init__(self, keys: list[str], fields: Mapping[str, list[Any]],
                 packing: bool = False) -> None:
        self._values = {KEYS: keys, **fields}
        self._packing: Packing | None = None
        self._pending = [name for name in (KEYS, *STORED) if name in self._values]
        if packing:
            self._packing = Packing()
            self._packing.add(_head(len(keys)))

    def same(self, name: str, line: bytes, size: int | None = None) -> list[Any] | None:
        """This run's values of `name` when `line` is exactly how they are stored (and
        they are `size` long)."""
        values = self._values.get(name)
        if values is None or self._line(name) != line or size not in (None, len(values)):
            return None
        return values

    def _line(self, name: str) -> bytes:
        """`name`'s line dumped; when packing, it and the lines before it packed first."""
        if self._packing is None or name not in self._pending:
            return orjson.dumps(self._values[name])
        while True:
            ahead = self._pending.pop(0)
            line = orjson.dumps(self._values[ahead])
            self._packing.add(line)
            if ahead == name:
                return line

    def packed(self, people: Mapping[str, Record]) -> bytes | None:
        """The document of `people` packed, when they are this run's values with their
        `since` (the snapshot made of them; None otherwise, or when not packing)."""
        later = self.packing(people)
        return later() if later is not None else None

    def packing(self, people: Mapping[str, Record]) -> Callable[[], bytes] | None:
        """`packed`, its bytes given when called (the last lines packed meanwhile)."""
        if self._packing is None or not self._are_mine(people):
            return None
        assert isinstance(people, People)
        for name in list(self._pending):
            self._line(name)
        self._packing.add(orjson.dumps(people.fields["since"]))
        later, self._packing = self._packing.later(), None
        return later

    def _are_mine(self, people: Mapping[str, Record]) -> bool:
        """Are `people` these very keys and field lists, with `since`, and nothing else?"""
        values = self._values
        return (isinstance(people, People) and set(people.fields) == set(STORED)
                and len(values) == len(STORED) and "since" not in values
                and all(people.fields[name] is values[name] for name in values if name)
                and list(people) == values[KEYS])


def _head(people: int) -> bytes:
    return orjson.dumps({"fields": list(STORED), "people": people})


def document(people: Mapping[str, Record]) -> bytes:
    """JSON lines (JSON text never holds a raw line break, so lines split safely)."""
    return b"\n".join(document_lines(people))


def document_lines(people: Mapping[str, Record]) -> Iterator[bytes]:
    """The document's lines one at a time: packed as they come, a million people's
    document is never held whole."""
    fields = People.of(people, STORED).fields
    yield _head(len(people))
    yield orjson.dumps(list(people))
    for name in STORED:
        yield orjson.dumps(fields[name])


def read_document(data: bytes | Iterable[bytes], current: Lines | None = None) -> People:
    """The people in a document (its bytes, or its lines in order, as schema.unpack gives
    them a piece at a time); ValueError when it is not one. `current`: this run's lines,
    whose values stand for the stored lines equal to them."""
    lines = iter(data.split(b"\n") if isinstance(data, bytes | bytearray) else data)
    head = orjson.loads(next(lines, b"{}"))
    fields = head.get("fields") if isinstance(head, dict) else None
    if not (type(fields) is list and _all(fields, str)):
        raise ValueError("the people document does not start with its fields")
    keys = _keys(next(lines, b"[]"), current)
    found: dict[str, list[Any]] = {}
    read = 0
    for name, line in zip(fields, lines, strict=False):
        read += 1
        if name in STORED:  # a line is read, checked and let go before the next is unpacked
            found[name] = _column(name, line, len(keys), current)
    if read != len(fields) or next(lines, None) is not None:
        raise ValueError("the people document's lines do not match its fields")
    return People(keys, {name: found[name] if name in found
                         else _column(name, None, len(keys), current) for name in STORED})


def _keys(line: bytes, current: Lines | None) -> list[str]:
    keys = current.same(KEYS, line) if current else None
    if keys is None:
        keys = orjson.loads(line)
        if not (type(keys) is list and _all(keys, str)):
            raise ValueError("the people document's keys are not text")
    return keys


def _column(name: str, line: bytes | None, size: int,
            current: Lines | None = None) -> list[Any]:
    """One field of every person, checked; missing (an older document) means empty."""
    same = current.same(name, line, size) if current and line is not None else None
    if same is not None:
        return same
    whole, one, fix = _CHECKS[name]
    values = orjson.loads(line) if line is not None else None
    if values is not None and not (type(values) is list and len(values) == size):
        raise ValueError(f"the people document's {name} line does not fit its keys")
    if values is None:
        values = [fix(None) for _ in range(size)]
    elif not whole(values):
        values = [v if one(v) else fix(v) for v in values]
    return _shared(name, values)


def _shared(name: str, values: list[Any]) -> list[Any]:
    """Lists as tuples, as a snapshot holds them, and each repeated value (a team, a
    skill at a level, a date) one object: a run of 100,000 people stays small."""
    if name == "expertise":
        return _tuples(values, tuple)
    if name in LISTS:
        return _tuples(values)
    if name in (*TEXTS, "since") and name not in UNIQUE:
        return _one_each(values)
    return values


def _tuples(lists: list[list[Any]], item: Callable[[Any], Any] | None = None
            ) -> list[tuple[Any, ...]]:
    """Each list as a tuple of shared items (made by `item` first): the items of all
    people flattened, shared, and cut back into each person's, without a Python-level
    step per item (400,000 skills at 100,000 people)."""
    flat = list(chain.from_iterable(lists))
    return regroup(_one_each(list(map(item, flat)) if item else flat), map(len, lists))


def _one_each(values: list[Any]) -> list[Any]:
    """The values, each repeated one as one object."""
    seen: dict[Any, Any] = {}
    return list(map(seen.setdefault, values, values))


def _all(values: Iterable[Any], *kinds: type) -> bool:
    return set(map(type, values)) <= set(kinds)


def _texts(values: list[Any]) -> bool:
    return _all(values, list) and _all(chain.from_iterable(values), str)


def _items(values: list[Any]) -> bool:
    if not _all(values, list):
        return False
    items = list(chain.from_iterable(values))
    return (_all(items, list) and set(map(len, items)) <= {2}
            and _all(map(itemgetter(0), items), str)
            and _all(map(itemgetter(1), items), int, _NONE))


def _rates(values: list[Any]) -> bool:
    if not _all(values, float, int, _NONE):
        return False
    numbers = [v for v in values if v is not None]
    return not numbers or (min(numbers) >= 0 and max(numbers) <= 1)


def _moments(values: list[Any]) -> bool:
    try:
        # A few distinct moments among 100,000 people: each is parsed once.
        return _all(values, str) and all(map(datetime.fromisoformat, set(values)))
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
