"""CSV, OpenDocument (.ods) and legacy Excel (.xls) files: read, never rewritten.

Such a file is often an export or someone's own format, and rewriting it would lose what
only its program understands. A sync therefore writes the summary tabs into a companion
workbook beside it, `<name>.skillsync.xlsx`, with the same safe writer as any workbook
(lock files, change detection, backups, atomic swap).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import python_calamine
import xlsxwriter

from skillsync.backends import Linker, WritePlan, WriteResult
from skillsync.backends.xlsx import guard
from skillsync.core.model import Grid
from skillsync.core.tabs import Tab
from skillsync.errors import NotAWorkbook

SUFFIXES = (".csv", ".tsv", ".txt", ".ods", ".xls")
COMPANION_SUFFIX = ".skillsync.xlsx"
DELIMITERS = ",;\t|"
SNIFF_BYTES = 64 * 1024


class FileBackend:
    def __init__(self, path: Path, *, wait: float = 0.0, backups: int = 7,
                 writing: bool = True) -> None:
        self.source = str(path)
        self.path = path.resolve()
        self.wait = wait
        self.backups = backups
        self.writing = writing
        self.snapshot = guard.take_snapshot(self.path)
        self.grids = _read_file(self.path, self.snapshot.data)
        self.companion = self.path.with_name(self.path.stem + COMPANION_SUFFIX)
        self._target: Any = None

    def tab_names(self) -> list[str]:
        return list(self.grids)

    def read(self, names: list[str]) -> dict[str, Grid]:
        return {n: self.grids[n] for n in names if n in self.grids}

    def plan(self, tabs: list[Tab]) -> WritePlan:
        if not self.companion.exists():
            titles = tuple(t.title for t in tabs if not t.unfit)
            return WritePlan(add=titles, skip=tuple((t.title, t.unfit) for t in tabs if t.unfit),
                             notes=(self._note(),), target=str(self.companion))
        found = self._open_target().plan(tabs)
        return WritePlan(found.replace, found.add, found.skip, found.stale,
                         (*found.notes, self._note()), str(self.companion))

    def write(self, tabs: list[Tab], plan: WritePlan) -> WriteResult:
        if not plan.writes:
            return WriteResult(plan)
        if not self.companion.exists():
            create_companion(self.companion, self.path.name)
        target = self._open_target()
        result = target.write(tabs, target.plan(tabs))
        return WriteResult(plan, result.written, result.backup)

    def linker(self) -> Linker:
        path = self.path

        def link(sheet: str, cell: str) -> str:
            return f"{path} — cell {cell}" if path.suffix.lower() in (".csv", ".tsv", ".txt") \
                else f"{path} — tab '{sheet}', cell {cell}"

        return link

    def close(self) -> None:
        if self._target is not None:
            self._target.close()

    def _open_target(self):
        if self._target is None:
            from skillsync.backends.excel import ExcelBackend

            self._target = ExcelBackend(self.companion, wait=self.wait, backups=self.backups,
                                        writing=self.writing)
        return self._target

    def _note(self) -> str:
        return (f"{self.path.name} is not rewritten: the summary tabs go to "
                f"{self.companion.name} beside it.")


def create_companion(path: Path, source_name: str) -> None:
    """A new workbook holding one tab that says what it is; our tabs are added after."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("About")
    sheet.write(0, 0, f"Summary tabs for {source_name}, written by skillsync on each sync.")
    sheet.write(1, 0, f"The data lives in {source_name}; edit it there, not here.")
    sheet.set_column(0, 0, 90)
    book.close()


def _read_file(path: Path, data: bytes) -> dict[str, Grid]:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return {path.stem: Grid(path.stem, read_csv(data))}
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return {name: Grid(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
                for name in book.sheet_names}
    except Exception as exc:
        raise NotAWorkbook(f"{path.name} cannot be read as {suffix[1:].upper()} ({exc}); "
                           "open it and save it again") from exc


def read_csv(data: bytes) -> list[list[Any]]:
    """Rows of text: the encoding from a BOM or by trying UTF-8 then Windows-1252, the
    delimiter from the first lines (Excel writes ';' where ',' is the decimal comma)."""
    text = decode(data)
    sample = text[:SNIFF_BYTES]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        dialect = _by_count(sample)
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _by_count(sample: str) -> type[csv.Dialect]:
    first = sample.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count)

    class Counted(csv.excel):
        pass

    Counted.delimiter = delimiter
    return Counted
