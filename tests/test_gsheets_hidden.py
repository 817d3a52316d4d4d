"""A Google Sheet's hidden rows and columns: asked of the metadata GET (the values read
gives cells alone), read like visible ones and named, as on an .xlsx; still three
requests a sync. An answer of another shape is one line, not a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from standin.client import gspread_client

from skillsync.backends.gsheets import hidden
from skillsync.cli import main

HEADER = ["Name", "Email", "Team", "Skills", "Notes"]


@pytest.fixture
def sheet_id(standin, monkeypatch, tmp_path):
    monkeypatch.setenv("SKILLSYNC_SHEETS_API", standin.url)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    rows = [HEADER] + [[f"Person {n}", f"p{n}@x.com", "Search", "SQL", ""] for n in range(6)]
    found = standin.create_spreadsheet("Skills", {"Inventory": rows})
    spreadsheet = gspread_client(standin).open_by_key(found)
    tab = spreadsheet.worksheet("Inventory").id
    spreadsheet.batch_update({"requests": [
        _hide(tab, "ROWS", 3, 5), _hide(tab, "COLUMNS", 2, 4), _hide(tab, "COLUMNS", 10, 26)]})
    standin.reset_counts()
    return found


def _hide(tab: int, dimension: str, start: int, end: int) -> dict:
    return {"updateDimensionProperties": {
        "range": {"sheetId": tab, "dimension": dimension, "startIndex": start, "endIndex": end},
        "properties": {"hiddenByUser": True}, "fields": "hiddenByUser"}}


def check(sheet_id: str) -> dict:
    result = CliRunner().invoke(main, ["check", f"gsheet:{sheet_id}", "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_hidden_rows_and_columns_of_a_google_sheet_are_named(standin, sheet_id):
    report = check(sheet_id)
    by_code = {i["code"]: i for i in report["issues"]}
    assert by_code["hidden-rows"]["message"].startswith("Rows 4 and 5 on 'Inventory' are hidden")
    assert by_code["hidden-columns"]["message"].startswith(
        "Columns C ('Team') and D ('Skills') on 'Inventory' are hidden")
    assert report["people"] == 6 and report["skills"] == {"SQL": 6}  # still read
    assert standin.request_count == 2  # a check: the metadata GET and the values read


def test_a_sync_stays_at_three_requests(standin, sheet_id):
    result = CliRunner().invoke(main, ["sync", f"gsheet:{sheet_id}", "--json"])
    assert result.exit_code == 0, result.output
    assert standin.request_count == 3
    [metadata] = [r for r in standin.requests if r.method == "GET" and "values" not in r.path]
    assert metadata.query["fields"] == [hidden.FIELDS]


def test_rows_a_filter_hides_are_hidden_rows_too():
    """Google's own shape: {} for a row shown, a flag for one hidden; a GridData that
    starts further down counts from there."""
    data = [{"rowMetadata": [{}, {"hiddenByFilter": True, "pixelSize": 21}, {},
                             {"hiddenByUser": True}],
             "columnMetadata": [{"hiddenByUser": True}, {"hiddenByUser": True},
                                {"hiddenByUser": False}, {"hiddenByUser": True}]},
            {"startRow": 10, "rowMetadata": [{"hiddenByFilter": True}]}]
    assert hidden.hidden_rows(data) == (2, 4, 11)
    assert hidden.hidden_columns(data) == ((1, 2), (4, 4))
    assert hidden.hidden_rows(()) == () == hidden.hidden_columns([])


@pytest.mark.parametrize("data", [
    "rows", [{"rowMetadata": {"0": {}}}], [["x"]], [{"rowMetadata": ["hidden"]}],
    [{"startRow": "2", "rowMetadata": [{"hiddenByUser": True}]}], [{"columnMetadata": [None]}],
    [{"rowMetadata": [{"hiddenByUser": "true"}]}], [{"startRow": -5, "rowMetadata": [{}]}],
])
def test_flags_of_another_shape_are_no_flags(data):
    """The flags only add a warning: an answer the API does not document is no flag."""
    assert hidden.hidden_rows(data) == () == hidden.hidden_columns(data)


def test_odd_flags_on_a_tab_not_read_stop_nothing(standin, sheet_id):
    """Only the tabs read have their flags read: an odd answer about another is no
    reason to stop the sync."""
    notes = [["Meeting notes"], ["Remember the offsite"]]
    found = standin.create_spreadsheet("Skills", {
        "Inventory": [HEADER] + [[f"P {n}", f"p{n}@x.com", "Search", "SQL", ""]
                                 for n in range(3)], "Notes": notes})
    tab = {"sheetType": "GRID", "gridProperties": {"rowCount": 1000, "columnCount": 26}}
    answer = {"spreadsheetId": found, "properties": {"title": "Skills"}, "sheets": [
        {"properties": {"sheetId": 0, "title": "Inventory", **tab},
         "data": [{"rowMetadata": [{}, {"hiddenByUser": True}]}]},
        {"properties": {"sheetId": 1, "title": "Notes", **tab},
         "data": [{"rowMetadata": [None], "columnMetadata": "odd"}]}]}
    standin.fail_next(1, status=200, body=json.dumps(answer))
    report = check(found)
    assert report["sheet"] == "Inventory" and report["people"] == 3
    [issue] = [i for i in report["issues"] if i["code"] == "hidden-rows"]
    assert issue["message"].startswith("Row 2 on 'Inventory' is hidden")
