"""``spreadsheets/{id}/values...`` endpoints: get, batchGet, update, append,
clear, batchUpdate, batchClear."""

from __future__ import annotations

from typing import Any

from . import a1, cells, model
from .errors import ApiError, bad_request, field_violations, invalid_value
from .model import Sheet, Spreadsheet
from .schema import ENUMS, enum_type_name, validate

INSERT_DATA = "InsertDataOption"


def _enum_param(params: dict, name: str, enum: str, default: str | None) -> str | None:
    value = params.get(name, default)
    if value is not None and value not in ENUMS[enum]:
        raise field_violations([invalid_value(_snake(name), enum_type_name(enum), value)])
    return value


def _snake(name: str) -> str:
    import re

    return re.sub(r"([A-Z])", r"_\1", name).lower()


def _render_options(params: dict) -> tuple[str, str, str]:
    render = _enum_param(params, "valueRenderOption", "ValueRenderOption", "FORMATTED_VALUE")
    date_render = _enum_param(params, "dateTimeRenderOption", "DateTimeRenderOption", "SERIAL_NUMBER")
    major = _enum_param(params, "majorDimension", "Dimension", "ROWS")
    if major == "DIMENSION_UNSPECIFIED":
        major = "ROWS"
    return render, date_render, major


# ---------------------------------------------------------------- reading


def read_box(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, render: str, date_render: str,
             major: str) -> list[list[Any]]:
    """Values of a box, trimmed like Google: trailing empty rows/cells dropped."""
    found: dict[tuple[int, int], Any] = {}
    for r, c, _ in sheet.iter_cells(r0, r1, c0, c1):
        value = model.render_value(sheet, r, c, render, date_render)
        if value is not None and value != "":
            found[(r - r0, c - c0)] = value
    if major == "COLUMNS":
        found = {(c, r): v for (r, c), v in found.items()}
    if not found:
        return []
    widths: dict[int, int] = {}
    for line, column in found:
        widths[line] = max(widths.get(line, 0), column + 1)
    return [[found.get((line, i), "") for i in range(widths.get(line, 0))]
            for line in range(max(widths) + 1)]


def value_range(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, params: dict) -> dict:
    render, date_render, major = _render_options(params)
    out: dict[str, Any] = {"range": a1.format_range(sheet.title, r0, c0, r1, c1), "majorDimension": major}
    values = read_box(sheet, r0, r1, c0, c1, render, date_render, major)
    if values:
        out["values"] = values
    return out


def get(ss: Spreadsheet, range_text: str, params: dict) -> dict:
    _render_options(params)
    sheet, r0, r1, c0, c1 = ss.resolve(range_text)
    return value_range(sheet, r0, r1, c0, c1, params)


def batch_get(ss: Spreadsheet, ranges: list[str], params: dict) -> dict:
    _render_options(params)
    boxes = [ss.resolve(text) for text in ranges]
    return {"spreadsheetId": ss.id, "valueRanges": [value_range(*box, params) for box in boxes]}


# ---------------------------------------------------------------- writing


def _check_values(values: Any, path: str) -> list[list[Any]]:
    if values is None:
        return []
    if not isinstance(values, list):
        raise field_violations([invalid_value(path, "type.googleapis.com/google.protobuf.ListValue", values)])
    for i, row in enumerate(values):
        if not isinstance(row, list):
            raise field_violations(
                [invalid_value(f"{path}[{i}]", "type.googleapis.com/google.protobuf.ListValue", row)]
            )
        for j, item in enumerate(row):
            if isinstance(item, (list, dict)):
                raise field_violations(
                    [invalid_value(f"{path}[{i}][{j}]", "type.googleapis.com/google.protobuf.Value", item)]
                )
    return values


def _as_rows(values: list[list[Any]], major: str) -> list[list[Any]]:
    if major != "COLUMNS":
        return values
    height = max((len(col) for col in values), default=0)
    return [[col[r] if r < len(col) else None for col in values] for r in range(height)]


def write(ss: Spreadsheet, sheet: Sheet, r0: int, c0: int, rows: list[list[Any]], input_option: str,
          written: set | None = None) -> dict:
    """Store a rectangle of values; returns Google's UpdateValuesResponse stats."""
    height = len(rows)
    width = max((len(r) for r in rows), default=0)
    rows_touched, cols_touched, count = set(), set(), 0
    for dr, row in enumerate(rows):
        for dc, value in enumerate(row):
            if value is None:
                continue
            r, c = r0 + dr, c0 + dc
            if input_option == "RAW":
                sheet.set_value(r, c, cells.raw_entered(value), evaluate_with=ss)
            else:
                entered, fmt = cells.user_entered(value)
                sheet.set_value(r, c, entered, fmt, evaluate_with=ss)
            rows_touched.add(r)
            cols_touched.add(c)
            count += 1
            if written is not None:
                written.add((sheet.sheet_id, r, c))
    out: dict[str, Any] = {"spreadsheetId": ss.id}
    if height and width:
        out["updatedRange"] = a1.format_range(sheet.title, r0, c0, r0 + height, c0 + width)
    else:
        out["updatedRange"] = a1.format_range(sheet.title, r0, c0, r0 + 1, c0 + 1)
    if count:
        out.update({"updatedRows": len(rows_touched), "updatedColumns": len(cols_touched), "updatedCells": count})
    return out


def _target(ss: Spreadsheet, range_text: str, rows: list[list[Any]], prefix: str = "") -> tuple[Sheet, int, int]:
    sheet, r0, r1, c0, c1 = ss.resolve_unclamped(range_text)
    height = len(rows)
    width = max((len(r) for r in rows), default=0)
    if r1 is not None and height > r1 - r0:
        raise bad_request(
            f"{prefix}Requested writing within range [{_echo(sheet, range_text)}], but tried writing to row [{r0 + height}]"
        )
    if c1 is not None and width > c1 - c0:
        raise bad_request(
            f"{prefix}Requested writing within range [{_echo(sheet, range_text)}], but tried writing to column "
            f"[{a1.col_letters(c0 + width - 1)}]"
        )
    if height and width and (r0 + height > sheet.rows or c0 + width > sheet.cols):
        bad_r = r0 if r0 >= sheet.rows else (sheet.rows if r0 + height > sheet.rows else r0)
        bad_c = c0 if c0 >= sheet.cols else (sheet.cols if c0 + width > sheet.cols else c0)
        raise bad_request(
            f"{prefix}Range ({a1.quote_title(sheet.title)}!{a1.cell_name(bad_r, bad_c)}) exceeds grid limits. "
            f"Max rows: {sheet.rows}, max columns: {sheet.cols}"
        )
    return sheet, r0, c0


def _echo(sheet: Sheet, range_text: str) -> str:
    _, cell_part = a1.split_sheet(range_text)
    return f"{a1.quote_title(sheet.title)}!{cell_part}" if cell_part else a1.quote_title(sheet.title)


def _input_option(params: dict, required: bool = True) -> str:
    option = params.get("valueInputOption")
    if option is None:
        if required:
            raise bad_request("'valueInputOption' is required but not specified")
        return "RAW"
    if option not in ENUMS["ValueInputOption"] or option == "INPUT_VALUE_OPTION_UNSPECIFIED":
        raise field_violations([invalid_value("value_input_option", enum_type_name("ValueInputOption"), option)])
    return option


def _response_data(ss: Spreadsheet, out: dict, params: dict) -> None:
    if str(params.get("includeValuesInResponse", "")).lower() == "true":
        opts = {
            "valueRenderOption": params.get("responseValueRenderOption", "FORMATTED_VALUE"),
            "dateTimeRenderOption": params.get("responseDateTimeRenderOption", "SERIAL_NUMBER"),
        }
        out["updatedData"] = get(ss, out["updatedRange"], opts)


def update(ss: Spreadsheet, range_text: str, params: dict, body: dict) -> dict:
    validate({k: v for k, v in body.items() if k != "values"}, "ValueRange")
    rows = _as_rows(_check_values(body.get("values"), "data.values"), body.get("majorDimension") or "ROWS")
    option = _input_option(params)
    sheet, r0, c0 = _target(ss, range_text, rows)
    out = write(ss, sheet, r0, c0, rows, option)
    _response_data(ss, out, params)
    return out


def batch_update(ss: Spreadsheet, body: dict) -> dict:
    validate({**body, "data": [{k: v for k, v in d.items() if k != "values"} for d in body.get("data") or [] if isinstance(d, dict)]},
             "BatchUpdateValuesRequest")
    option = body.get("valueInputOption")
    if not option:
        raise bad_request("'valueInputOption' is required but not specified")
    written: set = set()
    responses = []
    for i, item in enumerate(body.get("data") or []):
        rows = _as_rows(_check_values(item.get("values"), f"data[{i}].values"), item.get("majorDimension") or "ROWS")
        try:
            sheet, r0, c0 = _target(ss, item.get("range", ""), rows, prefix=f"Invalid data[{i}]: ")
        except ApiError as err:
            if err.message.startswith("Unable to parse range"):
                raise bad_request(f"Invalid data[{i}]: {err.message}") from None
            raise
        out = write(ss, sheet, r0, c0, rows, option, written)
        if body.get("includeValuesInResponse"):
            _response_data(ss, out, {"includeValuesInResponse": "true",
                                     "responseValueRenderOption": body.get("responseValueRenderOption", "FORMATTED_VALUE"),
                                     "responseDateTimeRenderOption": body.get("responseDateTimeRenderOption", "SERIAL_NUMBER")})
        responses.append(out)
    result: dict[str, Any] = {"spreadsheetId": ss.id}
    if written:
        result.update({
            "totalUpdatedRows": len({(s, r) for s, r, _ in written}),
            "totalUpdatedColumns": len({(s, c) for s, _, c in written}),
            "totalUpdatedCells": len(written),
            "totalUpdatedSheets": len({s for s, _, _ in written}),
        })
    result["responses"] = responses
    return result


# ---------------------------------------------------------------- append


def _region(sheet: Sheet, r: int, c: int) -> tuple[int, int, int, int]:
    """Bounding box of the block of non-empty cells around (r, c) (8-neighbour)."""
    r0, r1, c0, c1 = r, r + 1, c, c + 1
    grown = True
    while grown:
        grown = False
        for rr, cc, _ in sheet.iter_cells(max(0, r0 - 1), r1 + 1, max(0, c0 - 1), c1 + 1):
            if not sheet.has_value(rr, cc) or (r0 <= rr < r1 and c0 <= cc < c1):
                continue
            r0, r1, c0, c1 = min(r0, rr), max(r1, rr + 1), min(c0, cc), max(c1, cc + 1)
            grown = True
    return r0, r1, c0, c1


def append(ss: Spreadsheet, range_text: str, params: dict, body: dict) -> dict:
    validate({k: v for k, v in body.items() if k != "values"}, "ValueRange")
    rows = _as_rows(_check_values(body.get("values"), "data.values"), body.get("majorDimension") or "ROWS")
    option = _input_option(params)
    insert = _enum_param(params, "insertDataOption", INSERT_DATA, "OVERWRITE") == "INSERT_ROWS"
    sheet, r0, r1, c0, c1 = ss.resolve(range_text)
    last = None
    for r, c, data in sheet.iter_cells(r0, r1, c0, c1):
        if data.get("userEnteredValue") and (last is None or (r, c) > last):
            last = (r, c)
    out: dict[str, Any] = {"spreadsheetId": ss.id}
    if last is None:
        start_r, start_c = r0, c0
    else:
        tr0, tr1, tc0, tc1 = _region(sheet, *last)
        out["tableRange"] = a1.format_range(sheet.title, tr0, tc0, tr1, tc1)
        start_r, start_c = tr1, tc0
    height = len(rows)
    width = max((len(r) for r in rows), default=0)
    if insert and height:
        from .batch_common import _shift_dimension

        _shift_dimension(ss, sheet, "ROWS", start_r, height, insert=True)
    if start_r + height > sheet.rows:
        sheet.grid["rowCount"] = start_r + height
    if start_c + width > sheet.cols:
        sheet.grid["columnCount"] = start_c + width
    if ss.total_cells() > model.MAX_CELLS:
        raise bad_request(
            f"This action would increase the number of cells in the workbook above the limit of {model.MAX_CELLS} cells."
        )
    updates = write(ss, sheet, start_r, start_c, rows, option)
    _response_data(ss, updates, params)
    out["updates"] = updates
    return out


# ---------------------------------------------------------------- clearing


def clear_box(sheet: Sheet, r0: int, r1: int, c0: int, c1: int) -> None:
    for r, c, _ in list(sheet.iter_cells(r0, r1, c0, c1)):
        sheet.set_value(r, c, None)


def clear(ss: Spreadsheet, range_text: str) -> dict:
    sheet, r0, r1, c0, c1 = ss.resolve(range_text)
    clear_box(sheet, r0, r1, c0, c1)
    return {"spreadsheetId": ss.id, "clearedRange": a1.format_range(sheet.title, r0, c0, r1, c1)}


def batch_clear(ss: Spreadsheet, body: dict) -> dict:
    validate(body, "BatchClearValuesRequest")
    boxes = [ss.resolve(text) for text in body.get("ranges") or []]
    for box in boxes:
        clear_box(*box)
    return {
        "spreadsheetId": ss.id,
        "clearedRanges": [a1.format_range(s.title, r0, c0, r1, c1) for s, r0, r1, c0, c1 in boxes],
    }
