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


def certificate_pem(folder: Path):
    """A self-signed certificate with its key in one PEM file, as an app registration has."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "skillsync nightly")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now).not_valid_after(now + timedelta(days=30))
                   .sign(key, hashes.SHA256()))
    path = folder / "app.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
                     + certificate.public_bytes(serialization.Encoding.PEM))
    return path, key.public_key()


def test_an_app_can_sign_in_with_a_certificate(m365, tmp_path, monkeypatch):
    from standin_graph import CLIENT

    path, public_key = certificate_pem(tmp_path)
    m365.identity.certificates[CLIENT] = public_key
    monkeypatch.setenv("AZURE_CLIENT_CERTIFICATE_PATH", str(path))
    item = m365.graph.drive.add("inventory.xlsx", messy_bytes(tmp_path), link=SHARING_LINK)
    result = CliRunner().invoke(main, ["sync", SHARING_LINK])
    assert result.exit_code == 0, result.stderr
    assert item.history and m365.identity.grants == ["client_credentials"]


def test_a_certificate_file_that_is_not_one_names_the_variable(tmp_path, monkeypatch):
    bad = tmp_path / "app.pem"
    bad.write_text("not a certificate")
    monkeypatch.setenv("AZURE_CLIENT_CERTIFICATE_PATH", str(bad))
    result = CliRunner().invoke(main, ["check", SHARING_LINK])
    assert result.exit_code == 3 and "AZURE_CLIENT_CERTIFICATE_PATH" in result.stderr
