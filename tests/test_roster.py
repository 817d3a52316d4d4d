"""A snapshot's people held as field lists: records built on demand read as stored ones."""

from __future__ import annotations

import threading
import time
import zlib

import pytest

from skillsync import deflate
from skillsync.core.roster import People, Picked
from skillsync.core.snapshots import STORED
from skillsync.history import records, schema
from skillsync.history.schema import HistoryUnusable


def person(i: int, **changes) -> dict:
    record = {name: "" for name in STORED}
    record.update(name=f"Person {i}", email=f"p{i}@x", name_key=f"person {i}", row=4 + i,
                  order=i % 2, expertise=(("Python", i % 5 + 1),), learn=("Rust",),
                  past_projects=(), current_projects=("Atlas",), success_rate=None,
                  since="2026-11-01T00:00:00")
    record.update(changes)
    return record


def test_people_read_like_the_records_they_were_built_from():
    plain = {f"p{i}@x": person(i) for i in range(40)}
    people = People.of(plain, STORED)
    assert people == plain and list(people) == list(plain) and len(people) == 40
    assert people["p7@x"] == plain["p7@x"] and people.get("nobody") is None
    assert "p3@x" in people and "P3@x" not in people and 3 not in people
    assert dict(people.items()) == plain and list(people.values()) == list(plain.values())


def test_a_record_handed_out_is_a_copy():
    people = People.of({"a@x": person(1)}, STORED)
    people["a@x"]["name"] = "Changed"
    assert people["a@x"]["name"] == "Person 1" and people.fields["name"] == ["Person 1"]


def test_a_key_twice_keeps_its_first_place_and_its_last_values():
    fields = {"name": ["A", "B", "A again"], "row": [1, 2, 3]}
    people = People(["a", "b", "a"], fields)
    assert list(people) == ["a", "b"]
    assert people["a"] == {"name": "A again", "row": 3}
    assert people.fields == {"name": ["A again", "B"], "row": [3, 2]}
    assert people.place == {"a": 0, "b": 1}


def test_fields_of_another_length_than_the_keys_are_refused():
    with pytest.raises(ValueError):
        People(["a", "b"], {"name": ["A"]})


def test_picked_records_follow_the_keys_given():
    plain = {f"p{i}@x": person(i) for i in range(10)}
    people = People.of(plain, STORED)
    keys = ["p5@x", "p0@x", "p9@x"]
    picked = Picked(people, keys)
    assert list(picked) == [plain[k] for k in keys] and len(picked) == 3
    assert picked[1:] == [plain["p0@x"], plain["p9@x"]] and picked[-1] == plain["p9@x"]
    assert picked.column("row") == [plain[k]["row"] for k in keys]
    assert picked.places() == [(plain[k]["order"], plain[k]["row"]) for k in keys]


@pytest.mark.parametrize("size", [0, 1, 1000])
def test_a_document_packed_line_by_line_unpacks_to_the_same_people(size):
    plain = {f"p{i}@x": person(i, name=f"Ünïcode \u202e{i}\n") for i in range(size)}
    packed = schema.pack(plain)
    assert schema.unpack(packed) == plain
    assert list(schema.unpack(packed)) == list(plain)
    assert records.read_document(records.document(plain)) == plain



@pytest.mark.parametrize(("piece", "step"), [(1, 1), (5, 7), (64, 3), (1 << 20, 8 << 20)])
def test_a_document_unpacked_in_small_steps_is_the_same(monkeypatch, piece, step):
    """Lines cut across the inflater's pieces come out whole; none is held twice."""
    plain = {f"p{i}@x": person(i, name=f"N{i}") for i in range(40)}
    packed = schema.pack(plain)
    monkeypatch.setattr(schema, "_INPUT_PIECE", piece)
    monkeypatch.setattr(schema, "_OUTPUT_STEP", step)
    assert list(schema._unpacked_lines(packed)) == records.document(plain).split(b"\n")
    assert schema.unpack(packed) == plain


@pytest.mark.parametrize("change", ["a line more", "a line less"])
def test_a_document_whose_lines_do_not_match_its_fields_is_refused(change):
    lines = records.document({"p1@x": person(1)}).split(b"\n")
    lines = [*lines, lines[-1]] if change == "a line more" else lines[:-1]
    with pytest.raises(ValueError, match="do not match its fields"):
        records.read_document(b"\n".join(lines))
    with pytest.raises(HistoryUnusable, match="damaged"):
        schema.unpack(zlib.compress(b"\n".join(lines)))

def _lines_and_fields(plain: dict) -> tuple[records.Lines, dict]:
    people = People.of(plain, STORED)
    fields = {name: values for name, values in people.fields.items() if name != "since"}
    return records.Lines(list(people), fields), fields


def _edited(plain: dict) -> dict:
    edited = {k: dict(v) for k, v in plain.items()}
    edited["p3@x"]["team"] = "Moved"
    edited["p4@x"]["expertise"] = (("Rust", 2), ("Python", None))
    del edited["p5@x"]
    edited["new@x"] = person(99)
    return edited


@pytest.mark.parametrize("change", ["none", "edits", "reordered", "emptied"])
def test_a_stored_document_read_beside_this_run_is_the_document_read_alone(change):
    stored = {f"p{i}@x": person(i) for i in range(30)}
    now = {"none": stored, "edits": _edited(stored), "emptied": {},
           "reordered": dict(reversed(list(stored.items())))}[change]
    lines, fields = _lines_and_fields(now)
    data = records.document(stored)
    alone, beside = records.read_document(data), records.read_document(data, lines)
    assert beside == alone and list(beside) == list(alone) and beside.fields == alone.fields
    if change == "none":  # unchanged lines are this run's values, not decoded again
        assert all(beside.fields[n] is fields[n] for n in fields)
        assert beside.fields["since"] is not None


def test_a_damaged_stored_line_is_checked_even_beside_this_run():
    stored = {f"p{i}@x": person(i) for i in range(5)}
    lines, _ = _lines_and_fields(stored)
    parts = records.document(stored).split(b"\n")
    team = 2 + list(STORED).index("team")
    parts[team] = b'["A", 7, null, "D", {"x": 1}]'
    read = records.read_document(b"\n".join(parts), lines)
    assert read.fields["team"] == ["A", "", "", "D", ""]
    assert read.fields["name"] == [f"Person {i}" for i in range(5)]


@pytest.mark.parametrize("lines", [[], [b""], [b"{}"], [b"x" * 300_000, b"", b"\xc3\xa9" * 9]])
def test_packing_in_its_thread_gives_the_one_stream_packed_in_order(lines):
    packing = records.Packing()
    for line in lines:
        packing.add(line)
    plain = deflate.compressobj(1)  # the lines given to zlib one by one, as they came
    pieces = [plain.compress(piece) for i, line in enumerate(lines)
              for piece in ([b"\n"] if i else []) + [line]]
    expected = b"".join([*pieces, plain.flush()])
    assert packing.done() == expected  # the same bytes, not only the same document
    assert deflate.decompressobj().decompress(expected) == b"\n".join(lines)


def test_a_packing_dropped_unfinished_ends_its_thread():
    before = {t.name for t in threading.enumerate()}
    packing = records.Packing()
    packing.add(b"a line")
    del packing
    for _ in range(200):  # the thread ends as soon as it sees its packing gone
        alive = {t.name for t in threading.enumerate()} - before
        if not any(name.startswith("skillsync-packing") for name in alive):
            break
        time.sleep(0.01)
    assert not any(name.startswith("skillsync-packing") for name in alive)
