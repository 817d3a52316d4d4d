"""A table's field columns taken from its cells laid end to end, against picking each
row's cell field by field: rows of one width or ragged, tuples or lists, fields sharing
a column, out of order or past the rows' end, wide rows of few fields, every kind of cell."""

from __future__ import annotations

import random
from datetime import date

import pytest

from skillsync.core.layouts import readers
from skillsync.core.model import CellError

CELLS = ["Ana", "", "  ", "a@x.com", "Zoë", "刘玉", None, 0, 1.5, float("nan"), True,
         date(2024, 1, 2), CellError("#REF!"), ("tuple",), "x" * 300]


def plain_cells(rows, fields):
    return {name: [row[column] if column < len(row) else None for row in rows]
            for name, column in fields.items()}


def random_rows(rng: random.Random, count: int, width: int, ragged: bool) -> list:
    rows = []
    for _ in range(count):
        size = rng.randint(max(0, width - 2), width) if ragged else width
        row = [rng.choice(CELLS) for _ in range(size)]
        rows.append(tuple(row) if rng.random() < 0.1 else row)
    return rows


def random_fields(rng: random.Random, width: int) -> dict[str, int]:
    names = ["name", "email", "team", "role", "skills", "learn", "far"]
    return {name: rng.randint(0, width + 1) for name in rng.sample(names, rng.randint(0, 7))}


@pytest.mark.parametrize("ragged", [False, True])
@pytest.mark.parametrize("seed", range(40))
def test_field_columns_as_the_plain_way(seed, ragged):
    rng = random.Random(seed)
    width = rng.randint(1, 12)
    rows = random_rows(rng, rng.randint(0, 60), width, ragged)
    fields = random_fields(rng, width)
    found = readers._field_columns(rows, fields)
    assert found == plain_cells(rows, fields)
    assert list(found) == list(fields)
    assert all(type(cells) is list for cells in found.values())
    for name, cells in found.items():  # the cells themselves, not copies
        for row, cell in zip(rows, cells, strict=True):
            if fields[name] < len(row):
                assert cell is row[fields[name]]


@pytest.mark.parametrize("fields", [{"name": 0, "email": 1}, {"email": 1, "name": 0},
                                    {"team": 2, "name": 0, "email": 2},
                                    {"name": 0, "skills": 39, "email": 1}])
def test_wide_and_narrow_tables(fields):
    for width in (2, 3, 4, 40):
        rows = [[f"r{r}c{c}" for c in range(width)] for r in range(50)]
        assert readers._field_columns(rows, fields) == plain_cells(rows, fields)


def test_one_row_shared_by_many():
    row = ["Ana", "a@x.com", "Search"]
    rows = [row] * 1000
    assert readers._field_columns(rows, {"name": 0, "email": 1, "team": 2}) == {
        "name": ["Ana"] * 1000, "email": ["a@x.com"] * 1000, "team": ["Search"] * 1000}
