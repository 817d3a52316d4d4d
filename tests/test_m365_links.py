"""Which sources are Microsoft 365 workbooks, and Retry-After as the client reads it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skillsync.backends import open_backend
from skillsync.backends.m365 import http
from skillsync.backends.m365.links import parse_source, share_token

DRIVE = "b!WJdcRuwCnkmNMvypowShlJAOO7sb8BNGi5bd40SvsYXCJjiTCgSgSq19j0OM3YgT"


@pytest.mark.parametrize("link", [
    "https://contoso.sharepoint.com/:x:/s/DataScience/EaBcDeFg?e=Zq1x2Y",
    "https://contoso-my.sharepoint.com/:x:/g/personal/jane_contoso_com/EaBcDeFg?e=1",
    "https://contoso.sharepoint.com/sites/Team/Shared%20Documents/skills.xlsx",
    "https://1drv.ms/x/s!ABPfE3IGRt0Lh3Q",
    "https://onedrive.live.com/edit.aspx?resid=BDD46067213DF13!1012",
    "  https://contoso.sharepoint.com/:x:/r/sites/T/skills.xlsx  ",
])
def test_sharing_links_are_resolved_through_shares(link):
    found = parse_source(link)
    assert found is not None and found.link == link.strip() and found.drive_id is None
    assert found.share_token.startswith("u!") and "=" not in found.share_token


def test_a_teams_file_link_names_the_sharepoint_file_inside_it():
    teams = ("https://teams.microsoft.com/l/file/5A1B?tenantId=x&fileType=xlsx&objectUrl="
             "https%3A%2F%2Fcontoso.sharepoint.com%2Fsites%2FT%2FShared%20Documents%2Fs.xlsx")
    found = parse_source(teams)
    assert found is not None and found.source == teams
    assert found.link == "https://contoso.sharepoint.com/sites/T/Shared Documents/s.xlsx"


def test_a_drive_item_id_is_named_directly():
    found = parse_source(f"m365:{DRIVE}/01YNDLPYM4KZEFCWLUVBAKIAHFNZDGRLLC")
    assert found is not None and found.link is None
    assert (found.drive_id, found.item_id) == (DRIVE, "01YNDLPYM4KZEFCWLUVBAKIAHFNZDGRLLC")


@pytest.mark.parametrize("source", [
    "inventory.xlsx", "C:/Users/jane/skills.xlsx", "gsheet:abc",
    "https://docs.google.com/spreadsheets/d/abc/edit", "http://contoso.sharepoint.com/x",
    "https://sharepoint.com.evil.example/x", "https://evil.example/contoso.sharepoint.com",
    "m365:drive", "m365:a/b/c", "m365:a b/c", "https://contoso.sharepoint.com/" + "x" * 3000,
    "https://teams.microsoft.com/l/file/x?objectUrl=https%3A%2F%2Fevil.example%2Fa",
])
def test_other_sources_are_not_ours(source):
    assert parse_source(source) is None


def test_the_shares_encoding_is_unpadded_base64url():
    assert share_token("https://1drv.ms/x/s!A?") == "u!aHR0cHM6Ly8xZHJ2Lm1zL3gvcyFBPw"


def test_open_backend_sends_a_link_to_microsoft_365_and_needs_credentials(monkeypatch):
    for name in ("AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_TENANT_ID",
                 "AZURE_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    from skillsync.errors import CredentialsError

    with pytest.raises(CredentialsError, match=r"AZURE_TENANT_ID.*skillsync login microsoft"):
        open_backend("https://contoso.sharepoint.com/:x:/s/T/EaBc?e=1")


NOW = datetime(2026, 3, 2, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "seconds"), [
    ("7", 7.0), (" 120 ", 120.0), ("0", 0.0), ("Mon, 02 Mar 2026 12:00:30 GMT", 30.0),
    ("Mon, 02 Mar 2026 11:00:00 GMT", 0.0), (None, None), ("", None), ("soon", None),
    ("-5", None), ("1.5", None), ("nan", None), ("inf", None), ("1e3", None),
    ("99999999999", None), ("Mon, 32 Foo 2026 25:00:00 GMT", None),
])
def test_retry_after_is_read_strictly(value, seconds):
    assert http.retry_after_seconds(value, NOW) == seconds


def test_error_text_from_the_server_is_one_bounded_line():
    body = b'{"error":{"code":"x\\u001b[31m","message":"' + b"a" * 500 + b'\\nnext"}}'
    code, inner, message = http.error_details(body)
    assert code == "x [31m" and inner == () and len(message) <= 200 and "\n" not in message
    assert http.error_details(b"<html>") == ("", (), "")
    nested = b'{"error":{"code":"notAllowed","innererror":{"code":"resourceLocked"}}}'
    assert http.error_details(nested)[1] == ("resourceLocked",)
