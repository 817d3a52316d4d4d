"""The checksum's bytes are fixed by stored history: rows spelled many at once must hash
exactly as the row-by-row spelling (repr of each row's values, after repr of the blank
rows before it) on hostile rows: quotes, backslashes, control and unprintable
characters, unicode, blank runs across the chunks the rows are hashed in, numbers and
dates, rows that are tuples and texts that are a subclass of str."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from skillsync.core import checksum as checksum_module

AT_ONCE = checksum_module.HASHED_AT_ONCE


def plain_digest(rows) -> str:
    """The row-by-row spelling the stored checksums were taken with."""
    digest = hashlib.sha256()
    blank_rows = 0
    for row in rows:
        values = [v if v.__class__ is str else checksum_module._canonical(v) for v in row]
        while values and values[-1] == "":
            values.pop()
        if not values:
            blank_rows += 1
            continue
        digest.update(repr(([], ) * blank_rows).encode() + repr(values).encode())
        blank_rows = 0
    return digest.hexdigest()


def fast_digest(rows) -> str:
    digest = hashlib.sha256()
    checksum_module._hash_rows(digest, rows)
    return digest.hexdigest()


class Text(str):
    def __repr__(self) -> str:
        return f"Text({str(self)!r})"


PLAIN = ["Ana Lima", "ana@x.com", "Python (4), SQL", "sql 4/5\nAirflow", "a\tb", "x\r\ny",
         "", "Search", "  spaced  ", "Zoë Ünal", "刘玉", "emoji 🙂"]
HOSTILE = ["O'Brien", 'say "hi"', "both ' and \"", "back\\slash", "\x00", "\x01", "nul\x00in",
           "\x7f", "\x0b", "bell\x07", "\u200b", "\ud800", "\x85", "\u2028", "']()['", "', '",
           "\n", "\\n", Text("sub"), None, 2.0, 2.5, True, 0, date(2024, 1, 2),
           datetime(2024, 1, 2, 3, 4), float("nan")]


def random_rows(count: int, seed: int, hostile_share: float) -> list:
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        shape = rng.random()
        if shape < 0.05:
            rows.append([])
        elif shape < 0.1:
            rows.append([""] * rng.randint(1, 4))
        else:
            row = [rng.choice(HOSTILE) if rng.random() < hostile_share else rng.choice(PLAIN)
                   for _ in range(rng.randint(1, 6))]
            row += [""] * rng.choice((0, 0, 1, 3))
            rows.append(tuple(row) if rng.random() < 0.02 else row)
    return rows


@pytest.mark.parametrize("hostile_share", [0.0, 0.0005, 0.01, 0.3])
@pytest.mark.parametrize("seed", range(4))
def test_rows_hash_as_row_by_row(seed, hostile_share):
    rows = random_rows(3 * checksum_module.HASHED_AT_ONCE + 17, seed, hostile_share)
    assert fast_digest(rows) == plain_digest(rows)


@pytest.mark.parametrize("value", [v for v in PLAIN + HOSTILE])
def test_each_value_hashes_as_row_by_row(value):
    base = [["Name", "Email"], ["Ana", "a@x.com"]] * 3
    for rows in ([*base, [value]], [*base, ["a", value, "b"]], [[value, ""], *base],
                 [*base, [value] * 3]):
        assert fast_digest(rows) == plain_digest(rows)


@pytest.mark.parametrize("blank_at", [0, 1, AT_ONCE - 1, AT_ONCE, AT_ONCE + 1])
def test_blank_runs_across_chunks(blank_at):
    rows = [["a", "b"] for _ in range(2 * checksum_module.HASHED_AT_ONCE + 3)]
    for at in range(blank_at, blank_at + 5):
        rows[at] = [""] if at % 2 else []
    rows += [[], [""]]  # blank rows at the very end count for nothing
    assert fast_digest(rows) == plain_digest(rows)


def test_rows_of_texts_alone_are_left_as_they_are():
    rows = [["a", "b", ""], ["c", "", ""], ["", "d"]] * 5
    before = [list(row) for row in rows]
    fast_digest(rows)
    assert rows == before


@pytest.mark.parametrize("rows", [[], [[]], [[""]], [["a"]], [["'"]], [["", "a"]]])
def test_tiny_tables(rows):
    assert fast_digest(rows) == plain_digest(rows)


COLUMN_KINDS = [
    ["Ana", "Bo", "Zoë", "刘玉", "", "x y"],  # plain texts, spelled by the quotes around them
    ["O'Brien", "back\\slash", "tab\there", "\x85", Text("sub"), "ok"],  # spelled by repr
    [0.5, 2.0, -0.0, 0.0, float("nan"), float("inf")],
    [1, 0, -3, 2**70, 7, 1],
    [True, False, True, True, False, False],
    [date(2024, 1, 2), date(1899, 12, 30), date(2024, 1, 2), date(1, 1, 1), date(2024, 1, 3),
     date(9999, 12, 31)],
    [datetime(2024, 1, 2, 3, 4), datetime(2024, 1, 2, 3, 4, tzinfo=UTC),
     datetime(2024, 1, 2, 4, 4, tzinfo=timezone(timedelta(hours=1))), None, "", 2.5],
    [None, None, None, None, None, None],
]


@pytest.mark.parametrize("seed", range(12))
def test_rows_of_one_width_hash_as_row_by_row_a_column_at_a_time(seed):
    # Every row as wide as the others: spelled a column at a time, each column of its kind;
    # a column ending the rows with a blank value leaves them to the row-by-row spelling.
    rng = random.Random(seed)
    kinds = [rng.choice(COLUMN_KINDS) for _ in range(rng.randint(1, 6))]
    rows = [[rng.choice(kind) for kind in kinds] for _ in range(AT_ONCE + 40)]
    if seed % 3 == 0:  # a header over them, as a sheet has
        rows.insert(0, [f"column {i}" for i in range(len(kinds))])
    assert fast_digest(rows) == plain_digest(rows)


def test_a_column_of_equal_values_spelled_otherwise_is_spelled_value_by_value():
    # 0.0 and -0.0 are equal and spelled alike (whole numbers: 0); two equal moments in
    # other time zones are not (other serial numbers)
    rows = [[0.0, "a"], [-0.0, "b"], [float("nan"), "c"]] * 3
    assert fast_digest(rows) == plain_digest(rows)
    moments = [[datetime(2024, 1, 2, 3, tzinfo=UTC), "a"],
               [datetime(2024, 1, 2, 4, tzinfo=timezone(timedelta(hours=1))), "b"]]
    assert fast_digest(moments) == plain_digest(moments)


class Incomparable:
    """A value that cannot be compared with "" (as pandas' NA cannot be made a bool)."""

    def __eq__(self, other):
        raise RuntimeError("not comparable")

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return "Incomparable()"


def test_only_a_rows_last_value_is_compared_with_a_blank():
    # as row by row: a value in the middle of a row is spelled, never compared with ""
    rows = [[Incomparable(), "a", 2.5], [Incomparable(), "b", 3.0]] * 3
    assert fast_digest(rows) == plain_digest(rows)
    with pytest.raises(RuntimeError):  # last in its row, it is compared, as before
        fast_digest([["a", Incomparable()]])
