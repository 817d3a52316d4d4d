"""Name order by two stable sorts (core/nameorder.py) is the order of the (casefold, as
written) keys that `distinct.ranks` sorts by: names differing only in case, ß and SS,
dotted İ, accents, empty names, namesakes, very long names and many ties."""

from __future__ import annotations

import random

import numpy as np
import pytest

from skillsync.core import distinct, nameorder

NAMES = ("ana lima", "Ana Lima", "ANA LIMA", "Straße", "STRASSE", "strasse", "İz", "iz", "i̇z",
         "Émile", "émile", "Emile", "", " ", "Zoë", "zoe", "李雷", "Ærø", "ǅemal", "ǆemal",
         "Doe, Jane", "x" * 5000, "X" * 5000, "ﬀ", "ff", "FF", "\u212b", "\u00c5", "Å")


def sample(seed: int, size: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(NAMES) + rng.choice(("", "", "a", "A", " b")) for _ in range(size)]


@pytest.mark.parametrize("seed", range(25))
def test_places_are_the_ranks_of_casefold_then_as_written(seed):
    values = sample(seed, seed * 7)
    assert (nameorder.places(values).tolist()
            == distinct.ranks(values, lambda v: (v.casefold(), v)).tolist())


@pytest.mark.parametrize("seed", range(25))
def test_folded_places_share_a_place_for_names_equal_but_for_case(seed):
    codes, found = distinct.group(np.array(sample(seed, seed * 7), dtype=object))
    assert (nameorder.folded_places(codes, found).tolist()
            == distinct.ranks_of(codes, found, str.casefold).tolist())

