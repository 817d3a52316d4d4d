"""A worksheet's stream is checked beside the reading (its inflating lets go of the GIL),
every other part before anything is parsed. Whichever sheet is damaged, and whether or
not it is the inventory, the run says what it said when every stream was checked first:
one line naming the part, exit 3, nothing written."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest
from hostile import cli, one_clear_line, read_part, rewrite_parts, small_workbook

from skillsync.backends.xlsx import zipread
from skillsync.backends.xlsx.zipparts import RawPart, write_parts

SHEET1, SHEET2 = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"


def with_notes(book):
    book.add_worksheet("Notes").write("A1", "Other tabs the organisation keeps")


def lying(path: Path, part: str) -> Path:
    """`part`'s recorded size and checksum cover its content; its stream goes on."""
    real = read_part(path, part)
    hidden = real + b"<!-- " + b"x" * 3_000_000 + b"-->"
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = packer.compress(hidden) + packer.flush()
    with zipfile.ZipFile(path) as archive:
        parts = [RawPart(i.filename, stream, 8, zlib.crc32(real), len(real))
                 if i.filename == part else RawPart.new(i.filename, archive.read(i))
                 for i in archive.infolist()]
    out = io.BytesIO()
    write_parts(out, parts)
    path.write_bytes(out.getvalue())
    return path


def doctype(xml: bytes) -> bytes:
    head, _, rest = xml.partition(b"?>")
    return head + b'?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>' + rest


CASES = {
    "inventory-lies": (SHEET1, "lies", "recorded size"),
    "notes-lie": (SHEET2, "lies", "recorded size"),
    "inventory-doctype": (SHEET1, doctype, "document type"),
    "notes-doctype": (SHEET2, doctype, "document type"),
    "notes-truncated": (SHEET2, lambda xml: xml[: len(xml) // 2], None),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("command", ["check", "sync"])
def test_a_damaged_sheet_is_one_line_naming_it(tmp_path, private_state, case, command):
    part, damage, says = CASES[case]
    path = small_workbook(tmp_path / "damaged.xlsx", extra=with_notes)
    path = lying(path, part) if damage == "lies" else rewrite_parts(path, {part: damage})
    before = path.read_bytes()
    code, _, err = cli(command, path, "--digest", tmp_path / "d.html") if command == "sync" \
        else cli(command, path)
    assert code == 3, err
    line = one_clear_line(err)
    assert part in line and "damaged" in line
    if says:
        assert says in line
    assert path.read_bytes() == before
    assert not (tmp_path / "d.html").exists()


def test_only_worksheets_wait_for_their_check():
    """Every part but a worksheet is checked before `check_archive` returns."""
    assert zipread._WORKSHEET.match("xl/worksheets/sheet1.xml")
    assert zipread._WORKSHEET.match("xl/worksheets/Sheet 10.xml")
    for other in ("xl/worksheets/_rels/sheet1.xml.rels", "xl/worksheets/sub/sheet1.xml",
                  "xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml",
                  "xl/worksheets/sheet1.xml.bak", "XL/WORKSHEETS/SHEET1.XML",
                  "xl/chartsheets/sheet1.xml", "[Content_Types].xml"):
        assert not zipread._WORKSHEET.match(other), other


def test_the_check_of_a_damaged_stream_is_raised_where_it_is_waited_for(tmp_path):
    path = lying(small_workbook(tmp_path / "liar.xlsx", extra=with_notes), SHEET2)
    data = path.read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    from skillsync.config import Limits

    checked = zipread.check_archive(archive, data, Limits(), "liar.xlsx")  # no raise yet
    with pytest.raises(Exception, match="recorded size"):
        checked.wait()
    with pytest.raises(Exception, match="recorded size"):
        checked.wait()  # asked again, it says the same
