"""The accident guard's shortcuts for the usual night (everyone in the order held last
time) against the plain way, on hostile snapshots: reversed, rekeyed, duplicated keys,
unicode and case-only differences, people on several tabs."""

from __future__ import annotations

import random
import zlib
from datetime import datetime, timedelta
from itertools import pairwise

import orjson
import pytest

from skillsync.core import shifts
from skillsync.core.aligned import Aligned
from skillsync.core.history import STORED, Snapshot, diff
from skillsync.core.integrity import evaluate
from skillsync.core.roster import People, Picked
from skillsync.history.records import Lines, document
from skillsync.history.schema import unpack

T0 = datetime(2026, 11, 1, 2, 30).astimezone()
NAMES = ["Ana Lima", "Lima, Ana", "ÅSA ÖBERG", "åsa öberg", "Zoë", "", "李雷", "Ana Lima"]


def _record(rng: random.Random, i: int, key: str) -> dict:
    name = rng.choice(NAMES) + ("" if rng.random() < 0.3 else f" {i}")
    return {"name": name, "team": rng.choice(["A", "a", "Ä", ""]), "role": "", "manager": "",
            "location": "", "expertise": ((rng.choice(["SQL", "sql", "Python"]),
                                           rng.choice([1, 2, None])),),
            "learn": (), "past_projects": (), "current_projects": (), "success_rate": None,
            "availability": "", "email": key, "name_key": name.casefold(), "row": i + 2,
            "sheet": "T", "order": 0, "since": T0.isoformat()}


def _people(records: dict[str, dict]) -> People:
    return People(list(records), {f: [r[f] for r in records.values()] for f in STORED})


def _edited(rng: random.Random, before: dict[str, dict], how: str) -> dict[str, dict]:
    keys = list(before)
    after = {k: dict(r) for k, r in before.items()}
    if how == "reversed":
        rows = [r["row"] for r in after.values()]
        for record, row in zip(after.values(), reversed(rows), strict=True):
            record["row"] = row
        after = dict(reversed(after.items()))
    elif how == "rekeyed":
        for k in rng.sample(keys, len(keys) // 4):
            record = after.pop(k)
            after["new." + k] = {**record, "email": "new." + k}
    elif how == "names moved":
        names = [r["name_key"] for r in after.values()]
        rng.shuffle(names)
        for record, name in zip(after.values(), names, strict=True):
            record["name_key"] = name
    elif how == "tabs":
        for n, record in enumerate(after.values()):
            record["order"], record["sheet"] = n % 3, f"T{n % 3}"
    elif how == "joined and left":
        for k in rng.sample(keys, len(keys) // 5):
            del after[k]
        after |= {f"ж{n}@x": _record(rng, 900 + n, f"ж{n}@x") for n in range(7)}
    for k in rng.sample(list(after), len(after) // 10):
        after[k]["team"] = after[k]["team"].upper() + "x"
    return after


def _aligned_plainly(previous: Snapshot, current: Snapshot, changes) -> tuple:
    """Aligned.of's people as worked out one by one."""
    people, before = People.of(current.people, STORED), People.of(previous.people, STORED)
    was = {c.who.key: c.was for c in changes.changed if c.was is not None}
    names = list(people)
    present = [i for i, k in enumerate(names) if k in before.place or k in was]
    present.sort(key=list(zip(people.fields["order"], people.fields["row"],
                              strict=True)).__getitem__)
    keys = [names[i] for i in present]
    return keys, [was.get(k, k) for k in keys]


HOW = ["same", "reversed", "rekeyed", "names moved", "tabs", "joined and left"]


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("seed", range(4))
def test_aligned_people_are_those_of_the_plain_way(how, seed):
    rng = random.Random(seed)
    records = {f"p{i}@x.example" if i % 7 else f"Ü{i}@x.example": None for i in range(60)}
    before = {k: _record(rng, i, k) for i, k in enumerate(records)}
    previous = Snapshot(T0, _people(before), {})
    current = Snapshot(T0 + timedelta(days=1), _people(_edited(rng, before, how)), {})
    changes = diff(previous, current)
    aligned = Aligned.of(previous, current, changes)
    keys, was_keys = _aligned_plainly(previous, current, changes)
    assert aligned.keys == keys
    for side, wanted, people in ((aligned.after, keys, current.people),
                                 (aligned.before, was_keys, previous.people)):
        assert [r["email"] for r in side] == [people[k]["email"] for k in wanted]
        for name in STORED:
            assert side.column(name) == [people[k][name] for k in wanted]
    places = aligned.before.places()
    plainly_moved = not all(a < b for a, b in pairwise(places))
    assert bool(aligned.moved_whole) == plainly_moved
    found = shifts.rekeyed(aligned, 3)
    assert found == _rekeyed_plainly(aligned, 3)


def _rekeyed_plainly(aligned: Aligned, least: int):
    was, now = aligned.before.column("name_key"), aligned.after.column("name_key")
    named = [i for i, (b, a) in enumerate(zip(was, now, strict=True)) if b and a]
    moved = [i for i in named if was[i] != now[i]]
    if len(moved) < least or (len(moved) < shifts.REKEYED_SHARE * len(named)
                              and not shifts._block_rekeyed(aligned, moved, least)):
        return None
    return shifts.rekeyed(aligned, least)


@pytest.mark.parametrize("order", ["held", "reversed", "repeated", "some", "tuple"])
def test_picked_reads_what_the_plain_look_up_reads(order):
    keys = ["b@x", "a@x", "B@x", "ß@x", "ss@x", "a@x"]  # a key twice: the last one counts
    people = People(keys, {"n": list(range(6)), "s": ["x", "y", "Y", "ß", "ss", "z"]})
    wanted = {"held": list(people), "reversed": list(people)[::-1],
              "repeated": ["a@x", "a@x", "b@x"], "some": ["ß@x"],
              "tuple": tuple(people)}[order]
    picked = Picked(people, wanted)
    for name in ("n", "s"):
        assert picked.column(name) == [people[k][name] for k in wanted]
        assert [picked.value(i, name) for i in range(len(wanted))] == picked.column(name)
    assert list(picked) == [people[k] for k in wanted]


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("seed", range(3))
def test_who_joined_and_left_is_what_the_plain_way_finds(how, seed):
    rng = random.Random(seed)
    before = {f"{c}{i}@x": _record(rng, i, f"{c}{i}@x") for i, c in enumerate("aAäÄß" * 8)}
    after = _edited(rng, before, how)
    changes = diff(Snapshot(T0, _people(before), {}), Snapshot(T0, _people(after), {}))
    rekeyed = {c.was for c in changes.changed if c.was is not None}
    renamed = {c.who.key for c in changes.changed if c.was is not None}
    assert [m.key for m in changes.joined] == sorted(
        (k for k in after if k not in before and k not in renamed),
        key=lambda k: (after[k]["order"], after[k]["row"]))
    assert [m.key for m in changes.left] == sorted(
        (k for k in before if k not in after and k not in rekeyed),
        key=lambda k: (before[k]["order"], before[k]["row"]))


@pytest.mark.parametrize("keys", [["a", "b", "ä"], ["b", "a", "ä"], ["a", "b"],
                                  ["a", "b", "ä", "x"], ["a", "a", "b"], ["A", "b", "ä"], []])
def test_people_sharing_an_index_find_what_they_would_alone(keys):
    last_run = People(["a", "b", "ä"], {"n": [1, 2, 3]})
    values = {"n": list(range(len(keys)))}
    shared, alone = People(keys, values, last_run), People(keys, values)
    assert shared.place == alone.place and list(shared) == list(alone)
    assert dict(shared.items()) == dict(alone.items())
    assert (shared.place is last_run.place) == (keys == ["a", "b", "ä"])


def _forged(people: People, how: str) -> bytes:
    """`people` stored as a run, then forged: a key twice, or keys in reverse."""
    lines = document(people).split(b"\n")
    keys = list(people)
    if how == "a key twice" and len(keys) > 2:
        keys[2] = keys[0]
    elif how == "keys reversed":
        keys.reverse()
    lines[1] = orjson.dumps(keys)
    return zlib.compress(b"\n".join(lines))


@pytest.mark.parametrize("forgery", ["none", "a key twice", "keys reversed"])
@pytest.mark.parametrize("how", HOW)
def test_a_stored_run_read_beside_this_run_guards_as_one_read_alone(forgery, how):
    rng = random.Random(len(how) + len(forgery))
    before = {f"{c}{i}@x": _record(rng, i, f"{c}{i}@x") for i, c in enumerate("aÅ李ß" * 10)}
    current = Snapshot(T0 + timedelta(days=1), _people(_edited(rng, before, how)), {})
    blob = _forged(_people(before), forgery)
    fields = {n: v for n, v in current.people.fields.items() if n != "since"}
    beside = Snapshot(T0, unpack(blob, Lines(list(current.people), fields)), {})
    alone = Snapshot(T0, unpack(blob), {})
    assert list(beside.people) == list(alone.people)
    assert beside.people.fields == alone.people.fields
    changes = diff(beside, current)
    assert changes.as_dict() == diff(alone, current).as_dict()
    assert evaluate(beside, current, changes=changes) == evaluate(alone, current)
    keys, _ = _aligned_plainly(beside, current, changes)
    assert Aligned.of(beside, current, changes).keys == keys
