"""The one-pass extent of a narrow sheet answers as the full search does, on any XML."""

from __future__ import annotations

import random

import pytest

from skillsync.backends.xlsx import extent


def _sheet(*cells: str, tail: str = "") -> bytes:
    return ("<worksheet><sheetData><row>" + "".join(cells) + "</row></sheetData>" + tail
            + "</worksheet>").encode()


def _cell(ref: str) -> str:
    return f'<c r="{ref}"><v>1</v></c>'


HOSTILE = {
    "plain": _sheet(*map(_cell, ["A1", "B1", "A2", "M12"])),
    "odd reference": _sheet(_cell("A1"), '<c r="a2"><v>1</v></c>', _cell("B10")),
    "leading zero": _sheet(_cell("A1"), '<c r="A01"/>', _cell("C10")),
    "no reference": _sheet(_cell("A1"), "<c><v>1</v></c>", _cell("C10")),
    "empty cell tag": _sheet(_cell("A1"), "<c/>", _cell("C10")),
    "two spaces": _sheet(_cell("A1"), '<c  r="A2"/>', _cell("C10")),
    "tab before r": _sheet(_cell("A1"), '<c\tr="A2"/>', _cell("C10")),
    "single quotes": _sheet(_cell("A1"), "<c r='A2'/>", _cell("C10")),
    "eight digits": _sheet(_cell("A1"), _cell("A12345678"), _cell("C10")),
    "four letters": _sheet(_cell("A1"), _cell("ABCD5"), _cell("C10")),
    "prefixed": _sheet(_cell("A1"), '<x:c r="ZZ99999"/>', _cell("C10")),
    "rows out of order": _sheet(_cell("A99999"), _cell("B10"), _cell("C12")),
    "longer row first": _sheet(_cell("A1048576"), _cell("B1"), _cell("C99")),
    "stray far right": _sheet(_cell("A1"), _cell("XFD1048576"), _cell("B50")),
    "stray two letters": _sheet(_cell("A1"), _cell("AB7"), _cell("B50")),
    "stray three letters": _sheet(_cell("A1"), _cell("ABC7"), _cell("B50")),
    "wide last cell": _sheet(_cell("A1"), _cell("AA20")),
    "single-digit last row": _sheet(_cell("A1"), _cell("ZZ1"), _cell("B9")),
    "cell in a comment": _sheet(_cell("A1"), '<!-- <c r="ZZ999"/> -->', _cell("B50")),
    "odd cell in a comment": _sheet(_cell("A1"), "<!-- <c> -->", _cell("B50")),
    "cell in CDATA": _sheet(_cell("A1"), '<c r="A2" t="str"><v><![CDATA[<c r="XX4000">]]>'
                            "</v></c>", _cell("B50")),
    "reference after the last": _sheet(_cell("A1"), _cell("B50"),
                                       tail='<extLst><c r="A1">x</c></extLst>'),
    "cut reference at the end": _sheet(_cell("A1"), _cell("B50")) + b'<c r="A',
    "cols before cells": b'<worksheet><cols><col min="1"/></cols><sheetData><row>'
                         + _cell("A1").encode() + _cell("C33").encode() + b"</row></sheetData>"
                         b"</worksheet>",
    "no cells": b"<worksheet><sheetData/></worksheet>",
    "empty": b"",
    "a long narrow sheet": _sheet(*[_cell(f"A{r}") for r in range(1, 400)], _cell("A1048576")),
    "a long sheet with a far column": _sheet(*[_cell(f"A{r}") for r in range(1, 400)],
                                             _cell("Z3"), _cell("A1048576")),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_one_pass_extent_is_the_searched_extent(name):
    xml = HOSTILE[name]
    assert extent.dense_extent(xml) == extent._extent_searched(xml)


def test_the_searched_extent_refuses_what_is_not_certain():
    for name in ("odd reference", "leading zero", "no reference", "empty cell tag",
                 "two spaces", "tab before r", "single quotes", "eight digits",
                 "four letters", "prefixed", "odd cell in a comment"):
        assert extent.dense_extent(HOSTILE[name]) is None, name
    assert extent.dense_extent(HOSTILE["rows out of order"])[0] == 99_999
    assert extent.dense_extent(HOSTILE["cell in a comment"])[0] == 999


def test_the_one_pass_extent_over_piece_boundaries(monkeypatch):
    """Pieces end just before a cell; a cell must count once, whole, wherever they end."""
    monkeypatch.setattr(extent, "_PIECE", 64)
    for name, xml in HOSTILE.items():
        assert extent.dense_extent(xml) == extent._extent_searched(xml), name


_PARTS = ['<c r="{c}{r}"><v>1</v></c>', '<c r="{c}{r}" t="s"><v>2</v></c>', '<c r="{c}{r}"/>',
          "<!-- x -->", '<x:c r="A1"/>', "<c>", '<c r="{c}0{r}"/>', "<col/>", "<![CDATA[<c ]]>",
          "Note:c ", '<c r="{c}{r}', '<c  r="{c}{r}"/>']
_COLUMNS = ["A", "B", "Z", "AA", "AZ", "ZZ", "AAA", "XFD", "XFE", "ABCD", "a"]
_ROWS = [1, 2, 9, 10, 99, 100, 12345, 99999, 100000, 1048576, 9999999, 12345678]


def test_the_one_pass_extent_on_random_sheets():
    """Random mixes of usual cells, odd ones, comments and namespaces: the same answer."""
    chance = random.Random(20261201)
    for attempt in range(4000):
        usual = 6 if attempt % 2 else 60  # half the sheets seldom hold anything odd
        cells = []
        for _ in range(chance.randint(0, 12)):
            part = chance.choice(_PARTS[:3] * usual + _PARTS)
            cells.append(part.format(c=chance.choice(_COLUMNS[:3] * 4 + _COLUMNS),
                                     r=chance.choice(_ROWS)))
        xml = _sheet(*cells)
        assert extent.dense_extent(xml) == extent._extent_searched(xml), xml


def test_the_one_pass_extent_around_the_last_row_and_the_columns_that_fit():
    """The one search passes over cells up to the last cell's row, in the columns the
    budget allows: cells just past either, with as many digits, answer as the full search."""
    chance = random.Random(20261204)
    letters = [chr(code) for code in range(65, 91)] + ["AA", "ZZ"]
    for attempt in range(3000):
        last = chance.choice([12, 99, 100, 3521, 99_999, 100_000, 100_001, 1_000_000,
                              1_048_576])
        near = [last - 1, last, last + 1, last // 2 or 1, int("9" * len(str(last)))]
        cells = [_cell(f"{chance.choice(letters)}{chance.choice(near)}")
                 for _ in range(chance.randint(0, 8))]
        if attempt % 3 == 0:
            cells.append('<c r="B7"/>' if attempt % 2 else "<c>")
        xml = _sheet(*cells, _cell(f"{chance.choice(letters[:26])}{last}"))
        assert extent.dense_extent(xml) == extent._extent_searched(xml), xml


def test_the_last_row_pattern_takes_the_numbers_up_to_it():
    import re

    for last in ("10", "99", "100", "3521", "1048576", "2000000"):
        pattern = re.compile(rb"(?:" + extent._up_to(last) + rb")\Z")
        width = len(last)
        for number in range(10 ** (width - 1), min(10 ** width, 10 ** (width - 1) + 50_000)):
            assert bool(pattern.match(str(number).encode())) == (number <= int(last)), number
        assert pattern.match(last.encode()) and not pattern.match(b"0" + last.encode()[1:])
