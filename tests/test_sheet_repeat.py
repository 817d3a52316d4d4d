"""A sheet part that repeats the part it replaces keeps that part's packed bytes.

Every other sheet part must come out exactly as packing its pieces from the start gives
it, byte for byte, wherever it starts to differ from the part it replaces (first piece,
middle, last byte, a part longer or shorter, pieces cut elsewhere than the old part's),
and a part whose stored bytes or recorded facts do not hold up is packed anew.
"""

from __future__ import annotations

import random
import zipfile
import zlib

import pytest

from skillsync import deflate
from skillsync.backends.xlsx import zipparts
from skillsync.backends.xlsx.zipparts import SHEET_PACK_LEVEL, RawPart


def rows(count: int, seed: int = 7) -> bytes:
    chooser = random.Random(seed)
    names = ["Ana Ruiz", "Zoë Ødegård", "😀 R&amp;D", "李小龙", "x" * 300, ""]
    return b"".join(f'<row r="{i}"><c t="s"><v>{chooser.choice(names)}{i % 97}</v></c></row>'
                    .encode() for i in range(count))


def plain(content: bytes) -> bytes:
    packer = deflate.compressobj(SHEET_PACK_LEVEL, deflate.DEFLATED, -15)
    return packer.compress(content) + packer.flush()


def stored(content: bytes, packed: bytes | None = None, method: int = zipfile.ZIP_DEFLATED,
           crc: int | None = None, size: int | None = None) -> RawPart:
    data = (plain(content) if method == zipfile.ZIP_DEFLATED else content
            ) if packed is None else packed
    return RawPart("xl/worksheets/sheet1.xml", data, method,
                   zlib.crc32(content) if crc is None else crc,
                   len(content) if size is None else size)


def cut(content: bytes, sizes: list[int]) -> list[bytes]:
    pieces, at = [], 0
    for size in sizes:
        pieces.append(content[at:at + size])
        at += size
    return [*pieces, content[at:]]


def written(pieces: list[bytes], old: RawPart | None) -> RawPart:
    return RawPart.streamed("xl/worksheets/sheet1.xml", pieces, old)


def assert_packed_from_start(part: RawPart, content: bytes) -> None:
    assert bytes(part.data) == plain(content)
    assert (part.crc, part.size, part.method) == (zlib.crc32(content), len(content),
                                                  zipfile.ZIP_DEFLATED)


CONTENT = rows(40_000)
PIECES = [cut(CONTENT, [len(CONTENT)]), cut(CONTENT, [1, 2, 3]),
          cut(CONTENT, [70_000] * 12), cut(CONTENT, [0, 500_000, 0])]


@pytest.mark.parametrize("pieces", PIECES)
def test_a_part_repeating_the_old_one_keeps_its_packed_bytes(pieces):
    old = stored(CONTENT, _packed_at(CONTENT, 9))  # packed unlike we pack: kept as it is
    part = written(pieces, old)
    assert part.data == old.data
    assert (part.crc, part.size) == (zlib.crc32(CONTENT), len(CONTENT))
    assert zlib.decompress(bytes(part.data), -15) == CONTENT


def _packed_at(content: bytes, level: int) -> bytes:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return packer.compress(content) + packer.flush()


CHANGES = [0, 1, 69_999, 70_000, 70_001, len(CONTENT) // 2, len(CONTENT) - 1]


@pytest.mark.parametrize("pieces", PIECES)
@pytest.mark.parametrize("at", CHANGES)
def test_a_part_differing_anywhere_is_packed_as_from_the_start(pieces, at):
    new = CONTENT[:at] + b"#" + CONTENT[at + 1:]
    sizes = [len(p) for p in pieces[:-1]]
    assert_packed_from_start(written(cut(new, sizes), stored(CONTENT)), new)


@pytest.mark.parametrize("new", [CONTENT[:-1], CONTENT[:70_000], b"", CONTENT + b"<row/>",
                                 CONTENT + CONTENT, rows(40_000, seed=8)])
def test_a_part_longer_or_shorter_than_the_old_one_is_packed(new):
    for pieces in (cut(new, [70_000] * 3), [new]):
        assert_packed_from_start(written(pieces, stored(CONTENT)), new)


def test_an_empty_old_part_and_an_empty_new_one():
    assert written([b""], stored(b"")).data == plain(b"")
    assert_packed_from_start(written([b"<a/>"], stored(b"")), b"<a/>")
    assert_packed_from_start(written([], stored(CONTENT)), b"")


@pytest.mark.parametrize("old", [
    stored(CONTENT, method=zipfile.ZIP_STORED),  # not deflated: never compared
    stored(CONTENT, crc=zlib.crc32(CONTENT) ^ 1),  # its recorded checksum is wrong
    stored(CONTENT, size=len(CONTENT) + 1),  # its recorded size is wrong
    stored(CONTENT, plain(CONTENT) + b"junk"),  # bytes after the end of its stream
    stored(CONTENT, plain(CONTENT + b"<more/>")),  # it unpacks to more than the new part
    None,
])
def test_an_old_part_that_does_not_hold_up_is_not_kept(old):
    assert_packed_from_start(written(cut(CONTENT, [70_000] * 4), old), CONTENT)


def test_a_broken_old_part_raises_as_unpacking_it_would():
    broken = bytearray(plain(CONTENT))
    broken[10:30] = b"\xff" * 20
    with pytest.raises(deflate.ERRORS):
        written([CONTENT], stored(CONTENT, bytes(broken)))


def test_unpacked_reads_the_stream_in_any_sizes():
    reader = zipparts._Unpacked(plain(CONTENT))
    chooser = random.Random(3)
    got = []
    while piece := reader.read(chooser.choice([1, 7, 4096, 1 << 20, 3 << 20])):
        got.append(piece)
    assert b"".join(got) == CONTENT
    assert reader.at_end()
