"""The history's column-at-once paths give what the plain per-person way gives: the stored
fields of a sheet, the rows stale by history, and a run's document packed from the lines
dumped when it was compared with the last run's."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta, timezone
from operator import itemgetter

import numpy as np
import orjson
import pandas as pd
import pytest

from skillsync.core.model import Layout
from skillsync.core.roster import People
from skillsync.core.snapshots import KEPT, LISTS, STORED, Snapshot, draft
from skillsync.core.staleness import stale_message, stale_rows
from skillsync.history import records, schema

LAYOUT = Layout("People", 1, {}, {}, sheets=("People", "Contractors"))
TEXTS = ("Ana Lima", "ana lima", "ÅNGSTRÖM", "名前", "", " spaced ", "x" * 5000, "Ana\u0301")


def hostile_sheet(n: int, seed: int, *, plain_text: bool = True) -> pd.DataFrame:
    """People as a sheet's analysis holds them: namesakes, case-only differences,
    unicode, empty values; numbers that round oddly; and, unless `plain_text`, cells
    that are not text (None, numbers, a str subclass)."""
    rng = random.Random(seed)
    odd = [None, 7, 3.5, np.str_("numpy text"), True] if not plain_text else []

    def text(i: int) -> object:
        return rng.choice([*TEXTS, *odd, f"Person {i}", f"PERSON {i}"])

    skills = [(rng.choice((*TEXTS, "Python", "python")), rng.choice([None, 1, 2, 5, 3.0]),
               rng.choice(["", "x", "3/5"])) for _ in range(40)]
    rates = [math.nan, -0.0, 0.0, 1.0, 1 / 3, 0.1234565, 0.1234575, 2.5e-7, 1e-300, math.inf]
    frame = {
        "key": [f"p{i}@x" if i % 5 else f"P{i}@X" for i in range(n)],
        "email": [f"p{i}@x" for i in range(n)],
        "name_key": [rng.choice(TEXTS) for _ in range(n)],
        "rows": [(4 + i, 9 + i) for i in range(n)],
        "sheet": [rng.choice(["People", "Contractors", "Elsewhere"]) for _ in range(n)],
        "success_rate": pd.Series([rng.choice(rates) for _ in range(n)], dtype="float64"),
        "expertise": [tuple(rng.sample(skills, rng.randint(0, 6))) for _ in range(n)],
    }
    for name in LISTS[1:]:
        frame[name] = [tuple(rng.sample(TEXTS, rng.randint(0, 3))) for _ in range(n)]
    for name in KEPT:
        frame.setdefault(name, [text(i) for i in range(n)])
    return pd.DataFrame(frame)


def plain_fields(people: pd.DataFrame, layout: Layout) -> dict:
    """Each person's stored fields worked out one value at a time."""
    def plain(name, value):
        if name == "expertise":
            return tuple((s, None if level is None else int(level)) for s, level, _ in value)
        if name in LISTS:
            return tuple(value)
        if name == "success_rate":
            return None if value is None or math.isnan(value) else round(float(value), 6)
        return "" if value is None else str(value)

    sheets = {name: i for i, name in enumerate(layout.sheets or (layout.sheet,))}
    fields = {name: [plain(name, v) for v in people[name].tolist()] for name in KEPT}
    fields.update(email=[str(v) for v in people["email"]],
                  name_key=[str(v) for v in people["name_key"]],
                  row=[int(r[0]) for r in people["rows"]], sheet=list(people["sheet"]),
                  order=[sheets.get(s, 0) for s in people["sheet"]])
    return fields


@pytest.mark.parametrize("plain_text", [True, False], ids=["text", "mixed-cells"])
@pytest.mark.parametrize("n", [0, 1, 257])
def test_stored_fields_are_the_values_worked_out_one_by_one(n, plain_text):
    people = hostile_sheet(n, n, plain_text=plain_text)
    keys, fields = draft(people, LAYOUT)
    assert keys == [str(k) for k in people["key"]]
    expected = plain_fields(people, LAYOUT)
    assert fields.keys() == expected.keys()
    for name, values in expected.items():
        # Dumped as stored: -0.0 and 0.0, or 1 and 1.0, are told apart as well.
        assert orjson.dumps(fields[name]) == orjson.dumps(values), name
        assert fields[name] == values, name


def test_rates_not_held_as_numbers_are_rounded_the_plain_way():
    people = hostile_sheet(30, 3)
    people["success_rate"] = pd.Series([None, 0.5, -0.0, math.nan, 1 / 7] * 6, dtype=object)
    assert draft(people, LAYOUT)[1]["success_rate"] == plain_fields(
        people, LAYOUT)["success_rate"]


def plain_stale(people: pd.DataFrame, current: Snapshot, layout: Layout, today: date,
                stale_days: int) -> list:
    """The rows stale by history, one person at a time."""
    stored = People.of(current.people, STORED)
    found = []
    for key, updated in zip(people["key"].tolist(), people["last_updated"].tolist(),
                            strict=True):
        i = stored.place.get(str(key))
        if updated is not None or i is None:
            continue
        since = datetime.fromisoformat(stored.fields["since"][i]).date()
        if (today - since).days > stale_days:
            record = stored.at(i)
            found.append((record["row"], str(key), stale_message(since, stale_days),
                          record["sheet"] if record["sheet"] != layout.sheet else None))
    return found


def stored_people(keys: list[str], seed: int) -> People:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    moments = [(start + timedelta(days=rng.randint(0, 330), hours=rng.choice([0, 1, 3])))
               .astimezone(timezone(timedelta(hours=rng.choice([-11, 0, 5, 14]))))
               .isoformat(timespec="seconds") for _ in range(40)]
    fields = {name: [""] * len(keys) for name in STORED}
    fields.update(row=[rng.randint(2, 10**6) for _ in keys],
                  sheet=[rng.choice(["People", "Contractors", "名前"]) for _ in keys],
                  since=[rng.choice(moments) for _ in keys])
    return People(keys, fields)


@pytest.mark.parametrize("order", ["same", "shuffled"])
@pytest.mark.parametrize("seed", range(4))
def test_rows_stale_by_history_are_those_found_one_by_one(seed, order):
    rng = random.Random(seed)
    keys = [f"p{i}@x" for i in range(300)] + ["ÅSA@X", "åsa@x", "名前@例え", ""]
    stored = stored_people(keys, seed)
    sheet_keys = list(keys)
    if order == "shuffled":  # people joined, left, moved; one row twice
        sheet_keys = [*rng.sample(keys, 250), "new@x", "P1@X", keys[7]]
    dated = [rng.choice([None, None, date(2026, 5, 1)]) for _ in sheet_keys]
    people = pd.DataFrame({"key": sheet_keys, "last_updated": dated})
    current = Snapshot(datetime(2026, 12, 1).astimezone(), stored, {})
    for today, days in [(date(2026, 12, 1), 90), (date(2026, 12, 1), 0),
                        (date(2027, 6, 1), 200), (date(2026, 1, 1), 30)]:
        found = [(i.row, i.email, i.message, i.sheet)
                 for i in stale_rows(people, current, LAYOUT, today, days)]
        assert found == plain_stale(people, current, LAYOUT, today, days)


def test_no_stored_run_has_no_stale_rows():
    people = pd.DataFrame({"key": ["a@x"], "last_updated": [None]})
    current = Snapshot(datetime(2026, 12, 1).astimezone(), stored_people([], 1), {})
    assert stale_rows(people, current, LAYOUT, date(2030, 1, 1), 1) == []


# --- a run's document packed from the lines dumped for the comparison ---------------------

def a_run(n: int, seed: int) -> tuple[list[str], dict]:
    keys, fields = draft(hostile_sheet(n, seed), LAYOUT)
    return keys, fields


def with_since(keys: list[str], fields: dict, stamp: str = "2026-12-01T02:30:00+01:00"
               ) -> People:
    return People(keys, {**fields, "since": [stamp] * len(keys)})


def document_with(people: People, names: list[str]) -> bytes:
    """A stored document holding only `names`' lines, in that order (an older one)."""
    lines = [orjson.dumps({"fields": names, "people": len(people)}),
             orjson.dumps(list(people))]
    return b"\n".join(lines + [orjson.dumps(people.fields[name]) for name in names])


def packed_beside(stored: bytes | None, keys: list[str], fields: dict,
                  current: People | None = None) -> tuple[bytes, People | None]:
    """This run packed as a sync packs it, after reading `stored` beside it."""
    lines = records.Lines(keys, fields, packing=True)
    before = records.read_document(stored, lines) if stored is not None else None
    current = current if current is not None else with_since(keys, fields)
    return schema.pack(current, lines), before


@pytest.mark.parametrize("n", [0, 1, 120])
def test_a_run_packed_from_its_compared_lines_is_the_run_packed_anew(n):
    keys, fields = a_run(n, 5)
    current = with_since(keys, fields)
    other_keys, other_fields = a_run(n + 3, 6)
    other = with_since(other_keys, other_fields, "2026-01-01T00:00:00")
    reordered = list(reversed(STORED))
    stored_docs = {
        "first run": None,
        "same people": records.document(current),
        "other people": records.document(other),
        "older document": document_with(current, ["name", "since", "team"]),
        "fields in another order": document_with(current, reordered),
        "keys only": document_with(current, []),
    }
    for label, stored in stored_docs.items():
        packed, before = packed_beside(stored, keys, fields, current)
        assert packed == schema.pack(current), label
        if stored is not None:  # and the stored run reads as beside lines not packing
            assert before == records.read_document(stored, records.Lines(keys, fields))


def test_people_not_the_compared_ones_are_packed_anew():
    keys, fields = a_run(60, 7)
    doubled = [*keys[:59], keys[0]]  # a key twice: People keep one, fields copied
    stored = records.document(with_since(keys, fields))
    for current in [People(doubled, {**fields, "since": ["2026-01-01T00:00:00"] * 60}),
                    with_since(keys, {**fields, "team": list(fields["team"])}),
                    with_since(keys[::-1], {n: v[::-1] for n, v in fields.items()}),
                    People(keys, {**fields, "since": [""] * 60, "extra": [1] * 60})]:
        packed, _ = packed_beside(stored, keys, fields, current)
        assert packed == schema.pack(current)


def test_lines_asked_twice_or_out_of_order_still_pack_the_document_in_order():
    keys, fields = a_run(40, 8)
    lines = records.Lines(keys, fields, packing=True)
    current = with_since(keys, fields)
    for name in ["team", "name", "team", records.KEYS, "order", "nothing"]:
        line = orjson.dumps(fields.get(name, keys if name == records.KEYS else None))
        assert (lines.same(name, line) is not None) == (name != "nothing")
    assert schema.pack(current, lines) == schema.pack(current)
    assert lines.packed(current) is None  # packed once; a second time it is packed anew


def test_lines_not_packing_pack_nothing():
    keys, fields = a_run(10, 9)
    lines = records.Lines(keys, fields)
    assert lines.same("name", orjson.dumps(fields["name"])) == fields["name"]
    current = with_since(keys, fields)
    assert lines.packed(current) is None
    assert schema.pack(current, lines) == schema.pack(current)


def test_a_line_of_another_length_is_not_taken_for_this_runs():
    keys, fields = a_run(10, 10)
    lines = records.Lines(keys, fields, packing=True)
    line = orjson.dumps(fields["team"])
    assert lines.same("team", line, 11) is None and lines.same("team", line, 10) is not None
    assert sorted(map(itemgetter(0), fields.items())) == sorted(set(STORED) - {"since"})


# --- the people of two runs side by side, in sheet order -------------------------------------

@pytest.mark.parametrize("shape", ["one tab by row", "rows tied", "rows out of order",
                                   "tabs", "nobody"])
def test_people_side_by_side_are_in_sheet_order_as_sorted_plainly(shape):
    from skillsync.core.aligned import Aligned
    from skillsync.core.history import Changes

    rng = random.Random(shape)
    n = 0 if shape == "nobody" else 200
    keys = [f"p{i}@x" for i in range(n)]
    rows = {"one tab by row": list(range(2, n + 2)),
            "rows tied": sorted(rng.randint(2, 40) for _ in range(n)),
            "rows out of order": [rng.randint(2, 10**6) for _ in range(n)],
            "tabs": list(range(2, n + 2)), "nobody": []}[shape]
    tabs = [rng.randint(0, 2) if shape == "tabs" else 0 for _ in range(n)]
    fields = {name: [""] * n for name in STORED}
    fields.update(row=rows, order=tabs)
    before = People(keys, {**fields, "row": list(range(n))})
    now = Snapshot(datetime(2026, 12, 1).astimezone(), People(keys, fields), {})
    then = Snapshot(datetime(2026, 11, 1).astimezone(), before, {})
    aligned = Aligned.of(then, now, Changes(None, None))
    plainly = sorted(range(n), key=lambda i: (tabs[i], rows[i]))
    assert aligned.keys == [keys[i] for i in plainly]
    assert aligned.tabs == [tabs[i] for i in plainly]


@pytest.mark.parametrize("n", [0, 1, 37, 400])
def test_a_first_run_dates_every_row_now_as_the_comparison_would(n):
    """With no last run every row is new: `since` gives everyone this run's time, which
    is what placing everyone among nobody and comparing their fields gives."""
    from skillsync.core.snapshots import changed_since, places, since

    keys, fields = a_run(n, seed=n)
    before = People.of({}, STORED)
    stamp = "2026-12-01T02:30:00+01:00"
    at = places(before, keys)
    compared = [stamp] * len(keys)
    for i in changed_since(before, at, fields):
        compared[i] = stamp
    assert since(before, keys, fields, stamp) == compared == [stamp] * len(keys)
