"""What a worksheet part holds besides its rows: the columns' widths, the colour scale
and the hyperlinks (sheetxml.py writes the rows between them)."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING

import numpy as np

from skillsync.backends.xlsx import xmltext
from skillsync.core.tabs import Link, Tab

if TYPE_CHECKING:
    from skillsync.backends.xlsx.sheetxml import _Cells

MAX_LINKS = 65_000  # Excel keeps at most 65,530 hyperlinks on a sheet


def hyperlinks(cells: list[_Cells], letters: list[str]) -> list[str]:
    """<hyperlink> entries for link cells, row by row, up to Excel's limit."""
    entries: list[str] = []
    places = []  # of each entry: row * columns + column, to put several columns in order
    for column, kept in enumerate(cells):
        if kept.links:
            rows = np.flatnonzero(np.isin(kept.codes, list(kept.links)))[:MAX_LINKS]
            codes = kept.codes[rows].tolist()
            distinct = list(set(codes))
            shown = dict(zip(distinct, _link_attributes_of(
                list(map(kept.links.__getitem__, distinct))), strict=True))
            template = f'<hyperlink ref="{letters[column]}%d" %s'
            entries += map(template.__mod__,
                           zip((rows + 2).tolist(), map(shown.__getitem__, codes),
                               strict=True))
            places.append(rows * len(cells) + column)
    if len(places) > 1:
        order = np.argsort(np.concatenate(places), kind="stable")[:MAX_LINKS]
        entries = [entries[i] for i in order.tolist()]
    return entries[:MAX_LINKS]


def cols(tab: Tab) -> str:
    """The columns' widths."""
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{column.width:g}" customWidth="1"/>'
        for i, column in enumerate(tab.columns, start=1)
    )
    return f"<cols>{widths}</cols>"


def colour_scale(tab: Tab, letters: list[str], rows: int) -> str:
    """The colour scale over the tab's heat columns, if it has any and a row under its
    header."""
    if tab.heat_columns is None or rows < 2:
        return ""
    first, last = tab.heat_columns
    area = f"{letters[first]}2:{letters[last]}{rows}"
    return (f'<conditionalFormatting sqref="{area}"><cfRule type="colorScale" priority="1">'
            '<colorScale><cfvo type="min"/><cfvo type="max"/><color rgb="FFFFFFFF"/>'
            '<color rgb="FF63BE7B"/></colorScale></cfRule></conditionalFormatting>')


def _link_attributes_of(links: list[Link]) -> list[str]:
    """`_link_attributes` of each link. A column's links mostly point into one sheet,
    quoted once here, and rarely hold a character `xmltext.attr` changes: that is looked
    for once in all their parts joined (it changes characters one at a time, so a join
    needs a change exactly when one of its parts does)."""
    quoted = {sheet: xmltext.quote_sheet(sheet) for sheet in {link.sheet for link in links}}
    joined = "".join([*quoted.values(), *map(operator.attrgetter("cell"), links),
                      *map(operator.attrgetter("text"), links)])
    if xmltext.attr(joined) != joined:
        return list(map(_link_attributes, links))
    return [f'location="{quoted[link.sheet]}!{link.cell}" display="{link.text}"/>'
            for link in links]


def _link_attributes(link: Link) -> str:
    """A <hyperlink>'s attributes after its ref: where it points and what it shows."""
    where = xmltext.attr(f"{xmltext.quote_sheet(link.sheet)}!{link.cell}")
    return f'location="{where}" display="{xmltext.attr(link.text)}"/>'
