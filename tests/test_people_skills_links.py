"""The People × Skills tab's links, with a tab's column letter asked for once, are the links
asked for cell by cell: tabs with their own columns, a name column or only an e-mail one
or neither, columns past Z, people across (transposed), unicode tab names, repeats."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from skillsync.core import peopleskills
from skillsync.core.model import Layout, Place
from skillsync.core.tabs import Link


def plain_links(rows: np.ndarray, sheets: np.ndarray, layout: Layout):
    """One Link per distinct (row, tab), in the order first met, each cell asked for."""
    found: dict[tuple[int, str], int] = {}
    links, codes = [], []
    for row, sheet in zip(rows.tolist(), sheets.tolist(), strict=True):
        if (row, sheet) not in found:
            found[(row, sheet)] = len(links)
            links.append(Link(layout.where(row), sheet, layout.cell("name", row, sheet)
                              or layout.cell("email", row, sheet) or f"A{row}"))
        codes.append(found[(row, sheet)])
    return codes, links


LAYOUTS = [
    Layout("People", 1, {"name": 0, "email": 1}, {}),
    Layout("People", 3, {"email": 2}, {}, first_col=28),
    Layout("People", 1, {"team": 0}, {}),
    Layout("People", 1, {"name": 4}, {}, transposed=True),
    Layout("People", 2, {"name": 1, "email": 0}, {}, places={
        "People": Place({"name": 1, "email": 0}), "Équipe 2": Place({"email": 3}, 700),
        "Old": Place({"team": 0})}),
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", range(8))
def test_links_are_those_asked_for_cell_by_cell(layout, seed):
    rng = random.Random(seed)
    size = rng.choice((0, 1, 5, 300))
    rows = np.array([rng.choice((1, 2, 3, 17, 1_048_576, rng.randint(1, 5000)))
                     for _ in range(size)], dtype=np.int64)
    sheets = np.array([rng.choice(("People", "People", "Équipe 2", "Old"))
                       for _ in range(size)], dtype=object)
    codes, links = peopleskills._links(rows, sheets, layout)
    plain_codes, plain = plain_links(rows, sheets, layout)
    assert codes.tolist() == plain_codes
    assert links == plain
    assert [pd.isna(c) for c in codes.tolist()] == [False] * size


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("sheet", ["People", "Équipe 2", "Old"])
@pytest.mark.parametrize("seed", range(4))
def test_the_links_of_one_tab_are_those_asked_for_cell_by_cell(layout, sheet, seed):
    """The usual sheet has one tab: its links are taken in order, without placing each."""
    rng = random.Random(seed)
    rows = np.array([rng.choice((1, 2, 17, 1_048_576, rng.randint(1, 5000)))
                     for _ in range(rng.choice((1, 2, 400)))], dtype=np.int64)
    sheets = np.array([sheet] * len(rows), dtype=object)
    codes, links = peopleskills._links(rows, sheets, layout)
    plain_codes, plain = plain_links(rows, sheets, layout)
    assert codes.tolist() == plain_codes and codes.dtype == np.int32
    assert links == plain and isinstance(links, list)
