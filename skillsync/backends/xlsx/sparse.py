"""Reading a sheet cell by cell, keeping only the cells present.

For sheets the fast dense reader (calamine) must not see: a used range absurd for its
cells (a stray keystroke at XFD1048576 would make calamine allocate hundreds of gigabytes
and abort the process), or markup whose cell positions cannot be checked cheaply. lxml
streams the part, so memory follows the cells present, never their coordinates.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from typing import Any

from lxml import etree

from skillsync.backends.xlsx.package import Package
from skillsync.backends.xlsx.xmltext import unescape_chars
from skillsync.core.grids import Merge
from skillsync.core.model import CellError, column_letter

MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's grid; positions beyond it are not cells
_REF = re.compile(r"([A-Za-z]{1,3})([1-9][0-9]{0,6})")


class SheetCells:
    """The cells of one sheet, plus its merged ranges and the cells whose text was cut."""

    def __init__(self, archive: zipfile.ZipFile, package: Package, max_chars: int) -> None:
        self.archive = archive
        self.package = package
        self.max_chars = max_chars
        self._strings: list[str] | None = None
        self._dates: frozenset[int] | None = None
        self.cut: list[str] = []
        self.hidden: list[int] = []  # rows hidden in the spreadsheet (hiddenrows.py)
        self.hidden_columns: list[tuple[int, int]] = []  # (first, last) runs, unsorted

    def read(self, part: str) -> tuple[dict[tuple[int, int], Any], list[Merge]]:
        cells: dict[tuple[int, int], Any] = {}
        merged: list[Merge] = []
        row, column = 0, 0
        with self.archive.open(part) as stream:
            for event, element in etree.iterparse(
                    stream, events=("start", "end"),
                    tag=("{*}row", "{*}c", "{*}mergeCell", "{*}col"),
                    resolve_entities=False, no_network=True, load_dtd=False):
                local = etree.QName(element).localname
                if event == "start":
                    if local == "row":
                        row, column = _row_number(element.get("r"), row), 0
                        if element.get("hidden") in ("1", "true"):
                            self.hidden.append(row)
                    elif local == "col":
                        self._column_run(element)
                    continue
                if local == "c":
                    row, column = _position(element.get("r"), row, column)
                    value = self._value(element)
                    if value is not None and row <= MAX_ROW and column <= MAX_COL:
                        cells[(row, column)] = self._capped(value, row, column)
                elif local == "mergeCell":
                    found = _merge(element.get("ref", ""))
                    if found:
                        merged.append(found)
                _release(element)
        return cells, merged

    def _column_run(self, element: etree._Element) -> None:
        """A hidden column run of the sheet's column list (see hiddencolumns.py)."""
        if element.get("hidden") not in ("1", "true"):
            return
        first = _count(element.get("min"))
        last = min(_count(element.get("max")) or first, MAX_COL)
        if 1 <= first <= last:
            self.hidden_columns.append((first, last))

    def _capped(self, value: Any, row: int, column: int) -> Any:
        if value.__class__ is str and len(value) > self.max_chars:
            self.cut.append(f"{column_letter(column)}{row}")
            return value[: self.max_chars]
        return value

    def _value(self, cell: etree._Element) -> Any:
        kind = cell.get("t", "n")
        raw = _child_text(cell, "v")
        if kind == "inlineStr":
            inline = next(cell.iterchildren("{*}is"), None)
            return _rich_text(inline) if inline is not None else None
        if raw is None:
            formula = _child_text(cell, "f")
            return CellError("=" + formula) if formula else None
        if kind == "s":
            strings = self.strings()
            return strings[int(raw)] if raw.isdigit() and int(raw) < len(strings) else ""
        if kind == "str":
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "e":
            return CellError(raw or "#ERROR")
        if kind == "d":
            return _iso_date(raw)
        return self._number(raw, cell.get("s", "0"))

    def _number(self, raw: str, style: str) -> Any:
        try:
            number = float(raw)
        except ValueError:
            return raw
        if style.isdigit() and int(style) in self.dates():
            from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

            try:
                moment = from_excel(number, MAC_EPOCH if self.package.date1904 else
                                    WINDOWS_EPOCH)
            except (ValueError, OverflowError):
                return number
            if isinstance(moment, datetime) and number.is_integer():
                return moment.date()
            return moment
        return number

    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = read_strings(self.archive, self.package.strings_part)
        return self._strings

    def dates(self) -> frozenset[int]:
        if self._dates is None:
            self._dates = date_styles(self.archive, self.package.styles_part)
        return self._dates


def read_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    """The shared strings table as plain text (rich runs joined, phonetic runs left out)."""
    if not part or part not in archive.namelist():
        return []
    found = []
    with archive.open(part) as stream:
        for _, element in etree.iterparse(stream, tag="{*}si", resolve_entities=False,
                                          no_network=True, load_dtd=False):
            found.append(_rich_text(element))
            _release(element)
    return found


def date_styles(archive: zipfile.ZipFile, part: str | None) -> frozenset[int]:
    """Indices of the cell formats (cellXfs) that show numbers as dates."""
    if not part or part not in archive.namelist():
        return frozenset()
    # openpyxl (a tenth of a second to load) only where a sheet is streamed cell by cell.
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    root = etree.fromstring(archive.read(part), etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False))
    codes = dict(BUILTIN_FORMATS)
    for node in root.iterfind("{*}numFmts/{*}numFmt"):
        number = node.get("numFmtId", "")
        if number.isdigit():
            codes[int(number)] = node.get("formatCode", "")
    found = set()
    for index, xf in enumerate(root.iterfind("{*}cellXfs/{*}xf")):
        number = xf.get("numFmtId", "0")
        code = codes.get(int(number)) if number.isdigit() and len(number) < 6 else None
        if code and is_date_format(code):
            found.add(index)
    return frozenset(found)


def _child_text(cell: etree._Element, local: str) -> str | None:
    child = next(cell.iterchildren(f"{{*}}{local}"), None)
    return None if child is None else (child.text or "")


def _rich_text(node: etree._Element) -> str:
    """The text of <si> or <is>: runs joined, phonetic runs left out, _xHHHH_ decoded."""
    return unescape_chars("".join(t.text or "" for t in node.iter("{*}t")
                                  if etree.QName(t.getparent()).localname != "rPh"))


def _iso_date(raw: str) -> Any:
    try:
        return datetime.fromisoformat(raw.strip().rstrip("Z"))
    except ValueError:
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            return raw


def _row_number(ref: str | None, previous: int) -> int:
    return int(ref) if ref and ref.isdigit() and len(ref) <= 7 else previous + 1


def _position(ref: str | None, row: int, column: int) -> tuple[int, int]:
    """(row, column) of a cell: from its reference, else just right of the previous one."""
    found = _REF.fullmatch(ref) if ref else None
    if found is None:
        return max(row, 1), column + 1
    return int(found.group(2)), _column_number(found.group(1))


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def _merge(ref: str) -> Merge | None:
    first, _, last = ref.partition(":")
    a, b = _REF.fullmatch(first), _REF.fullmatch(last or first)
    if a is None or b is None:
        return None
    top, left = int(a.group(2)), _column_number(a.group(1))
    bottom, right = int(b.group(2)), _column_number(b.group(1))
    return min(top, bottom), min(left, right), max(top, bottom), max(left, right)


def _release(element: etree._Element) -> None:
    """Free what has been read, so a long sheet is never held whole."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _count(text: str | None) -> int:
    """A column number as written (min, max); 0 when it is not one."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) <= 6 else 0
