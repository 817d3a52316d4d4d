"""CSV, OpenDocument (.ods) and legacy Excel (.xls) files: read, never rewritten.

Such a file is often an export or someone's own format, and rewriting it would lose what
only its program understands. A sync therefore writes the summary tabs into a companion
workbook beside it, `<name>.skillsync.xlsx`, with the same safe writer as any workbook
(lock files, change detection, backups, atomic swap).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import python_calamine

from skillsync.backends import Linker, WritePlan, WriteResult, opendocument
from skillsync.backends.xlsx import guard, zipread
from skillsync.core.grids import cut_long_text
from skillsync.core.model import Grid
from skillsync.core.tabs import Tab
from skillsync.errors import NotAWorkbook
from skillsync.limits import Limits
from skillsync.terminal import one_line, printable_path

SUFFIXES = (".csv", ".tsv", ".txt", ".ods", ".xls")
COMPANION_SUFFIX = ".skillsync.xlsx"
DELIMITERS = ",;\t|"
SNIFF_BYTES = 64 * 1024


class FileBackend:
    def __init__(self, path: Path, *, wait: float = 0.0, backups: int = 7,
                 writing: bool = True, limits: Limits | None = None) -> None:
        self.source = printable_path(path)
        self.path = guard.resolve_source(path)  # a regular file only, through any link
        self.wait = wait
        self.backups = backups
        self.writing = writing
        self.limits = limits or Limits()
        self.snapshot = guard.take_snapshot(self.path, self.limits.max_file_mb << 20)
        self.grids = _read_file(self.path, self.snapshot.data, self.limits)
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
                                        writing=self.writing, limits=self.limits)
        return self._target

    def _note(self) -> str:
        return (f"{self.path.name} is not rewritten: the summary tabs go to "
                f"{self.companion.name} beside it.")


def create_companion(path: Path, source_name: str) -> None:
    """A new workbook holding one tab that says what it is; our tabs are added after."""
    import xlsxwriter  # only here: an .xlsx source's run imports this module for SUFFIXES

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("About")
    sheet.write(0, 0, f"Summary tabs for {source_name}, written by skillsync on each sync.")
    sheet.write(1, 0, f"The data lives in {source_name}; edit it there, not here.")
    sheet.set_column(0, 0, 90)
    book.close()


def _read_file(path: Path, data: bytes, limits: Limits) -> dict[str, Grid]:
    suffix = path.suffix.lower()
    name = printable_path(path.name)
    if suffix in (".csv", ".tsv", ".txt"):
        return {path.stem: _grid(path.stem, read_csv(data, name), limits.max_cell_chars)}
    # calamine tells a format by the bytes, not the name: any zip (an .ods, or a workbook
    # renamed, even with bytes before it) is checked as one before calamine inflates it.
    hidden: dict[str, opendocument.Hidden] = {}
    if zipfile.is_zipfile(io.BytesIO(data)):
        grids, hidden = _zip_based(data, limits, name)
        if grids is not None:
            return grids
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return {sheet: _grid(sheet, book.get_sheet_by_name(sheet).to_python(
                    skip_empty_area=False), limits.max_cell_chars, _merges(book, sheet),
                    *hidden.get(sheet, ((), ())))
                for sheet in book.sheet_names}
    except Exception as exc:  # calamine raises its own types for a damaged file
        reason = one_line(exc, 200)
        fix = ("remove its password and save it again" if "password" in reason.casefold()
               else "open it and save it again")
        raise NotAWorkbook(f"{name} cannot be read as {suffix[1:].upper()} ({reason}); "
                           f"{fix}") from exc


def _zip_based(data: bytes, limits: Limits, name: str
               ) -> tuple[dict[str, Grid] | None, dict[str, opendocument.Hidden]]:
    """An Excel workbook under another name read as the workbook it is (its own guards,
    and a far cell reported, not gridded); else, an .ods, its zip guards and its sheets'
    extents checked (opendocument.py), and None for calamine to read it, with each
    sheet's hidden rows and columns."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise NotAWorkbook(f"{name} is not a readable zip package ({one_line(exc, 120)}); "
                           "open it and save it again") from exc
    with archive:
        if OOXML_TYPES in {n.casefold() for n in archive.namelist()}:
            return _excel_grids(data, name, limits), {}
        zipread.check_archive(archive, data, limits, name)
        return None, opendocument.check_extents(archive, name)


OOXML_TYPES = "[content_types].xml"  # the part every Office Open XML package has


def _excel_grids(data: bytes, name: str, limits: Limits) -> dict[str, Grid]:
    from skillsync.backends.excel import XlsxDocument  # pandas and the writer: only here

    document = XlsxDocument(data, name, limits)
    try:
        return document.read(document.tab_names())
    finally:
        document.close()


def _grid(name: str, rows: list[list[Any]], max_chars: int,
          merged: tuple[tuple[int, int, int, int], ...] = (),
          hidden: tuple[int, ...] = (),
          hidden_columns: tuple[tuple[int, int], ...] = ()) -> Grid:
    """A tab's rows as a Grid, text over the length limit cut (and said so)."""
    cut = cut_long_text(rows, max_chars)
    return Grid(name, rows, merged=merged, cut=tuple(cut), hidden=hidden,
                hidden_columns=hidden_columns)


def _merges(book: Any, sheet: str) -> tuple[tuple[int, int, int, int], ...]:
    """Merged ranges as 1-based (first_row, first_col, last_row, last_col), where the
    format keeps them (.xls does; .ods through calamine does not)."""
    found = book.get_sheet_by_name(sheet).merged_cell_ranges or ()
    return tuple((r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in found)


def read_csv(data: bytes, name: str = "the file") -> list[list[Any]]:
    """Rows of text: the encoding from a BOM or by trying UTF-8 then Windows-1252, the
    delimiter from the first lines (Excel writes ';' where ',' is the decimal comma), any
    line ending (a Mac's lone CR included)."""
    text = decode(data, name)
    sample = text[:SNIFF_BYTES]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        dialect = _by_count(sample)
    csv.field_size_limit(FIELD_LIMIT)
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=None), dialect)]
    except csv.Error as exc:
        raise NotAWorkbook(f"{name} is not a CSV file skillsync can read "
                           f"({one_line(exc, 120)}); save it again as CSV") from exc


FIELD_LIMIT = 16 << 20  # characters in one CSV field; cells are cut later to [limits]


def decode(data: bytes, name: str = "the file") -> str:
    """The text of a CSV file: BOMs honoured, UTF-16 without one recognised by its zero
    bytes, then UTF-8, then Windows-1252. A file of binary data is refused."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32"),
                       (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
                       (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _text(data, codec, name, len(bom) if codec == "utf-8" else 0)
    head = data[:4096]
    if head and head[1::2].count(0) > len(head) // 4:
        return _text(data, "utf-16-le", name)
    if head and head[0::2].count(0) > len(head) // 4:
        return _text(data, "utf-16-be", name)
    try:
        return _text(data, "utf-8", name, strict=True)
    except UnicodeDecodeError:
        return _text(data, "cp1252", name)


def _text(data: bytes, codec: str, name: str, skip: int = 0, strict: bool = False) -> str:
    text = data[skip:].decode(codec, "strict" if strict else "replace")
    if "\x00" in text[:65536]:
        raise NotAWorkbook(f"{name} is not a text file (it holds binary data); give a .csv "
                           "saved as text, or the workbook itself")
    return text


def _by_count(sample: str) -> type[csv.Dialect]:
    first = sample.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count)

    class Counted(csv.excel):
        pass

    Counted.delimiter = delimiter
    return Counted
