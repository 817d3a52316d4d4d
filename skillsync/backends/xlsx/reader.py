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
from datetime import datetime, timedelta
from typing import Any

import python_calamine
from lxml import etree

from skillsync.backends.xlsx.package import MAIN_NS, Package
from skillsync.core.model import CellError, Grid, column_letter

DENSE_LIMIT = 20_000_000  # cells calamine may allocate for one sheet
_LAST_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_WIDE = {2: re.compile(rb'\br="[A-Z]{2}\d'), 3: re.compile(rb'\br="[A-Z]{3}\d')}
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
        if _dense_cells(xml) > DENSE_LIMIT:
            grids[name] = SparseReader(archive, package).read(name, xml)
            continue
        book = book or python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        _patch_errors(rows, xml)
        grids[name] = Grid(name, rows)
    return grids


def _dense_cells(xml: bytes) -> int:
    """An upper bound on the rows x columns a dense reader would allocate."""
    tail = xml.rfind(b"<row", max(0, len(xml) - 2_000_000))
    last = _LAST_ROW.search(xml, tail) if tail >= 0 else None
    rows = int(last.group(1)) if last else xml.count(b"<row")
    columns = 16_384 if _WIDE[3].search(xml) else 702 if _WIDE[2].search(xml) else 26
    return rows * columns


def _patch_errors(rows: list[list[Any]], xml: bytes) -> None:
    for match in _ERROR_CELL.finditer(xml):
        ref = _REF.search(match.group(1) + b" " + match.group(2))
        if ref is None:
            continue
        row, col = int(ref.group(2)) - 1, _column_index(ref.group(1).decode()) - 1
        value = _VALUE.search(match.group(3))
        if row < len(rows) and col < len(rows[row]):
            rows[row][col] = CellError(value.group(1).decode() if value else "#ERROR")


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index


_BUILTIN_DATES = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
_DATE_CODE = re.compile(r"[dmyhs]", re.I)
_NOT_DATE_PARTS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


class SparseReader:
    """A streaming reader that keeps only the cells present, for sheets with stray far cells."""

    def __init__(self, archive: zipfile.ZipFile, package: Package) -> None:
        self.archive = archive
        self.strings = self._strings(package.strings_part)
        self.date_styles = self._date_styles(package.styles_part)
        self.epoch = datetime(1904, 1, 1) if package.date1904 else datetime(1899, 12, 30)

    def read(self, name: str, xml: bytes) -> Grid:
        cells: dict[tuple[int, int], Any] = {}
        row_number = 0
        for _, node in etree.iterparse(io.BytesIO(xml), tag=f"{{{MAIN_NS}}}row",
                                       huge_tree=True, resolve_entities=False):
            row_number = int(node.get("r", row_number + 1))
            column = 0
            for cell in node.iterfind(f"{{{MAIN_NS}}}c"):
                ref = cell.get("r")
                column = _column_index(re.sub(r"\d", "", ref)) if ref else column + 1
                value = self._value(cell)
                if value not in (None, ""):
                    cells[(row_number, column)] = value
            node.clear(keep_tail=False)
        return _grid_from_cells(name, cells)

    def _value(self, cell: etree._Element) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return "".join(cell.find(f"{{{MAIN_NS}}}is").itertext())
        raw = cell.findtext(f"{{{MAIN_NS}}}v")
        if raw is None:
            return None
        if kind == "s":
            return self.strings[int(raw)]
        if kind == "e":
            return CellError(raw)
        if kind == "b":
            return raw == "1"
        if kind in ("str", "d"):
            return raw
        number = float(raw)
        if int(cell.get("s", "0")) in self.date_styles:
            return self.epoch + timedelta(days=number)
        return number

    def _strings(self, part: str | None) -> list[str]:
        if not part or part not in self.archive.namelist():
            return []
        tag = f"{{{MAIN_NS}}}si"
        texts = []
        for _, node in etree.iterparse(io.BytesIO(self.archive.read(part)), tag=tag,
                                       huge_tree=True, resolve_entities=False):
            texts.append("".join(t.text or "" for t in node.iter(f"{{{MAIN_NS}}}t")
                                 if t.getparent().tag != f"{{{MAIN_NS}}}rPh"))
            node.clear(keep_tail=False)
        return texts

    def _date_styles(self, part: str | None) -> set[int]:
        if not part or part not in self.archive.namelist():
            return set()
        root = etree.fromstring(self.archive.read(part))
        custom = {int(n.get("numFmtId")): n.get("formatCode", "")
                  for n in root.iter(f"{{{MAIN_NS}}}numFmt")}
        xfs = root.find(f"{{{MAIN_NS}}}cellXfs")
        dated = set()
        for index, xf in enumerate(xfs if xfs is not None else []):
            number = int(xf.get("numFmtId", "0"))
            code = _NOT_DATE_PARTS.sub("", custom.get(number, ""))
            if number in _BUILTIN_DATES or (number in custom and _DATE_CODE.search(code)):
                dated.add(index)
        return dated


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
