"""The shared strings' own entries packed ahead, on a second thread, and spliced into the
amended part: the part unpacks to the very bytes packed in one stream, and every reader
(zipfile, LibreOffice) reads the workbook as before."""

from __future__ import annotations

import io
import os
import zipfile

import pandas as pd
import pytest
from conftest import libreoffice_tables
from hypothesis import given, settings
from hypothesis import strategies as st
from test_write_unchanged_tabs import base_workbook

from skillsync import deflate
from skillsync.backends.excel import XlsxDocument
from skillsync.backends.xlsx import tabtexts, writer
from skillsync.backends.xlsx.strings import StringTable, packed_entries
from skillsync.backends.xlsx.zipparts import RawPart, pack_ahead
from skillsync.core.tabs import Column, Kind, Link, Tab


def three_tabs(first: list[str], big: list[str], last: list[str]) -> list[Tab]:
    """Three tabs whose texts may repeat each other's and the workbook's own."""
    return [
        Tab("skills", "Skills", (Column("Skill"),), pd.DataFrame({"a": first or [""]})),
        Tab("people_skills", "People × Skills",
            (Column("Name"), Column("Row", Kind.LINK), Column("N", Kind.INT)),
            pd.DataFrame({"a": big, "b": [Link(t, "People", f"A{i + 2}")
                                         for i, t in enumerate(big)],
                          "c": range(len(big))})),
        Tab("learning", "Learning", (Column("Who", Kind.WRAP),),
            pd.DataFrame({"a": last or [""]})),
    ]


pytestmark = pytest.mark.skipif(deflate.crc32_combine is None,
                                reason="nothing is packed ahead without zlib-ng")


@settings(max_examples=40, deadline=None)
@given(pieces=st.lists(st.one_of(st.binary(max_size=3000), st.just(b"")), min_size=1,
                       max_size=6),
       ahead=st.lists(st.booleans(), min_size=6, max_size=6))
def test_a_part_with_runs_packed_ahead_unpacks_to_the_same_bytes(pieces, ahead):
    content = tuple(pack_ahead(p) if packed else p for p, packed in zip(pieces, ahead,
                                                                        strict=False))
    part = RawPart.new("xl/sharedStrings.xml", content)
    whole = b"".join(pieces)
    assert deflate.decompressobj(-15).decompress(part.data) == whole
    assert (part.crc, part.size) == (deflate.crc32(whole), len(whole))


def test_a_large_run_packed_ahead_unpacks_whole():
    run = os.urandom(3 << 20) + b"<si><t>x</t></si>" * 300_000  # past a packing piece
    part = RawPart.new("a.xml", (b"<sst>", pack_ahead(run), b"</sst>"))
    whole = b"<sst>" + run + b"</sst>"
    assert deflate.decompressobj(-15).decompress(part.data) == whole
    assert (part.crc, part.size) == (deflate.crc32(whole), len(whole))


def written(data: bytes, tabs, checked: bool) -> bytes:
    document = XlsxDocument(data, "inventory.xlsx", writing=checked)
    plan = document.plan(tabs)
    return document.build(tabs, plan)


def unpacked(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # every part's CRC is right
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_write_with_the_entries_packed_ahead_holds_the_same_parts(monkeypatch):
    texts = [f"person {i} — ünïcode 😀 & <kind>" for i in range(40_000)]
    data = base_workbook(texts)
    tabs = three_tabs(texts[:100], [*texts[::2], "new one"], ["another new one"])
    assert packed_entries(zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml"))
    packed = []
    real = writer._packed_ahead

    def counted(table):
        packed.append(real(table))
        return packed[-1]

    monkeypatch.setattr(writer, "_packed_ahead", counted)
    monkeypatch.setattr(tabtexts, "INLINE_TABLE_BYTES", 1 << 40)  # texts in the table
    plain = unpacked(written(data, tabs, checked=False))  # parsed and packed at the end
    assert packed == []
    ahead = unpacked(written(data, tabs, checked=True))
    assert len(packed) == 1 and packed[0] is not None  # the entries were packed ahead
    assert ahead == plain
    monkeypatch.setattr(writer, "AHEAD_BYTES", 0)  # a small table packed ahead too
    small = base_workbook(["Ana", "R&D"])
    assert unpacked(written(small, tabs, True)) == unpacked(written(small, tabs, False))


def test_a_table_without_entries_is_not_packed_ahead():
    assert packed_entries(b'<sst xmlns="urn:x" count="0" uniqueCount="0"/>') is None
    assert packed_entries(b'<other xmlns="urn:x"><si/></other>') is None
    table = StringTable(b'<sst xmlns="urn:x" count="0" uniqueCount="0"/>')
    table.index("a")
    assert b"".join(table.pieces()).endswith(b"<si><t>a</t></si></sst>")


def test_libreoffice_reads_the_workbook_written_with_entries_packed_ahead(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "AHEAD_BYTES", 0)
    data = base_workbook(["Ana", "R&D", "Bo"])
    tabs = three_tabs(["Ana", "Skill"], ["Bo", "R&D", "Cy"], ["new"])
    path = tmp_path / "packed.xlsx"
    path.write_bytes(written(data, tabs, checked=True))
    tables = libreoffice_tables(path, tmp_path / "lo")
    assert [r[0] for r in tables["People"] if r] == ["Ana", "R&D", "Bo"]
    assert [r[0] for r in tables["People × Skills"] if r] == ["Name", "Bo", "R&D", "Cy"]
    assert [r[0] for r in tables["Learning"] if r] == ["Who", "new"]
