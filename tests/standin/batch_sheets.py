"""batchUpdate handlers for sheets, spreadsheet properties and dimensions."""

from __future__ import annotations

import copy

from . import fieldmask, model
from .batch_common import (
    Context,
    _check_size,
    _dim,
    _dimension_bounds,
    _mask,
    _sheet,
    _shift_dimension,
    _truncate,
    handler,
    pair_colors,
)
from .errors import ApiError, invalid_request
from .model import Sheet, Spreadsheet, normalize_color
from .schema import MESSAGES

# ---------------------------------------------------------------- sheets


@handler("addSheet")
def add_sheet(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "addSheet"
    props = copy.deepcopy(body.get("properties") or {})
    if "sheetId" in props:
        sheet_id = int(props["sheetId"])
        if sheet_id < 0:
            raise invalid_request(i, kind, f"Invalid sheet ID: {sheet_id}. Sheet IDs must be non-negative.")
        if ss.sheet_by_id(sheet_id) is not None:
            raise invalid_request(i, kind, f"A sheet with the id {sheet_id} already exists.")
    else:
        sheet_id = ss.new_sheet_id()
    if "title" in props:
        title = model.check_title(props["title"], i, kind, ss)
    else:
        n = len(ss.sheets) + 1
        while ss.sheet_by_title(f"Sheet{n}") is not None:
            n += 1
        title = f"Sheet{n}"
    if props.get("sheetType", "GRID") != "GRID":
        raise ApiError(501, f"The Sheets stand-in only supports GRID sheets (requests[{i}].addSheet).")
    grid = dict(props.get("gridProperties") or {})
    sheet = Sheet(sheet_id, title, int(grid.pop("rowCount", model.DEFAULT_ROWS)), int(grid.pop("columnCount", model.DEFAULT_COLS)))
    sheet.grid.update({k: v for k, v in grid.items()})
    for key in ("hidden", "rightToLeft", "tabColor", "tabColorStyle"):
        if key in props:
            sheet.properties[key] = props[key]
    _normalize_tab_color(sheet.properties)
    index = props.get("index")
    index = len(ss.sheets) if index is None else max(0, min(int(index), len(ss.sheets)))
    ss.sheets.insert(index, sheet)
    _check_size(ss, sheet, i, kind)
    if all(s.properties.get("hidden") for s in ss.sheets):
        raise invalid_request(i, kind, "You can't hide all the sheets in a document.")
    return {"addSheet": {"properties": sheet.properties_json(index)}}


def _normalize_tab_color(props: dict) -> None:
    if "tabColor" in props or "tabColorStyle" in props:
        _mirror_tab = {k: props[k] for k in ("tabColor", "tabColorStyle") if k in props}
        style = _mirror_tab.get("tabColorStyle")
        if style is not None and "rgbColor" in style:
            props["tabColorStyle"] = {"rgbColor": normalize_color(style["rgbColor"])}
            props["tabColor"] = dict(props["tabColorStyle"]["rgbColor"])
        elif style is not None and style.get("themeColor"):
            props["tabColorStyle"] = {"themeColor": style["themeColor"]}
        elif _mirror_tab.get("tabColor"):
            props["tabColor"] = normalize_color(_mirror_tab["tabColor"])
            props["tabColorStyle"] = {"rgbColor": dict(props["tabColor"])}
        for key in ("tabColor", "tabColorStyle"):
            if key in props and not props[key]:
                del props[key]
        if "tabColorStyle" not in props:
            props.pop("tabColor", None)


@handler("deleteSheet")
def delete_sheet(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    sheet = _sheet(ss, body.get("sheetId"), i, "deleteSheet")
    if len(ss.sheets) == 1:
        raise invalid_request(i, "deleteSheet", "You can't remove all the sheets in a document.")
    ss.sheets.remove(sheet)
    ss.named_ranges = [n for n in ss.named_ranges if n["range"].get("sheetId", 0) != sheet.sheet_id]
    if all(s.properties.get("hidden") for s in ss.sheets):
        raise invalid_request(i, "deleteSheet", "You can't remove all the visible sheets in a document.")
    return {}


@handler("duplicateSheet")
def duplicate_sheet(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "duplicateSheet"
    source = _sheet(ss, body.get("sourceSheetId"), i, kind)
    new = source.clone()
    new.properties = copy.deepcopy(source.properties)
    if "newSheetId" in body:
        if ss.sheet_by_id(body["newSheetId"]) is not None:
            raise invalid_request(i, kind, f"A sheet with the id {body['newSheetId']} already exists.")
        new.properties["sheetId"] = int(body["newSheetId"])
    else:
        new.properties["sheetId"] = ss.new_sheet_id()
    title = body.get("newSheetName") or f"Copy of {source.title}"
    new.properties["title"] = model.check_title(title, i, kind, ss)
    new.developer_metadata = []
    index = body.get("insertSheetIndex")
    index = len(ss.sheets) if index is None else max(0, min(int(index), len(ss.sheets)))
    ss.sheets.insert(index, new)
    _check_size(ss, new, i, kind)
    return {"duplicateSheet": {"properties": new.properties_json(index)}}


@handler("updateSheetProperties")
def update_sheet_properties(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "updateSheetProperties"
    props = body.get("properties") or {}
    sheet = _sheet(ss, props.get("sheetId", 0), i, kind)
    tree = _mask(body.get("fields"), i, kind)
    star = tuple(k for k in MESSAGES["SheetProperties"] if k not in ("sheetId",))
    tree.pop("sheetId", None)
    move_to = None
    if "index" in tree or ("*" in tree and "index" in props):
        tree.pop("index", None)
        move_to = int(props.get("index", 0))
    if tree:
        current = {k: v for k, v in sheet.properties.items() if k != "sheetId"}
        updated = fieldmask.apply_update(current, props, pair_colors(tree), star)
        updated.pop("index", None)
        updated.pop("sheetId", None)
        if "title" not in updated:
            raise invalid_request(i, kind, "Sheet name must not be empty.")
        if updated["title"] != sheet.title:
            model.check_title(updated["title"], i, kind, ss, ignore=sheet)
        grid = updated.setdefault("gridProperties", {})
        grid.setdefault("rowCount", 0)
        grid.setdefault("columnCount", 0)
        updated["sheetId"] = sheet.sheet_id
        updated.setdefault("sheetType", "GRID")
        _normalize_tab_color(updated)
        sheet.properties = updated
        _check_size(ss, sheet, i, kind)
        if grid.get("frozenRowCount", 0) >= sheet.rows and grid.get("frozenRowCount"):
            raise invalid_request(i, kind, "You can't freeze all visible rows on the sheet.")
        if grid.get("frozenColumnCount", 0) >= sheet.cols and grid.get("frozenColumnCount"):
            raise invalid_request(i, kind, "You can't freeze all visible columns on the sheet.")
        _truncate(sheet)
        if all(s.properties.get("hidden") for s in ss.sheets):
            raise invalid_request(i, kind, "You can't hide all the sheets in a document.")
    if move_to is not None:
        ss.sheets.remove(sheet)
        ss.sheets.insert(max(0, min(move_to, len(ss.sheets))), sheet)
    return {}


@handler("updateSpreadsheetProperties")
def update_spreadsheet_properties(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "updateSpreadsheetProperties"
    tree = _mask(body.get("fields"), i, kind)
    star = tuple(MESSAGES["SpreadsheetProperties"])
    updated = fieldmask.apply_update(ss.properties, body.get("properties") or {}, tree, star)
    if not updated.get("title"):
        raise invalid_request(i, kind, "Spreadsheet title must not be empty.")
    for key in ("locale", "autoRecalc", "timeZone"):
        updated.setdefault(key, ss.properties[key])
    ss.properties = updated
    return {}


@handler("appendDimension")
def append_dimension(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "appendDimension"
    sheet = _sheet(ss, body.get("sheetId", 0), i, kind)
    dim = _dim(body.get("dimension"), i, kind)
    length = int(body.get("length", 0))
    if length <= 0:
        raise invalid_request(i, kind, "length must be greater than 0.")
    sheet.grid["rowCount" if dim == "ROWS" else "columnCount"] += length
    _check_size(ss, sheet, i, kind)
    return {}


@handler("updateDimensionProperties")
def update_dimension_properties(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "updateDimensionProperties"
    if "dataSourceSheetRange" in body:
        raise ApiError(501, f"The Sheets stand-in does not implement data source sheets (requests[{i}]).")
    sheet, dim, start, end = _dimension_bounds(ss, body.get("range") or {}, i, kind)
    tree = _mask(body.get("fields"), i, kind)
    source = dict(body.get("properties") or {})
    source.pop("developerMetadata", None)
    meta = sheet.row_meta if dim == "ROWS" else sheet.col_meta
    for idx in range(start, end):
        current = meta.get(idx, {})
        kept = {k: v for k, v in current.items() if k == "developerMetadata"}
        plain = {k: v for k, v in current.items() if k != "developerMetadata"}
        updated = fieldmask.apply_update(plain, source, tree, ("hiddenByUser", "pixelSize"))
        if updated.get("pixelSize") is not None and int(updated["pixelSize"]) < 0:
            raise invalid_request(i, kind, "pixelSize must be >= 0.")
        updated = {k: v for k, v in updated.items() if v not in (False, None)}
        updated.update(kept)
        if updated:
            meta[idx] = updated
        else:
            meta.pop(idx, None)
    return {}


@handler("insertDimension")
def insert_dimension(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "insertDimension"
    rng = body.get("range") or {}
    sheet = _sheet(ss, rng.get("sheetId", 0), i, kind, grid=True)
    dim = _dim(rng.get("dimension"), i, kind)
    size = sheet.rows if dim == "ROWS" else sheet.cols
    start, end = int(rng.get("startIndex", 0)), int(rng.get("endIndex", 0))
    if start < 0 or end <= start or start > size:
        raise invalid_request(i, kind, "Invalid dimension range for insertion.")
    if body.get("inheritFromBefore") and start == 0:
        raise invalid_request(i, kind, "Cannot inherit from before when inserting at the start.")
    _shift_dimension(ss, sheet, dim, start, end - start, insert=True)
    _check_size(ss, sheet, i, kind)
    return {}


@handler("deleteDimension")
def delete_dimension(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "deleteDimension"
    sheet, dim, start, end = _dimension_bounds(ss, body.get("range") or {}, i, kind)
    size = sheet.rows if dim == "ROWS" else sheet.cols
    if start == 0 and end >= size:
        word = "rows" if dim == "ROWS" else "columns"
        raise invalid_request(i, kind, f"You can't delete all the {word} on the sheet.")
    if end > start:
        _shift_dimension(ss, sheet, dim, start, end - start, insert=False)
    return {}


@handler("autoResizeDimensions")
def auto_resize(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "autoResizeDimensions"
    if "dataSourceSheetDimensions" in body:
        raise ApiError(501, f"The Sheets stand-in does not implement data source sheets (requests[{i}]).")
    sheet, dim, start, end = _dimension_bounds(ss, body.get("dimensions") or {}, i, kind)
    meta = sheet.row_meta if dim == "ROWS" else sheet.col_meta
    for idx in range(start, end):
        if dim == "COLUMNS":
            texts = [str(model.render_value(sheet, r, idx, "FORMATTED_VALUE", "SERIAL_NUMBER") or "")
                     for r, c, _ in sheet.iter_cells(0, sheet.rows, idx, idx + 1)]
            size = max([7 * len(t) + 10 for t in texts] + [model.DEFAULT_COL_PX]) if texts else model.DEFAULT_COL_PX
        else:
            size = model.DEFAULT_ROW_PX
        entry = dict(meta.get(idx, {}))
        entry["pixelSize"] = size
        meta[idx] = entry
    return {}
