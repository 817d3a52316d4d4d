"""Everything that goes wrong with a workbook in Microsoft 365: a co-author's save, a lock,
throttling, outages, expired or refused credentials, broken connections, hostile answers.
Each ends in a written workbook or a clear exit 3 with nothing written, in bounded time
(bounded in attempts and in the waits the client asked for, which are recorded)."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from click.testing import CliRunner
from standin_graph import SECRET, SHARING_LINK, m365_fixture, sessions_open, use_standin
from standin_graph.books import big_bytes, messy_bytes, only_our_tabs_changed, tab_names

from skillsync import pipeline
from skillsync.backends.m365 import http
from skillsync.cli import main
from skillsync.errors import SourceBusy

m365 = pytest.fixture(m365_fixture)
COAUTHOR_TEXT = "Edited by Jane in Excel for the web"


@pytest.fixture(autouse=True)
def waits(m365, monkeypatch, tmp_path):
    recorded = use_standin(m365, monkeypatch)
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    monkeypatch.chdir(tmp_path)
    yield recorded
    assert m365.graph.violations == []
    assert sum(recorded) <= http.WAIT_BUDGET * 3  # bounded time, whatever happened


@pytest.fixture()
def item(m365, tmp_path):
    return m365.graph.drive.add("inventory.xlsx", messy_bytes(tmp_path), link=SHARING_LINK)


def sync(*extra: str):
    result = CliRunner().invoke(main, ["sync", SHARING_LINK, "--json", *extra])
    assert SECRET not in result.stdout + result.stderr
    return result


def statuses(m365, method: str, part: str = "") -> list[int | None]:
    return [r.status for r in m365.graph.requests if r.method == method and part in r.path]


def coauthor_version(data: bytes) -> bytes:
    """The workbook as a co-author saves it, with a tab of theirs added."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    book.create_sheet("Jane's notes")["A1"] = COAUTHOR_TEXT
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def coauthor_note(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return book["Jane's notes"]["A1"].value if "Jane's notes" in book else None


# A co-author saves between our read and our upload


def test_a_concurrent_edit_is_never_overwritten_and_the_cycle_runs_again(m365, item):
    def save_as_coauthor() -> None:
        item.replace(coauthor_version(item.data))

    m365.graph.fail("PUT", r"/content$", before=save_as_coauthor)
    result = sync()
    assert result.exit_code == 0, result.stderr
    edited = item.history[-1]
    assert coauthor_note(item.data) == COAUTHOR_TEXT  # their edit is kept
    assert only_our_tabs_changed(edited, item.data, shared=False) == []
    assert statuses(m365, "PUT") == [412, 200]
    assert len(m365.graph.requests) == 3 + 1 + 3 + 1 + 2  # read, 412, read again, put, verify
    assert m365.identity.grants == ["client_credentials"]  # the token served both cycles


def test_a_workbook_saved_before_every_upload_ends_changed_while_syncing(m365, item,
                                                                        tmp_path):
    def save_as_coauthor() -> None:
        item.replace(coauthor_version(item.data))

    m365.graph.fail("PUT", r"/content$", before=save_as_coauthor, times=-1)
    result = sync()
    assert result.exit_code == 3
    assert "changed while syncing" in result.stderr and "try later" in result.stderr
    assert statuses(m365, "PUT") == [412, 412, 412]  # bounded: three whole cycles
    assert coauthor_note(item.data) == COAUTHOR_TEXT  # the last save is theirs, as saved
    assert "Sync" not in tab_names(item.data, tmp_path)


def test_a_large_upload_is_not_committed_over_an_edit_made_while_it_went_up(m365, tmp_path):
    big = m365.graph.drive.add("big.xlsx", big_bytes(tmp_path), link=SHARING_LINK)
    original = big.data

    def save_as_coauthor() -> None:
        big.replace(coauthor_version(big.data))

    m365.graph.fail("PUT", r"^/upload/", before=save_as_coauthor)  # during the first fragment
    result = sync()
    assert result.exit_code == 0, result.stderr
    assert big.history[0] == original and coauthor_note(big.data) == COAUTHOR_TEXT
    assert only_our_tabs_changed(big.history[-1], big.data, shared=False) == []
    assert statuses(m365, "DELETE") == [204] and sessions_open(m365.graph) == []


# Locked: open in the desktop app, or checked out


def test_a_locked_workbook_exits_3_naming_the_cause_with_nothing_written(m365, item, waits):
    original = item.data
    item.locked_by = "Jane Doe"
    result = sync()
    assert result.exit_code == 3
    assert "locked for editing" in result.stderr and "resourceLocked" in result.stderr
    assert "--wait" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert item.data == original and statuses(m365, "PUT") == [423] and waits == []


def test_wait_tries_again_until_the_lock_is_gone(m365, item, monkeypatch):
    paused = []

    def pause(seconds: float) -> None:
        paused.append(seconds)
        if len(paused) == 2:
            item.locked_by = None  # Jane closed the workbook

    monkeypatch.setattr(http, "sleep", pause)
    item.locked_by = "Jane Doe"
    report = pipeline.sync(SHARING_LINK, wait=60)
    assert report.written and paused == [15.0, 15.0]
    assert statuses(m365, "PUT") == [423, 423, 200]


def test_wait_gives_up_after_its_time(m365, item, waits):
    item.locked_by = "Jane Doe"
    with pytest.raises(SourceBusy, match="locked for editing"):
        pipeline.sync(SHARING_LINK, wait=40)
    assert waits == [15.0, 15.0, 10.0] and statuses(m365, "PUT") == [423] * 4


# Throttling and outages


def test_throttling_honours_retry_after(m365, item, waits):
    m365.graph.fail("GET", r"^/v1.0/shares/", 429, times=2, headers={"Retry-After": "7"},
                    body={"error": {"code": "activityLimitReached", "message": "throttled"}})
    assert sync().exit_code == 0
    assert waits == [7.0, 7.0] and statuses(m365, "GET", "/shares/") == [429, 429, 200]


def test_throttled_past_the_budget_exits_3_at_once_with_nothing_written(m365, item, waits):
    original = item.data
    m365.graph.fail("PUT", r"/content$", 429, times=-1, headers={"Retry-After": "3600"})
    result = sync()
    assert result.exit_code == 3 and "throttling" in result.stderr
    assert "3600 s" in result.stderr and "nothing was written" in result.stderr
    assert item.data == original and waits == [] and statuses(m365, "PUT") == [429]


@pytest.mark.parametrize("value", ["soon", "-5", "1.5", "", "Wed, 32 Foo 2026 25:00:00 GMT",
                                   "99999999999999999999"])
def test_a_malformed_retry_after_falls_back_to_bounded_backoff(m365, item, waits, value):
    m365.graph.fail("GET", r"/content$", 503, times=-1, headers={"Retry-After": value})
    result = sync()
    assert result.exit_code == 3 and "throttling" in result.stderr
    assert len(statuses(m365, "GET", "/content")) == http.ATTEMPTS
    assert len(waits) == http.ATTEMPTS - 1
    assert all(0 <= w <= http.MAX_DELAY for w in waits) and sum(waits) <= http.WAIT_BUDGET


def test_server_errors_back_off_then_succeed(m365, item, waits):
    m365.graph.fail("GET", r"^/download/", 500, times=2)
    assert sync().exit_code == 0
    assert len(waits) == 2 and all(w <= http.MAX_DELAY for w in waits)


def test_a_lasting_outage_exits_3_after_bounded_attempts(m365, item, waits):
    original = item.data
    m365.graph.fail("PUT", r"/content$", 502, times=-1)
    result = sync()
    assert result.exit_code == 3 and "HTTP 502" in result.stderr
    assert statuses(m365, "PUT") == [502] * http.ATTEMPTS and item.data == original


# Credentials


def test_an_expired_token_is_refreshed_once(m365, item):
    assert sync().exit_code == 0
    m365.graph.tokens.expire_all()
    second = sync()
    assert second.exit_code == 0, second.stderr
    assert m365.identity.grants == ["client_credentials", "client_credentials"]
    assert statuses(m365, "GET", "/shares/")[-2:] == [401, 200]


def test_a_token_refused_twice_exits_3_naming_the_settings(m365, item):
    m365.graph.fail("PUT", r"/content$", 401, times=-1)
    result = sync()
    assert result.exit_code == 3 and "AZURE_CLIENT_SECRET" in result.stderr
    assert statuses(m365, "PUT") == [401, 401]


@pytest.mark.parametrize(("change", "named"), [
    ({"AZURE_CLIENT_SECRET": "wrong"}, "AZURE_CLIENT_SECRET"),
    ({"AZURE_CLIENT_ID": None}, "AZURE_CLIENT_ID"),
    ({"AZURE_TENANT_ID": "no-such-tenant"}, "AZURE_TENANT_ID"),
    ({"AZURE_CLIENT_ID": "00000000-0000-0000-0000-000000000000"}, "AZURE_CLIENT_ID"),
    ({"AZURE_CLIENT_SECRET": None}, "skillsync login microsoft"),
])
def test_missing_or_refused_credentials_exit_3_naming_what_to_fix(m365, item, monkeypatch,
                                                                   change, named):
    for name, value in change.items():
        if value is None:
            monkeypatch.delenv(name)
        else:
            monkeypatch.setenv(name, value)
    original = item.data
    result = sync()
    assert result.exit_code == 3 and named in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and item.data == original


def test_permission_denied_names_the_permission_to_grant(m365, item):
    item.denied = True
    result = sync()
    assert result.exit_code == 3 and "Files.ReadWrite.All" in result.stderr
    assert "Sites.Selected" in result.stderr


@pytest.mark.parametrize(("status", "code", "words"), [
    (507, "quotaLimitReached", "is full"), (413, "requestEntityTooLarge", "too large"),
    (400, "invalidRequest", "HTTP 400")])
def test_permanent_upload_failures_exit_3_at_once(m365, item, waits, status, code, words):
    original = item.data
    m365.graph.fail("PUT", r"/content$", status, times=-1,
                    body={"error": {"code": code, "message": "refused"}})
    result = sync()
    assert result.exit_code == 3 and words in result.stderr and item.data == original
    assert statuses(m365, "PUT") == [status] and waits == []


def test_an_unknown_link_exits_3(m365, item):
    result = CliRunner().invoke(main, ["check", SHARING_LINK.replace("EaBc", "Zzzz")])
    assert result.exit_code == 3 and "no workbook at" in result.stderr


# Broken connections


def test_a_dropped_simple_upload_is_retried_under_the_same_condition(m365, item):
    etag = item.etag
    m365.graph.fail("PUT", r"/content$", drop=True)
    assert sync().exit_code == 0
    assert statuses(m365, "PUT") == [None, 200]
    assert [r.if_match for r in m365.graph.requests if r.method == "PUT"] == [etag, etag]


def test_a_dropped_fragment_is_resumed_where_the_service_says(m365, tmp_path):
    big = m365.graph.drive.add("big.xlsx", big_bytes(tmp_path), link=SHARING_LINK)
    original = big.data
    m365.graph.fail("PUT", r"^/upload/", drop=True)
    assert sync().exit_code == 0
    assert statuses(m365, "PUT", "/upload/") == [None, 202, 202]
    assert statuses(m365, "GET", "/upload/") == [200]  # asked where to resume
    assert only_our_tabs_changed(original, big.data) == []


def test_an_interrupted_upload_session_leaves_the_stored_file_untouched(m365, tmp_path,
                                                                       waits):
    big = m365.graph.drive.add("big.xlsx", big_bytes(tmp_path), link=SHARING_LINK)
    original = big.data
    m365.graph.fail("PUT", r"^/upload/", drop=True, times=-1)
    result = sync()
    assert result.exit_code == 3 and "nothing was written" in result.stderr
    assert big.data == original and big.history == []
    # Read back after the first session failed, the workbook was not ours: one more
    # session, then no more; each one deleted.
    created = statuses(m365, "POST", "createUploadSession")
    assert len(created) == 2 and statuses(m365, "DELETE") == [204, 204]
    assert sessions_open(m365.graph) == []


@pytest.mark.parametrize(("status", "body"), [(None, None), (200, b"<html>gateway</html>")],
                         ids=["hung-up", "garbled"])
def test_an_upload_stored_but_unanswered_is_read_back_and_stands(m365, item, status, body):
    original = item.data
    m365.graph.fail("PUT", r"/content$", status, body=body, lose=True)
    result = sync()
    assert result.exit_code == 0, result.stderr
    assert item.data != original and only_our_tabs_changed(original, item.data) == []
    assert statuses(m365, "PUT").count(200) <= 1  # never uploaded twice


def test_an_upload_unanswered_and_unreadable_says_the_outcome_is_unknown(m365, item):
    m365.graph.fail("PUT", r"/content$", lose=True)
    m365.graph.fail("GET", r"/content$", 503, times=-1, after=1)  # the read-back fails
    result = sync()
    assert result.exit_code == 3
    line = result.stderr.strip()
    assert "may or may not hold the new tabs" in line and "nothing was written" not in line
    assert len(line.splitlines()) == 1


def test_a_failed_commit_deletes_the_session(m365, tmp_path):
    big = m365.graph.drive.add("big.xlsx", big_bytes(tmp_path), link=SHARING_LINK)
    original = big.data
    m365.graph.fail("POST", r"^/upload/", 409, times=-1,
                    body={"error": {"code": "nameAlreadyExists", "message": "conflict"}})
    assert sync().exit_code == 3
    assert big.data == original and sessions_open(m365.graph) == []


# Hostile or broken answers


@pytest.mark.parametrize(("method", "pattern", "status", "body", "headers"), [
    ("GET", r"^/v1.0/shares/", 200, {"value": "x" * (5 * 1024 * 1024)}, {}),
    ("GET", r"^/v1.0/shares/", 200, b"<html>not json</html>", {}),
    ("GET", r"^/v1.0/shares/", 200, {"name": "inventory.xlsx"}, {}),
    ("GET", r"/content$", 302, None, {}),
    ("GET", r"/content$", 302, None, {"Location": "file:///etc/passwd"}),
])
def test_hostile_answers_exit_3_with_nothing_written(m365, item, method, pattern, status,
                                                     body, headers):
    original = item.data
    m365.graph.fail(method, pattern, status, body=body, headers=headers)
    result = sync()
    assert result.exit_code == 3, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and item.data == original


def test_an_answer_trickled_a_byte_at_a_time_is_cut_at_the_step_deadline(m365, item,
                                                                          monkeypatch):
    # Each byte resets the read timeout; only the step's deadline ends the conversation.
    monkeypatch.setattr(http, "STEP_DEADLINE", 2.0)
    body = {"name": "inventory.xlsx", "padding": "x" * 400}  # 400 s at one byte a second
    m365.graph.fail("GET", r"^/v1.0/shares/", 200, body=body, trickle=1.0, times=-1)
    result = sync()
    assert result.exit_code == 3, result.stderr
    assert "did not answer" in result.stderr and "deadline" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_redirect_to_another_host_never_carries_the_token(m365, item):
    sync()
    downloads = [r for r in m365.graph.requests if r.path.startswith("/download/")]
    assert downloads and all(not r.authorized and r.host.startswith("localhost")
                             for r in downloads)
    assert all(r.authorized for r in m365.graph.requests if r.path.startswith("/v1.0/"))


@pytest.mark.parametrize(("name", "words"), [("inventory.xls", "old .xls format"),
                                             ("inventory.csv", "not an Excel workbook")])
def test_a_link_to_something_else_than_a_workbook_exits_3(m365, tmp_path, name, words):
    m365.graph.drive.add(name, b"a,b\n", link=SHARING_LINK)
    result = sync()
    assert result.exit_code == 3 and words in result.stderr


def test_the_report_names_the_source_as_given(m365, item):
    result = sync()
    assert json.loads(result.stdout)["source"] == SHARING_LINK


# Addresses Graph hands out (upload sessions, downloads) carry their own credentials


def test_an_upload_address_refused_is_not_blamed_on_the_credentials(m365, tmp_path):
    big = m365.graph.drive.add("big.xlsx", big_bytes(tmp_path), link=SHARING_LINK)
    original = big.data
    m365.graph.fail("PUT", r"^/upload/", 401, times=-1,
                    body={"error": {"code": "unauthenticated", "message": "expired"}})
    result = sync()
    assert result.exit_code == 3 and big.data == original
    assert "handed out for writing big.xlsx" in result.stderr
    assert "AZURE_" not in result.stderr and "credentials" not in result.stderr
    assert sessions_open(m365.graph) == []


def test_a_download_address_gone_is_not_called_a_missing_workbook(m365, item):
    m365.graph.fail("GET", r"^/download/", 404, times=-1)
    result = CliRunner().invoke(main, ["check", SHARING_LINK])
    assert result.exit_code == 3, result.stderr
    assert "handed out for reading inventory.xlsx" in result.stderr
    assert "no workbook at" not in result.stderr and result.stderr.count("\n") == 1
