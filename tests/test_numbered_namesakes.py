"""Numbered addresses (john.smith@x, john.smith2@x) tell namesakes apart. An ASCII address
has its trailing digits stripped in one step; it must say what the digit-by-digit way
says, and any other address still goes digit by digit (Unicode has other decimal digits)."""

import random

import pytest

from skillsync.core.names import numbered_namesakes, without_number


def plain_without_number(local: str) -> str:
    end = len(local)
    while end and local[end - 1].isdecimal():
        end -= 1
    if end == len(local):
        return local
    return local[: end - 1] if end and local[end - 1] in "._-" else local[:end]


LOCALS = ["", "1", "12", "john", "john2", "john.smith", "john.smith2", "john.smith02",
          "john_smith-3", "john..3", "john.-3", ".3", "-", "3.", "j0hn", "john.smith\u0663",
          "john.smith\uff12", "jöhn.smith2", "jöhn.smith", "john.smith²", "x" * 500 + "9" * 500,
          "john.smith 2", "JOHN.SMITH2", "john.smith\u0663\u0664", "\u0663"]


@pytest.mark.parametrize("local", LOCALS)
def test_stem_is_the_digit_by_digit_one(local):
    assert without_number(local) == plain_without_number(local)


def test_random_locals_and_pairs_agree():
    rng = random.Random(5)
    alphabet = "ab.-_09\u0663\uff12é"
    for _ in range(3000):
        local = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert without_number(local) == plain_without_number(local)
        other = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        a, b = f"{local}@x.example", f"{other}@x.example"
        plain = (local != other and plain_without_number(local) == plain_without_number(other)
                 and (plain_without_number(local) != local
                      or plain_without_number(other) != other))
        assert numbered_namesakes(a, b) == plain


def test_numbered_addresses_are_namesakes_only_on_one_domain():
    assert numbered_namesakes("john.smith@x.example", "john.smith2@x.example")
    assert numbered_namesakes("john.smith1@x.example", "john.smith\u0663@x.example")
    assert not numbered_namesakes("john.smith@x.example", "john.smith2@y.example")
    assert not numbered_namesakes("john.smith@x.example", "john.smith@x.example")
