"""A column's hyperlink attributes, built at once, are those built link by link, whatever
the sheet names and texts hold."""

from __future__ import annotations

import pytest

from skillsync.backends.xlsx.sheetframe import _link_attributes, _link_attributes_of
from skillsync.core.tabs import Link

SHEETS = ["People", "Team's & co", 'say "hi"', "<tab>", "Ünïcode ✓", "a b", "x\tx", ""]
TEXTS = ["Row 2", "", "a & b", "<b>", 'q"uote', "ap'os", "é" * 40, "tab\there", "\u2028",
         "=1+1", "x" * 300]


@pytest.mark.parametrize("sheet", SHEETS)
def test_links_into_one_sheet(sheet):
    links = [Link(text, sheet, f"C{n}") for n, text in enumerate(TEXTS, start=2)]
    for part in (links, links[:1], [links[0]] * 3, [lk for lk in links if lk.text.isalnum()]):
        assert _link_attributes_of(part) == [_link_attributes(link) for link in part]


def test_links_into_many_sheets():
    links = [Link(text, sheet, f"AB{n}") for n, (text, sheet)
             in enumerate(zip(TEXTS * 8, SHEETS * 11, strict=False), start=2)]
    plain = [Link(f"Row {n}", "People", f"A{n}") for n in range(2, 500)]
    for part in (links, plain, plain + links[:1], []):
        assert _link_attributes_of(part) == [_link_attributes(link) for link in part]
