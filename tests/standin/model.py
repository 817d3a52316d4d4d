"""In-memory spreadsheet model of the Sheets stand-in.

State is kept in Google's own JSON shapes wherever possible so that metadata
responses can be rendered directly: sheet ``properties`` dicts, ``CellData``
dicts per cell, ``GridRange`` dicts for merges, and so on.
"""

from __future__ import annotations

import copy
import datetime as _dt
import math
import random
import string
import struct
from collections.abc import Iterator
from typing import Any

from . import a1, cells
from .errors import ApiError, bad_request

DEFAULT_ROWS = 1000
DEFAULT_COLS = 26
MAX_CELLS = 10_000_000
MAX_TITLE = 100
DEFAULT_ROW_PX = 21
DEFAULT_COL_PX = 100

DEFAULT_FORMAT = {
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {
        "foregroundColor": {},
        "fontFamily": "arial,sans,sans-serif",
        "fontSize": 10,
        "bold": False,
        "italic": False,
        "strikethrough": False,
        "underline": False,
        "foregroundColorStyle": {"rgbColor": {}},
    },
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
}

_THEME_COLORS = [
    ("TEXT", {}),
    ("BACKGROUND", {"red": 1, "green": 1, "blue": 1}),
    ("ACCENT1", {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275}),
    ("ACCENT2", {"red": 0.91764706, "green": 0.2627451, "blue": 0.20784314}),
    ("ACCENT3", {"red": 0.9843137, "green": 0.7372549, "blue": 0.015686275}),
    ("ACCENT4", {"red": 0.20392157, "green": 0.65882355, "blue": 0.3254902}),
    ("ACCENT5", {"red": 1, "green": 0.42745098, "blue": 0.003921569}),
    ("ACCENT6", {"red": 0.27450982, "green": 0.7411765, "blue": 0.7764706}),
    ("LINK", {"red": 0.06666667, "green": 0.33333334, "blue": 0.8}),
]
DEFAULT_THEME = {
    "primaryFontFamily": "Arial",
    "themeColors": [{"colorType": t, "color": {"rgbColor": c}} for t, c in _THEME_COLORS],
}

GRID_PROPERTY_ORDER = (
    "rowCount",
    "columnCount",
    "frozenRowCount",
    "frozenColumnCount",
    "hideGridlines",
    "rowGroupControlAfter",
    "columnGroupControlAfter",
)
SHEET_PROPERTY_ORDER = (
    "sheetId",
    "title",
    "index",
    "sheetType",
    "gridProperties",
    "hidden",
    "tabColor",
    "tabColorStyle",
    "rightToLeft",
)


# ---------------------------------------------------------------- helpers


def float32(x: float) -> float:
    """Shortest decimal that round-trips through float32 (Google stores colours so)."""
    f = struct.unpack("f", struct.pack("f", x))[0]
    for digits in range(1, 10):
        text = f"{f:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == f:
            value = float(text)
            return int(value) if value.is_integer() else value
    return f


def normalize_color(color: dict | None) -> dict:
    """8 bits per channel, zero channels omitted, float32 printing."""
    out = {}
    for channel in ("red", "green", "blue", "alpha"):
        if channel not in (color or {}):
            continue
        value = float(color[channel])
        if channel != "alpha":
            value = math.floor(value * 255 + 0.5 - 1e-6) / 255  # .5 rounds down, idempotent
        value = float32(value)
        if value:
            out[channel] = value
    return out


def normalize_format(fmt: dict) -> dict:
    """Mirror Color <-> ColorStyle like Google (backgroundColor & backgroundColorStyle ...)."""
    fmt = copy.deepcopy(fmt)
    _mirror(fmt, "backgroundColor", "backgroundColorStyle")
    if isinstance(fmt.get("textFormat"), dict):
        _mirror(fmt["textFormat"], "foregroundColor", "foregroundColorStyle")
    for side in ("top", "bottom", "left", "right"):
        border = (fmt.get("borders") or {}).get(side)
        if isinstance(border, dict):
            _mirror(border, "color", "colorStyle")
    return fmt


def _mirror(obj: dict, color_key: str, style_key: str) -> None:
    if color_key in obj and style_key not in obj:
        obj[color_key] = normalize_color(obj[color_key])
        obj[style_key] = {"rgbColor": dict(obj[color_key])}
    elif style_key in obj:
        style = obj[style_key]
        if "rgbColor" in style:
            style["rgbColor"] = normalize_color(style["rgbColor"])
            obj[color_key] = dict(style["rgbColor"])
        elif color_key in obj:
            obj[color_key] = normalize_color(obj[color_key])


def grid_range_json(sheet_id: int, r0: int, r1: int, c0: int, c1: int) -> dict:
    out: dict[str, Any] = {}
    if sheet_id:
        out["sheetId"] = sheet_id
    out.update({"startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1})
    return out


def public_range(rng: dict) -> dict:
    """GridRange as Google prints it: sheetId 0 omitted, bounds only when set."""
    out = {}
    if rng.get("sheetId"):
        out["sheetId"] = int(rng["sheetId"])
    for key in ("startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex"):
        if key in rng:
            out[key] = int(rng[key])
    return out


def ordered(obj: dict, order: tuple[str, ...]) -> dict:
    out = {k: obj[k] for k in order if k in obj}
    out.update({k: v for k, v in obj.items() if k not in out})
    return out


def now_rfc3339() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + "000Z"


# ---------------------------------------------------------------- sheet


class Sheet:
    def __init__(self, sheet_id: int, title: str, rows: int = DEFAULT_ROWS, cols: int = DEFAULT_COLS):
        self.properties: dict[str, Any] = {
            "sheetId": sheet_id,
            "title": title,
            "sheetType": "GRID",
            "gridProperties": {"rowCount": rows, "columnCount": cols},
        }
        self.cells: dict[tuple[int, int], dict] = {}
        self.merges: list[dict] = []
        self.conditional_formats: list[dict] = []
        self.protected_ranges: list[dict] = []
        self.basic_filter: dict | None = None
        self.developer_metadata: list[dict] = []
        self.row_meta: dict[int, dict] = {}
        self.col_meta: dict[int, dict] = {}
        self.row_groups: list[dict] = []
        self.column_groups: list[dict] = []

    # -- identity & size
    @property
    def sheet_id(self) -> int:
        return self.properties["sheetId"]

    @property
    def title(self) -> str:
        return self.properties["title"]

    @property
    def grid(self) -> dict:
        return self.properties["gridProperties"]

    @property
    def rows(self) -> int:
        return self.grid["rowCount"]

    @property
    def cols(self) -> int:
        return self.grid["columnCount"]

    def clone(self) -> Sheet:
        """Copy for atomic batches: cell dicts are copy-on-write, so a shallow
        copy of the mapping is enough; everything else is deep-copied."""
        new = Sheet.__new__(Sheet)
        for key, value in self.__dict__.items():
            new.__dict__[key] = dict(value) if key == "cells" else copy.deepcopy(value)
        return new

    # -- cells (copy-on-write: never mutate a stored dict in place)
    def cell(self, r: int, c: int) -> dict:
        return self.cells.get((r, c), {})

    def put_cell(self, r: int, c: int, data: dict) -> None:
        data = {k: v for k, v in data.items() if v not in (None, "", {}, [])}
        if data:
            self.cells[(r, c)] = data
        else:
            self.cells.pop((r, c), None)

    def update_cell(self, r: int, c: int, **fields: Any) -> None:
        data = dict(self.cell(r, c))
        for key, value in fields.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        self.put_cell(r, c, data)

    def set_value(self, r: int, c: int, entered: dict | None, number_format: dict | None = None,
                  evaluate_with: Spreadsheet | None = None) -> None:
        """Store a userEnteredValue (computing the effective value of formulas)."""
        data = dict(self.cell(r, c))
        data.pop("effectiveValue", None)
        if entered is None:
            data.pop("userEnteredValue", None)
        else:
            data["userEnteredValue"] = entered
            if "formulaValue" in entered:
                lookup = evaluate_with.lookup_function(self) if evaluate_with else None
                data["effectiveValue"] = cells.evaluate(entered["formulaValue"], lookup)
        if number_format is not None:
            fmt = dict(data.get("userEnteredFormat") or {})
            fmt["numberFormat"] = number_format
            data["userEnteredFormat"] = fmt
        self.put_cell(r, c, data)

    def effective(self, r: int, c: int) -> dict | None:
        data = self.cells.get((r, c))
        if not data:
            return None
        if "effectiveValue" in data:
            return data["effectiveValue"]
        entered = data.get("userEnteredValue")
        if entered and "formulaValue" in entered:
            return None
        return entered

    def number_format(self, r: int, c: int) -> dict | None:
        return (self.cell(r, c).get("userEnteredFormat") or {}).get("numberFormat")

    def has_value(self, r: int, c: int) -> bool:
        return bool(self.cell(r, c).get("userEnteredValue"))

    def value_extent(self) -> tuple[int, int]:
        """(rows, cols) up to the last cell holding a value."""
        rows = cols = 0
        for (r, c), data in self.cells.items():
            if data.get("userEnteredValue"):
                rows, cols = max(rows, r + 1), max(cols, c + 1)
        return rows, cols

    def iter_cells(self, r0: int, r1: int, c0: int, c1: int) -> Iterator[tuple[int, int, dict]]:
        if (r1 - r0) * (c1 - c0) > len(self.cells):
            for (r, c), data in list(self.cells.items()):
                if r0 <= r < r1 and c0 <= c < c1:
                    yield r, c, data
        else:
            for r in range(r0, r1):
                for c in range(c0, c1):
                    data = self.cells.get((r, c))
                    if data:
                        yield r, c, data

    # -- rendering
    def properties_json(self, index: int) -> dict:
        props = copy.deepcopy(self.properties)
        props["index"] = index
        grid = {k: v for k, v in props["gridProperties"].items() if v not in (0, False) or k in ("rowCount", "columnCount")}
        props["gridProperties"] = ordered(grid, GRID_PROPERTY_ORDER)
        for key in ("hidden", "rightToLeft"):
            if props.get(key) is False:
                del props[key]
        for key in ("tabColor", "tabColorStyle"):
            if key in props and not props[key]:
                del props[key]
        return ordered(props, SHEET_PROPERTY_ORDER)

    def dimension_json(self, dimension: str, index: int) -> dict:
        meta = (self.row_meta if dimension == "ROWS" else self.col_meta).get(index, {})
        out: dict[str, Any] = {}
        if meta.get("hiddenByUser"):
            out["hiddenByUser"] = True
        if meta.get("hiddenByFilter"):  # read-only in the API: set by a test, as a filter would
            out["hiddenByFilter"] = True
        out["pixelSize"] = meta.get("pixelSize", DEFAULT_ROW_PX if dimension == "ROWS" else DEFAULT_COL_PX)
        if meta.get("developerMetadata"):
            out["developerMetadata"] = copy.deepcopy(meta["developerMetadata"])
        return out


# ---------------------------------------------------------------- spreadsheet


class Spreadsheet:
    def __init__(self, spreadsheet_id: str, title: str, rng: random.Random):
        self.id = spreadsheet_id
        self.rng = rng
        self.properties: dict[str, Any] = {
            "title": title,
            "locale": "en_US",
            "autoRecalc": "ON_CHANGE",
            "timeZone": "Etc/GMT",
            "defaultFormat": copy.deepcopy(DEFAULT_FORMAT),
            "spreadsheetTheme": copy.deepcopy(DEFAULT_THEME),
        }
        self.sheets: list[Sheet] = []
        self.named_ranges: list[dict] = []
        self.developer_metadata: list[dict] = []
        self.created = now_rfc3339()
        self.modified = self.created
        self.comments: list[dict] = []

    @classmethod
    def blank(cls, spreadsheet_id: str, title: str, rng: random.Random) -> Spreadsheet:
        ss = cls(spreadsheet_id, title, rng)
        ss.sheets.append(Sheet(0, "Sheet1"))
        return ss

    def clone(self) -> Spreadsheet:
        new = Spreadsheet.__new__(Spreadsheet)
        for key, value in self.__dict__.items():
            if key == "sheets":
                new.sheets = [s.clone() for s in value]
            elif key == "rng":
                new.rng = value
            else:
                new.__dict__[key] = copy.deepcopy(value)
        return new

    def touch(self) -> None:
        self.modified = now_rfc3339()

    # -- lookup
    def sheet_by_id(self, sheet_id: Any) -> Sheet | None:
        try:
            wanted = int(sheet_id)
        except (TypeError, ValueError):
            return None
        return next((s for s in self.sheets if s.sheet_id == wanted), None)

    def sheet_by_title(self, title: str) -> Sheet | None:
        exact = next((s for s in self.sheets if s.title == title), None)
        if exact:
            return exact
        low = title.lower()
        return next((s for s in self.sheets if s.title.lower() == low), None)

    def index_of(self, sheet: Sheet) -> int:
        return self.sheets.index(sheet)

    def total_cells(self) -> int:
        return sum(s.rows * s.cols for s in self.sheets)

    def new_sheet_id(self) -> int:
        used = {s.sheet_id for s in self.sheets}
        while True:
            candidate = self.rng.randrange(1, 2**31 - 1)
            if candidate not in used:
                return candidate

    def new_int_id(self, used: set) -> int:
        while True:
            candidate = self.rng.randrange(1, 2**31 - 1)
            if candidate not in used:
                return candidate

    def all_developer_metadata(self) -> list[tuple[dict, Any]]:
        """Every developer metadata entry with its owner list."""
        out = [(m, self.developer_metadata) for m in self.developer_metadata]
        for s in self.sheets:
            out.extend((m, s.developer_metadata) for m in s.developer_metadata)
            for meta in list(s.row_meta.values()) + list(s.col_meta.values()):
                out.extend((m, meta["developerMetadata"]) for m in meta.get("developerMetadata", []))
        return out

    # -- A1 resolution
    def resolve(self, text: str) -> tuple[Sheet, int, int, int, int]:
        """A1 text -> (sheet, r0, r1, c0, c1), clamped to the grid.

        Raises Google's ``Unable to parse range: <text>`` when the sheet,
        named range or notation is unknown, and ``Range (...) exceeds grid
        limits`` when the start lies outside the grid."""
        try:
            title, cell_part = a1.split_sheet(text)
        except ValueError:
            raise bad_request(f"Unable to parse range: {text}") from None
        if title is None:
            span = a1.parse_cells(cell_part) if cell_part else None
            if span is not None:
                sheet = self._first_sheet()
            else:
                sheet = self.sheet_by_title(cell_part or "")
                if sheet is not None:
                    return sheet, 0, sheet.rows, 0, sheet.cols
                named = self.named_range(cell_part or "")
                if named is None:
                    raise bad_request(f"Unable to parse range: {text}")
                return self._named_bounds(named)
        else:
            sheet = self.sheet_by_title(title)
            if sheet is None:
                raise bad_request(f"Unable to parse range: {text}")
            if cell_part is None:
                return sheet, 0, sheet.rows, 0, sheet.cols
            span = a1.parse_cells(cell_part)
            if span is None:
                named = self.named_range(cell_part)
                if named is None or self.sheet_by_id(named["range"].get("sheetId", 0)) is not sheet:
                    raise bad_request(f"Unable to parse range: {text}")
                return self._named_bounds(named)
        r0, r1, c0, c1 = span.resolve(sheet.rows, sheet.cols)
        if r0 >= sheet.rows or c0 >= sheet.cols:
            raise bad_request(
                f"Range ({a1.quote_title(sheet.title)}!{cell_part}) exceeds grid limits. "
                f"Max rows: {sheet.rows}, max columns: {sheet.cols}"
            )
        return sheet, r0, min(r1, sheet.rows), c0, min(c1, sheet.cols)

    def resolve_unclamped(self, text: str) -> tuple[Sheet, int, int | None, int, int | None]:
        """Like :meth:`resolve` but keeps the requested extent (for writes); a
        single cell means 'starting at' (open ended) as in Google's values API."""
        sheet, r0, r1, c0, c1 = self._resolve_unclamped(text)
        if r1 == r0 + 1 and c1 == c0 + 1:
            return sheet, r0, None, c0, None
        return sheet, r0, r1, c0, c1

    def _resolve_unclamped(self, text: str) -> tuple[Sheet, int, int | None, int, int | None]:
        try:
            title, cell_part = a1.split_sheet(text)
        except ValueError:
            raise bad_request(f"Unable to parse range: {text}") from None
        if title is not None and cell_part is not None:
            sheet = self.sheet_by_title(title)
            span = a1.parse_cells(cell_part)
            if sheet is not None and span is not None:
                return sheet, span.r0, span.r1, span.c0, span.c1
        if title is None and cell_part is not None and self.sheet_by_title(cell_part) is None:
            span = a1.parse_cells(cell_part)
            if span is not None:
                return self._first_sheet(), span.r0, span.r1, span.c0, span.c1
        sheet, r0, r1, c0, c1 = self.resolve(text)
        return sheet, r0, r1, c0, c1

    def _first_sheet(self) -> Sheet:
        visible = [s for s in self.sheets if not s.properties.get("hidden")]
        return (visible or self.sheets)[0]

    def named_range(self, name: str) -> dict | None:
        return next((n for n in self.named_ranges if n["name"].lower() == name.lower()), None)

    def _named_bounds(self, named: dict) -> tuple[Sheet, int, int, int, int]:
        rng = named["range"]
        sheet = self.sheet_by_id(rng.get("sheetId", 0))
        if sheet is None:
            raise bad_request(f"Unable to parse range: {named['name']}")
        return (
            sheet,
            rng.get("startRowIndex", 0),
            rng.get("endRowIndex", sheet.rows),
            rng.get("startColumnIndex", 0),
            rng.get("endColumnIndex", sheet.cols),
        )

    def lookup_function(self, sheet: Sheet):
        def lookup(ref: str) -> list:
            span = a1.parse_cells(ref)
            if span is None:
                raise cells.FormulaError(ref)
            r0, r1, c0, c1 = span.resolve(sheet.rows, sheet.cols)
            return [cells.python_from_extended(sheet.effective(r, c)) for r in range(r0, r1) for c in range(c0, c1)]

        return lookup

    # -- rendering
    def metadata(self, grid_ranges: list[tuple[Sheet, int, int, int, int]] | None = None,
                 cells: bool = True) -> dict:
        out: dict[str, Any] = {"spreadsheetId": self.id, "properties": copy.deepcopy(self.properties)}
        sheets_json = []
        for index, sheet in enumerate(self.sheets):
            entry: dict[str, Any] = {"properties": sheet.properties_json(index)}
            if grid_ranges is not None:
                data = [grid_data(sheet, *b, cells=cells) for (s, *b) in grid_ranges if s is sheet]
                if data:
                    entry["data"] = data
            if sheet.merges:
                entry["merges"] = [dict(m, **({"sheetId": sheet.sheet_id} if sheet.sheet_id else {})) for m in sheet.merges]
                entry["merges"] = [ordered(m, ("sheetId",)) for m in entry["merges"]]
            if sheet.conditional_formats:
                entry["conditionalFormats"] = copy.deepcopy(sheet.conditional_formats)
            if sheet.protected_ranges:
                entry["protectedRanges"] = copy.deepcopy(sheet.protected_ranges)
            if sheet.basic_filter:
                entry["basicFilter"] = copy.deepcopy(sheet.basic_filter)
            if sheet.developer_metadata:
                entry["developerMetadata"] = copy.deepcopy(sheet.developer_metadata)
            if sheet.row_groups:
                entry["rowGroups"] = copy.deepcopy(sheet.row_groups)
            if sheet.column_groups:
                entry["columnGroups"] = copy.deepcopy(sheet.column_groups)
            sheets_json.append(entry)
        out["sheets"] = sheets_json
        if self.named_ranges:
            out["namedRanges"] = copy.deepcopy(self.named_ranges)
        out["spreadsheetUrl"] = f"https://docs.google.com/spreadsheets/d/{self.id}/edit"
        if self.developer_metadata:
            out["developerMetadata"] = copy.deepcopy(self.developer_metadata)
        return out


def cell_json(sheet: Sheet, r: int, c: int, default_format: dict) -> dict:
    """Full CellData of one cell as includeGridData returns it."""
    data = sheet.cell(r, c)
    if not data:
        return {}
    out: dict[str, Any] = {}
    entered = data.get("userEnteredValue")
    if entered:
        out["userEnteredValue"] = copy.deepcopy(entered)
        eff = sheet.effective(r, c)
        if eff:
            out["effectiveValue"] = copy.deepcopy(eff)
            out["formattedValue"] = render_value(sheet, r, c, "FORMATTED_VALUE", "SERIAL_NUMBER")
    fmt = data.get("userEnteredFormat")
    if fmt:
        out["userEnteredFormat"] = copy.deepcopy(fmt)
    if fmt or entered:
        out["effectiveFormat"] = deep_merge(default_format, fmt or {})
    for key in ("hyperlink", "note", "textFormatRuns", "dataValidation"):
        if key in data:
            out[key] = copy.deepcopy(data[key])
    return out


def deep_merge(base: dict, top: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def grid_data(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, cells: bool = True) -> dict:
    """GridData for a box: rows up to the last non-empty row, cells up to the
    last non-empty cell of each row, empty rows as ``{}``. Without ``cells`` (a field
    mask that asks for none), the row and column properties only."""
    default = DEFAULT_FORMAT
    last_row = -1
    per_row: dict[int, int] = {}
    for r, c, _ in sheet.iter_cells(r0, r1, c0, c1) if cells else ():
        last_row = max(last_row, r)
        per_row[r] = max(per_row.get(r, -1), c)
    out: dict[str, Any] = {}
    if r0:
        out["startRow"] = r0
    if c0:
        out["startColumn"] = c0
    if last_row >= 0:
        rows = []
        for r in range(r0, last_row + 1):
            if r not in per_row:
                rows.append({})
                continue
            rows.append({"values": [cell_json(sheet, r, c, default) for c in range(c0, per_row[r] + 1)]})
        out["rowData"] = rows
    out["rowMetadata"] = [sheet.dimension_json("ROWS", r) for r in range(r0, r1)]
    out["columnMetadata"] = [sheet.dimension_json("COLUMNS", c) for c in range(c0, c1)]
    return out


# ---------------------------------------------------------------- values


def render_value(sheet: Sheet, r: int, c: int, render: str, date_render: str) -> Any:
    """One cell as the values API returns it (None for empty)."""
    data = sheet.cells.get((r, c))
    if not data or not data.get("userEnteredValue"):
        return None
    entered = data["userEnteredValue"]
    if render == "FORMULA" and "formulaValue" in entered:
        return entered["formulaValue"]
    ev = sheet.effective(r, c)
    if not ev:
        return ""
    if "errorValue" in ev:
        return cells.ERROR_TEXT.get(ev["errorValue"].get("type", "ERROR"), "#ERROR!")
    if "stringValue" in ev:
        return ev["stringValue"]
    if "boolValue" in ev:
        return ev["boolValue"] if render != "FORMATTED_VALUE" else ("TRUE" if ev["boolValue"] else "FALSE")
    number = ev.get("numberValue", 0.0)
    fmt = sheet.number_format(r, c)
    if render == "FORMATTED_VALUE":
        return cells.format_number(number, fmt)
    if cells.is_datetime_format(fmt) and date_render == "FORMATTED_STRING":
        return cells.format_number(number, fmt)
    return cells.json_number(number)


def random_spreadsheet_id(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    return "1" + "".join(rng.choice(alphabet) for _ in range(43))


def check_title(title: Any, index: int, kind: str, ss: Spreadsheet, ignore: Sheet | None = None) -> str:
    from .errors import invalid_request

    if not isinstance(title, str) or title.strip() == "":
        raise invalid_request(index, kind, "Sheet name must not be empty.")
    if len(title) > MAX_TITLE:
        raise invalid_request(index, kind, f"The sheet name cannot be greater than {MAX_TITLE} characters.")
    clash = ss.sheet_by_title(title)
    if clash is not None and clash is not ignore:
        raise invalid_request(
            index, kind, f'A sheet with the name "{title}" already exists. Please enter another name.'
        )
    return title


def check_cell_limit(ss: Spreadsheet, index: int, kind: str) -> None:
    from .errors import invalid_request

    if ss.total_cells() > MAX_CELLS:
        raise invalid_request(
            index,
            kind,
            f"This action would increase the number of cells in the workbook above the limit of {MAX_CELLS} cells.",
        )


__all__ = ["ApiError", "Sheet", "Spreadsheet"]
