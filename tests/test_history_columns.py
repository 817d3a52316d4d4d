"""Snapshots held column by column: the lists agree with the records, and comparing them
field by field in bulk finds exactly what comparing each person's record finds."""

from __future__ import annotations

import random
from datetime import datetime

import orjson

from skillsync.core.history import KEPT, Snapshot, changed_fields, diff
from skillsync.core.snapshots import STORED, People, changed_since, places
from skillsync.history import records

T0 = datetime(2026, 11, 1, 2, 30)
SKILLS = ["Python", "SQL", "Spark", "NLP", "Go"]


def person(i: int) -> dict:
    return {"name": f"Person {i}", "team": ["Ads", "Risk"][i % 2], "role": "Analyst",
            "manager": "", "location": "Pune",
            "expertise": tuple((SKILLS[(i + k) % 5], 1 + (i + k) % 5) for k in range(2)),
            "learn": ("Go",), "past_projects": (), "current_projects": (f"P{i % 3}",),
            "success_rate": None if i % 4 else 0.5, "availability": "",
            "email": f"p{i}@x", "name_key": f"person {i}", "row": 4 + i, "sheet": "People",
            "order": 0, "since": T0.isoformat()}


def edited(people: dict[str, dict], seed: int) -> dict[str, dict]:
    """People after a night of edits: some gone, some new, some fields changed (a few
    only in case or order, which is no change), some under a new e-mail, rows moved."""
    rng = random.Random(seed)
    out = {k: dict(r) for k, r in people.items() if rng.random() > 0.05}
    for key in rng.sample(list(out), len(out) // 4):
        r = out[key]
        match rng.randrange(5):
            case 0:
                r["team"] = r["team"].upper()  # only the case: no change
            case 1:
                r["expertise"] = tuple(reversed(r["expertise"]))  # only the order
            case 2:
                r["expertise"] = (*r["expertise"], ("Rust", 2))
            case 3:
                r["team"] = "Platform"
            case _:
                r["success_rate"] = 0.75
    for key in rng.sample(list(out), 3):
        out[f"new-{key}"] = {**out.pop(key), "email": f"new-{key}"}
    for i in range(1000, 1005):
        out[f"p{i}@x"] = person(i)
    keys = list(out)
    rng.shuffle(keys)
    return {k: {**out[k], "row": 4 + n} for n, k in enumerate(keys)}


def test_a_document_with_a_key_twice_keeps_the_last_and_its_lists_agree():
    people = {"a@x": person(1), "b@x": person(2)}
    lines = records.document(people).split(b"\n")
    lines[1] = orjson.dumps(["a@x", "b@x", "a@x"])
    for n in range(2, len(lines)):
        values = orjson.loads(lines[n])
        lines[n] = orjson.dumps([*values, values[1]])
    read = records.read_document(b"\n".join(lines))
    assert list(read) == ["a@x", "b@x"] and read["a@x"]["name"] == "Person 2"
    assert {name: [r[name] for r in read.values()] for name in STORED} == read.fields


def test_people_built_from_records_or_lists_are_the_same_and_store_the_same():
    plain = {f"p{i}@x": person(i) for i in range(50)}
    built = People.of(plain, STORED)
    assert built == plain and list(built) == list(plain)
    assert records.document(built) == records.document(plain)
    assert records.read_document(records.document(plain)) == plain


def test_fields_compared_in_bulk_are_those_each_record_compared_finds():
    before = {f"p{i}@x": person(i) for i in range(300)}
    for seed in range(5):
        after = edited(before, seed)
        then, now = People.of(before, STORED), People.of(after, STORED)
        found = changed_since(then, places(then, now), now.fields)
        expected = {i: changed_fields(before[k], after[k]) for i, k in enumerate(after)
                    if k in before}
        assert found == {i: f for i, f in expected.items() if f}
        plain = diff(Snapshot(T0, before, {}), Snapshot(T0, after, {}))
        columns = diff(Snapshot(T0, then, {}), Snapshot(T0, now, {}))
        assert plain == columns and plain.changed
        assert {c.who.key for c in plain.changed if c.email} == {
            k for k in after if k.startswith("new-")}
        assert all(set(c.fields) <= {"email", *KEPT} for c in plain.changed)
