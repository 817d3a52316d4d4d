"""Workbooks the Microsoft 365 tests keep in the stand-in, and how to compare versions."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import xlsxwriter
from conftest import shared_xml_only_grew
from featurebook import sheet_map
from messy import build_messy_workbook

from skillsync.core.summary import DEFAULT_TITLES

SHARED_PARTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                "xl/styles.xml", "xl/sharedStrings.xml"}
OWNED = list(DEFAULT_TITLES.values())  # every tab skillsync writes, in order


def messy_bytes(folder: Path, name: str = "inventory.xlsx") -> bytes:
    path = folder / name
    build_messy_workbook(path)
    return path.read_bytes()


def big_bytes(folder: Path, side: int = 1400) -> bytes:
    """A small inventory with a large photo: past the 4 MB of a simple upload."""
    picture = folder / "photo.png"
    picture.write_bytes(noise_png(side, side))
    path = folder / "big.xlsx"
    book = xlsxwriter.Workbook(str(path))
    people = book.add_worksheet("People")
    people.write_row(0, 0, ["Name", "E-mail", "Team", "Skills"])
    for i in range(40):
        people.write_row(i + 1, 0, [f"Person {i}", f"p{i}@example.com", f"Team {i % 4}",
                                    f"NLP ({i % 5 + 1}), PySpark"])
    book.add_worksheet("Team photo").insert_image("B2", str(picture))
    book.close()
    return path.read_bytes()


def noise_png(width: int, height: int) -> bytes:
    """An RGB PNG of random pixels: it does not compress, so the workbook stays large."""
    rng = random.Random(7)
    rows = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))


def raw_parts(data: bytes) -> dict[str, bytes]:
    """Every part as stored (its compressed bytes), by name."""
    stream = io.BytesIO(data)
    found = {}
    with zipfile.ZipFile(stream) as archive:
        for info in archive.infolist():
            stream.seek(info.header_offset + 26)
            skip = struct.unpack("<HH", stream.read(4))
            stream.seek(info.header_offset + 30 + sum(skip))
            found[info.filename] = stream.read(info.compress_size)
    return found


def tab_names(data: bytes, folder: Path) -> list[str]:
    path = folder / "names.xlsx"
    path.write_bytes(data)
    return [name for name, _ in sheet_map(path)]


def only_our_tabs_changed(old: bytes, new: bytes, *, shared: bool = True) -> list[str]:
    """Problems, if any: a part of the old workbook not kept byte for byte (as stored), or
    (with `shared`) a shared part that did more than grow. openpyxl, which plays the
    co-author, writes empty elements the writer must open to insert into: skip that check."""
    before, after = raw_parts(old), raw_parts(new)
    problems = [f"{part} changed" for part, raw in before.items()
                if part not in SHARED_PARTS and after.get(part) != raw]
    with zipfile.ZipFile(io.BytesIO(old)) as a, zipfile.ZipFile(io.BytesIO(new)) as b:
        for part in SHARED_PARTS & set(a.namelist()) if shared else ():
            problems += [f"{part}: {p}" for p in shared_xml_only_grew(a.read(part),
                                                                       b.read(part))]
    return problems
