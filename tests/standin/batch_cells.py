"""batchUpdate handlers that write cells: updateCells, repeatCell, merges, sort, paste."""

from __future__ import annotations

import copy
from typing import Any

from . import cells
from .batch_common import (
    Context,
    _bounds,
    _check_in_grid,
    _check_size,
    _mask,
    _normalize_cell_source,
    _sheet,
    _write_cell,
    handler,
)
from .errors import invalid_request
from .model import Sheet, Spreadsheet

# ---------------------------------------------------------------- cells


@handler("updateCells")
def update_cells(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "updateCells"
    if ("start" in body) == ("range" in body):
        raise invalid_request(i, kind, "Exactly one of 'start' or 'range' must be specified.")
    tree = _mask(body.get("fields"), i, kind)
    rows = body.get("rows") or []
    if "range" in body:
        sheet, r0, r1, c0, c1 = _bounds(ss, body["range"], i, kind)
        if len(rows) > r1 - r0:
            raise invalid_request(i, kind, f"Attempting to write row: {r0 + len(rows) - 1}, beyond the last requested row of: {r1 - 1}")
        for row in rows:
            if len(row.get("values") or []) > c1 - c0:
                raise invalid_request(
                    i, kind,
                    f"Attempting to write column: {c0 + len(row['values']) - 1}, beyond the last requested column of: {c1 - 1}",
                )
    else:
        start = body["start"] or {}
        sheet = _sheet(ss, start.get("sheetId", 0), i, kind, grid=True)
        r0, c0 = int(start.get("rowIndex", 0)), int(start.get("columnIndex", 0))
        r1 = r0 + len(rows)
        c1 = c0 + max([len(r.get("values") or []) for r in rows] + [0])
        if rows:
            _check_in_grid(sheet, r0, r1, c0, max(c1, c0 + 1), i, kind)
    for dr in range(r1 - r0):
        values = (rows[dr].get("values") or []) if dr < len(rows) else []
        for dc in range(c1 - c0):
            source = _normalize_cell_source(values[dc]) if dc < len(values) else {}
            _write_cell(ss, sheet, r0 + dr, c0 + dc, source, tree)
    return {}


@handler("appendCells")
def append_cells(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "appendCells"
    sheet = _sheet(ss, body.get("sheetId", 0), i, kind, grid=True)
    tree = _mask(body.get("fields"), i, kind)
    rows = body.get("rows") or []
    start = sheet.value_extent()[0]
    width = max([len(r.get("values") or []) for r in rows] + [0])
    if start + len(rows) > sheet.rows:
        sheet.grid["rowCount"] = start + len(rows)
    if width > sheet.cols:
        sheet.grid["columnCount"] = width
    _check_size(ss, sheet, i, kind)
    for dr, row in enumerate(rows):
        for dc, value in enumerate(row.get("values") or []):
            _write_cell(ss, sheet, start + dr, dc, _normalize_cell_source(value), tree)
    return {}


@handler("repeatCell")
def repeat_cell(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "repeatCell"
    tree = _mask(body.get("fields"), i, kind)
    sheet, r0, r1, c0, c1 = _bounds(ss, body.get("range"), i, kind)
    source = _normalize_cell_source(body.get("cell") or {})
    for r in range(r0, r1):
        for c in range(c0, c1):
            _write_cell(ss, sheet, r, c, source, tree)
    return {}


@handler("setDataValidation")
def set_data_validation(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    sheet, r0, r1, c0, c1 = _bounds(ss, body.get("range"), i, "setDataValidation")
    rule = body.get("rule")
    for r in range(r0, r1):
        for c in range(c0, c1):
            sheet.update_cell(r, c, dataValidation=copy.deepcopy(rule) if rule else None)
    return {}


def _merges_in(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, i: int, kind: str) -> list[dict]:
    inside = []
    for m in sheet.merges:
        mr0, mr1, mc0, mc1 = m["startRowIndex"], m["endRowIndex"], m["startColumnIndex"], m["endColumnIndex"]
        overlaps = mr0 < r1 and r0 < mr1 and mc0 < c1 and c0 < mc1
        if not overlaps:
            continue
        if r0 <= mr0 and mr1 <= r1 and c0 <= mc0 and mc1 <= c1:
            inside.append(m)
        else:
            raise invalid_request(i, kind, "You must select all cells in a merged range to merge or unmerge them.")
    return inside


@handler("mergeCells")
def merge_cells(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "mergeCells"
    sheet, r0, r1, c0, c1 = _bounds(ss, body.get("range"), i, kind)
    merge_type = body.get("mergeType", "MERGE_ALL")
    for m in _merges_in(sheet, r0, r1, c0, c1, i, kind):
        sheet.merges.remove(m)
    if merge_type == "MERGE_ALL":
        boxes = [(r0, r1, c0, c1)]
    elif merge_type == "MERGE_COLUMNS":
        boxes = [(r0, r1, c, c + 1) for c in range(c0, c1)]
    else:
        boxes = [(r, r + 1, c0, c1) for r in range(r0, r1)]
    for br0, br1, bc0, bc1 in boxes:
        if (br1 - br0) * (bc1 - bc0) < 2:
            continue
        sheet.merges.append(
            {"startRowIndex": br0, "endRowIndex": br1, "startColumnIndex": bc0, "endColumnIndex": bc1}
        )
        for r, c, _ in list(sheet.iter_cells(br0, br1, bc0, bc1)):
            if (r, c) != (br0, bc0):
                sheet.set_value(r, c, None)
    return {}


@handler("unmergeCells")
def unmerge_cells(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    sheet, r0, r1, c0, c1 = _bounds(ss, body.get("range"), i, "unmergeCells")
    for m in _merges_in(sheet, r0, r1, c0, c1, i, "unmergeCells"):
        sheet.merges.remove(m)
    return {}


def _sort_key(value: Any) -> tuple:
    if value is None or value == "":
        return (3, 0)
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, (int, float)):
        return (0, value)
    if isinstance(value, cells.ErrorValue):
        return (2, 2)
    return (1, str(value).lower())


@handler("sortRange")
def sort_range(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    sheet, r0, r1, c0, c1 = _bounds(ss, body.get("range"), i, "sortRange")
    rows = [{c: sheet.cell(r, c) for c in range(c0, c1)} for r in range(r0, r1)]
    values = {r: {c: cells.python_from_extended(sheet.effective(r, c)) for c in range(c0, c1)} for r in range(r0, r1)}
    order = list(range(r0, r1))
    for spec in reversed(body.get("sortSpecs") or [{"dimensionIndex": c0}]):
        col = int(spec.get("dimensionIndex", 0))
        desc = spec.get("sortOrder") == "DESCENDING"
        filled = [r for r in order if values[r].get(col) not in (None, "")]
        empty = [r for r in order if values[r].get(col) in (None, "")]
        filled.sort(key=lambda r: _sort_key(values[r].get(col)), reverse=desc)
        order = filled + empty
    for dest, src in enumerate(order):
        for c in range(c0, c1):
            sheet.put_cell(r0 + dest, c, rows[src - r0][c])
    return {}


PASTE_FIELDS = {
    "PASTE_NORMAL": None,
    "PASTE_VALUES": ("userEnteredValue",),
    "PASTE_FORMAT": ("userEnteredFormat",),
    "PASTE_NO_BORDERS": None,
    "PASTE_FORMULA": ("userEnteredValue",),
    "PASTE_DATA_VALIDATION": ("dataValidation",),
    "PASTE_CONDITIONAL_FORMATTING": (),
}


def _paste(ss: Spreadsheet, sheet: Sheet, r: int, c: int, data: dict, paste_type: str) -> None:
    fields = PASTE_FIELDS.get(paste_type)
    if fields is None:
        entered = data.get("userEnteredValue")
        sheet.put_cell(r, c, {k: v for k, v in data.items() if k not in ("userEnteredValue", "effectiveValue")})
        sheet.set_value(r, c, entered, evaluate_with=ss)
        if "effectiveValue" in data:
            sheet.update_cell(r, c, effectiveValue=data["effectiveValue"])
        return
    current = dict(sheet.cell(r, c))
    for key in fields:
        current.pop(key, None)
        if key in data:
            current[key] = data[key]
        if key == "userEnteredValue":
            current.pop("effectiveValue", None)
            if "effectiveValue" in data:
                current["effectiveValue"] = data["effectiveValue"]
    sheet.put_cell(r, c, current)


@handler("copyPaste")
def copy_paste(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "copyPaste"
    src, sr0, sr1, sc0, sc1 = _bounds(ss, body.get("source"), i, kind)
    dst, dr0, dr1, dc0, dc1 = _bounds(ss, body.get("destination"), i, kind)
    paste_type = body.get("pasteType", "PASTE_NORMAL")
    transpose = body.get("pasteOrientation") == "TRANSPOSE"
    snapshot = {(r, c): dict(src.cell(r, c)) for r in range(sr0, sr1) for c in range(sc0, sc1)}
    h, w = (sc1 - sc0, sr1 - sr0) if transpose else (sr1 - sr0, sc1 - sc0)
    reps_r = max(1, (dr1 - dr0) // h) if h else 1
    reps_c = max(1, (dc1 - dc0) // w) if w else 1
    _check_in_grid(dst, dr0, dr0 + h * reps_r, dc0, dc0 + w * reps_c, i, kind)
    for rr in range(reps_r):
        for rc in range(reps_c):
            for (r, c), data in snapshot.items():
                dr, dc = (c - sc0, r - sr0) if transpose else (r - sr0, c - sc0)
                _paste(ss, dst, dr0 + rr * h + dr, dc0 + rc * w + dc, data, paste_type)
    return {}


@handler("cutPaste")
def cut_paste(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "cutPaste"
    src, sr0, sr1, sc0, sc1 = _bounds(ss, body.get("source"), i, kind)
    dest = body.get("destination") or {}
    dst = _sheet(ss, dest.get("sheetId", 0), i, kind, grid=True)
    dr0, dc0 = int(dest.get("rowIndex", 0)), int(dest.get("columnIndex", 0))
    _check_in_grid(dst, dr0, dr0 + sr1 - sr0, dc0, dc0 + sc1 - sc0, i, kind)
    snapshot = {(r, c): dict(src.cell(r, c)) for r in range(sr0, sr1) for c in range(sc0, sc1)}
    for (r, c) in snapshot:
        src.put_cell(r, c, {})
    for (r, c), data in snapshot.items():
        _paste(ss, dst, dr0 + r - sr0, dc0 + c - sc0, data, body.get("pasteType", "PASTE_NORMAL"))
    return {}
