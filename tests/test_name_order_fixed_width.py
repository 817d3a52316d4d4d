"""Names sorted as fixed-width numpy text (core/nameorder.py) are in the order Python's
comparisons give: code points beyond the Basic Multilingual Plane, lone surrogates,
names ending in NUL or holding one (which a fixed-width text would lose: sorted in Python
instead), names too long to pad every other to, and names equal but for case."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from skillsync.core import distinct, nameorder

PIECES = ("Ana", "ana", "ANA", "ß", "SS", "ss", "ǅ", "ǆ", "Ǆ", "é", "e\u0301", "", " ", "😀",
          "İ", "i̇", "ﬁ", "fi", "FI", "\ud800", "\udfff", "\U0010ffff", "\uffff", "\x01", "李")


def names(seed: int, nul: bool) -> list[str]:
    rng = random.Random(seed)
    pieces = (*PIECES, "\x00", "a\x00") if nul else PIECES
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 3)))
            for _ in range(rng.randint(0, 40))]


def both_ways(values: list[str]) -> None:
    assert (nameorder.places(values).tolist()
            == distinct.ranks(values, lambda v: (v.casefold(), v)).tolist())
    codes, found = pd.factorize(np.asarray(values, dtype=object))
    assert (nameorder.folded_places(codes, found).tolist()
            == distinct.ranks_of(codes, list(found), str.casefold).tolist())


@pytest.mark.parametrize("nul", [False, True])
@pytest.mark.parametrize("seed", range(150))
def test_places_are_those_of_python_comparisons(seed, nul):
    both_ways(names(seed, nul))


def test_a_name_too_long_to_pad_the_others_to_is_sorted_in_python():
    values = ["b", "A", "a" * (nameorder.MAX_FIXED_WIDTH // 2), "B", "a"]
    both_ways(values)


def test_names_differing_only_in_a_trailing_nul_keep_their_order():
    both_ways(["a\x00", "a", "A\x00", "A", "a\x00\x00", ""])


def test_many_names_equal_but_for_case():
    rng = random.Random(3)
    both_ways(["".join(rng.choice("aA") for _ in range(4)) for _ in range(500)])
