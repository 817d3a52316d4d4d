"""batchUpdate handlers for developer metadata, conditional formats, filters,
named/protected ranges and dimension groups."""

from __future__ import annotations

import copy
from typing import Any

from . import a1, fieldmask, model
from .batch_common import (
    Context,
    _bounds,
    _dimension_bounds,
    _mask,
    _sheet,
    handler,
)
from .errors import ApiError, invalid_request
from .model import Sheet, Spreadsheet, normalize_format, public_range

# ---------------------------------------------------------------- developer metadata


def _location(ss: Spreadsheet, loc: dict, i: int, kind: str) -> tuple[dict, Any]:
    """Validate a DeveloperMetadataLocation -> (public location, owner list holder)."""
    chosen = [k for k in ("spreadsheet", "sheetId", "dimensionRange") if k in loc]
    if len(chosen) != 1:
        raise invalid_request(i, kind, "Developer metadata location must specify exactly one of spreadsheet, sheetId or dimensionRange.")
    if chosen[0] == "spreadsheet":
        if loc["spreadsheet"] is not True:
            raise invalid_request(i, kind, "Developer metadata location 'spreadsheet' must be true.")
        return {"locationType": "SPREADSHEET", "spreadsheet": True}, ss.developer_metadata
    if chosen[0] == "sheetId":
        sheet = _sheet(ss, loc["sheetId"], i, kind)
        return {"locationType": "SHEET", "sheetId": sheet.sheet_id}, sheet.developer_metadata
    dr = loc["dimensionRange"]
    sheet, dim, start, end = _dimension_bounds(ss, dr, i, kind)
    if end - start != 1:
        raise invalid_request(i, kind, "Developer metadata may only be associated with a single row or column.")
    meta = (sheet.row_meta if dim == "ROWS" else sheet.col_meta).setdefault(start, {})
    public = {"dimension": dim, "startIndex": start, "endIndex": end}
    if sheet.sheet_id:
        public = {"sheetId": sheet.sheet_id, **public}
    return {"locationType": "ROW" if dim == "ROWS" else "COLUMN", "dimensionRange": public}, meta.setdefault("developerMetadata", [])


@handler("createDeveloperMetadata")
def create_developer_metadata(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "createDeveloperMetadata"
    md = body.get("developerMetadata") or {}
    if not md.get("metadataKey"):
        raise invalid_request(i, kind, "Developer metadata must specify a key.")
    if md.get("visibility") not in ("DOCUMENT", "PROJECT"):
        raise invalid_request(i, kind, "Developer metadata must specify a visibility of DOCUMENT or PROJECT.")
    if not md.get("location"):
        raise invalid_request(i, kind, "Developer metadata must specify a location.")
    used = {m["metadataId"] for m, _ in ss.all_developer_metadata()}
    if "metadataId" in md:
        metadata_id = int(md["metadataId"])
        if metadata_id <= 0:
            raise invalid_request(i, kind, f"Invalid metadataId: {metadata_id}. Metadata IDs must be positive.")
        if metadata_id in used:
            raise invalid_request(i, kind, f"Developer metadata with ID {metadata_id} already exists.")
    else:
        metadata_id = ss.new_int_id(used)
    location, owner = _location(ss, md["location"], i, kind)
    entry: dict[str, Any] = {"metadataId": metadata_id, "metadataKey": md["metadataKey"]}
    if md.get("metadataValue") not in (None, ""):
        entry["metadataValue"] = md["metadataValue"]
    entry["location"] = location
    entry["visibility"] = md["visibility"]
    owner.append(entry)
    return {"createDeveloperMetadata": {"developerMetadata": copy.deepcopy(entry)}}


def _lookup_matches(ss: Spreadsheet, md: dict, lookup: dict) -> bool:
    if "metadataId" in lookup and int(lookup["metadataId"]) != md["metadataId"]:
        return False
    if "metadataKey" in lookup and lookup["metadataKey"] != md["metadataKey"]:
        return False
    if "metadataValue" in lookup and lookup["metadataValue"] != md.get("metadataValue", ""):
        return False
    if "visibility" in lookup and lookup["visibility"] != md["visibility"]:
        return False
    if "locationType" in lookup and lookup["locationType"] != md["location"]["locationType"]:
        return False
    loc = lookup.get("metadataLocation")
    if loc:
        mine = md["location"]
        if "spreadsheet" in loc and mine["locationType"] != "SPREADSHEET":
            return False
        if "sheetId" in loc and not (mine["locationType"] == "SHEET" and mine["sheetId"] == int(loc["sheetId"])):
            return False
        if "dimensionRange" in loc:
            want = loc["dimensionRange"]
            got = mine.get("dimensionRange")
            if not got or got.get("sheetId", 0) != want.get("sheetId", 0) or got["dimension"] != want.get("dimension"):
                return False
            if not (want.get("startIndex", 0) <= got["startIndex"] < want.get("endIndex", 10**9)):
                return False
    return True


def _filter_metadata(ss: Spreadsheet, data_filter: dict, i: int, kind: str) -> list[tuple[dict, list]]:
    if "developerMetadataLookup" in data_filter:
        lookup = data_filter["developerMetadataLookup"] or {}
        if not lookup:
            raise invalid_request(i, kind, "DeveloperMetadataLookup must specify at least one criterion.")
        return [(m, owner) for m, owner in ss.all_developer_metadata() if _lookup_matches(ss, m, lookup)]
    if "a1Range" in data_filter or "gridRange" in data_filter:
        if "a1Range" in data_filter:
            sheet, r0, r1, c0, c1 = ss.resolve(data_filter["a1Range"])
        else:
            sheet, r0, r1, c0, c1 = _bounds(ss, data_filter["gridRange"], i, kind)
        out = []
        for m, owner in ss.all_developer_metadata():
            loc = m["location"]
            if loc["locationType"] == "SHEET" and loc["sheetId"] == sheet.sheet_id:
                out.append((m, owner))
            elif loc["locationType"] in ("ROW", "COLUMN") and loc["dimensionRange"].get("sheetId", 0) == sheet.sheet_id:
                idx = loc["dimensionRange"]["startIndex"]
                lo, hi = (r0, r1) if loc["locationType"] == "ROW" else (c0, c1)
                if lo <= idx < hi:
                    out.append((m, owner))
        return out
    raise invalid_request(i, kind, "A data filter must be specified.")


@handler("deleteDeveloperMetadata")
def delete_developer_metadata(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "deleteDeveloperMetadata"
    matches = _filter_metadata(ss, body.get("dataFilter") or {}, i, kind)
    for m, owner in matches:
        owner.remove(m)
    for s in ss.sheets:
        for meta in (s.row_meta, s.col_meta):
            for idx in list(meta):
                if "developerMetadata" in meta[idx] and not meta[idx]["developerMetadata"]:
                    del meta[idx]["developerMetadata"]
                if not meta[idx]:
                    del meta[idx]
    reply: dict[str, Any] = {}
    if matches:
        reply["deletedDeveloperMetadata"] = [copy.deepcopy(m) for m, _ in matches]
    return {"deleteDeveloperMetadata": reply}


@handler("updateDeveloperMetadata")
def update_developer_metadata(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "updateDeveloperMetadata"
    tree = _mask(body.get("fields"), i, kind)
    source = body.get("developerMetadata") or {}
    updated = []
    seen: set[int] = set()
    for data_filter in body.get("dataFilters") or []:
        for m, _owner in _filter_metadata(ss, data_filter, i, kind):
            if m["metadataId"] in seen:
                continue
            seen.add(m["metadataId"])
            for path in fieldmask.leaf_paths(tree):
                key = path[0]
                if key in ("metadataKey", "metadataValue", "visibility") and key in source:
                    m[key] = source[key]
                elif key == "location":
                    raise ApiError(501, "The Sheets stand-in does not implement moving developer metadata.")
            updated.append(copy.deepcopy(m))
    return {"updateDeveloperMetadata": {"developerMetadata": updated} if updated else {}}


# ---------------------------------------------------------------- conditional formats & filters


def _normalize_rule(ss: Spreadsheet, rule: dict, i: int, kind: str) -> tuple[Sheet, dict]:
    ranges = rule.get("ranges") or []
    if not ranges:
        raise invalid_request(i, kind, "Conditional format rules must have at least one range.")
    sheets = set()
    public = []
    for rng in ranges:
        sheet, *_ = _bounds(ss, rng, i, kind)
        sheets.add(sheet.sheet_id)
        public.append(public_range(rng))
    if len(sheets) > 1:
        raise invalid_request(i, kind, "All ranges of a conditional format rule must be on the same sheet.")
    out: dict[str, Any] = {"ranges": public}
    if ("booleanRule" in rule) == ("gradientRule" in rule):
        raise invalid_request(i, kind, "Conditional format rule must have exactly one of booleanRule or gradientRule.")
    if "booleanRule" in rule:
        br = copy.deepcopy(rule["booleanRule"])
        if not (br.get("condition") or {}).get("type"):
            raise invalid_request(i, kind, "Boolean rule must specify a condition type.")
        if "format" in br:
            br["format"] = normalize_format(br["format"])
        out["booleanRule"] = br
    else:
        gr = copy.deepcopy(rule["gradientRule"])
        for point in ("minpoint", "midpoint", "maxpoint"):
            if point in gr:
                holder = {"c": gr[point].get("color"), "s": gr[point].get("colorStyle")}
                fmt = normalize_format({"backgroundColor": holder["c"]} if holder["s"] is None else {"backgroundColorStyle": holder["s"]})
                gr[point]["color"] = fmt.get("backgroundColor", {})
                gr[point]["colorStyle"] = fmt.get("backgroundColorStyle", {})
                if not gr[point].get("type"):
                    raise invalid_request(i, kind, f"Gradient {point} must specify a type.")
        if "minpoint" not in gr or "maxpoint" not in gr:
            raise invalid_request(i, kind, "Gradient rules must specify a minpoint and a maxpoint.")
        out["gradientRule"] = gr
    return ss.sheet_by_id(sheets.pop()), out


@handler("addConditionalFormatRule")
def add_conditional_format(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "addConditionalFormatRule"
    sheet, rule = _normalize_rule(ss, body.get("rule") or {}, i, kind)
    index = int(body.get("index", 0))
    if index < 0 or index > len(sheet.conditional_formats):
        raise invalid_request(i, kind, f"Invalid index {index}: must be between 0 and {len(sheet.conditional_formats)}.")
    sheet.conditional_formats.insert(index, rule)
    return {}


@handler("updateConditionalFormatRule")
def update_conditional_format(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "updateConditionalFormatRule"
    sheet = _sheet(ss, body.get("sheetId", 0), i, kind)
    index = int(body.get("index", 0))
    if not 0 <= index < len(sheet.conditional_formats):
        raise invalid_request(i, kind, f"No conditional format on sheet: {sheet.sheet_id} at index: {index}")
    old = sheet.conditional_formats[index]
    if "rule" in body:
        _, new = _normalize_rule(ss, body["rule"], i, kind)
        sheet.conditional_formats[index] = new
        return {"updateConditionalFormatRule": {"newRule": copy.deepcopy(new), "oldRule": copy.deepcopy(old), "newIndex": index, "oldIndex": index} }
    new_index = int(body.get("newIndex", index))
    sheet.conditional_formats.pop(index)
    sheet.conditional_formats.insert(max(0, min(new_index, len(sheet.conditional_formats))), old)
    return {"updateConditionalFormatRule": {"newRule": copy.deepcopy(old), "newIndex": new_index, "oldIndex": index}}


@handler("deleteConditionalFormatRule")
def delete_conditional_format(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "deleteConditionalFormatRule"
    sheet = _sheet(ss, body.get("sheetId", 0), i, kind)
    index = int(body.get("index", 0))
    if not 0 <= index < len(sheet.conditional_formats):
        raise invalid_request(i, kind, f"No conditional format on sheet: {sheet.sheet_id} at index: {index}")
    rule = sheet.conditional_formats.pop(index)
    return {"deleteConditionalFormatRule": {"rule": rule}}


@handler("setBasicFilter")
def set_basic_filter(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    flt = copy.deepcopy(body.get("filter") or {})
    sheet, r0, r1, c0, c1 = _bounds(ss, flt.get("range"), i, "setBasicFilter")
    flt["range"] = model.grid_range_json(0, r0, r1, c0, c1)
    sheet.basic_filter = model.ordered(flt, ("range",))
    return {}


@handler("clearBasicFilter")
def clear_basic_filter(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    sheet = _sheet(ss, body.get("sheetId", 0), i, "clearBasicFilter")
    sheet.basic_filter = None
    return {}


# ---------------------------------------------------------------- named & protected ranges, groups


def _check_range_name(ss: Spreadsheet, name: Any, i: int, kind: str, ignore: dict | None = None) -> None:
    import re

    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name) or a1.parse_cells(name):
        raise invalid_request(i, kind, f"Invalid name for a named range: {name}")
    clash = ss.named_range(name)
    if clash is not None and clash is not ignore:
        raise invalid_request(i, kind, f"Named range with name: {name} already exists.")


@handler("addNamedRange")
def add_named_range(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "addNamedRange"
    nr = body.get("namedRange") or {}
    _check_range_name(ss, nr.get("name"), i, kind)
    _bounds(ss, nr.get("range"), i, kind)
    used = {n["namedRangeId"] for n in ss.named_ranges}
    nr_id = str(nr.get("namedRangeId") or ss.new_int_id({int(u) for u in used if u.isdigit()}))
    if nr_id in used:
        raise invalid_request(i, kind, f"Named range with id: {nr_id} already exists.")
    entry = {"namedRangeId": nr_id, "name": nr["name"], "range": public_range(nr.get("range") or {})}
    ss.named_ranges.append(entry)
    return {"addNamedRange": {"namedRange": copy.deepcopy(entry)}}


@handler("updateNamedRange")
def update_named_range(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "updateNamedRange"
    nr = body.get("namedRange") or {}
    entry = next((n for n in ss.named_ranges if n["namedRangeId"] == str(nr.get("namedRangeId"))), None)
    if entry is None:
        raise invalid_request(i, kind, f"No named range with id: {nr.get('namedRangeId')}")
    tree = _mask(body.get("fields"), i, kind)
    updated = fieldmask.apply_update(entry, nr, tree, ("name", "range"))
    if updated.get("name") != entry["name"]:
        _check_range_name(ss, updated.get("name"), i, kind, ignore=entry)
    _bounds(ss, updated.get("range"), i, kind)
    entry["name"] = updated["name"]
    entry["range"] = public_range(updated.get("range") or {})
    return {}


@handler("deleteNamedRange")
def delete_named_range(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    wanted = str(body.get("namedRangeId"))
    entry = next((n for n in ss.named_ranges if n["namedRangeId"] == wanted), None)
    if entry is None:
        raise invalid_request(i, "deleteNamedRange", f"No named range with id: {wanted}")
    ss.named_ranges.remove(entry)
    return {}


@handler("addProtectedRange")
def add_protected_range(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "addProtectedRange"
    pr = body.get("protectedRange") or {}
    sheet, *_ = _bounds(ss, pr.get("range"), i, kind)
    used = {p["protectedRangeId"] for s in ss.sheets for p in s.protected_ranges}
    entry: dict[str, Any] = {"protectedRangeId": ss.new_int_id(used), "range": public_range(pr.get("range") or {})}
    if pr.get("description"):
        entry["description"] = pr["description"]
    if pr.get("warningOnly"):
        entry["warningOnly"] = True
    entry["requestingUserCanEdit"] = True
    reply = dict(entry, editors={})
    editors = pr.get("editors") or {}
    users = [ctx.account_email] + [u for u in editors.get("users") or [] if u != ctx.account_email]
    stored = {"users": users}
    if editors.get("groups"):
        stored["groups"] = list(editors["groups"])
    sheet.protected_ranges.append(dict(entry, editors=stored))
    return {"addProtectedRange": {"protectedRange": reply}}


@handler("deleteProtectedRange")
def delete_protected_range(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    wanted = int(body.get("protectedRangeId", -1))
    for sheet in ss.sheets:
        for pr in sheet.protected_ranges:
            if pr["protectedRangeId"] == wanted:
                sheet.protected_ranges.remove(pr)
                return {}
    raise invalid_request(i, "deleteProtectedRange", f"No protected range with id: {wanted}")


def _groups(sheet: Sheet, dim: str) -> list[dict]:
    return sheet.row_groups if dim == "ROWS" else sheet.column_groups


@handler("addDimensionGroup")
def add_dimension_group(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "addDimensionGroup"
    sheet, dim, start, end = _dimension_bounds(ss, body.get("range") or {}, i, kind)
    groups = _groups(sheet, dim)
    depth = 1 + sum(1 for g in groups if g["range"]["startIndex"] <= start and end <= g["range"]["endIndex"])
    groups.append({"range": {"dimension": dim, "startIndex": start, "endIndex": end}, "depth": depth})
    groups.sort(key=lambda g: (g["depth"], g["range"]["startIndex"]))
    flag = "rowGroupControlAfter" if dim == "ROWS" else "columnGroupControlAfter"
    sheet.grid.setdefault(flag, True)
    return {"addDimensionGroup": {"dimensionGroups": copy.deepcopy(groups)}}


@handler("deleteDimensionGroup")
def delete_dimension_group(ss: Spreadsheet, body: dict, i: int, ctx: Context) -> dict:
    kind = "deleteDimensionGroup"
    sheet, dim, start, end = _dimension_bounds(ss, body.get("range") or {}, i, kind)
    groups = _groups(sheet, dim)
    match = [g for g in groups if g["range"]["startIndex"] == start and g["range"]["endIndex"] == end]
    if not match:
        raise invalid_request(i, kind, "No dimension group matches the given range.")
    deepest = max(match, key=lambda g: g["depth"])
    groups.remove(deepest)
    return {"deleteDimensionGroup": {"dimensionGroups": copy.deepcopy(groups)} if groups else {}}
