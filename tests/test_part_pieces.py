"""A part given in pieces (the shared strings of a large workbook, never copied whole) is
packed and checked exactly as the same bytes given whole."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from xml.parsers import expat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillsync.backends.xlsx import guard, writer, xmltext
from skillsync.backends.xlsx.strings import ENTRIES_PIECE, StringTable
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


@pytest.mark.parametrize("at_once", [1, 7, 64])
def test_a_part_parsed_a_few_bytes_at_a_time_is_checked_whole(monkeypatch, at_once):
    # fed in bounded steps (the GIL let go between them), wherever a step cuts a tag or
    # a character of several bytes
    monkeypatch.setattr(writer, "PARSED_AT_ONCE", at_once)
    table = TABLE.replace(b"</sst>", "<si><t>Zoë 刘玉 🙂</t></si></sst>".encode())
    writer._parse(table)
    writer._parse((table[:30], memoryview(table)[30:]))
    with pytest.raises(expat.ExpatError):
        writer._parse(table.replace(b"</si></sst>", b"</sst>"))
    with pytest.raises(expat.ExpatError):
        writer._parse(table.replace("刘".encode(), "刘".encode()[:2]))


def test_a_workbook_synced_from_pieces_is_the_workbook_built_whole(tmp_path):
    """ExcelBackend writes the pieces `build_pieces` returns; the file is `build`'s bytes."""
    import shutil
    from datetime import datetime

    from skillsync import pipeline
    from skillsync.backends.excel import ExcelBackend
    from skillsync.config import Config
    from skillsync.core import analysis

    book = tmp_path / "inventory.xlsx"
    shutil.copyfile(Path(__file__).parent.parent / "examples" / "inventory.xlsx", book)
    backend = ExcelBackend(book)
    try:
        result, facts = pipeline.analyse(backend, Config(), datetime(2026, 11, 30, 9))
        tabs = analysis.build_tabs(result, facts)
        plan = backend.plan(tabs)
        whole = backend.document.build(tabs, plan)
        pieces = backend.document.pieces(tabs, plan)
        assert len(pieces) > 1 and b"".join(pieces) == whole
        backend.write(tabs, plan)
    finally:
        backend.close()
    assert book.read_bytes() == whole


def test_pieces_are_written_one_after_another(tmp_path):
    target = tmp_path / "out.bin"
    guard._write_synced(target, [b"PK", bytearray(b"\x03\x04"), b"", b"rest"])
    assert target.read_bytes() == b"PK\x03\x04rest"
    again = tmp_path / "whole.bin"
    guard._write_synced(again, b"PK\x03\x04rest")
    assert again.read_bytes() == target.read_bytes()


def test_our_entries_encoded_a_piece_at_a_time_are_the_entries_written_at_once():
    texts = [f"Text {i} & <{i % 7}>" + (" " if i % 11 == 0 else "") for i in range(120_001)]
    table = StringTable(TABLE)
    for text in texts:
        table.index(text)
    rendered = table.render()
    entries = xmltext.si_entries(texts).encode("utf-8")
    assert rendered.endswith(entries + b"</sst>")
    assert len(table.pieces()) == 4 + -(-len(texts) // ENTRIES_PIECE)
