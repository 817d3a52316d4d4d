"""`skillsync login microsoft` (device code) and `skillsync login google` (installed app):
real MSAL and google-auth-oauthlib against the sign-in stand-in; tokens kept privately."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from standin_graph import SECRET, SHARING_LINK, USER, m365_fixture, use_standin
from standin_graph.books import messy_bytes

from skillsync.backends.gsheets import auth as google_auth
from skillsync.cli import main

m365 = pytest.fixture(m365_fixture)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def standin(m365, monkeypatch, tmp_path):
    use_standin(m365, monkeypatch)
    monkeypatch.delenv("AZURE_CLIENT_SECRET")  # a person, not an app registration
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    monkeypatch.chdir(tmp_path)


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def test_device_code_login_is_kept_privately_and_used_by_sync(m365, tmp_path, private_state):
    item = m365.graph.drive.add("inventory.xlsx", messy_bytes(tmp_path), link=SHARING_LINK)
    result = CliRunner().invoke(main, ["login", "microsoft"])
    assert result.exit_code == 0, result.stderr
    assert "enter the code F7QXK3ZLP" in result.stdout and USER in result.stdout
    folder = private_state / "microsoft"
    files = sorted(p.name for p in folder.iterdir())
    assert "login.json" in files and "token-cache.bin" in files
    assert all(private(folder / name) for name in files) and private(folder)
    assert "token" not in (folder / "login.json").read_text()
    if "unencrypted" in result.stderr:  # no keyring on this machine: said once, as a warning
        assert result.stderr.startswith("Warning:")
    m365.identity.grants.clear()
    synced = CliRunner().invoke(main, ["sync", SHARING_LINK])
    assert synced.exit_code == 0, synced.stderr
    assert item.history and m365.identity.grants == []  # the cached token served
    m365.graph.tokens.expire_all()
    again = CliRunner().invoke(main, ["sync", SHARING_LINK])
    assert again.exit_code == 0, again.stderr
    assert m365.identity.grants == ["refresh_token"]  # refreshed silently, once


def test_login_microsoft_needs_a_client_id(monkeypatch):
    monkeypatch.delenv("AZURE_CLIENT_ID")
    result = CliRunner().invoke(main, ["login", "microsoft"])
    assert result.exit_code == 3 and "AZURE_CLIENT_ID" in result.stderr


def test_login_microsoft_refused_names_the_setting(monkeypatch):
    monkeypatch.setenv("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000000")
    result = CliRunner().invoke(main, ["login", "microsoft"])
    assert result.exit_code == 3 and "AZURE_CLIENT_ID" in result.stderr


def client_file(folder: Path, identity_url: str) -> Path:
    path = folder / "client_secret.json"
    path.write_text(json.dumps({"installed": {
        "client_id": "1234-abcd.apps.googleusercontent.com", "client_secret": SECRET,
        "auth_uri": f"{identity_url}/google/auth", "token_uri": f"{identity_url}/google/token",
        "redirect_uris": ["http://localhost"]}}))
    return path


def test_google_login_keeps_a_token_that_sheets_then_use(m365, tmp_path, monkeypatch,
                                                         private_state):
    monkeypatch.setenv("HOME", str(tmp_path))  # no gspread default file of this machine
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    secrets_file = client_file(tmp_path, m365.identity.url)
    process = subprocess.Popen(
        [sys.executable, "-m", "skillsync", "login", "google", "--client-secrets",
         str(secrets_file), "--no-browser"], cwd=tmp_path, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"})
    try:
        line = process.stdout.readline()
        assert "sign in to Google: " in line, line + process.stderr.read()
        url = line.split("sign in to Google: ", 1)[1].strip()
        browser = requests.get(url, verify=m365.identity.ca_path, timeout=30)  # the person
        assert browser.ok and "Signed in to skillsync" in browser.text
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert SECRET not in out + err + line
    token = private_state / "google" / "authorized_user.json"
    saved = json.loads(token.read_text())
    assert private(token) and saved["refresh_token"]
    found = google_auth.credentials(None, None)  # no service account configured
    assert type(found).__name__ == "Credentials"
    assert found.refresh_token == saved["refresh_token"]


def test_google_login_needs_the_client_file(monkeypatch):
    monkeypatch.delenv("SKILLSYNC_GOOGLE_CLIENT_SECRETS", raising=False)
    result = CliRunner().invoke(main, ["login", "google", "--no-browser"])
    assert result.exit_code == 3 and "SKILLSYNC_GOOGLE_CLIENT_SECRETS" in result.stderr
