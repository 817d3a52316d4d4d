"""The same sync on a Google Sheet: real gspread over real HTTP to the local stand-in."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner
from messy import HIDDEN_ROW, HOSTILE_NAME, build_messy_workbook, inventory_rows, user_tabs
from standin import ErrorValue, Formula
from standin.client import gspread_client

from skillsync.backends.gsheets import SheetsBackend
from skillsync.cli import main
from skillsync.config import Config
from skillsync.core.summary import DEFAULT_TITLES
from skillsync.core.tabs import Column, Tab
from skillsync.errors import RemoteError
from skillsync.reading import read_inventory

OWNED = list(DEFAULT_TITLES.values())  # every tab skillsync writes, in order


@pytest.fixture(autouse=True)
def endpoint(standin, monkeypatch, tmp_path):
    monkeypatch.setenv("SKILLSYNC_SHEETS_API", standin.url)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    monkeypatch.chdir(tmp_path)  # the fixed dates in the data must not go stale with the clock


def seed_messy(standin) -> str:
    """The messy workbook as a Google Sheet, its leaver's row hidden as in the workbook."""
    people = inventory_rows(formula=lambda text, cached: Formula(text, cached=cached),
                            error=ErrorValue)
    sheets = {"Instructions": [["Keep your row current."]], "People": people, **user_tabs()}
    sheet_id = standin.create_spreadsheet("Skills inventory", sheets)
    spreadsheet = gspread_client(standin).open_by_key(sheet_id)
    spreadsheet.batch_update({"requests": [{"updateDimensionProperties": {
        "range": {"sheetId": spreadsheet.worksheet("People").id, "dimension": "ROWS",
                  "startIndex": HIDDEN_ROW - 1, "endIndex": HIDDEN_ROW},
        "properties": {"hiddenByUser": True}, "fields": "hiddenByUser"}}]})
    standin.reset_counts()
    return sheet_id


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def sync_json(source: str, *extra: str) -> dict:
    result = cli("sync", source, "--json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_messy_sheet_gives_the_same_report_as_the_same_workbook(standin, tmp_path):
    sheet_id = seed_messy(standin)
    from_sheet = sync_json(f"https://docs.google.com/spreadsheets/d/{sheet_id}/edit#gid=0",
                           "--digest", str(tmp_path / "s.html"))
    workbook = tmp_path / "inventory.xlsx"
    build_messy_workbook(workbook)
    from_book = sync_json(str(workbook), "--digest", str(tmp_path / "b.html"))
    same = ("sheet", "header_row", "rows_read", "people", "duplicates", "issues", "skills",
            "tabs_written", "tabs_skipped", "checksum")
    assert "hidden-rows" in {i["code"] for i in from_sheet["issues"]}  # asked of the metadata
    assert {k: from_sheet[k] for k in same} == {k: from_book[k] for k in same}


def test_sync_uses_at_most_four_requests(standin):
    sheet_id = seed_messy(standin)
    standin.reset_counts()
    sync_json(f"gsheet:{sheet_id}")
    methods = [(r.method, r.path.rsplit("/", 1)[-1]) for r in standin.requests]
    assert len(methods) <= 4, methods
    assert sum(1 for m, _ in methods if m == "POST") == 1  # one atomic batchUpdate


@pytest.mark.parametrize("people", [400, 20_000])
def test_request_count_does_not_grow_with_the_sheet(standin, people):
    rows = [["Name", "E-mail", "Team", "Skills", "Success rate", "Current projects",
             "Want to learn"]]
    for i in range(people):
        rows.append([f"Person {i}", f"p{i}@example.com", f"Team {i % 25}",
                     f"NLP ({i % 5 + 1}), PySpark, k8s, Skill{i % 300}", 0.5 + (i % 40) / 100,
                     f"Project {i % 500}", "LLMs, RAG"])
    sheet_id = standin.create_spreadsheet("Big", {"People": rows})
    standin.reset_counts()
    report = sync_json(f"gsheet:{sheet_id}")
    assert report["people"] == people
    print(f"\n{people} people: {standin.request_count} requests")
    assert standin.request_count <= 4
    assert standin.values(sheet_id, "Sync")[0] == ["What", "Value"]


def test_transient_quota_errors_are_ridden_out(standin):
    sheet_id = seed_messy(standin)
    standin.reset_counts()
    standin.fail_next(3, status=429, retry_after=0.1)
    report = sync_json(f"gsheet:{sheet_id}")
    assert report["tabs_written"] == OWNED
    assert standin.request_count == 3 + 3  # three refusals, then the three real requests


def test_dead_api_gives_up_cleanly_with_the_sheet_untouched(standin):
    sheet_id = seed_messy(standin)
    before = standin.snapshot(sheet_id)
    standin.fail_always(503, retry_after=0.05)
    result = cli("sync", f"gsheet:{sheet_id}")
    standin.clear_faults()
    assert result.exit_code == 3
    assert "after 6 attempts" in result.stderr and "HTTP 503" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert standin.snapshot(sheet_id) == before


def test_failed_write_leaves_the_sheet_as_it_was(standin):
    sheet_id = seed_messy(standin)
    before = standin.snapshot(sheet_id)
    backend = SheetsBackend(sheet_id)  # metadata and values are read while Google is up
    read_inventory(backend, Config())
    standin.fail_always(503, retry_after=0)  # then the write is refused for good
    tab = Tab("sync", "Sync", (Column("What"),), pd.DataFrame({"What": ["x"]}))
    with pytest.raises(RemoteError, match="did not answer successfully"):
        backend.write([tab], backend.plan([tab]))
    backend.close()
    standin.clear_faults()
    assert standin.snapshot(sheet_id) == before


def test_second_sync_replaces_tabs_in_place(standin):
    sheet_id = seed_messy(standin)
    sync_json(f"gsheet:{sheet_id}")
    first = {t: standin.sheet_properties(sheet_id, t)["sheetId"] for t in OWNED}
    titles = standin.sheet_titles(sheet_id)
    sync_json(f"gsheet:{sheet_id}")
    assert {t: standin.sheet_properties(sheet_id, t)["sheetId"] for t in OWNED} == first
    assert standin.sheet_titles(sheet_id) == titles
    assert len(standin.conditional_formats(sheet_id, "Team Skills")) == 1
    marks = standin.developer_metadata(sheet_id)
    owned = [m for m in marks if m["metadataKey"] == "skillsync.owned"]
    assert sorted(m["metadataValue"] for m in owned) == sorted(DEFAULT_TITLES)
    # Besides them, one marker naming the last batch written (see gsheets/writes.py).
    assert [m["location"] for m in marks if m not in owned] == [
        {"locationType": "SPREADSHEET", "spreadsheet": True}]


def test_inventory_and_user_tabs_are_never_written(standin):
    sheet_id = seed_messy(standin)
    before = {t: standin.values(sheet_id, t) for t in ("Instructions", "People", "Aliases",
                                                       "Not duplicates")}
    sync_json(f"gsheet:{sheet_id}")
    for tab, values in before.items():
        assert standin.values(sheet_id, tab) == values
    posted = [r.body for r in standin.requests if r.method == "POST"]
    people_id = standin.sheet_properties(sheet_id, "People")["sheetId"]
    assert str(people_id) not in json.dumps([
        r.get("updateCells", {}).get("range", {}) for b in posted for r in b["requests"]])


def test_text_stays_text_and_values_are_typed(standin):
    sheet_id = seed_messy(standin)
    sync_json(f"gsheet:{sheet_id}")
    posted = json.dumps([r.body for r in standin.requests if r.method == "POST"])
    assert "formulaValue" not in posted and "USER_ENTERED" not in posted
    issues = standin.values(sheet_id, "Data Issues")
    assert any(HOSTILE_NAME[:12] in " ".join(map(str, row)) for row in issues)
    skills = {row[0]: row[2] for row in standin.values(sheet_id, "Skills")[1:]}
    assert skills["Computer Vision"] == 3 and isinstance(skills["Computer Vision"], int)


def test_a_persons_tab_with_our_name_is_left_alone(standin):
    people = inventory_rows(formula=lambda t, c: Formula(t, cached=c), error=ErrorValue)
    sheet_id = standin.create_spreadsheet("S", {"People": people,
                                                "Skills": [["Our own skills list"]]})
    report = sync_json(f"gsheet:{sheet_id}")
    assert report["tabs_skipped"] == ["Skills"]
    assert standin.values(sheet_id, "Skills") == [["Our own skills list"]]


@pytest.mark.parametrize("setup, message", [
    ("missing", "no Google Sheet with id"),
    ("denied", "Google refused access"),
], ids=["missing", "not-shared"])
def test_unusable_sheets_exit_3(standin, setup, message):
    sheet_id = "nosuchsheet" if setup == "missing" else seed_messy(standin)
    if setup == "denied":
        standin.deny_access(sheet_id)
    result = cli("check", f"gsheet:{sheet_id}")
    assert result.exit_code == 3
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_missing_credentials_name_the_ways_to_fix_them(monkeypatch, tmp_path):
    monkeypatch.delenv("SKILLSYNC_SHEETS_API")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "nope.json"))
    result = cli("check", "gsheet:abc")
    assert result.exit_code == 3
    assert "nope.json does not exist" in result.stderr
    assert "GOOGLE_APPLICATION_CREDENTIALS" in result.stderr


def test_a_key_that_is_not_a_service_account_is_refused(monkeypatch, tmp_path):
    key = tmp_path / "user.json"
    key.write_text(json.dumps({"type": "authorized_user", "client_id": "x"}))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key))
    result = cli("check", "gsheet:abc")
    assert result.exit_code == 3 and "not a service-account key" in result.stderr


def test_a_write_past_the_payload_limit_is_chunked_and_complete(standin):
    rows = [["Name", "E-mail", "Team", "Skills"]]
    rows += [[f"Person {i}", f"not an address {i}", "Team", "NLP"] for i in range(12_000)]
    sheet_id = standin.create_spreadsheet("Messy", {"People": rows})
    standin.reset_counts()
    report = sync_json(f"gsheet:{sheet_id}")
    posts = [r for r in standin.requests if r.method == "POST"]
    sizes = [len(json.dumps(r.body)) for r in posts]
    print(f"\n12,000 problems: {len(posts)} batchUpdates of {sizes} bytes")
    assert len(posts) > 1 and max(sizes) < 2_200_000
    issues = standin.values(sheet_id, "Data Issues")
    assert len(issues) == 1 + len(report["issues"]) == 1 + 12_000
    assert issues[-1][3] == "E-mail is not an address"


def test_retry_delays_honour_retry_after_and_stay_bounded():
    import random

    from skillsync.backends.gsheets import http

    rng = random.Random(1)
    assert http.backoff_delay(0, 7.0, rng) == 7.0
    assert http.backoff_delay(3, 600.0, rng) == http.MAX_DELAY
    delays = [http.backoff_delay(a, None, rng) for a in range(http.ATTEMPTS)]
    assert all(0 <= d <= min(http.MAX_DELAY, http.BASE_DELAY * 2 ** a)
               for a, d in enumerate(delays))
    assert sum(min(http.MAX_DELAY, http.BASE_DELAY * 2 ** a)
               for a in range(http.ATTEMPTS)) < 300
    assert http.retry_after_seconds("120") == 120.0
    assert http.retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert http.retry_after_seconds("soon") is None


def test_a_lone_surrogate_in_a_cell_is_shown_as_a_replacement_not_fatal(standin, tmp_path):
    # The Sheets API answers in JSON, where "\ud800" is a valid escape for a character no
    # encoding can write: it must not reach the history, the tabs, the digest or the atlas,
    # nor vanish (then "ana\ud800@" would be merged with another person's "ana@").
    people = [["Name", "E-mail", "Expertise", "Team\ud800"],
              ["Ana \ud800Ruiz", "ana@example.com", "Python (4), SQL", "Search"],
              ["Bo Li", "bo@example.com", "Python", "Search"],
              ["Bo Li", "bo\udfff@example.com", "Python", "Search"]]
    sheet_id = standin.create_spreadsheet("Skills inventory", {"People": people})
    report = sync_json(f"gsheet:{sheet_id}", "--digest", str(tmp_path / "d.html"))
    assert report["people"] == 3  # the damaged address is not merged into Bo's row
    assert standin.values(sheet_id, "People")[1][0] == "Ana \ud800Ruiz"  # left as it was
    tab = standin.values(sheet_id, DEFAULT_TITLES["people_skills"])
    assert [row[1] for row in tab[1:]] == ["Ana \ufffdRuiz", "Bo Li", "Bo Li", "Ana \ufffdRuiz"]
    assert "Ana \ufffdRuiz" in (tmp_path / "d.html").read_text("utf-8")
    site = cli("site", f"gsheet:{sheet_id}", "--out", str(tmp_path / "atlas"))
    assert site.exit_code == 0, site.stderr
    assert '"Team\ufffd"' in (tmp_path / "atlas" / "data.js").read_text("utf-8")


def test_a_tab_named_with_half_a_surrogate_pair_is_named_in_one_line(standin):
    people = [["Name", "E-mail", "Expertise"], ["Ana Ruiz", "ana@example.com", "Python"]]
    sheet_id = standin.create_spreadsheet("Skills inventory",
                                          {"People \ud800": people, "Old team": people})
    result = cli("sync", f"gsheet:{sheet_id}")
    assert result.exit_code == 3  # never the other tab read in its place
    assert "rename that tab" in result.stderr and "People \\ud800" in result.stderr
    assert DEFAULT_TITLES["skills"] not in standin.sheet_titles(sheet_id)
