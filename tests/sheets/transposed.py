"""Skills as rows, people as columns, as small teams keep them."""

from __future__ import annotations

import random
from pathlib import Path

from sheets.grid import Tab, write_xlsxwriter
from sheets.people import people
from sheets.truth import HAS_IT, Level, Sheet, Truth, fold
from sheets.wide import COLUMNS

SKILLS = [(typed, skill) for _, typed, skill in COLUMNS[:10]]


def build_transposed(folder: Path) -> Sheet:
    """Names across the top, then an 'E-mail' and a 'Team' row, then a row per skill."""
    crew = people(8, seed=81)
    truth = Truth("transposed")
    rng = random.Random(81)
    tab = Tab("Team skills")
    tab.row(0, ["Skill", *(s.name for s in crew)])
    tab.row(1, ["E-mail", *(s.email for s in crew)])
    tab.row(2, ["Team", *(s.team for s in crew)])
    for someone in crew:
        truth.person(someone.email, someone.name, someone.team)
    for r, (typed, skill) in enumerate(SKILLS, start=3):
        tab.put(r, 0, typed)
        for c, someone in enumerate(crew, start=1):
            if rng.random() < 0.5 or (r - 3) % len(crew) == c - 1:
                level = rng.randint(1, 5)
                tab.put(r, c, level)
                truth.holds(someone.email, skill, Level.exact(level), tab.name, r + 1)
    return Sheet(write_xlsxwriter(folder / "transposed.xlsx", [tab]), truth)


def build_transposed_without_email(folder: Path) -> Sheet:
    """No e-mail row: names across the top (A1 left empty), a 'Team' row, marks below."""
    crew = people(9, seed=82)
    truth = Truth("transposed", keyed_by="name")
    rng = random.Random(82)
    tab = Tab("Matrix")
    tab.row(0, [None, *(s.name for s in crew)])
    tab.row(1, ["Team", *(s.team for s in crew)])
    for someone in crew:
        truth.person(fold(someone.name), someone.name, someone.team)
    for r, (typed, skill) in enumerate(SKILLS, start=2):
        tab.put(r, 0, typed)
        for c, someone in enumerate(crew, start=1):
            if rng.random() < 0.45 or (r - 2) % len(crew) == c - 1:
                tab.put(r, c, rng.choice(("x", "x", "X")))
                truth.holds(fold(someone.name), skill, HAS_IT, tab.name, r + 1)
    return Sheet(write_xlsxwriter(folder / "transposed_no_email.xlsx", [tab]), truth)
