"""Everyone's availability (capacity.py) at once: each distinct pairing of an availability
cell with a number of current projects is read once, not once a person, since a sheet
holds only a few hundred such pairings however many people it lists."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from skillsync.core import capacity
from skillsync.core.capacity import Capacity


@dataclass(frozen=True)
class Availabilities:
    by_person: dict[int, Capacity]  # person (index label) -> availability, in table order
    booked: frozenset[int]  # people fully booked, met in table order


def of_people(people: pd.DataFrame) -> Availabilities:
    """Every person's `capacity.capacity(availability, current_projects)`."""
    labels = people.index.to_numpy()
    said = people["availability"].tolist()
    working_on = people["current_projects"].tolist()
    projects = np.fromiter(map(len, working_on), dtype=np.int64, count=len(working_on))
    cell, cells = pd.factorize(np.fromiter(said, dtype=object, count=len(said)))
    # Only texts are read here: pandas would take 1, 1.0 and TRUE for one value, which
    # capacity.py reads apart, and a blank (missing) cell has no code. A label met twice
    # is left to the plain way too: its last row counts in the dict, but not in `booked`.
    texts_only = not (cell < 0).any() and all(type(v) is str for v in cells.tolist())
    if not (texts_only and people.index.is_unique):
        return _one_by_one(labels.tolist(), said, working_on)
    pairing, firsts = _first_of_each(cell * (int(projects.max(initial=0)) + 1) + projects)
    read = [capacity.capacity(said[row], working_on[row]) for row in firsts.tolist()]
    shared = np.empty(len(read), dtype=object)
    shared[:] = read
    booked = np.array([c.booked for c in read], dtype=bool)[pairing]
    return Availabilities(dict(zip(labels.tolist(), shared[pairing].tolist(), strict=True)),
                          frozenset(labels[booked].tolist()))


def _first_of_each(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each key's code (in the order keys are first met) and the row first holding each."""
    code, _ = pd.factorize(keys)
    return code, np.flatnonzero(~pd.Series(code).duplicated().to_numpy())


def _one_by_one(labels: list[int], said: list, working_on: list) -> Availabilities:
    by_person = {p: capacity.capacity(available, projects)
                 for p, available, projects in zip(labels, said, working_on, strict=True)}
    return Availabilities(by_person, frozenset(p for p, c in by_person.items() if c.booked))
