"""Shared pieces of the batchUpdate implementation: the handler registry,
range/mask validation helpers and dimension shifting."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from . import a1, fieldmask, model
from .errors import invalid_request
from .model import Sheet, Spreadsheet, normalize_format, public_range

CELL_STAR_FIELDS = ("userEnteredValue", "userEnteredFormat", "note", "textFormatRuns", "dataValidation", "hyperlink")


class Context:
    def __init__(self, account_email: str):
        self.account_email = account_email


Handler = Callable[[Spreadsheet, dict, int, Context], dict]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str):
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


# ---------------------------------------------------------------- helpers


def _sheet(ss: Spreadsheet, sheet_id: Any, i: int, kind: str, grid: bool = False) -> Sheet:
    sheet = ss.sheet_by_id(sheet_id if sheet_id is not None else 0)
    if sheet is None:
        raise invalid_request(i, kind, f"No {'grid' if grid else 'sheet'} with id: {sheet_id or 0}")
    return sheet


def _bounds(ss: Spreadsheet, rng: dict | None, i: int, kind: str) -> tuple[Sheet, int, int, int, int]:
    rng = rng or {}
    sheet = _sheet(ss, rng.get("sheetId", 0), i, kind, grid=True)
    r0 = int(rng.get("startRowIndex", 0))
    r1 = int(rng.get("endRowIndex", sheet.rows))
    c0 = int(rng.get("startColumnIndex", 0))
    c1 = int(rng.get("endColumnIndex", sheet.cols))
    if r0 < 0 or c0 < 0 or r1 < r0 or c1 < c0:
        raise invalid_request(i, kind, "Invalid range: start index must be <= end index and >= 0.")
    _check_in_grid(sheet, r0, r1, c0, c1, i, kind)
    return sheet, r0, r1, c0, c1


def _check_in_grid(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, i: int, kind: str) -> None:
    if r1 > sheet.rows or c1 > sheet.cols:
        text = a1.format_range(sheet.title, r0, c0, max(r1, r0 + 1), max(c1, c0 + 1))
        raise invalid_request(
            i, kind, f"Range ({text}) exceeds grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}"
        )


def _mask(fields: Any, i: int, kind: str) -> fieldmask.Tree:
    if not fields:
        raise invalid_request(i, kind, "At least one field must be specified in 'fields'.")
    try:
        return fieldmask.parse(str(fields))
    except fieldmask.MaskError:
        raise invalid_request(i, kind, f"Invalid field mask: {fields}") from None


def _dim(value: Any, i: int, kind: str) -> str:
    if value not in ("ROWS", "COLUMNS"):
        raise invalid_request(i, kind, "dimension must be ROWS or COLUMNS.")
    return value


def _normalize_cell_source(cell: dict) -> dict:
    out = copy.deepcopy(cell)
    out.pop("effectiveValue", None)
    out.pop("formattedValue", None)
    out.pop("effectiveFormat", None)
    uev = out.get("userEnteredValue")
    if isinstance(uev, dict) and "numberValue" in uev:
        uev["numberValue"] = float(uev["numberValue"])
    if "userEnteredFormat" in out:
        out["userEnteredFormat"] = normalize_format(out["userEnteredFormat"])
    runs = out.get("textFormatRuns")
    if runs:
        for run in runs:
            if "format" in run:
                run["format"] = normalize_format({"textFormat": run["format"]})["textFormat"]
            run.setdefault("startIndex", 0)
            if not run["startIndex"]:
                run.pop("startIndex")
    if "note" in out and out["note"] == "":
        out.pop("note")
    return out


COLOR_PAIRS = (("backgroundColor", "backgroundColorStyle"), ("foregroundColor", "foregroundColorStyle"),
               ("color", "colorStyle"), ("tabColor", "tabColorStyle"))


def pair_colors(tree: fieldmask.Tree | None) -> fieldmask.Tree | None:
    """A mask naming ``backgroundColor`` also covers ``backgroundColorStyle``
    (and vice versa): Google keeps both spellings of a colour in sync."""
    if tree is None:
        return None
    out = {k: pair_colors(v) for k, v in tree.items()}
    for a, b in COLOR_PAIRS:
        if a in out and b not in out:
            out[b] = out[a]
        elif b in out and a not in out:
            out[a] = None
    return out


def _write_cell(ss: Spreadsheet, sheet: Sheet, r: int, c: int, source: dict, tree: fieldmask.Tree) -> None:
    old = {k: v for k, v in sheet.cell(r, c).items() if k != "effectiveValue"}
    new = fieldmask.apply_update(old, source, pair_colors(tree), CELL_STAR_FIELDS)
    entered = new.pop("userEnteredValue", None)
    if "userEnteredFormat" in new:
        new["userEnteredFormat"] = normalize_format(new["userEnteredFormat"])
    sheet.put_cell(r, c, new)
    sheet.set_value(r, c, entered or None, None, evaluate_with=ss)


def _shift_index(idx: int, start: int, count: int, insert: bool) -> int | None:
    if insert:
        return idx + count if idx >= start else idx
    if start <= idx < start + count:
        return None
    return idx - count if idx >= start + count else idx


def _shift_span(lo: int, hi: int, start: int, count: int, insert: bool) -> tuple[int, int] | None:
    if insert:
        return (lo + count if lo >= start else lo), (hi + count if hi > start else hi)
    end = start + count
    new_lo = lo if lo < start else (start if lo < end else lo - count)
    new_hi = hi if hi <= start else (start if hi <= end else hi - count)
    return (new_lo, new_hi) if new_hi > new_lo else None


def _shift_grid_range(rng: dict, sheet_id: int, dim: str, start: int, count: int, insert: bool) -> dict | None:
    if rng.get("sheetId", 0) != sheet_id:
        return rng
    lo_key, hi_key = ("startRowIndex", "endRowIndex") if dim == "ROWS" else ("startColumnIndex", "endColumnIndex")
    if lo_key not in rng and hi_key not in rng:
        return rng
    lo = rng.get(lo_key, 0)
    hi = rng.get(hi_key, 10**9)
    span = _shift_span(lo, hi, start, count, insert)
    if span is None:
        return None
    out = dict(rng)
    if lo_key in rng:
        out[lo_key] = span[0]
    if hi_key in rng:
        out[hi_key] = span[1]
    return out


def _shift_dimension(ss: Spreadsheet, sheet: Sheet, dim: str, start: int, count: int, insert: bool) -> None:
    """Insert or delete ``count`` rows/columns at ``start`` and move everything."""
    rows = dim == "ROWS"
    new_cells = {}
    for (r, c), data in sheet.cells.items():
        idx = _shift_index(r if rows else c, start, count, insert)
        if idx is None:
            continue
        new_cells[(idx, c) if rows else (r, idx)] = data
    sheet.cells = new_cells
    meta = sheet.row_meta if rows else sheet.col_meta
    moved = {}
    for idx, value in meta.items():
        new_idx = _shift_index(idx, start, count, insert)
        if new_idx is not None:
            moved[new_idx] = value
    meta.clear()
    meta.update(moved)
    for idx, value in meta.items():
        for md in value.get("developerMetadata", []):
            md["location"]["dimensionRange"]["startIndex"] = idx
            md["location"]["dimensionRange"]["endIndex"] = idx + 1
    sid = sheet.sheet_id
    sheet.merges = [m for m in (_shift_grid_range(dict(m, sheetId=sid), sid, dim, start, count, insert) for m in sheet.merges) if m]
    sheet.merges = [{k: v for k, v in m.items() if k != "sheetId"} for m in sheet.merges]
    for rule in sheet.conditional_formats:
        rule["ranges"] = [r for r in (_shift_grid_range(dict(r, sheetId=r.get("sheetId", 0)), sid, dim, start, count, insert) for r in rule["ranges"]) if r]
        rule["ranges"] = [public_range(r) for r in rule["ranges"]]
    sheet.conditional_formats = [r for r in sheet.conditional_formats if r["ranges"]]
    for pr in list(sheet.protected_ranges):
        moved_rng = _shift_grid_range(dict(pr["range"], sheetId=sid), sid, dim, start, count, insert)
        if moved_rng is None:
            sheet.protected_ranges.remove(pr)
        else:
            pr["range"] = public_range(moved_rng)
    if sheet.basic_filter:
        moved_rng = _shift_grid_range(dict(sheet.basic_filter["range"], sheetId=sid), sid, dim, start, count, insert)
        if moved_rng is None:
            sheet.basic_filter = None
        else:
            sheet.basic_filter["range"] = public_range(moved_rng)
    for nr in list(ss.named_ranges):
        moved_rng = _shift_grid_range(dict(nr["range"], sheetId=nr["range"].get("sheetId", 0)), sid, dim, start, count, insert)
        if moved_rng is None:
            ss.named_ranges.remove(nr)
        else:
            nr["range"] = public_range(moved_rng)
    key = "rowCount" if rows else "columnCount"
    sheet.grid[key] += count if insert else -count


def _check_size(ss: Spreadsheet, sheet: Sheet, i: int, kind: str) -> None:
    if sheet.rows < 1 or sheet.cols < 1:
        raise invalid_request(i, kind, "Sheets must have at least one row and one column.")
    if sheet.cols > a1.MAX_COLUMNS:
        raise invalid_request(
            i, kind,
            f"This action would increase the number of columns in the workbook above the limit of {a1.MAX_COLUMNS} columns.",
        )
    model.check_cell_limit(ss, i, kind)


def _truncate(sheet: Sheet) -> None:
    sheet.cells = {k: v for k, v in sheet.cells.items() if k[0] < sheet.rows and k[1] < sheet.cols}
    sheet.row_meta = {k: v for k, v in sheet.row_meta.items() if k < sheet.rows}
    sheet.col_meta = {k: v for k, v in sheet.col_meta.items() if k < sheet.cols}


def _dimension_bounds(ss: Spreadsheet, rng: dict, i: int, kind: str) -> tuple[Sheet, str, int, int]:
    sheet = _sheet(ss, (rng or {}).get("sheetId", 0), i, kind, grid=True)
    dim = _dim((rng or {}).get("dimension"), i, kind)
    size = sheet.rows if dim == "ROWS" else sheet.cols
    start = int(rng.get("startIndex", 0))
    end = int(rng.get("endIndex", size))
    if start < 0 or end < start:
        raise invalid_request(i, kind, "Invalid dimension range: startIndex must be <= endIndex.")
    if end > size:
        r1, c1 = (end, sheet.cols) if dim == "ROWS" else (sheet.rows, end)
        _check_in_grid(sheet, 0, r1, 0, c1, i, kind)
    return sheet, dim, start, end
