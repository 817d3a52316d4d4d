"""Google credentials, found the way Google's own tools find them.

In order: the service-account file named in skillsync.toml, GOOGLE_APPLICATION_CREDENTIALS,
gspread's ~/.config/gspread/service_account.json, the sign-in kept by `skillsync login
google`, then Application Default Credentials.
With SKILLSYNC_SHEETS_API set (a stand-in or proxy) and nothing configured, requests go
anonymous.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import google.auth
from google.auth.credentials import AnonymousCredentials, Credentials
from google.auth.exceptions import DefaultCredentialsError
from google.oauth2 import service_account

from skillsync.errors import CredentialsError

SCOPES = ("https://www.googleapis.com/auth/spreadsheets",
          "https://www.googleapis.com/auth/drive.readonly")
GSPREAD_DEFAULT = Path("~/.config/gspread/service_account.json")
HOW_TO = ("set [google] credentials in skillsync.toml or GOOGLE_APPLICATION_CREDENTIALS to a "
          "service-account JSON key, put it at ~/.config/gspread/service_account.json, or run "
          "'gcloud auth application-default login' or 'skillsync login google'")


def credentials(configured: Path | None, endpoint: str | None) -> Credentials:
    named = configured or _env_path()
    if named is not None:
        return _service_account(named)
    if endpoint:
        return AnonymousCredentials()
    default = GSPREAD_DEFAULT.expanduser()
    if default.is_file():
        return _service_account(default)
    from skillsync.backends.gsheets.login import saved_credentials

    signed_in = saved_credentials(SCOPES)  # `skillsync login google`
    if signed_in is not None:
        return signed_in
    try:
        found, _ = google.auth.default(scopes=SCOPES)
    except DefaultCredentialsError as exc:
        raise CredentialsError(f"no Google credentials found: {HOW_TO}") from exc
    return found


def _env_path() -> Path | None:
    value = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    return Path(value).expanduser() if value else None


def _service_account(path: Path) -> Credentials:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CredentialsError(f"the credentials file {path} does not exist; {HOW_TO}") from exc
    except (OSError, ValueError) as exc:
        raise CredentialsError(f"the credentials file {path} is not a JSON key file") from exc
    if info.get("type") != "service_account":
        raise CredentialsError(f"{path} is not a service-account key (type is "
                               f"{info.get('type')!r}); download a JSON key for a service account")
    try:
        return service_account.Credentials.from_service_account_info(info, scopes=SCOPES)
    except (ValueError, KeyError) as exc:
        raise CredentialsError(f"the service-account key {path} is incomplete ({exc})") from exc


def account_email(creds: Credentials) -> str | None:
    """The e-mail a Sheet must be shared with, when the credentials have one."""
    return getattr(creds, "service_account_email", None)
