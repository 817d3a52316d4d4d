"""Reading tabs as Grids: python-calamine for speed, guarded, with error cells kept.

calamine returns error cells (#N/A, #REF!) as empty strings and allocates the whole used
range densely, so a single stray cell at XFD1048576 would ask for gigabytes. We scan the
sheet XML first: error cells are patched back in, and a sheet whose extent is absurd for
its cell count is read by a sparse streaming reader instead.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any
from xml.sax.saxutils import unescape as xml_unescape

import openpyxl
import python_calamine

from skillsync.backends.xlsx.package import Package
from skillsync.core.model import CellError, Grid, column_letter

DENSE_LIMIT = 20_000_000  # cells calamine may allocate for one sheet
SPARSE_FLOOR = 2_000_000  # below this, a dense grid is cheap whatever its emptiness
_LAST_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
# A literal prefix lets the regex engine skip ahead fast; a leading \b would not.
_WIDE = {2: re.compile(rb'r="[A-Z]{2}\d'), 3: re.compile(rb'r="[A-Z]{3}\d')}
_ERROR_CELL = re.compile(
    rb'<(?:\w+:)?c\b([^>]*?)\bt=["\']e["\']([^>]*)>(.*?)</(?:\w+:)?c>', re.S)
_REF = re.compile(rb'\br=["\']([A-Z]+)(\d+)["\']')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def read_grids(data: bytes, archive: zipfile.ZipFile, package: Package,
               names: list[str]) -> dict[str, Grid]:
    """Grids for the named worksheets (names that are not worksheets are skipped)."""
    book = None
    grids = {}
    for name in names:
        sheet = package.sheet(name)
        if sheet is None or sheet.kind != "worksheet" or sheet.part not in package.names:
            continue
        xml = archive.read(sheet.part)
        if _sparse(xml):
            sparse = SparseReader(data)
            try:
                grids[name] = sparse.read(name)
            finally:
                sparse.book.close()
            continue
        book = book or python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        _patch_errors(rows, xml)
        _patch_formulas_without_values(rows, xml)
        grids[name] = Grid(name, rows)
    return grids


def _sparse(xml: bytes) -> bool:
    """Whether a dense grid would be absurd for the cells present: far over a hard limit,
    or mostly empty (a stray keystroke far below or to the right of a small table)."""
    dense = _dense_cells(xml)
    return dense > DENSE_LIMIT or dense > max(SPARSE_FLOOR, 20 * xml.count(b"<c "))


def _dense_cells(xml: bytes) -> int:
    """An upper bound on the rows x columns a dense reader would allocate."""
    tail = xml.rfind(b"<row", max(0, len(xml) - 2_000_000))
    last = _LAST_ROW.search(xml, tail) if tail >= 0 else None
    rows = int(last.group(1)) if last else xml.count(b"<row")
    columns = 16_384 if _WIDE[3].search(xml) else 702 if _WIDE[2].search(xml) else 26
    fits = DENSE_LIMIT // max(rows, 1)  # columns a sheet this long may span
    if columns == 26 and fits < 26 and not _past_column(xml, fits):
        columns = fits  # a full-length sheet of a few columns is data, not an absurd range
    return rows * columns


def _past_column(xml: bytes, columns: int) -> bool:
    """Whether some cell lies right of the first `columns` (single-letter) columns."""
    letters = "".join(chr(65 + i) for i in range(columns, 26)).encode()
    return re.search(rb'r="[' + letters + rb']\d', xml) is not None


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
            rows[row][col] = CellError(value.group(1).decode() if value else "#ERROR")


_FORMULA_ONLY = re.compile(  # <c><f>...</f></c>, with at most an empty <v> after the formula
    rb'<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*>([^<]*)</(?:\w+:)?f>\s*'
    rb'(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>')


def _patch_formulas_without_values(rows: list[list[Any]], xml: bytes) -> None:
    """A formula saved without its result (files written by programs, not by Excel) reads
    as empty; mark it, so the reader is told why the cell seems blank."""
    if b"<f" not in xml and b":f" not in xml:
        return
    for match in _FORMULA_ONLY.finditer(xml):
        ref = _REF.search(match.group(1))
        if ref is None:
            continue
        row, col = int(ref.group(2)) - 1, _column_index(ref.group(1).decode()) - 1
        if row < len(rows) and col < len(rows[row]) and rows[row][col] in ("", None):
            formula = "=" + xml_unescape(match.group(2).decode("utf-8", "replace"))
            rows[row][col] = CellError(formula)


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index


class SparseReader:
    """openpyxl's streaming reader, keeping only the cells present: for sheets whose used
    range is absurd (a stray keystroke at XFD1048576) and would not fit a dense grid."""

    def __init__(self, data: bytes) -> None:
        self.book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)

    def read(self, name: str) -> Grid:
        sheet = self.book[name]
        sheet.reset_dimensions()  # the recorded extent is what we cannot trust
        cells: dict[tuple[int, int], Any] = {}
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None or value == "":
                    continue
                error = cell.data_type == "e"
                cells[(cell.row, cell.column)] = CellError(value) if error else value
        return _grid_from_cells(name, cells)


def _grid_from_cells(name: str, cells: dict[tuple[int, int], Any]) -> Grid:
    """A dense grid over the cells that matter: far stray cells are dropped from the shape."""
    if not cells:
        return Grid(name, [])
    rows = sorted({r for r, _ in cells})
    # Keep the block of rows up to the first big gap; a lone cell far below is not data.
    kept = [rows[0]]
    for number in rows[1:]:
        if number - kept[-1] > 1000:
            break
        kept.append(number)
    last_row = kept[-1]
    columns = sorted({c for r, c in cells if r <= last_row})
    last_col = next((c for i, c in enumerate(columns) if i + 1 < len(columns)
                     and columns[i + 1] - c > 200), columns[-1])
    grid = [[""] * last_col for _ in range(last_row)]
    stray = []
    for (r, c), value in sorted(cells.items()):
        if r <= last_row and c <= last_col:
            grid[r - 1][c - 1] = value
        else:
            stray.append(f"{column_letter(c)}{r}")
    return Grid(name, grid, stray=tuple(stray))
