"""Sheets packed on one second thread, waited for only when needed, are packed as alone.

`SheetPacking` lets the pieces of several sheets queue up (to PENDING_BYTES) and hands
back each part to be waited for later: every part must still be exactly the part packed
from its whole content in one go, in any order it is waited for, and a piece that fails
to pack must fail its part rather than leave a part packed without it.
"""

from __future__ import annotations

import random
import zipfile

import pytest

from skillsync import deflate
from skillsync.backends.xlsx import zipparts
from skillsync.backends.xlsx.zipparts import SHEET_PACK_LEVEL, RawPart, SheetPacking


def packed_alone(content: bytes) -> bytes:
    packer = deflate.compressobj(SHEET_PACK_LEVEL, deflate.DEFLATED, -15)
    return packer.compress(content) + packer.flush()


def pieces_of(rng: random.Random, content: bytes) -> list[bytes]:
    cuts = sorted(rng.sample(range(len(content) + 1), k=min(len(content) + 1, 6)))
    return [content[a:b] for a, b in zip([0, *cuts], [*cuts, len(content)], strict=True)]


def sheet(rng: random.Random, rows: int) -> bytes:
    names = ["Zoë", "ana", "Ana", "R&amp;D", "😀", ""]
    return b"".join(f'<row r="{r}"><c r="A{r}"><v>{rng.choice(names)}{rng.random()}</v>'
                    f"</c></row>".encode() for r in range(rows))


@pytest.mark.parametrize("pending", [0, 1, 200, 1 << 30])
def test_sheets_queued_together_are_the_sheets_packed_alone(monkeypatch, pending):
    monkeypatch.setattr(zipparts, "PENDING_BYTES", pending)
    rng = random.Random(pending)
    contents = [b"", sheet(rng, 1), sheet(rng, 3000), b"x" * 70_000, sheet(rng, 40)]
    with SheetPacking() as packing:
        parts = [packing.pack(f"xl/worksheets/sheet{i}.xml", pieces_of(rng, content))
                 for i, content in enumerate(contents)]
        done = [part.result() for part in reversed(parts)][::-1]
    for part, content in zip(done, contents, strict=True):
        assert bytes(part.data) == packed_alone(content)
        assert (part.crc, part.size) == (deflate.crc32(content), len(content))
        assert part.method == zipfile.ZIP_DEFLATED


def test_a_part_kept_from_the_old_one_beside_new_parts():
    rng = random.Random(3)
    content = sheet(rng, 500)
    old = RawPart("xl/worksheets/sheet1.xml", packed_alone(content), zipfile.ZIP_DEFLATED,
                  deflate.crc32(content), len(content))
    changed = content[:-5] + b"!" + content[-4:]
    with SheetPacking() as packing:
        kept = packing.pack(old.name, pieces_of(rng, content), old)
        new = packing.pack(old.name, pieces_of(rng, changed), old)
        fresh = packing.pack("xl/worksheets/sheet2.xml", [changed])
        assert kept.result().data is old.data
        assert bytes(new.result().data) == bytes(fresh.result().data) == packed_alone(changed)


@pytest.mark.parametrize("pending", [0, 1 << 30])
def test_a_piece_that_fails_to_pack_fails_its_part(monkeypatch, pending):
    monkeypatch.setattr(zipparts, "PENDING_BYTES", pending)
    broken = RawPart("xl/worksheets/sheet1.xml", b"\xff" * 64, zipfile.ZIP_DEFLATED, 0, 10)
    with pytest.raises(deflate.ERRORS), SheetPacking() as packing:
        part = packing.pack(broken.name, [b"<row/>", b"<row/>"], broken)
        part.result()
    with SheetPacking() as packing:  # the next write packs as ever
        assert bytes(packing.pack("a.xml", [b"abc"]).result().data) == packed_alone(b"abc")


def test_a_part_is_never_packed_without_a_piece_that_failed(monkeypatch):
    monkeypatch.setattr(zipparts, "PENDING_BYTES", 1 << 30)  # nothing waited for early
    with pytest.raises(TypeError), SheetPacking() as packing:
        part = packing.pack("a.xml", [b"<a>", "not bytes", b"</a>"])  # type: ignore[list-item]
        part.result()
