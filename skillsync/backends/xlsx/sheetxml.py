"""A Tab rendered as a worksheet part: header row, typed cells, widths, links, colour scale.

The part is produced in one streaming pass, a block of rows at a time, so a tab of a million
rows is never held as one string. Cells are rendered per column and per distinct value (a
team, a skill, a level repeat down a column); a row is then its cells' pieces joined by
the row number, which C does for a whole block without a Python step per row. Text only
ever reaches the part as a shared-string index or, for a tab rendered aside, inline
through `xmltext.t_element` (inline.py); attributes only through `xmltext.attr`.
So what is written is well-formed by construction: tests check that once on hostile text
(tests/test_sheet_xml.py) instead of parsing it at every sync.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd

from skillsync.backends.xlsx import sheetframe
from skillsync.backends.xlsx.inline import InlineTexts
from skillsync.backends.xlsx.strings import StringTable
from skillsync.backends.xlsx.styles import StyleIds
from skillsync.core import distinct
from skillsync.core.model import column_letter
from skillsync.core.tabs import Kind, Link, Tab, cut_to

HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">')
TAB_COLOUR = "FF2F6FB5"  # one colour for every tool-owned tab, so people can tell them apart
EXCEL_CELL_CHARS = 32_767  # UTF-16 units; longer text makes Excel repair the file (the tabs
# cap theirs first)
EPOCH_1900 = datetime(1899, 12, 30)
EPOCH_1904 = datetime(1904, 1, 1)
BLOCK_ROWS = 10_000  # rows rendered into one string at a time
# Rows joined by one call, which holds the GIL throughout: the packing thread
# (zipparts.RawPart.streamed) needs it for a moment between its deflate calls, and waited
# through the longer calls a whole block's join made (People × Skills at 100,000 people:
# rendered and packed in 0.66 s against 0.78 s, with the child's switch interval).
RUN_ROWS = 1_000
_NO_CELLS = np.empty(0, dtype=object)


Groups = list[tuple[np.ndarray, list[Any]]]  # per column: row -> distinct value, the values


def group_columns(tab: Tab) -> Groups:
    """Each column of a tab grouped by distinct value (see core.distinct)."""
    return [distinct.group(tab.frame.iloc[:, i]) for i in range(len(tab.columns))]


@dataclass
class _Cells:
    """One column: for each row, which of the column's distinct cells it holds."""

    codes: np.ndarray  # row -> index into `xml`
    # distinct cell -> its XML from after the row number in its reference to the row
    # number in the next cell's (`" s="4"/><c r="C`), or to the row's end (object array of
    # UTF-8 bytes: rows are joined as bytes, with nothing left to encode)
    xml: np.ndarray
    links: dict[int, Link] = field(default_factory=dict)  # distinct cell -> its link

    def block(self, start: int, stop: int) -> list[bytes]:
        return self.xml[self.codes[start:stop]].tolist()


def _rows(cells: list[_Cells], first_letter: str, start: int, stop: int) -> bytes:
    """Rows start..stop of the tab (0 is the first under the header) as XML, joined a run
    of RUN_ROWS rows at a time."""
    return b"".join([_run(cells, first_letter, at, min(at + RUN_ROWS, stop))
                     for at in range(start, stop, RUN_ROWS)])


def _run(cells: list[_Cells], first_letter: str, start: int, stop: int) -> bytes:
    """Rows start..stop as XML. The row number stands between every two pieces of a row:
    `<row r="` 7 `"><c r="A` 7 `" s="4"/><c r="B` 7 ... `</row>`, so each row is one join
    of its pieces by its number."""
    count = stop - start
    numbers = map(b"%d".__mod__, range(start + 2, stop + 2))
    pieces = zip(repeat(b'<row r="', count), repeat(f'"><c r="{first_letter}'.encode(), count),
                 *(column.block(start, stop) for column in cells), strict=True)
    return b"".join(map(bytes.join, numbers, pieces))


class SheetWriter:
    """Renders tabs against one workbook's shared strings (or texts inline), styles and
    date system."""

    def __init__(self, strings: StringTable | InlineTexts, styles: StyleIds,
                 date1904: bool = False) -> None:
        self.strings = strings
        self.styles = styles
        self.epoch = EPOCH_1904 if date1904 else EPOCH_1900
        self._kind_style = {
            Kind.TEXT: styles.top, Kind.INT: styles.top, Kind.WRAP: styles.wrap,
            Kind.PERCENT: styles.percent, Kind.DATE: styles.date,
            Kind.DATETIME: styles.datetime, Kind.LINK: styles.link,
        }

    def render(self, tab: Tab) -> bytes:
        return b"".join(self.chunks(tab))

    def chunks(self, tab: Tab, groups: Groups | None = None) -> Iterator[bytes]:
        """The part's bytes, in pieces of at most BLOCK_ROWS rows. `groups` are the tab's
        columns grouped by distinct value (`group_columns`), when already at hand."""
        letters = [column_letter(i + 1) for i in range(len(tab.columns))]
        rows = len(tab.frame) + 1
        yield self._head(tab, letters, f"{letters[-1]}{rows}").encode("utf-8")
        then = [f'<c r="{letter}' for letter in letters[1:]] + ["</row>"]
        cells = [self._cells(codes, found, self._kind_style[column.kind], after)
                 for (codes, found), column, after in zip(groups or group_columns(tab),
                                                          tab.columns, then, strict=True)]
        for start in range(0, len(tab.frame), BLOCK_ROWS):
            yield _rows(cells, letters[0], start, min(start + BLOCK_ROWS, len(tab.frame)))
        # Every row is written: each distinct cell's XML can go before the links are
        # gathered (the end of the largest tab is a sync's peak in memory).
        for column in cells:
            column.xml = _NO_CELLS
        yield from self._tail(tab, letters, rows, cells)

    def _head(self, tab: Tab, letters: list[str], last: str) -> str:
        return "".join([
            HEAD,
            f'<sheetPr><tabColor rgb="{TAB_COLOUR}"/></sheetPr>',
            f'<dimension ref="A1:{last}"/>',
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
            'activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
            '<sheetFormatPr defaultRowHeight="15"/>',
            sheetframe.cols(tab),
            "<sheetData>", self._header(tab, letters),
        ])

    def _tail(self, tab: Tab, letters: list[str], rows: int, cells: list[_Cells]
              ) -> Iterator[bytes]:
        """The part after the rows: filter, colour scale, then the hyperlinks, a block of
        them at a time (a tab may have tens of thousands)."""
        last = f"{letters[-1]}{rows}"
        yield "".join([
            "</sheetData>",
            f'<autoFilter ref="A1:{last}"/>',
            sheetframe.colour_scale(tab, letters, rows),
        ]).encode("utf-8")
        links = sheetframe.hyperlinks(cells, letters)
        if links:
            yield b"<hyperlinks>"
            for start in range(0, len(links), BLOCK_ROWS):
                yield "".join(links[start:start + BLOCK_ROWS]).encode("utf-8")
            yield b"</hyperlinks>"
        yield (b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
               b'footer="0.3"/></worksheet>')

    def _header(self, tab: Tab, letters: list[str]) -> str:
        cells = "".join(
            f'<c r="{letters[i]}1" s="{self.styles.header}"{self._text(column.title, 1)}'
            for i, column in enumerate(tab.columns)
        )
        return f'<row r="1">{cells}</row>'

    def _cells(self, codes: np.ndarray, values_found: list[Any], style: int, then: str
               ) -> _Cells:
        """Each distinct value of a column rendered once, followed by `then`, the start of
        the next cell up to its row number (or the row's end); rows point at theirs."""
        uses = np.bincount(codes, minlength=len(values_found)).tolist()
        classes = set(map(type, values_found))
        if classes <= {str, Link}:
            xml = self._text_cells(_texts_of(values_found, classes), uses, style, then)
        else:
            xml = [f'"{self._cell(value, style, used)}{then}'.encode()
                   for value, used in zip(values_found, uses, strict=True)]
        if classes == {Link}:  # a column of links, such as People x Skills' rows
            links = dict(enumerate(values_found))
        elif any(issubclass(c, Link) for c in classes):
            links = {i: v for i, v in enumerate(values_found) if isinstance(v, Link)}
        else:
            links = {}
        return _Cells(codes, np.array(xml, dtype=object), links)

    def _text_cells(self, texts: list[str], uses: list[int], style: int, then: str
                    ) -> list[bytes]:
        """`_cells`' XML of a column holding text and links only (most columns, and the
        largest), given their texts, with their shared strings looked up together rather
        than one by one."""
        if max(map(len, texts), default=0) > EXCEL_CELL_CHARS // 2:  # else none is cut
            texts = [cut_to(text, EXCEL_CELL_CHARS) for text in texts]
        if isinstance(self.strings, InlineTexts):
            return self.strings.cells(texts, uses, style, then)
        table = self.strings
        shared = f'" s="{style}" t="s"><v>%d</v></c>{then}'.encode()
        if "" not in texts:
            return list(map(shared.__mod__, table.indices(texts, uses)))
        blank = f'" s="{style}"/>{then}'.encode()  # a blank text is a blank cell, as in `_cell`
        if texts.count("") == 1:  # a column's one blank value (distinct values): set aside
            at = texts.index("")
            cells = list(map(shared.__mod__, table.indices(
                texts[:at] + texts[at + 1:], uses[:at] + uses[at + 1:])))
            cells.insert(at, blank)
            return cells
        # several blank texts (links that show nothing beside a blank text)
        written = [(text, used) for text, used in zip(texts, uses, strict=True) if text]
        indices = iter(table.indices([text for text, _ in written],
                                            [used for _, used in written]))
        return [shared % next(indices) if text else blank for text in texts]

    def _cell(self, value: Any, style: int, uses: int = 1) -> str:
        """A cell's XML after its reference: `<c r="B7"` + this. Text goes to the shared
        strings (`uses` cells refer to it); nothing here is copied from the value as text."""
        if value.__class__ is str:
            return f' s="{style}"{self._text(value, uses)}' if value else f' s="{style}"/>'
        if hasattr(value, "item") and not isinstance(value, (str, Link)):
            value = value.item()  # numpy scalar -> Python
        if value is None or value is pd.NaT or value is pd.NA:
            return f' s="{style}"/>'
        if isinstance(value, bool):
            return f' s="{style}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                return f' s="{style}"/>'
            return f' s="{style}"><v>{value!r}</v></c>'
        if isinstance(value, datetime):
            return f' s="{self.styles.datetime}"><v>{self._serial(value)!r}</v></c>'
        if isinstance(value, date):
            serial = self._serial(datetime(value.year, value.month, value.day))
            return f' s="{self.styles.date}"><v>{serial!r}</v></c>'
        text = str(value)
        if not text:
            return f' s="{style}"/>'
        return f' s="{style}"{self._text(text, uses)}'

    def _text(self, text: str, uses: int) -> str:
        """A text cell's XML after its style: its shared string (`uses` cells refer to it)
        or the text inline, never past what Excel holds in a cell."""
        text = cut_to(text, EXCEL_CELL_CHARS)
        if isinstance(self.strings, InlineTexts):
            return self.strings.cell(text, uses)
        return f' t="s"><v>{self.strings.index(text, uses)}</v></c>'

    def _serial(self, moment: datetime) -> float:
        delta = moment.replace(tzinfo=None) - self.epoch
        return round(delta.days + delta.seconds / 86400, 8)


def _texts_of(values: list[str | Link], classes: set[type]) -> list[str]:
    """The texts of a column's values of `classes`, text or links: taken in C where the
    column holds only one of them."""
    if classes == {str}:
        return values  # type: ignore[return-value]
    if classes == {Link}:
        return list(map(operator.attrgetter("text"), values))
    return [v if v.__class__ is str else v.text for v in values]  # type: ignore[union-attr]
