"""A workbook in SharePoint/OneDrive, synced like a file: the real MSAL and requests code
over real HTTP to the Graph and sign-in stand-ins."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from standin_graph import SHARING_LINK, m365_fixture, sessions_open, use_standin
from standin_graph.books import (
    OWNED,
    big_bytes,
    messy_bytes,
    only_our_tabs_changed,
    tab_names,
)

from skillsync import pipeline
from skillsync.backends.excel import XlsxDocument
from skillsync.cli import main

m365 = pytest.fixture(m365_fixture)
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))
READ = [("GET", "shares"), ("GET", "content"), ("GET", "download")]
VERIFY = [("GET", "content"), ("GET", "download")]


@pytest.fixture(autouse=True)
def standin(m365, monkeypatch, tmp_path):
    waits = use_standin(m365, monkeypatch)
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    monkeypatch.chdir(tmp_path)
    yield waits
    assert m365.graph.violations == []  # no token ever went to a pre-authenticated URL


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def calls(m365) -> list[tuple[str, str]]:
    """Graph requests as (method, what): shares, item, content, download, upload..."""
    found = []
    for request in m365.graph.requests:
        tail = request.path.rstrip("/").rsplit("/", 1)[-1]
        if request.path.startswith("/v1.0/shares/"):
            what = "shares"
        elif request.path.startswith("/download/"):
            what = "download"
        elif request.path.startswith("/upload/"):
            what = "session"
        elif tail in ("content", "createUploadSession"):
            what = tail
        else:
            what = "item"
        found.append((request.method, what))
    return found


def test_sync_writes_the_tabs_and_keeps_every_other_part_byte_for_byte(m365, tmp_path):
    original = messy_bytes(tmp_path)
    item = m365.graph.drive.add("Skills inventory.xlsx", original, link=SHARING_LINK)
    etag = item.etag
    result = cli("sync", SHARING_LINK, "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["source"] == SHARING_LINK and report["tabs_written"] == OWNED
    assert item.history == [original]  # one new version
    assert only_our_tabs_changed(original, item.data) == []
    names = tab_names(item.data, tmp_path)
    assert names[:5] == ["Instructions", "People", "Aliases", "Not duplicates", "Calc"]
    assert names[5:] == OWNED
    upload = next(r for r in m365.graph.requests if r.method == "PUT")
    assert upload.if_match == etag  # the upload was conditional on the version read
    assert calls(m365) == [*READ, ("PUT", "content"), *VERIFY]
    assert [p for _, p in m365.identity.requests][-1].endswith("/oauth2/v2.0/token")
    assert len(m365.identity.requests) == 2  # OpenID discovery, one token


def test_the_report_is_the_one_for_the_same_workbook_on_disk(m365, tmp_path):
    original = messy_bytes(tmp_path)
    m365.graph.drive.add("inventory.xlsx", original, link=SHARING_LINK)
    digest = tmp_path / "digest.html"
    remote = pipeline.sync(SHARING_LINK, digest_path=digest, now=NOW).as_dict()
    on_disk = pipeline.sync(str(tmp_path / "inventory.xlsx"), digest_path=digest,
                            now=NOW).as_dict()
    assert remote.pop("source") == SHARING_LINK
    assert on_disk.pop("source") == str(tmp_path / "inventory.xlsx")
    # Backups go to a folder named after each source; everything else is the same.
    assert Path(remote.pop("backup")).read_bytes() == original
    assert Path(on_disk.pop("backup")).read_bytes() == original
    # Each source has its own history (neither has a previous run); runs are numbered
    # across the database.
    remote_run, disk_run = remote.pop("history"), on_disk.pop("history")
    assert remote_run["previous_run"] is None and disk_run["previous_run"] is None
    assert (remote_run["run"], disk_run["run"]) == (1, 2)
    assert remote == on_disk


def test_the_stored_tabs_equal_the_tabs_written_to_the_file(m365, tmp_path):
    original = messy_bytes(tmp_path)
    item = m365.graph.drive.add("inventory.xlsx", original, link=SHARING_LINK)
    pipeline.sync(SHARING_LINK, now=NOW)
    pipeline.sync(str(tmp_path / "inventory.xlsx"), now=NOW)
    remote = XlsxDocument(item.data, "remote")
    local = XlsxDocument((tmp_path / "inventory.xlsx").read_bytes(), "local")
    shown = [t for t in OWNED if t != "Sync"]  # the Sync tab names the source
    assert {n: g.rows for n, g in remote.read(shown).items()} == \
        {n: g.rows for n, g in local.read(shown).items()}


def test_a_drive_item_id_is_a_source_and_check_reads_only(m365, tmp_path):
    original = messy_bytes(tmp_path)
    item = m365.graph.drive.add("inventory.xlsx", original)
    source = f"m365:{item.drive_id}/{item.item_id}"
    result = cli("check", source, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["people"] > 20
    assert calls(m365) == [("GET", "item"), ("GET", "content"), ("GET", "download")]
    assert item.data == original and item.history == []


@pytest.mark.parametrize("command", [["sync", "--dry-run"], ["digest"], ["check"]])
def test_reading_commands_write_nothing(m365, tmp_path, command):
    original = messy_bytes(tmp_path)
    item = m365.graph.drive.add("inventory.xlsx", original, link=SHARING_LINK)
    result = cli(command[0], SHARING_LINK, *command[1:], "--json")
    assert result.exit_code == 0, result.stderr
    assert item.data == original and calls(m365) == READ


def test_export_gives_the_table_of_the_file(m365, tmp_path):
    m365.graph.drive.add("inventory.xlsx", messy_bytes(tmp_path), link=SHARING_LINK)
    remote = cli("export", SHARING_LINK)
    local = cli("export", str(tmp_path / "inventory.xlsx"))
    assert remote.exit_code == 0, remote.stderr
    table = pd.read_csv(io.StringIO(remote.stdout))
    assert len(table) > 40 and remote.stdout == local.stdout


def test_a_second_sync_replaces_our_tabs_and_keeps_one_version_per_sync(m365, tmp_path):
    original = messy_bytes(tmp_path)
    item = m365.graph.drive.add("inventory.xlsx", original, link=SHARING_LINK)
    assert cli("sync", SHARING_LINK).exit_code == 0
    first = item.data
    assert cli("sync", SHARING_LINK).exit_code == 0
    assert item.history == [original, first]
    assert only_our_tabs_changed(original, item.data) == []
    assert tab_names(item.data, tmp_path).count("Skills") == 1


def test_a_large_workbook_goes_up_in_a_deferred_upload_session(m365, tmp_path):
    original = big_bytes(tmp_path)
    assert len(original) > 4 * 1024 * 1024
    item = m365.graph.drive.add("big.xlsx", original, link=SHARING_LINK)
    result = cli("sync", SHARING_LINK, "--json")
    assert result.exit_code == 0, result.stderr
    assert only_our_tabs_changed(original, item.data) == []
    assert tab_names(item.data, tmp_path)[-1] == "Sync"
    fragments = (len(item.data) + 5 * 1024 * 1024 - 1) // (5 * 1024 * 1024)
    assert fragments == 2
    assert calls(m365) == [*READ, ("POST", "createUploadSession"),
                           *[("PUT", "session")] * fragments, ("GET", "item"),
                           ("POST", "session"), *VERIFY]
    create = next(r for r in m365.graph.requests if r.path.endswith("createUploadSession"))
    assert create.if_match is not None and sessions_open(m365.graph) == []
    # Every upload-session call went to the pre-authenticated host, without the token.
    assert all(not r.authorized for r in m365.graph.requests if r.path.startswith("/upload/"))


def test_a_backup_of_the_version_read_goes_to_the_private_state_folder(m365, tmp_path,
                                                                          private_state):
    original = messy_bytes(tmp_path)
    m365.graph.drive.add("inventory.xlsx", original, link=SHARING_LINK)
    report = pipeline.sync(SHARING_LINK, now=NOW)
    assert report.backup is not None and report.backup.read_bytes() == original
    assert private_state in report.backup.parents
    assert report.backup.stat().st_mode & 0o077 == 0


def test_the_atlas_links_each_row_to_the_workbook_on_the_web(m365, tmp_path):
    m365.graph.drive.add("inventory.xlsx", messy_bytes(tmp_path), link=SHARING_LINK)
    pipeline.site_only(SHARING_LINK, out=tmp_path / "atlas", now=NOW)
    data = (tmp_path / "atlas" / "data.js").read_text(encoding="utf-8")
    sheets = json.loads(data[data.index("{"):data.rindex("}") + 1])["sheets"]
    link = sheets[0][1]
    assert link.startswith("https://contoso.sharepoint.com/") and " " not in link
    assert link.count("{cell}") == 1 and "activeCell=%27" in link
