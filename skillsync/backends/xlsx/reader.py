"""Reading tabs as Grids: python-calamine for speed, guarded, with error cells kept.

calamine returns error cells (#N/A, #REF!) as empty strings, and allocates the whole
extent of a sheet's cells densely before Python sees any of it: one stray cell at
XFD1048576 beside A1 asks for hundreds of gigabytes and the process aborts. So each sheet
is scanned first (extent.py). calamine only reads a sheet whose cells are all written the
way Excel writes them and whose extent fits a budget proportional to the cells present (see
core.grids.budget); every other sheet is streamed cell by cell (sparse.py), keeping only
the cells present. Error cells are patched back in, text over the length limit is cut,
and any reader failure becomes one line naming the damaged part.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from typing import Any

import python_calamine
from lxml import etree

from skillsync import deflate
from skillsync.backends.xlsx import precheck, readahead
from skillsync.backends.xlsx.calaminebook import Opening, Parsed, names_agree
from skillsync.backends.xlsx.hiddencolumns import merged_runs
from skillsync.backends.xlsx.package import Package, Sheet, damaged
from skillsync.backends.xlsx.sparse import SheetCells
from skillsync.backends.xlsx.zipread import verified_part
from skillsync.core.grids import clip_merges, cut_long_text, grid_from_cells
from skillsync.core.model import CellError, Grid
from skillsync.limits import Limits

_ERROR_CELL = re.compile(  # an error cell's start tag (t="e") and its content up to </c>
    rb'<(?:\w+:)?c\b([^>]*?)\bt=["\']e["\']([^>]*+)>((?:[^<]++|<(?!/?(?:\w+:)?c[\s/>]))*+)'
    rb'</(?:\w+:)?c>')
_REF = re.compile(rb'\br=["\']([A-Z]{1,3})([1-9][0-9]{0,6})["\']')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
# A calamine panic arrives as pyo3's PanicException, a BaseException; caught by name.
READ_ERRORS = (python_calamine.CalamineError, etree.LxmlError, zipfile.BadZipFile,
               *deflate.ERRORS, EOFError, UnicodeDecodeError, ValueError, KeyError, IndexError,
               OverflowError, TypeError, OSError)


def read_grids(data: bytes, archive: zipfile.ZipFile, package: Package, names: list[str],
               limits: Limits | None = None, name: str = "the workbook") -> dict[str, Grid]:
    """Grids for the named worksheets (names that are not worksheets are skipped)."""
    reader = _Reader(data, archive, package, limits or Limits(), name)
    try:
        return _read_each(reader, names, name)
    finally:
        readahead.end()


def _read_each(reader: _Reader, names: list[str], name: str) -> dict[str, Grid]:
    package = reader.package
    grids = {}
    for tab in names:
        sheet = package.sheet(tab)
        if sheet is None or sheet.kind != "worksheet" or sheet.part not in package.names:
            continue
        try:
            grids[tab] = reader.read(sheet)
            if sheet.hidden:
                grids[tab] = replace(grids[tab], tab_hidden=True)
        except READ_ERRORS as exc:
            raise damaged(name, sheet.part, f"cannot be read ({type(exc).__name__}: "
                                            f"{exc})") from exc
        except BaseException as exc:
            if type(exc).__name__ != "PanicException":
                raise
            raise damaged(name, sheet.part, "made the workbook reader fail") from exc
    return grids


class _Reader:
    def __init__(self, data: bytes, archive: zipfile.ZipFile, package: Package,
                 limits: Limits, name: str) -> None:
        self.data = data
        self.name = name  # the file's, for messages
        self.archive = archive
        self.package = package
        self.limits = limits
        self._book: Opening | None = None
        self._opens: bool | None = None

    def read(self, sheet: Sheet) -> Grid:
        early = readahead.parsed(self.data, sheet.name)
        if early is not None:  # the same checks passed on the same bytes (see readahead)
            return self._grid(sheet.name, early)
        if self._book is None and self._strings_fit_now():
            # calamine lets go of the GIL while it opens the workbook (its shared strings,
            # above all): the sheet is unpacked and scanned meanwhile. A sheet that ends up
            # streamed never asks for the book, nor sees what its opening met.
            self._book = Opening(self.data)
        # Verified as the package's checks verify an XML part, whatever its name ends in.
        scan = precheck.scanned_if_dense(  # zlib-ng unpacks it: quicker
            verified_part(self.data, self.archive.getinfo(sheet.part), self.name))
        if scan is not None and self._calamine_may_open() and self._names_agree():
            return self._dense(sheet.name, scan)
        cells = SheetCells(self.archive, self.package, self.limits.max_cell_chars)
        found, merged = cells.read(sheet.part)
        return grid_from_cells(sheet.name, found, merged, cells.cut, cells.hidden,
                               merged_runs(cells.hidden_columns))

    def _names_agree(self) -> bool:
        """Whether calamine names the tabs as the package does (calaminebook.names_agree):
        else a sheet is streamed, never parsed by calamine from another tab's part."""
        return names_agree(self._opened(), tuple(s.name for s in self.package.sheets))

    def _opened(self) -> Any:
        """calamine's book of the workbook, opened (in a thread) if not begun already."""
        if self._book is None:
            self._book = Opening(self.data)
        return self._book.book()

    def _calamine_may_open(self) -> bool:
        if self._opens is None:
            self._opens = precheck.strings_declared_fit(self.data, self.archive)
        return self._opens

    def _strings_fit_now(self) -> bool:
        """`_calamine_may_open`, asked before the sheet is scanned; a damaged table of
        strings is left to be met where it was met before: after the scan, on calamine's
        way only."""
        try:
            return self._calamine_may_open()
        except READ_ERRORS:
            return False

    def _dense(self, name: str, scan: precheck.Scan) -> Grid:
        return self._grid(name, Parsed.of(self._opened().get_sheet_by_name(name), scan))

    def _grid(self, name: str, parsed: Parsed) -> Grid:
        """The grid of a sheet calamine parsed, its error cells and formulas patched in
        from the scan's XML (b"" when it has none)."""
        rows, scan = parsed.rows, parsed.scan
        _patch_errors(rows, scan.patches)
        _patch_formulas_without_values(rows, scan.patches)
        cut = cut_long_text(rows, self.limits.max_cell_chars)
        width = max((len(r) for r in rows), default=0)
        merged = [(top + 1, left + 1, bottom + 1, right + 1)
                  for (top, left), (bottom, right) in parsed.merged]
        return Grid(name, rows, merged=clip_merges(merged, 1, 1, len(rows), width), cut=cut,
                    hidden=scan.hidden, hidden_columns=scan.hidden_columns)


def _patch_errors(rows: list[list[Any]], xml: bytes) -> None:
    if b't="e"' not in xml and b"t='e'" not in xml:
        return
    for match in _ERROR_CELL.finditer(xml):
        ref = _REF.search(match.group(1) + b" " + match.group(2))
        if ref is None:
            continue
        row, col = int(ref.group(2)) - 1, _column_index(ref.group(1).decode()) - 1
        value = _VALUE.search(match.group(3))
        if row < len(rows) and col < len(rows[row]):
            rows[row][col] = CellError(value.group(1).decode("utf-8", "replace")[:64]
                                       if value else "#ERROR")


_FORMULA_ONLY = re.compile(  # <c><f>...</f></c>, with at most an empty <v> after the formula
    rb'<(?:\w+:)?c\b([^>]*+)>\s*+<(?:\w+:)?f\b[^>]*+>([^<]*+)</(?:\w+:)?f>\s*+'
    rb'(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>')


def _patch_formulas_without_values(rows: list[list[Any]], xml: bytes) -> None:
    """A formula saved without its result (files written by programs, not by Excel) reads
    as empty; mark it, so the reader is told why the cell seems blank."""
    if b"<f" not in xml and b":f" not in xml:
        return
    # Here, not at the top: xml.sax.saxutils loads urllib.request, http.client and ssl.
    from xml.sax.saxutils import unescape as xml_unescape

    for match in _FORMULA_ONLY.finditer(xml):
        ref = _REF.search(match.group(1))
        if ref is None:
            continue
        row, col = int(ref.group(2)) - 1, _column_index(ref.group(1).decode()) - 1
        if row < len(rows) and col < len(rows[row]) and rows[row][col] in ("", None):
            formula = "=" + xml_unescape(match.group(2)[:8192].decode("utf-8", "replace"))
            rows[row][col] = CellError(formula)


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index
