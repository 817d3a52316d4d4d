"""An OpenDocument spreadsheet (.ods) measured before calamine reads it.

calamine reads an .ods sheet whole, as a grid from A1 to its farthest value, and refuses
only past a hundred million positions: a file of a few kilobytes repeating one value over
thousands of rows and columns (`table:number-rows-repeated`, `-columns-repeated`) asks
for gigabytes, and a stray value far from the data for a grid of empty cells. So the
sheets' extents are worked out first from content.xml (its size already bounded by the
zip guards), and a sheet whose grid would pass the budget of a workbook's sheet
(core/grids.budget: positions per value present) is refused in one line naming the far
cell. The tokens are found by one pattern; attribute values are skipped whole, so a ">"
inside one cannot end a tag early.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from html import unescape

from skillsync.core.grids import budget
from skillsync.core.model import column_letter
from skillsync.errors import NotAWorkbook

CONTENT = "content.xml"
# A tag's attributes, values skipped whole (a ">" or "/>" inside one is text); not the
# "/" of "/>". No "<" is in a tag, in its values either: a tag or a value left open
# stops at the next one, so a failed match never reads far and the pass stays linear.
_ATTRIBUTES = rb'(?:[^<>"\'/]++|/(?!>)|"[^"<]*+"|\'[^\'<]*+\')*+'
# A cell's body, up to the next table tag: texts and notes, never a row or a cell.
_BODY = rb"(?:[^<]++|<(?!/?table:))*+"
_CELL_END = rb"</table:(?:covered-)?table-cell>"
# A cell (whole when its body holds no table tags, as always but in a sub-table; else its
# start tag), or a table's or a row's start or end tag: the names as calamine reads them.
_TAG = re.compile(
    rb"<table:(?:covered-)?table-cell(?=[\s/>])(?P<cell>" + _ATTRIBUTES
    + rb")(?:(?P<empty>/>)|>(?P<body>" + _BODY + rb")" + _CELL_END + rb"|>)"
    + rb"|<(?P<end>/?)table:(?P<kind>table|table-row)(?=[\s/>])(?P<attributes>"
    + _ATTRIBUTES + rb")(?P<alone>/?)>")
_ROWS = re.compile(rb'table:number-rows-repeated\s*=\s*["\']\s*(\d{1,12})')
_COLUMNS = re.compile(rb'table:number-columns-repeated\s*=\s*["\']\s*(\d{1,12})')
_VALUED = re.compile(rb"office:value-type\s*=")
_NAME = re.compile(rb'table:name\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')


@dataclass
class Extent:
    """A sheet's size as calamine would grid it: up to its last row and column holding a
    value, and how many values it holds (each repeat counted)."""

    name: str
    rows: int = 0
    columns: int = 0
    values: int = 0

    @property
    def positions(self) -> int:
        return self.rows * self.columns


def check_extents(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse an .ods one of whose sheets would grid past the budget, naming its far
    cell. A package without content.xml is left to calamine (it says what is wrong)."""
    try:
        content = archive.read(CONTENT)
    except KeyError:
        return
    for sheet in extents(content):
        if sheet.positions > budget(sheet.values):
            far = f"{column_letter(sheet.columns)}{sheet.rows}"
            raise NotAWorkbook(
                f"{name}: tab '{sheet.name[:100]}' has values as far as cell {far}, too far "
                f"past the rest to read ({sheet.values:,} values in {sheet.positions:,} "
                "cells); delete the rows and columns past the data and save it again")


def extents(content: bytes) -> list[Extent]:
    """Each sheet's extent, from content.xml, in one pass over its tables, rows and cells."""
    scan = _Scan()
    pending: re.Match[bytes] | None = None  # a cell's start tag, its body not yet seen
    for tag in _TAG.finditer(content):
        if pending is not None:  # a cell holding a sub-table: its body ends here
            body = content[pending.end():tag.start()]
            scan.cell(pending["cell"], bool(_VALUED.search(pending["cell"]) or body.strip()))
            pending = None
        attributes = tag["cell"]
        if attributes is not None:
            if tag["empty"] or tag["body"] is not None:
                scan.cell(attributes, bool(_VALUED.search(attributes)
                                           or (tag["body"] or b"").strip()))
            else:
                pending = tag
        elif tag["kind"] == b"table":
            if not tag["end"]:
                scan.table(tag["attributes"])
        elif tag["end"]:
            scan.row_end()
        else:
            scan.row_start(tag["attributes"], bool(tag["alone"]))
    return scan.sheets


class _Scan:
    """Where the tags met so far leave each sheet: the row and column reached, and how
    far its values go."""

    def __init__(self) -> None:
        self.sheets: list[Extent] = []
        self.sheet: Extent | None = None
        self.row = self.column = 0
        self.repeat = 1  # the current row's repeats
        self.valued = False  # whether the current row holds a value

    def table(self, attributes: bytes) -> None:
        """A sheet's start tag: its rows are counted from the top."""
        self.sheet = Extent(_name_of(attributes))
        self.sheets.append(self.sheet)
        self.row = 0

    def row_start(self, attributes: bytes, alone: bool) -> None:
        """A row's start tag (`alone`: it ends there too, a row without cells)."""
        self.repeat, self.column, self.valued = _repeats(_ROWS, attributes), 0, False
        if alone:
            self.row_end()

    def row_end(self) -> None:
        self.row += self.repeat
        if self.valued and self.sheet is not None:
            self.sheet.rows = self.row

    def cell(self, attributes: bytes, valued: bool) -> None:
        across = _repeats(_COLUMNS, attributes)
        if valued and self.sheet is not None:
            self.sheet.columns = max(self.sheet.columns, self.column + across)
            self.sheet.values += across * self.repeat
            self.valued = True
        self.column += across


def _repeats(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    found = pattern.search(attributes)
    return max(int(found.group(1)), 1) if found else 1


def _name_of(attributes: bytes) -> str:
    found = _NAME.search(attributes)
    raw = (found.group(1) or found.group(2) or b"") if found else b""
    return unescape(raw.decode("utf-8", "replace"))
