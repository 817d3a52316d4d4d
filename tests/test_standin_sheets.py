"""Tests of the Sheets stand-in (tests/standin/), including the conformance
replay of 124 real gspread cassettes recorded against Google."""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import require_shared

sys.path.insert(0, str(Path(__file__).resolve().parent))

from standin import ErrorValue, Formula, SheetsStandIn
from standin.client import gspread_client, http_client_for

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CASSETTES = PROJECT_ROOT.parent / "shared" / "reference" / "google-sheets-recorded" / "cassettes"

# The service account that recorded the cassettes: Google lists the caller as
# the editor of a new protected range, so the replay tells the stand-in who
# the caller is (the stand-in's own default is a made-up account).
RECORDING_ACCOUNT = "telegram-budgeter@telegram-budgeter.iam.gserviceaccount.com"


@pytest.fixture
def standin():
    with SheetsStandIn() as server:
        yield server


@pytest.fixture
def gc(standin):
    return gspread_client(standin)


# ====================================================================== replay

PRODUCT_ENDPOINTS = ("metadata GET", "values:batchGet", ":batchUpdate")
ID_KEYS = {"spreadsheetId", "id", "sheetId", "namedRangeId", "protectedRangeId", "metadataId"}
VOLATILE_KEYS = {
    "spreadsheetTheme",
    "defaultFormat",
    "iterativeCalculationSettings",
    "locale",
    "timeZone",
    "createdTime",
    "modifiedTime",
    "etag",
}

# Interactions the replay does not compare, each with its reason. Listed one
# by one (cassette, interaction index); nothing is excluded by pattern.
_OPENALL = "lists/opens files that already existed in the recorder's Drive account (external state)"
_FONT = "autoResizeDimensions result depends on Google's font metrics (stand-in uses a heuristic)"
_UPLOAD = "Drive v2 upload reply carries account data (owners, permissions, etag, selfLinks)"
_OPENALL_INDICES = {
    "ClientTest.test_openall": [3, *range(6, 68), 74, *range(76, 109)],
    "ClientTest.test_open_all_has_metadata": [3, *range(6, 68), 71, *range(73, 106)],
}
EXCLUSIONS: dict[tuple[str, int], str] = {
    **{(c, i): _OPENALL for c, indices in _OPENALL_INDICES.items() for i in indices},
    ("WorksheetTest.test_auto_resize_columns", 8): _FONT,
    ("WorksheetTest.test_auto_resize_columns", 17): _FONT,
    ("ClientTest.test_import_csv", 3): _UPLOAD,
    ("ClientTest.test_import_csv", 11): _UPLOAD,
}


def endpoint_of(method: str, path: str) -> str:
    if re.fullmatch(r"/v4/spreadsheets/[^/:]+", path):
        return "metadata GET" if method == "GET" else f"{method} spreadsheet"
    if path.endswith("/values:batchGet"):
        return "values:batchGet"
    if re.fullmatch(r"/v4/spreadsheets/[^/:]+:batchUpdate", path):
        return ":batchUpdate"
    if "/values:" in path:
        return "values:" + path.rsplit(":", 1)[1]
    if "/values/" in path:
        suffix = path.rsplit(":", 1)[1] if re.search(r":(append|clear)$", path) else method
        return f"values/{{range}} {suffix}"
    if path.startswith("/drive/") or path.startswith("/upload/"):
        return "drive " + method
    return f"{method} other"


@dataclass
class Outcome:
    cassette: str
    index: int
    endpoint: str
    matched: bool
    excluded: str | None = None
    detail: str = ""


@dataclass
class IdMap:
    """Recorded ids (spreadsheet ids, sheetIds, ...) -> ids the stand-in assigned."""

    values: dict[str, Any] = field(default_factory=dict)

    def text(self, s: str) -> str:
        for old, new in self.values.items():
            if isinstance(new, str) and len(old) > 20:
                s = s.replace(old, new)
        return s

    def learn(self, expected: Any, actual: Any) -> None:
        if isinstance(expected, dict) and isinstance(actual, dict):
            for key, value in expected.items():
                if key not in actual:
                    continue
                if key in ID_KEYS and not isinstance(value, (dict, list)):
                    if value != actual[key] and str(value) not in self.values:
                        self.values[str(value)] = actual[key]
                else:
                    self.learn(value, actual[key])
        elif isinstance(expected, list) and isinstance(actual, list):
            for e, a in zip(expected, actual, strict=False):
                self.learn(e, a)

    def apply(self, obj: Any) -> Any:
        if isinstance(obj, dict):
            out = {}
            for key, value in obj.items():
                if key in ID_KEYS and not isinstance(value, (dict, list)) and str(value) in self.values:
                    out[key] = self.values[str(value)]
                else:
                    out[key] = self.apply(value)
            return out
        if isinstance(obj, list):
            return [self.apply(v) for v in obj]
        if isinstance(obj, str):
            return self.text(obj)
        return obj


def strip_volatile(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: strip_volatile(v) for k, v in obj.items() if k not in VOLATILE_KEYS}
    if isinstance(obj, list):
        return [strip_volatile(v) for v in obj]
    return obj


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, TypeError):
        return text


def _denied_ids(interactions: list[dict]) -> set[str]:
    """Spreadsheets the cassette reads but never creates and Google refused
    with 403: they exist in Drive but are not shared with the recorder."""
    created = set()
    denied = set()
    for it in interactions:
        body = _json_or_text(it["response"]["body"]["string"])
        if isinstance(body, dict) and body.get("kind") == "drive#file":
            created.add(body.get("id"))
        m = re.search(r"/v4/spreadsheets/([^/:?]+)", it["request"]["uri"])
        if m and it["response"]["status"]["code"] == 403 and m.group(1) not in created:
            denied.add(m.group(1))
    return denied


def _describe_diff(expected: Any, actual: Any, path: str = "") -> str:
    if type(expected) is not type(actual) and not (
        isinstance(expected, (int, float)) and isinstance(actual, (int, float))
    ):
        return f"{path}: expected {expected!r:.200} got {actual!r:.200}"
    if isinstance(expected, dict):
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                return f"{path}.{key}: missing (expected {expected[key]!r:.150})"
            if key not in expected:
                return f"{path}.{key}: unexpected {actual[key]!r:.150}"
            if expected[key] != actual[key]:
                return _describe_diff(expected[key], actual[key], f"{path}.{key}")
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return f"{path}: length {len(expected)} != {len(actual)}: expected {expected!r:.200} got {actual!r:.200}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
            if e != a:
                return _describe_diff(e, a, f"{path}[{i}]")
    return f"{path}: expected {expected!r:.200} got {actual!r:.200}"


def replay_cassette(path: Path) -> list[Outcome]:
    interactions = json.loads(path.read_text())["interactions"]
    outcomes: list[Outcome] = []
    ids = IdMap()
    with SheetsStandIn(account_email=RECORDING_ACCOUNT) as server, requests.Session() as session:
        for denied in _denied_ids(interactions):
            server.deny_access(denied)
        for index, it in enumerate(interactions):
            req, resp = it["request"], it["response"]
            uri = ids.text(req["uri"])
            for host in ("https://sheets.googleapis.com", "https://www.googleapis.com"):
                uri = uri.replace(host, server.url)
            raw_path = requests.utils.urlparse(uri).path
            endpoint = endpoint_of(req["method"], requests.utils.unquote(raw_path))
            body = req["body"]
            headers = {}
            if body is not None:
                headers["Content-Type"] = req["headers"].get("Content-Type", ["application/json"])[0]
                parsed = _json_or_text(ids.text(body))
                body = json.dumps(ids.apply(parsed)) if not isinstance(parsed, str) else parsed
                body = body.encode("utf-8")
            answer = session.request(req["method"], uri, data=body, headers=headers, timeout=30)
            expected = _json_or_text(resp["body"]["string"])
            actual = _json_or_text(answer.text)
            if not isinstance(expected, str):
                ids.learn(expected, actual)
                expected = strip_volatile(ids.apply(expected))
                actual = strip_volatile(actual)
            excluded = EXCLUSIONS.get((path.stem, index))
            status_ok = answer.status_code == resp["status"]["code"]
            matched = status_ok and expected == actual
            detail = ""
            if not matched:
                detail = (
                    f"status {answer.status_code} != {resp['status']['code']}"
                    if not status_ok
                    else _describe_diff(expected, actual)
                )
                detail = f"{req['method']} {requests.utils.unquote(raw_path)}: {detail}"
            outcomes.append(Outcome(path.stem, index, endpoint, matched, excluded, detail))
    return outcomes


def replay_all() -> list[Outcome]:
    outcomes: list[Outcome] = []
    for path in sorted(CASSETTES.glob("*.json")):
        outcomes.extend(replay_cassette(path))
    return outcomes


def summarize(outcomes: list[Outcome]) -> tuple[str, dict[str, tuple[int, int]]]:
    per: dict[str, list[int]] = {}
    for o in outcomes:
        if o.excluded:
            continue
        bucket = per.setdefault(o.endpoint, [0, 0])
        bucket[0] += o.matched
        bucket[1] += 1
    product = [per.get(e, [0, 0]) for e in PRODUCT_ENDPOINTS]
    overall_m = sum(v[0] for v in per.values())
    overall_t = sum(v[1] for v in per.values())
    excluded = sum(1 for o in outcomes if o.excluded)
    parts = ", ".join(f"{e} {m}/{t}" for e, (m, t) in zip(PRODUCT_ENDPOINTS, product, strict=False))
    line = (
        f"Sheets stand-in conformance: {parts}; overall {overall_m}/{overall_t} interactions match "
        f"Google's recorded status+JSON ({excluded} of {len(outcomes)} excluded by named reason)"
    )
    return line, {k: (v[0], v[1]) for k, v in per.items()}


@pytest.mark.reference
def test_conformance_replay():
    require_shared(CASSETTES, "the recorded Google Sheets traffic")
    outcomes = replay_all()
    line, _per = summarize(outcomes)
    print("\n" + line)
    for key in EXCLUSIONS:
        assert any((o.cassette, o.index) == key for o in outcomes), f"stale exclusion {key}"
    failures = [o for o in outcomes if not o.excluded and not o.matched]
    product_failures = [o for o in failures if o.endpoint in PRODUCT_ENDPOINTS]
    assert not product_failures, "\n".join(f"{o.cassette}[{o.index}] {o.detail}" for o in product_failures[:20])
    assert not failures, "\n".join(f"{o.cassette}[{o.index}] {o.detail}" for o in failures[:20])


def test_replay_exclusions_are_named_and_few():
    reasons = Counter(EXCLUSIONS.values())
    assert set(reasons) == {_OPENALL, _FONT, _UPLOAD}
    assert len(EXCLUSIONS) == 198


# ====================================================================== gspread round trip


def _seed_inventory(standin: SheetsStandIn) -> str:
    return standin.create_spreadsheet(
        "Skills inventory",
        {
            "Skills": [
                ["Name", "Python", "SQL", "Share", "Score", "Lookup"],
                ["Ada", 5, 4.5, 0.85, Formula("=B2*2", cached=10), ErrorValue("#N/A")],
                ["Bob", 3, None, 0.5, Formula("=B3*2", cached=6), "ok"],
                [None, None, True, None, None, None],
            ],
            "My Sheet": [["x"]],
        },
        formats={"Skills": {"D2:D3": {"numberFormat": {"type": "PERCENT", "pattern": "0%"}}}},
    )


def test_gspread_round_trip(standin, gc):
    import gspread

    sid = _seed_inventory(standin)
    sh = gc.open_by_key(sid)
    assert [ws.title for ws in sh.worksheets()] == ["Skills", "My Sheet"]
    ws = sh.worksheet("Skills")
    assert ws.row_count == 1000 and ws.col_count == 26
    assert ws.get_all_values()[:3] == [
        ["Name", "Python", "SQL", "Share", "Score", "Lookup"],
        ["Ada", "5", "4.5", "85%", "10", "#N/A"],
        ["Bob", "3", "", "50%", "6", "ok"],
    ]
    got = sh.values_batch_get(
        ["Skills", "'My Sheet'"],
        params={"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER", "majorDimension": "ROWS"},
    )
    assert got["valueRanges"][0]["range"] == "Skills!A1:Z1000"
    assert got["valueRanges"][0]["values"] == [
        ["Name", "Python", "SQL", "Share", "Score", "Lookup"],
        ["Ada", 5, 4.5, 0.85, 10, "#N/A"],
        ["Bob", 3, "", 0.5, 6, "ok"],
        ["", "", True],
    ]
    assert got["valueRanges"][1] == {"range": "'My Sheet'!A1:Z1000", "majorDimension": "ROWS", "values": [["x"]]}
    assert ws.get("E2", value_render_option="FORMULA") == [["=B2*2"]]

    reply = sh.batch_update(
        {
            "requests": [
                {"addSheet": {"properties": {"sheetId": 4242, "title": "Summary",
                                             "gridProperties": {"rowCount": 20, "columnCount": 4, "frozenRowCount": 1}}}},
                {"createDeveloperMetadata": {"developerMetadata": {
                    "metadataKey": "skillsync.role", "metadataValue": "summary",
                    "location": {"sheetId": 4242}, "visibility": "DOCUMENT"}}},
            ]
        }
    )
    assert reply["replies"][0] == {"addSheet": {"properties": {
        "sheetId": 4242, "title": "Summary", "index": 2, "sheetType": "GRID",
        "gridProperties": {"rowCount": 20, "columnCount": 4, "frozenRowCount": 1}}}}
    created = reply["replies"][1]["createDeveloperMetadata"]["developerMetadata"]
    assert created["location"] == {"locationType": "SHEET", "sheetId": 4242}
    assert isinstance(created["metadataId"], int) and created["metadataId"] > 0
    meta = sh.fetch_sheet_metadata()
    summary = meta["sheets"][2]
    assert summary["developerMetadata"] == [created]
    assert summary["properties"]["gridProperties"]["frozenRowCount"] == 1
    assert standin.developer_metadata(sid, "Summary") == [created]
    assert isinstance(sh.worksheet("Summary"), gspread.Worksheet)


def test_values_input_options_and_render(standin, gc):
    sid = standin.create_spreadsheet("t", {"Sheet1": []})
    ws = gc.open_by_key(sid).sheet1
    ws.update([["=1+2", "0042", "85%", "2020-01-01", "TRUE", "'7"]], "A1", value_input_option="USER_ENTERED")
    ws.update([["=1+2", "0042", 7, True]], "A2", value_input_option="RAW")
    assert standin.values(sid, "Sheet1") == [[3, 42, 0.85, 43831, True, "7"], ["=1+2", "0042", 7, True]]
    assert ws.get("A1:F1")[0] == ["3", "42", "85%", "2020-01-01", "TRUE", "7"]
    assert ws.get("A1", value_render_option="FORMULA") == [["=1+2"]]
    assert standin.cell(sid, "Sheet1", "C1")["userEnteredFormat"]["numberFormat"]["type"] == "PERCENT"


# ====================================================================== batchUpdate semantics


def test_batch_update_is_atomic(standin, gc):
    import gspread

    sid = _seed_inventory(standin)
    before = standin.snapshot(sid)
    sh = gc.open_by_key(sid)
    with pytest.raises(gspread.exceptions.APIError) as err:
        sh.batch_update({"requests": [
            {"addSheet": {"properties": {"title": "New"}}},
            {"updateCells": {"start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 0},
                             "rows": [{"values": [{"userEnteredValue": {"stringValue": "changed"}}]}],
                             "fields": "userEnteredValue"}},
            {"addSheet": {"properties": {"title": "skills"}}},
        ]})
    assert err.value.response.status_code == 400
    assert err.value.response.json() == {"error": {
        "code": 400, "status": "INVALID_ARGUMENT",
        "message": 'Invalid requests[2].addSheet: A sheet with the name "skills" already exists. Please enter another name.'}}
    assert standin.snapshot(sid) == before


def test_unknown_field_gives_googles_400(standin, gc):
    import gspread

    sid = standin.create_spreadsheet("t", {"Sheet1": [["a"]]})
    sh = gc.open_by_key(sid)
    with pytest.raises(gspread.exceptions.APIError) as err:
        sh.batch_update({"requests": [{"addSheet": {"properties": {"titel": "x"}}}]})
    msg = "Invalid JSON payload received. Unknown name \"titel\" at 'requests[0].add_sheet.properties': Cannot find field."
    assert err.value.response.json()["error"] == {
        "code": 400, "message": msg, "status": "INVALID_ARGUMENT",
        "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                     "fieldViolations": [{"field": "requests[0].add_sheet.properties", "description": msg}]}],
    }
    with pytest.raises(gspread.exceptions.APIError) as err:
        sh.batch_update({"requests": [{"frobnicate": {}}]})
    assert err.value.response.json()["error"]["message"] == (
        "Invalid JSON payload received. Unknown name \"frobnicate\" at 'requests[0]': Cannot find field."
    )
    assert standin.sheet_titles(sid) == ["Sheet1"]


def test_update_cells_range_clears_uncovered_and_checks_grid(standin, gc):
    import gspread

    sid = standin.create_spreadsheet("t", {"Sheet1": [["a", "b"], ["c", "d"]]}, sizes={"Sheet1": (3, 3)})
    sh = gc.open_by_key(sid)
    link = {"textFormatRuns": [{"format": {"link": {"uri": "https://example.org"}}}]}
    sh.batch_update({"requests": [{"updateCells": {
        "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 2},
        "rows": [{"values": [{"userEnteredValue": {"stringValue": "Docs"}, "note": "see link", **link,
                              "userEnteredFormat": {"textFormat": {"bold": True}, "wrapStrategy": "WRAP"}}]}],
        "fields": "userEnteredValue,userEnteredFormat.textFormat.bold,userEnteredFormat.wrapStrategy,note,textFormatRuns",
    }}]})
    assert standin.values(sid, "Sheet1") == [["Docs"]]
    cell = standin.cell(sid, "Sheet1", "A1")
    assert cell["note"] == "see link"
    assert cell["textFormatRuns"] == [{"format": {"link": {"uri": "https://example.org"}}}]
    assert cell["userEnteredFormat"] == {"textFormat": {"bold": True}, "wrapStrategy": "WRAP"}
    with pytest.raises(gspread.exceptions.APIError) as err:
        sh.batch_update({"requests": [{"updateCells": {
            "start": {"sheetId": 0, "rowIndex": 3, "columnIndex": 0},
            "rows": [{"values": [{"userEnteredValue": {"numberValue": 1}}]}], "fields": "userEnteredValue"}}]})
    assert err.value.response.json()["error"]["message"] == (
        "Invalid requests[0].updateCells: Range (Sheet1!A4) exceeds grid limits. Max rows: 3, max columns: 3"
    )


def test_conditional_formats_dimensions_and_metadata_lifecycle(standin, gc):
    sid = standin.create_spreadsheet("t", {"Data": [["h"]]})
    sh = gc.open_by_key(sid)
    rule = {"ranges": [{"sheetId": 0, "startRowIndex": 1, "endRowIndex": 10, "startColumnIndex": 1, "endColumnIndex": 2}],
            "booleanRule": {"condition": {"type": "NUMBER_GREATER", "values": [{"userEnteredValue": "3"}]},
                            "format": {"backgroundColor": {"green": 1}}}}
    sh.batch_update({"requests": [
        {"addConditionalFormatRule": {"rule": rule, "index": 0}},
        {"appendDimension": {"sheetId": 0, "dimension": "COLUMNS", "length": 4}},
        {"updateDimensionProperties": {"range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1},
                                       "properties": {"pixelSize": 240}, "fields": "pixelSize"}},
        {"createDeveloperMetadata": {"developerMetadata": {"metadataId": 7, "metadataKey": "k", "metadataValue": "v",
                                                           "location": {"spreadsheet": True}, "visibility": "PROJECT"}}},
        {"setBasicFilter": {"filter": {"range": {"sheetId": 0}}}},
    ]})
    stored = standin.conditional_formats(sid, "Data")
    assert stored[0]["booleanRule"]["format"]["backgroundColorStyle"] == {"rgbColor": {"green": 1}}
    assert standin.sheet_properties(sid, "Data")["gridProperties"]["columnCount"] == 30
    assert standin.dimension_properties(sid, "Data", "COLUMNS", 0) == {"pixelSize": 240}
    assert standin.basic_filter(sid, "Data") == {"range": {"startRowIndex": 0, "endRowIndex": 1000, "startColumnIndex": 0, "endColumnIndex": 30}}
    assert sh.fetch_sheet_metadata()["developerMetadata"][0]["location"] == {"locationType": "SPREADSHEET", "spreadsheet": True}
    reply = sh.batch_update({"requests": [
        {"deleteConditionalFormatRule": {"sheetId": 0, "index": 0}},
        {"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {"metadataKey": "k"}}}},
        {"clearBasicFilter": {"sheetId": 0}},
    ]})
    assert reply["replies"][0]["deleteConditionalFormatRule"]["rule"] == stored[0]
    assert reply["replies"][1]["deleteDeveloperMetadata"]["deletedDeveloperMetadata"][0]["metadataId"] == 7
    assert standin.conditional_formats(sid, "Data") == [] and standin.developer_metadata(sid) == []
    assert standin.basic_filter(sid, "Data") is None


# ====================================================================== errors, limits, faults


def test_unknown_spreadsheet_sheet_and_permission(standin, gc):
    import gspread

    with pytest.raises(gspread.exceptions.SpreadsheetNotFound):
        gc.open_by_key("nope")
    sid = standin.create_spreadsheet("t", {"Sheet1": []})
    sh = gc.open_by_key(sid)
    with pytest.raises(gspread.exceptions.APIError) as err:
        sh.values_batch_get(["'Missing'!A1:B2"])
    assert err.value.response.json()["error"] == {
        "code": 400, "message": "Unable to parse range: 'Missing'!A1:B2", "status": "INVALID_ARGUMENT"}
    standin.deny_access(sid)
    with pytest.raises(gspread.exceptions.APIError) as err:
        sh.fetch_sheet_metadata()
    assert err.value.response.json()["error"]["status"] == "PERMISSION_DENIED"


def test_limits(standin, gc):
    import gspread

    sid = standin.create_spreadsheet("t", {"Sheet1": []})
    sh = gc.open_by_key(sid)
    cases = [
        ({"addSheet": {"properties": {"title": "big", "gridProperties": {"rowCount": 400000, "columnCount": 26}}}},
         "Invalid requests[0].addSheet: This action would increase the number of cells in the workbook above the limit of 10000000 cells."),
        ({"addSheet": {"properties": {"title": "wide", "gridProperties": {"rowCount": 1, "columnCount": 18279}}}},
         "Invalid requests[0].addSheet: This action would increase the number of columns in the workbook above the limit of 18278 columns."),
        ({"addSheet": {"properties": {"title": "x" * 101}}},
         "Invalid requests[0].addSheet: The sheet name cannot be greater than 100 characters."),
        ({"deleteSheet": {"sheetId": 0}}, "Invalid requests[0].deleteSheet: You can't remove all the sheets in a document."),
        ({"updateSheetProperties": {"properties": {"sheetId": 9}, "fields": "title"}},
         "Invalid requests[0].updateSheetProperties: No sheet with id: 9"),
    ]
    for request, message in cases:
        with pytest.raises(gspread.exceptions.APIError) as err:
            sh.batch_update({"requests": [request]})
        assert err.value.response.json()["error"]["message"] == message
    sh.batch_update({"requests": [{"addSheet": {"properties": {"title": "x" * 100, "gridProperties": {"rowCount": 1, "columnCount": 18278}}}}]})

    before = standin.snapshot(sid)
    huge = {"values": [["x" * 1000] * 100] * 110}  # ~11 MB of JSON
    answer = requests.put(f"{standin.url}/v4/spreadsheets/{sid}/values/Sheet1!A1?valueInputOption=RAW", json=huge, timeout=30)
    assert answer.status_code == 400
    assert answer.json() == {"error": {"code": 400, "status": "INVALID_ARGUMENT",
                                       "message": "Request payload size exceeds the limit: 10485760 bytes."}}
    assert standin.snapshot(sid) == before


def test_fault_injection_429_with_retry_after_then_success(standin, gc):
    import gspread

    sid = standin.create_spreadsheet("t", {"Sheet1": [["a"]]})
    sh = gc.open_by_key(sid)
    standin.fail_next(1, status=429, retry_after=2)
    with pytest.raises(gspread.exceptions.APIError) as err:
        sh.values_batch_get(["Sheet1"])
    assert err.value.response.status_code == 429
    assert err.value.response.headers["Retry-After"] == "2"
    assert err.value.response.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert sh.values_batch_get(["Sheet1"])["valueRanges"][0]["values"] == [["a"]]

    # gspread's own exponential back-off client retries through the 429
    backoff = gspread.Client(gc.http_client.auth, http_client=http_client_for(standin.url, gspread.BackOffHTTPClient))
    standin.fail_next(1, status=429)
    standin.reset_counts()
    started = time.monotonic()
    assert backoff.open_by_key(sid).sheet1.acell("A1").value == "a"
    assert time.monotonic() - started >= 1.9  # one 2 s back-off
    assert [r.path.endswith(sid) for r in standin.requests[:2]] == [True, True]

    standin.fail_always(503)
    with pytest.raises(gspread.exceptions.APIError):
        sh.fetch_sheet_metadata()
    standin.clear_faults()
    assert sh.fetch_sheet_metadata()["spreadsheetId"] == sid


def test_delay_next_makes_client_time_out(standin, gc):
    sid = standin.create_spreadsheet("t", {"Sheet1": []})
    gc.set_timeout(0.3)
    standin.delay_next(1.0)
    with pytest.raises(requests.exceptions.Timeout):
        gc.open_by_key(sid)
    assert gc.open_by_key(sid).id == sid


def test_request_counting(standin, gc):
    sid = standin.create_spreadsheet("t", {"A": [[1]], "B": [[2]]})
    standin.reset_counts()
    sh = gc.open_by_key(sid)
    sh.values_batch_get(["A", "B"], params={"valueRenderOption": "UNFORMATTED_VALUE"})
    assert standin.request_count == 2
    first, second = standin.requests
    assert (first.method, first.path, first.query) == ("GET", f"/v4/spreadsheets/{sid}", {"includeGridData": ["false"]})
    assert second.path == f"/v4/spreadsheets/{sid}/values:batchGet"
    assert second.query["ranges"] == ["A", "B"] and second.body is None
    standin.reset_counts()
    assert standin.request_count == 0


def test_auth_tokens(standin):
    sid = standin.create_spreadsheet("t", {"Sheet1": []})
    standin.require_token("tok")
    url = f"{standin.url}/v4/spreadsheets/{sid}"
    missing = requests.get(url, timeout=5)
    assert missing.status_code == 401 and missing.json()["error"]["status"] == "UNAUTHENTICATED"
    assert missing.json()["error"]["message"].startswith("Request is missing required authentication credential")
    wrong = requests.get(url, headers={"Authorization": "Bearer nope"}, timeout=5)
    assert wrong.status_code == 401 and wrong.json()["error"]["message"].startswith("Request had invalid authentication credentials")
    assert requests.get(url, headers={"Authorization": "Bearer tok"}, timeout=5).status_code == 200


def test_update_sheet_properties_mask_and_quoted_titles(standin, gc):
    sid = standin.create_spreadsheet("t", {"Sheet1": [["a", "b"]]})
    sh = gc.open_by_key(sid)
    reply = sh.batch_update({"requests": [
        {"updateSheetProperties": {
            "properties": {"sheetId": 0, "title": "Bob's skills",
                           "gridProperties": {"rowCount": 50, "columnCount": 5, "frozenRowCount": 1}},
            "fields": "title,gridProperties.rowCount,gridProperties.columnCount,gridProperties.frozenRowCount"}},
    ], "includeSpreadsheetInResponse": True})
    props = reply["updatedSpreadsheet"]["sheets"][0]["properties"]
    assert props == {"sheetId": 0, "title": "Bob's skills", "index": 0, "sheetType": "GRID",
                     "gridProperties": {"rowCount": 50, "columnCount": 5, "frozenRowCount": 1}}
    got = sh.values_batch_get(["'Bob''s skills'"], params={"valueRenderOption": "UNFORMATTED_VALUE"})
    assert got["valueRanges"][0] == {"range": "'Bob''s skills'!A1:E50", "majorDimension": "ROWS", "values": [["a", "b"]]}
