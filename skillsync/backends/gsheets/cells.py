"""Between Sheets API JSON and our values: typed RAW cells out, unformatted values in."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from skillsync.core.grids import budget, clip_merges, cut_long_text, grid_from_cells
from skillsync.core.model import CellError, Grid, column_letter
from skillsync.core.tabs import Kind, Link, Tab

EPOCH = datetime(1899, 12, 30)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
ERROR_TEXT = re.compile(r"^#(?:N/A|REF!|VALUE!|DIV/0!|NAME\?|NUM!|NULL!|ERROR!|SPILL!|CALC!)$")
HEADER_FORMAT = {"textFormat": {"bold": True}, "verticalAlignment": "TOP", "wrapStrategy": "WRAP",
                 "backgroundColorStyle": {"rgbColor": {"red": 0.867, "green": 0.922,
                                                       "blue": 0.969}}}
TAB_COLOUR = {"rgbColor": {"red": 0.184, "green": 0.435, "blue": 0.71}}
NUMBER_FORMATS = {
    Kind.PERCENT: {"type": "PERCENT", "pattern": "0%"},
    Kind.DATE: {"type": "DATE", "pattern": "yyyy-mm-dd"},
    Kind.DATETIME: {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm"},
}


def grid_from_values(name: str, values: list[list[Any]], merges: list[dict] = (),
                     max_chars: int = 32_767) -> Grid:
    """A Grid from a values:batchGet range that starts at A1 (unformatted values).

    Bounded like the Excel reader: a far cell makes the grid sparse (core.grids), so
    memory follows the cells present; text over `max_chars` is cut and listed.
    """
    merged = [m for m in map(_merge, merges) if m is not None]
    width = max((len(row) for row in values), default=0)
    present = sum(1 for row in values for v in row if v not in ("", None))
    if len(values) * width <= budget(present):
        rows = [[_cell_in(v) for v in row] for row in values]
        cut = cut_long_text(rows, max_chars)
        return Grid(name, rows, merged=clip_merges(merged, 1, 1, len(rows), width), cut=cut)
    cells = {(r, c): _cell_in(v) for r, row in enumerate(values, start=1)
             for c, v in enumerate(row, start=1) if v not in ("", None)}
    cut = [f"{column_letter(c)}{r}" for (r, c), v in cells.items()
           if isinstance(v, str) and len(v) > max_chars]
    cells = {k: v[:max_chars] if isinstance(v, str) else v for k, v in cells.items()}
    return grid_from_cells(name, cells, merged, cut)


def _merge(merge: Any) -> tuple[int, int, int, int] | None:
    """A GridRange (0-based, end exclusive) as (first_row, first_col, last_row, last_col)."""
    try:
        top, bottom = int(merge["startRowIndex"]), int(merge["endRowIndex"])
        left, right = int(merge["startColumnIndex"]), int(merge["endColumnIndex"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (0 <= top < bottom and 0 <= left < right):
        return None
    return top + 1, left + 1, bottom, right


def _cell_in(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    # The values API gives error cells as their text; a person rarely types "#N/A" by hand.
    if ERROR_TEXT.match(value):
        return CellError(value)
    # A cell written by a script can hold half of a surrogate pair, which JSON escapes carry
    # but no file, page or mail can encode: shown as U+FFFD here, once, for headers and
    # cells alike (dropped, "cy\ud800@x" would silently become another person's "cy@x").
    return value if value.isascii() else _LONE_SURROGATE.sub("\ufffd", value)


def serial(moment: date | datetime) -> float:
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    delta = moment.replace(tzinfo=None) - EPOCH
    return round(delta.days + delta.seconds / 86400, 8)


def cell_out(value: Any, link_base: str) -> dict[str, Any]:
    """One CellData with a RAW typed value: text stays text, nothing becomes a formula."""
    if hasattr(value, "item") and not isinstance(value, (str, Link)):
        value = value.item()
    if value is None or (isinstance(value, float) and not math.isfinite(value)) or value == "":
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, (int, float)):
        return {"userEnteredValue": {"numberValue": value}}
    if isinstance(value, (date, datetime)):
        kind = Kind.DATETIME if isinstance(value, datetime) else Kind.DATE
        return {"userEnteredValue": {"numberValue": serial(value)},
                "userEnteredFormat": {"numberFormat": NUMBER_FORMATS[kind]}}
    if isinstance(value, Link):
        return {"userEnteredValue": {"stringValue": value.text},
                "textFormatRuns": [{"startIndex": 0, "format": {
                    "link": {"uri": f"{link_base}&range={value.cell}"}}}]}
    return {"userEnteredValue": {"stringValue": str(value)[:50_000]}}


def rows_out(tab: Tab, link_base: str) -> list[dict[str, Any]]:
    """The header row (formatted) and every data row, as RowData."""
    header = {"values": [{"userEnteredValue": {"stringValue": c.title},
                          "userEnteredFormat": HEADER_FORMAT} for c in tab.columns]}
    body = [{"values": [cell_out(v, link_base) for v in row]}
            for row in tab.frame.itertuples(index=False, name=None)]
    return [header, *body]


def column_formats(tab: Tab, sheet_id: int, rows: int) -> list[dict[str, Any]]:
    """repeatCell requests giving whole columns their number format and wrapping."""
    requests = []
    for index, column in enumerate(tab.columns):
        cell_format: dict[str, Any] = {"verticalAlignment": "TOP"}
        if column.kind in NUMBER_FORMATS:
            cell_format["numberFormat"] = NUMBER_FORMATS[column.kind]
        if column.kind == Kind.WRAP:
            cell_format["wrapStrategy"] = "WRAP"
        requests.append({"repeatCell": {
            "range": {"sheetId": sheet_id, "startRowIndex": 1, "endRowIndex": rows,
                      "startColumnIndex": index, "endColumnIndex": index + 1},
            "cell": {"userEnteredFormat": cell_format},
            "fields": "userEnteredFormat(" + ",".join(cell_format) + ")",
        }})
    return requests


def column_widths(tab: Tab, sheet_id: int) -> list[dict[str, Any]]:
    return [{"updateDimensionProperties": {
        "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": i,
                  "endIndex": i + 1},
        "properties": {"pixelSize": int(column.width * 7 + 5)},
        "fields": "pixelSize",
    }} for i, column in enumerate(tab.columns)]


def colour_scale(tab: Tab, sheet_id: int, rows: int) -> list[dict[str, Any]]:
    if tab.heat_columns is None or rows < 2:
        return []
    first, last = tab.heat_columns
    return [{"addConditionalFormatRule": {"index": 0, "rule": {
        "ranges": [{"sheetId": sheet_id, "startRowIndex": 1, "endRowIndex": rows,
                    "startColumnIndex": first, "endColumnIndex": last + 1}],
        "gradientRule": {
            "minpoint": {"type": "MIN", "colorStyle": {"rgbColor": {"red": 1, "green": 1,
                                                                    "blue": 1}}},
            "maxpoint": {"type": "MAX", "colorStyle": {"rgbColor": {
                "red": 0.388, "green": 0.745, "blue": 0.482}}},
        },
    }}}]
