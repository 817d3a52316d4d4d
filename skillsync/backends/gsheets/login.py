"""`skillsync login google`: a person signs in with the installed-app OAuth flow.

For people without a service account. The authorized-user token (with its refresh token)
is kept in the private state folder, 0600, and auth.py uses it when no other credential is
configured. The OAuth client file (type "Desktop app") comes from the Google Cloud console.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from google.auth.credentials import Credentials

from skillsync.errors import CredentialsError
from skillsync.paths import private_subdir

SECRETS_ENV = "SKILLSYNC_GOOGLE_CLIENT_SECRETS"
FOLDER = "google"
TOKEN_FILE = "authorized_user.json"
TIMEOUT = 300  # seconds to finish signing in in the browser


def login_google(client_secrets: Path | None, *, open_browser: bool = True) -> Path:
    """Run the browser sign-in and keep the token; returns where it was kept."""
    from google_auth_oauthlib.flow import InstalledAppFlow

    from skillsync.backends.gsheets.auth import SCOPES

    if client_secrets is None:
        raise CredentialsError(
            f"no OAuth client file: create an OAuth client id of type 'Desktop app' in the "
            f"Google Cloud console, download its JSON and pass it with --client-secrets or "
            f"{SECRETS_ENV}")
    try:
        flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), list(SCOPES))
    except (OSError, ValueError) as exc:
        raise CredentialsError(f"{client_secrets} is not an OAuth client file (type 'Desktop "
                               f"app'); download it again from the Google Cloud console") from exc
    try:
        credentials = flow.run_local_server(
            host="localhost", port=0, open_browser=open_browser, timeout_seconds=TIMEOUT,
            authorization_prompt_message="Open this address in a browser to sign in to "
            "Google: {url}", success_message="Signed in to skillsync; you can close this tab.")
    except Exception as exc:  # oauthlib, HTTP and timeout errors alike
        raise CredentialsError(f"Google sign-in did not complete ({type(exc).__name__}); run "
                               "`skillsync login google` again") from exc
    return save(credentials)


def save(credentials: Credentials) -> Path:
    path = token_path()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(credentials.to_json())  # type: ignore[attr-defined]
    return path


def token_path() -> Path:
    return private_subdir(FOLDER) / TOKEN_FILE


def saved_credentials(scopes: tuple[str, ...]) -> Credentials | None:
    """The token kept by `skillsync login google`, if there is a usable one."""
    from google.oauth2.credentials import Credentials as UserCredentials

    path = token_path()
    if not path.is_file():
        return None
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return UserCredentials.from_authorized_user_info(info, list(scopes))
    except (OSError, ValueError) as exc:
        raise CredentialsError(f"the Google sign-in kept in {path} is damaged; run "
                               "`skillsync login google` again") from exc
