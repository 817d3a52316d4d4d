"""An OpenDocument spreadsheet (.ods) measured before calamine reads it.

calamine reads an .ods sheet whole, as a grid from A1 to its farthest value, and refuses
only past a hundred million positions: a file of a few kilobytes repeating one value over
thousands of rows and columns (`table:number-rows-repeated`, `-columns-repeated`) asks
for gigabytes, and a stray value far from the data for a grid of empty cells. So each
sheet's grid is worked out first from content.xml (its size bounded by the zip guards,
its prolog free of a document type), and one that would pass the budget of a workbook's
sheet for the cells the file actually writes (core/grids.budget: twenty positions per
written value) is refused in one line naming the far cell.

The file is read by expat as calamine reads it: elements by their names as written
(calamine does not resolve namespaces), entities decoded, comments and processing
instructions skipped. A table inside a cell, which a spreadsheet never writes, is
refused (calamine would count its rows with its sheet's). Where the two readers could
differ, the count errs high: a cell is empty only when it has no content and no
attribute but its style, validation and repeat, so a value given by any other attribute
(`office:value`, a formula) counts. calamine also writes out the empty cells of a row up
to its last cell element, and every repeat of a text (and of its repeated spaces,
`<text:s text:c="..."/>`): both are bounded as well. A file nesting elements deeper than
any spreadsheet does is refused before expat's stack of open elements grows with it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from skillsync.core.grids import budget
from skillsync.core.model import column_letter
from skillsync.errors import NotAWorkbook

CONTENT = "content.xml"
SHEET, ROW, COLUMN = "table:table", "table:table-row", "table:table-column"
CELLS = frozenset({"table:table-cell", "table:covered-table-cell"})
EMPTY_CELL_ATTRIBUTES = frozenset({"table:style-name", "table:content-validation-name",
                                   "table:number-columns-repeated"})
# A row's or column's table:visibility: hidden by hand or in a group, filtered out.
HIDDEN = frozenset({"collapse", "filter"})
MAX_COL = 16_384
MAX_DEPTH = 200  # elements open at once: LibreOffice nests a cell's text a few levels deep
# What repeats add to the cells' texts as calamine writes them out, in bytes (a character
# outside ASCII counted as four, as calamine and Python may hold it): 32 MB. The texts
# the file writes itself are bounded by the zip guards, as a workbook's are.
REPEATED_TEXT = 1 << 25
_PIECE = 1 << 20  # bytes fed to expat at a time


@dataclass
class Extent:
    """A sheet's grid as calamine would build it: up to its last row and column holding
    a value; and how many values the file writes in it (a repeated one once)."""

    name: str
    rows: int = 0
    columns: int = 0
    written: int = 0
    cells: int = 0  # cells calamine writes out as it reads the rows (see _Scan._cell_end)
    # Rows hidden by hand or by a filter, as (first, last) runs: a run may repeat one
    # empty row to the sheet's end, so the rows are only spelled out up to its last value.
    hidden_runs: list[tuple[int, int]] = field(default_factory=list)
    columns_described: int = 0  # columns the sheet's column list has described so far
    hidden_column_runs: list[tuple[int, int]] = field(default_factory=list)

    def hidden_rows(self) -> tuple[int, ...]:
        """The hidden rows (1-based) at or above the sheet's last row holding a value."""
        return tuple(row for first, last in self.hidden_runs
                     for row in range(first, min(last, self.rows) + 1))

    @property
    def positions(self) -> int:
        return self.rows * self.columns


class TooFar(ValueError):
    """What calamine would make of the file passes a bound: a sheet's grid or the cells it
    writes out, the texts repeats add, the nesting; or a table where none belongs."""


Hidden = tuple[tuple[int, ...], tuple[tuple[int, int], ...]]  # rows; column runs


def check_extents(archive: zipfile.ZipFile, name: str) -> dict[str, Hidden]:
    """Refuse an .ods one of whose sheets would grid past the budget, naming its far
    cell; else each sheet's hidden rows and hidden column runs, by its name. A package
    without content.xml is left to calamine (it says what is wrong)."""
    try:
        content = archive.read(CONTENT)
    except KeyError:
        return {}
    try:
        return {sheet.name: (sheet.hidden_rows(), tuple(sheet.hidden_column_runs))
                for sheet in extents(content)}
    except TooFar as exc:
        raise NotAWorkbook(f"{name}: {exc}") from exc
    except expat.ExpatError as exc:
        raise NotAWorkbook(f"{name} is damaged: {CONTENT} is not well-formed XML "
                           f"({expat.errors.messages.get(exc.code, 'error')}, line "
                           f"{exc.lineno}); open it and save it again") from exc


def extents(content: bytes) -> Iterator[Extent]:
    """Each sheet's extent, from content.xml, as its end is read; TooFar at the first
    sheet past the budget."""
    scan = _Scan()
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.text
    view = memoryview(content)
    for at in range(0, len(view), _PIECE):
        parser.Parse(view[at:at + _PIECE], False)
        yield from scan.finished()
    parser.Parse(b"", True)
    yield from scan.finished()


class _Scan:
    """Where the elements read so far leave the sheet being read: the row and column
    reached, whether the current row and cell hold a value, and the repeats in force."""

    def __init__(self) -> None:
        self.sheet: Extent | None = None
        self.done: list[Extent] = []
        self.row = self.column = 0
        self.rows_repeated = self.columns_repeated = 1
        self.row_valued = False
        self.in_cell = 0  # elements open inside the current cell, the cell included
        self.cell_valued = False
        self.reach = 0  # the current row's cells written out so far
        self.depth = 0  # elements open
        self.chars = 0  # the current cell's text, in bytes (see REPEATED_TEXT)
        self.repeated_text = 0  # bytes repeats add to the texts: see REPEATED_TEXT

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TooFar(f"content.xml nests elements over {MAX_DEPTH} deep, which a "
                         "spreadsheet never does; open the file and save it again")
        if self.in_cell:  # a cell's content: a paragraph, a note, a link
            self.in_cell += 1
            self.cell_valued = True
            if name == "text:s":  # spaces written out from one short element
                spaces = _repeats(attributes.get("text:c"))
                self.chars += spaces
                self._repeated(spaces)
            elif name in CELLS or name in (SHEET, ROW):
                raise TooFar("a cell holds a table of its own, which a spreadsheet never "
                             "writes; open the file and save it again")
        elif name == SHEET:
            self._sheet_start(attributes)
        elif self.sheet is None:
            return
        elif name == ROW:
            self.rows_repeated, self.column, self.row_valued = _repeats(
                attributes.get("table:number-rows-repeated")), 0, False
            self.reach = 0
            if attributes.get("table:visibility") in HIDDEN:
                self.sheet.hidden_runs.append((self.row + 1, self.row + self.rows_repeated))
        elif name in CELLS:
            self._cell_start(attributes)
        elif name == COLUMN:
            self._column(attributes)

    def _sheet_start(self, attributes: dict[str, str]) -> None:
        if self.sheet is not None:
            raise TooFar("a tab holds a table of its own, which a spreadsheet never writes; "
                         "open the file and save it again")
        self.sheet = Extent(attributes.get("table:name", "")[:100])
        self.row = 0

    def _column(self, attributes: dict[str, str]) -> None:
        """One entry of the sheet's column list, which may stand for several columns."""
        assert self.sheet is not None
        first = self.sheet.columns_described + 1
        last = min(first - 1 + _repeats(attributes.get("table:number-columns-repeated")),
                   MAX_COL)
        self.sheet.columns_described = last
        if attributes.get("table:visibility") in HIDDEN and first <= last:
            self.sheet.hidden_column_runs.append((first, last))

    def _cell_start(self, attributes: dict[str, str]) -> None:
        self.columns_repeated = _repeats(attributes.get("table:number-columns-repeated"))
        valued = [value for key, value in attributes.items()
                  if key not in EMPTY_CELL_ATTRIBUTES]
        self.cell_valued, self.chars, self.in_cell = bool(valued), sum(map(_bytes, valued)), 1

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.in_cell:
            self.in_cell -= 1
            if self.in_cell == 0:
                self._cell_end()
        elif name == SHEET and self.sheet is not None:
            self._check(self.sheet)
            self.done.append(self.sheet)
            self.sheet = None
        elif name == ROW and self.sheet is not None:
            self.row += self.rows_repeated
            self.sheet.cells += self.reach * self.rows_repeated
            if self.row_valued:
                self.sheet.rows = self.row

    def text(self, data: str) -> None:
        if self.in_cell:
            self.chars += _bytes(data)
            if not self.cell_valued and not data.isspace():
                self.cell_valued = True

    def finished(self) -> list[Extent]:
        done, self.done = self.done, []
        return done

    def _cell_end(self) -> None:
        """calamine writes out a row's cells up to the last one: the empty ones before a
        cell as it meets it, a valued one with its repeats (`reach`)."""
        if self.cell_valued and self.sheet is not None:
            self.sheet.columns = max(self.sheet.columns, self.column + self.columns_repeated)
            self.sheet.written += 1
            self.row_valued = True
            self.reach = self.column + self.columns_repeated
            self._repeated(self.chars * (self.columns_repeated * self.rows_repeated - 1))
        else:
            self.reach = self.column
        self.column += self.columns_repeated

    def _repeated(self, size: int) -> None:
        self.repeated_text += size
        if self.repeated_text > REPEATED_TEXT:
            raise TooFar(f"its cells repeat texts over {REPEATED_TEXT >> 20} MB in all; "
                         "shorten the repeated cells and save it again")

    @staticmethod
    def _check(sheet: Extent) -> None:
        allowed = budget(sheet.written)
        if sheet.positions > allowed:
            far = f"{column_letter(sheet.columns)}{sheet.rows}"
            raise TooFar(f"tab '{sheet.name}' has values as far as cell {far}, too far past "
                         f"the rest to read ({sheet.written:,} values written for "
                         f"{sheet.positions:,} cells); delete the rows and columns past "
                         "the data and save it again")
        if sheet.cells > allowed:
            raise TooFar(f"tab '{sheet.name}' has rows of empty cells repeated across "
                         f"({sheet.cells:,} cells for {sheet.written:,} values), which "
                         "calamine writes out; delete the columns past the data and save "
                         "it again")


def _bytes(text: str) -> int:
    """A text's size as calamine or Python may hold it, at most: four bytes a character
    outside ASCII (an emoji), one within (`isascii` is a flag: no scan)."""
    return len(text) if text.isascii() else 4 * len(text)


def _repeats(value: str | None) -> int:
    """A repeat count as calamine reads one (a sign and leading zeros allowed); 1 when
    absent or not a number (calamine then refuses the file itself)."""
    try:
        return max(int(value), 1) if value is not None else 1
    except ValueError:
        return 1
