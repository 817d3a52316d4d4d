"""Helpers for the hardening tests: small real workbooks, edited parts, the CLI as a process."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import xlsxwriter
from click.testing import CliRunner
from messy import BUILT

from skillsync.cli import main

ROOT = Path(__file__).resolve().parents[1]
# Address space for a run of the command under `run(memory_mb=...)`: a Python with pandas
# needs about 1.3 GB of it; a grid from a hostile file would need several times that.
MEMORY_MB = 3000
HEADER = ["Name", "E-mail", "Team", "Skills"]
PEOPLE = [["Ana Lima", "ana@example.com", "Search", "NLP (4), SQL"],
          ["Wei Zhang", "wei@example.com", "Vision", "CV, PyTorch (5)"],
          ["Kofi Boateng", "kofi@example.com", "Risk", "Graph analytics"]]


def small_workbook(path: Path, *, extra: Callable | None = None) -> Path:
    """A People tab with a header and three people; `extra(book)` may add more."""
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": BUILT})  # the same bytes at every build
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, HEADER)
    for row, values in enumerate(PEOPLE, start=1):
        sheet.write_row(row, 0, values)
    if extra is not None:
        extra(book)
    book.close()
    return path


def rewrite_parts(path: Path, changes: dict[str, Callable[[bytes], bytes] | bytes | None],
                  out: Path | None = None, *, rename: dict[str, str] | None = None) -> Path:
    """The package with some parts changed (None deletes one; a new name adds it)."""
    out = out or path
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    names = {info.filename for info, _ in parts}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            change = changes.get(info.filename, data)
            if change is None:
                continue
            content = change(data) if callable(change) else change
            target.writestr((rename or {}).get(info.filename, info.filename), content)
        for name, change in changes.items():
            if name not in names and change is not None:
                target.writestr(name, change if isinstance(change, bytes) else change(b""))
    return out


def doctype_worksheet_as_bin(path: Path) -> Path:
    """The first worksheet stored as 'sheet1.bin' (the package's checks verify parts by
    their suffix), with a document type: found only as the sheet is read."""
    return rewrite_parts(path, {
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"worksheets/sheet1.xml",
                                                          b"worksheets/sheet1.bin"),
        "[Content_Types].xml": lambda x: x.replace(b"/xl/worksheets/sheet1.xml",
                                                   b"/xl/worksheets/sheet1.bin"),
        "xl/worksheets/sheet1.xml": lambda x: b'<!DOCTYPE x [<!ENTITY a "a">]>' + x},
        rename={"xl/worksheets/sheet1.xml": "xl/worksheets/sheet1.bin"})


def office_owner_file(user: str) -> bytes:
    """An Office owner file as Excel writes it: ANSI name, padding, then UTF-16 name."""
    ansi = user.encode("cp1252", "replace")
    head = (bytes([len(ansi)]) + ansi).ljust(54, b" ")
    wide = len(user).to_bytes(2, "little") + user.encode("utf-16-le")
    return (head + wide).ljust(162, b"\x00")


def read_part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def lying_part(path: Path, part: str, hidden: Callable[[bytes], bytes]) -> Path:
    """`part`'s recorded size and checksum cover its content; its deflate stream goes on
    to `hidden(content)` (a reader that inflates to the stream's end reads all of it)."""
    import io
    import zlib

    from skillsync.backends.xlsx.zipparts import RawPart, write_parts

    real = read_part(path, part)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = packer.compress(hidden(real)) + packer.flush()
    with zipfile.ZipFile(path) as archive:
        parts = [RawPart(i.filename, stream, 8, zlib.crc32(real), len(real))
                 if i.filename == part else RawPart.new(i.filename, archive.read(i))
                 for i in archive.infolist()]
    out = io.BytesIO()
    write_parts(out, parts)
    path.write_bytes(out.getvalue())
    return path


def cli(*args: object) -> tuple[int, str, str]:
    """The CLI in-process, as click runs it."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def run(*args: str | bytes | Path, cwd: Path | None = None, timeout: float = 120,
        env: dict[str, str] | None = None, memory_mb: int | None = None,
        **options) -> subprocess.CompletedProcess:
    """`python -m skillsync ARGS` as its own process, bounded in time (and, with
    `memory_mb`, in address space, so a runaway allocation fails instead of swapping)."""
    command = [sys.executable, "-m", "skillsync", *[os.fsencode(a) for a in args]]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    limit = None
    if memory_mb is not None:
        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True,
                          timeout=timeout, preexec_fn=limit, **options)


def one_clear_line(stderr: str | bytes) -> str:
    """The single 'Error: ...' line a failure prints; fails the test otherwise."""
    text = stderr.decode("utf-8") if isinstance(stderr, bytes) else stderr
    lines = text.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), text[-2000:]
    assert "Traceback" not in text and not lines[0].startswith("Error: unexpected "), text
    return lines[0]
