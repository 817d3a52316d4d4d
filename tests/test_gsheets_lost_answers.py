"""A change Google applied whose answer was lost is never applied twice.

Real gspread over real HTTP to the stand-in, which carries a batchUpdate out and then
closes the connection or answers 503, as a network or a Google front end can."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner
from messy import inventory_rows
from standin import ErrorValue, Formula

from skillsync.backends.gsheets import SheetsBackend, writes
from skillsync.backends.gsheets.http import UncertainWrite
from skillsync.cli import main
from skillsync.config import Config
from skillsync.core.summary import DEFAULT_TITLES
from skillsync.core.tabs import Column, Tab
from skillsync.errors import RemoteError
from skillsync.reading import read_inventory

OWNED = list(DEFAULT_TITLES.values())


@pytest.fixture(autouse=True)
def endpoint(standin, monkeypatch, tmp_path):
    monkeypatch.setenv("SKILLSYNC_SHEETS_API", standin.url)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    monkeypatch.chdir(tmp_path)


def seeded(standin) -> str:
    people = inventory_rows(formula=lambda text, cached: Formula(text, cached=cached),
                            error=ErrorValue)
    return standin.create_spreadsheet("Skills inventory", {"People": people})


def sync(sheet_id: str) -> dict:
    result = CliRunner().invoke(main, ["sync", f"gsheet:{sheet_id}", "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def written(standin, sheet_id: str) -> dict:
    """What a reader sees of the owned tabs: titles, values, rules and filters (the Sync
    tab's values name the Sheet, so only its size is compared; the Trends header names each
    run's minute, which two Sheets synced a moment apart need not share)."""
    def values(title: str) -> list | int:
        rows = standin.values(sheet_id, title)
        if title == DEFAULT_TITLES["sync"]:
            return len(rows)
        if title == DEFAULT_TITLES["trends"] and rows:
            return [[*rows[0][:2], len(rows[0]) - 2], *rows[1:]]
        return rows

    return {"titles": standin.sheet_titles(sheet_id),
            **{t: (values(t), standin.conditional_formats(sheet_id, t),
                   standin.basic_filter(sheet_id, t)) for t in OWNED}}


def posts(standin) -> list:
    return [r for r in standin.requests if r.method == "POST"]


@pytest.mark.parametrize("lost", [None, 503, 502], ids=["connection-closed", "503", "502"])
def test_a_second_sync_whose_answer_is_lost_is_applied_once(standin, lost):
    # A second sync replaces tabs: it deletes the old colour scale by index and adds a new
    # one, which applied twice would delete a rule too many and add one too many.
    expected_id, sheet_id = seeded(standin), seeded(standin)
    sync(expected_id), sync(expected_id)
    sync(sheet_id)
    standin.reset_counts()
    standin.lose_answer_next(status=lost, path=":batchUpdate")
    report = sync(sheet_id)
    assert report["tabs_written"] == OWNED
    assert len(posts(standin)) == 1  # never sent again: the marker said it was applied
    checks = [r for r in standin.requests if r.query.get("fields") == ["developerMetadata"]]
    assert len(checks) == 1
    assert written(standin, sheet_id) == written(standin, expected_id)
    assert len(standin.conditional_formats(sheet_id, "Team Skills")) == 1


def test_a_first_sync_whose_answer_is_lost_adds_each_tab_once(standin):
    sheet_id = seeded(standin)
    standin.lose_answer_next(path=":batchUpdate")
    sync(sheet_id)
    titles = standin.sheet_titles(sheet_id)
    assert titles == ["People", *OWNED]
    assert sync(sheet_id)["tabs_written"] == OWNED  # and the next sync finds them as its own
    assert standin.sheet_titles(sheet_id) == titles


def test_a_change_refused_before_it_was_made_is_sent_again(standin):
    sheet_id = seeded(standin)
    backend = SheetsBackend(sheet_id)
    read_inventory(backend, Config())
    tab = Tab("sync", "Sync", (Column("What"),), pd.DataFrame({"What": ["x"]}))
    standin.reset_counts()
    standin.fail_next(1, status=503)  # refused without being carried out
    backend.write([tab], backend.plan([tab]))
    backend.close()
    assert len(posts(standin)) == 2
    assert standin.values(sheet_id, "Sync") == [["What"], ["x"]]
    assert standin.sheet_titles(sheet_id).count("Sync") == 1


def test_a_sheet_that_cannot_say_what_was_applied_stops_with_one_honest_line(standin):
    sheet_id = seeded(standin)
    backend = SheetsBackend(sheet_id)
    read_inventory(backend, Config())
    tab = Tab("sync", "Sync", (Column("What"),), pd.DataFrame({"What": ["x"]}))
    standin.fail_always(503, retry_after=0)
    with pytest.raises(RemoteError) as caught:
        backend.write([tab], backend.plan([tab]))
    backend.close()
    standin.clear_faults()
    message = str(caught.value)
    assert "may or may not" in message and "inventory tab is untouched" in message
    assert "\n" not in message


def test_later_batches_lost_for_good_say_how_far_the_write_got():
    sent: list[str] = []

    def send(body: list[dict]) -> None:
        token = body[1]["createDeveloperMetadata"]["developerMetadata"]["metadataValue"]
        if len(sent) == 2:
            raise UncertainWrite("Google Sheets did not answer (ConnectionError); x")
        sent.append(token)

    with pytest.raises(RemoteError, match="2 of the summary tabs' batches were written"):
        writes.send_all([[{"a": 1}], [{"b": 2}], [{"c": 3}]], send, lambda: sent[-1])
    assert len(sent) == 2


def test_the_marker_is_read_only_from_its_own_key():
    assert writes.marker_in({"developerMetadata": [
        {"metadataKey": "skillsync.owned", "metadataValue": "sync"},
        {"metadataKey": writes.MARKER_KEY, "metadataValue": "abc-0"}]}) == "abc-0"
    assert writes.marker_in({"developerMetadata": "garbage"}) is None
    assert writes.marker_in(["not", "a", "dict"]) is None
