"""A part given in pieces (the shared strings of a large workbook, never copied whole) is
packed and checked exactly as the same bytes given whole."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillsync.backends.xlsx import writer
from skillsync.backends.xlsx.strings import StringTable
from skillsync.backends.xlsx.zipparts import RawPart
from skillsync.errors import SkillsyncError

TABLE = (b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats'
         b'.org/spreadsheetml/2006/main" count="3" uniqueCount="2"><si><t>Ana &amp; Bo</t>'
         b'</si><si><r><t>rich</t></r></si></sst>')


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(max_size=40), max_size=30), empty=st.booleans())
def test_a_tables_pieces_are_its_rendered_bytes(texts, empty):
    table = StringTable(b"<sst/>" if empty else TABLE)
    for text in texts:
        table.index(text)
    pieces = table.pieces()
    assert b"".join(pieces) == table.render()
    writer._parse(pieces)  # well-formed, as a whole


@settings(max_examples=60, deadline=None)
@given(content=st.binary(max_size=5000), cuts=st.lists(st.integers(0, 5000), max_size=6))
def test_a_part_packed_in_pieces_is_the_part_packed_whole(content, cuts):
    view, bounds = memoryview(content), sorted({0, len(content), *(c for c in cuts
                                                                    if c <= len(content))})
    pieces = tuple(view[a:b] for a, b in pairwise(bounds))
    assert RawPart.new("xl/sharedStrings.xml", pieces) == RawPart.new("xl/sharedStrings.xml",
                                                                     content)


@pytest.mark.parametrize("cut", [1, 10, 40, len(TABLE) - 3])
def test_broken_xml_split_across_pieces_is_refused(cut):
    broken = TABLE.replace(b"</si></sst>", b"</sst>")
    with pytest.raises(SkillsyncError):
        writer._well_formed({"xl/sharedStrings.xml": (broken[:cut], memoryview(broken)[cut:])})
    writer._well_formed({"xl/sharedStrings.xml": (TABLE[:cut], memoryview(TABLE)[cut:])})
