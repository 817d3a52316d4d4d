"""A Tab rendered as a worksheet part: header row, typed cells, widths, links, colour scale."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from skillsync.backends.xlsx import xmltext
from skillsync.backends.xlsx.strings import StringTable
from skillsync.backends.xlsx.styles import StyleIds
from skillsync.core.model import column_letter
from skillsync.core.tabs import Kind, Link, Tab

HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">')
TAB_COLOUR = "FF2F6FB5"  # one colour for every tool-owned tab, so people can tell them apart
MAX_LINKS = 65_000  # Excel keeps at most 65,530 hyperlinks on a sheet
EPOCH_1900 = datetime(1899, 12, 30)
EPOCH_1904 = datetime(1904, 1, 1)


class SheetWriter:
    """Renders tabs against one workbook's shared strings, styles and date system."""

    def __init__(self, strings: StringTable, styles: StyleIds, date1904: bool = False) -> None:
        self.strings = strings
        self.styles = styles
        self.epoch = EPOCH_1904 if date1904 else EPOCH_1900
        self._kind_style = {
            Kind.TEXT: styles.top, Kind.INT: styles.top, Kind.WRAP: styles.wrap,
            Kind.PERCENT: styles.percent, Kind.DATE: styles.date,
            Kind.DATETIME: styles.datetime, Kind.LINK: styles.link,
        }

    def render(self, tab: Tab) -> bytes:
        letters = [column_letter(i + 1) for i in range(len(tab.columns))]
        links: list[str] = []
        rows = [self._header(tab, letters)]
        for number, values in enumerate(tab.frame.itertuples(index=False, name=None), start=2):
            rows.append(self._row(tab, letters, number, values, links))
        last = f"{letters[-1]}{len(rows)}"
        parts = [
            HEAD,
            f'<sheetPr><tabColor rgb="{TAB_COLOUR}"/></sheetPr>',
            f'<dimension ref="A1:{last}"/>',
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
            'activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
            '<sheetFormatPr defaultRowHeight="15"/>',
            self._cols(tab),
            "<sheetData>", *rows, "</sheetData>",
            f'<autoFilter ref="A1:{last}"/>',
            self._colour_scale(tab, letters, len(rows)),
            f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "",
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/>',
            "</worksheet>",
        ]
        return "".join(parts).encode("utf-8")

    def _header(self, tab: Tab, letters: list[str]) -> str:
        cells = "".join(
            f'<c r="{letters[i]}1" s="{self.styles.header}" t="s">'
            f"<v>{self.strings.index(column.title)}</v></c>"
            for i, column in enumerate(tab.columns)
        )
        return f'<row r="1">{cells}</row>'

    def _row(self, tab: Tab, letters: list[str], number: int, values: tuple,
             links: list[str]) -> str:
        cells = []
        for i, value in enumerate(values):
            ref = f"{letters[i]}{number}"
            cell = self._cell(ref, value, self._kind_style[tab.columns[i].kind])
            if cell:
                cells.append(cell)
            if isinstance(value, Link) and len(links) < MAX_LINKS:
                location = xmltext.attr(f"{xmltext.quote_sheet(value.sheet)}!{value.cell}")
                links.append(f'<hyperlink ref="{ref}" location="{location}" '
                             f'display="{xmltext.attr(value.text)}"/>')
        return f'<row r="{number}">{"".join(cells)}</row>'

    def _cell(self, ref: str, value: Any, style: int) -> str:
        if value is None:
            return ""
        if hasattr(value, "item") and not isinstance(value, (str, Link)):
            value = value.item()  # numpy scalar -> Python
        if isinstance(value, bool):
            return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                return ""
            return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
        if isinstance(value, datetime):
            return f'<c r="{ref}" s="{self.styles.datetime}"><v>{self._serial(value)!r}</v></c>'
        if isinstance(value, date):
            serial = self._serial(datetime(value.year, value.month, value.day))
            return f'<c r="{ref}" s="{self.styles.date}"><v>{serial!r}</v></c>'
        text = str(value)
        if not text:
            return ""
        return f'<c r="{ref}" s="{style}" t="s"><v>{self.strings.index(text)}</v></c>'

    def _serial(self, moment: datetime) -> float:
        delta = moment.replace(tzinfo=None) - self.epoch
        return round(delta.days + delta.seconds / 86400, 8)

    @staticmethod
    def _cols(tab: Tab) -> str:
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{column.width:g}" customWidth="1"/>'
            for i, column in enumerate(tab.columns, start=1)
        )
        return f"<cols>{cols}</cols>"

    @staticmethod
    def _colour_scale(tab: Tab, letters: list[str], rows: int) -> str:
        if tab.heat_columns is None or rows < 2:
            return ""
        first, last = tab.heat_columns
        area = f"{letters[first]}2:{letters[last]}{rows}"
        return (f'<conditionalFormatting sqref="{area}"><cfRule type="colorScale" priority="1">'
                '<colorScale><cfvo type="min"/><cfvo type="max"/><color rgb="FFFFFFFF"/>'
                '<color rgb="FF63BE7B"/></colorScale></cfRule></conditionalFormatting>')
