"""`skillsync login microsoft`: a person signs in once with the device-code flow.

The token cache is kept encrypted where the operating system offers a keyring (DPAPI on
Windows, the Keychain on macOS, libsecret on Linux, through msal-extensions); elsewhere it
is a 0600 file in the private 0700 state folder, and the sign-in says so. Which app and
tenant were used is kept beside it (no secret there), so a later sync finds the account.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msal
import requests

from skillsync.backends.m365 import auth
from skillsync.errors import CredentialsError
from skillsync.paths import private_subdir

FOLDER = "microsoft"
CACHE_FILE = "token-cache.bin"
LOGIN_FILE = "login.json"
DEFAULT_TENANT = "organizations"


@dataclass(frozen=True)
class Login:
    client_id: str
    tenant: str
    username: str
    encrypted: bool


def login_microsoft(echo: Callable[[str], None], warn: Callable[[str], None]) -> Login:
    """Sign a person in with the device-code flow and keep the tokens for later syncs."""
    client_id = os.environ.get(auth.CLIENT_ENV, "").strip()
    if not client_id:
        raise CredentialsError(
            f"{auth.CLIENT_ENV} is not set: register an app in Entra ID with 'Allow public "
            "client flows' and the delegated Files.ReadWrite.All permission, and set its "
            f"application (client) id there ({auth.TENANT_ENV} too, for one organisation)")
    tenant = os.environ.get(auth.TENANT_ENV, "").strip() or DEFAULT_TENANT
    cache, encrypted = _cache(create=True)
    if not encrypted:
        warn(f"no operating-system keyring is available, so the sign-in is kept unencrypted "
             f"in {_folder() / CACHE_FILE} (readable only by you)")
    app = _public_app(client_id, tenant, cache)
    try:
        flow = app.initiate_device_flow(scopes=auth.USER_SCOPES)
        if "user_code" not in flow:
            raise auth.refused(flow, app=False)
        echo(str(flow.get("message", "")))
        result = app.acquire_token_by_device_flow(flow)
    except requests.RequestException as exc:
        raise auth.unreachable(exc) from exc
    if "access_token" not in result:
        raise auth.refused(result, app=False)
    username = str((result.get("id_token_claims") or {}).get("preferred_username", ""))
    login = Login(client_id, tenant, username, encrypted)
    _write_private(_folder() / LOGIN_FILE, json.dumps(login.__dict__).encode())
    return login


@dataclass
class UserTokens:
    """Tokens of the person who ran `skillsync login microsoft`, refreshed silently."""

    app: Any
    account: dict[str, Any]

    @property
    def requests_made(self) -> int:
        return getattr(self.app.http_client, "made", 0)

    def token(self, *, refresh: bool = False) -> str:
        try:
            result = self.app.acquire_token_silent_with_error(
                auth.USER_SCOPES, self.account, force_refresh=refresh)
        except requests.RequestException as exc:
            raise auth.unreachable(exc) from exc
        if not result or "access_token" not in result:
            raise CredentialsError("the Microsoft sign-in has expired or was revoked; run "
                                   "`skillsync login microsoft` again")
        return str(result["access_token"])


def saved_login() -> Login | None:
    path = _folder() / LOGIN_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Login(str(data["client_id"]), str(data["tenant"]), str(data["username"]),
                     bool(data["encrypted"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def user_tokens(login: Login) -> UserTokens:
    cache, _ = _cache(create=False, encrypted=login.encrypted)
    app = _public_app(login.client_id, login.tenant, cache)
    accounts = app.get_accounts(username=login.username or None)
    if not accounts:
        raise CredentialsError("the Microsoft sign-in was not found; run `skillsync login "
                               "microsoft` again")
    return UserTokens(app, accounts[0])


def _public_app(client_id: str, tenant: str, cache: Any) -> Any:
    try:
        return msal.PublicClientApplication(
            client_id, authority=f"{auth.authority_host()}/{tenant}", token_cache=cache,
            **auth.msal_options())
    except ValueError as exc:
        raise CredentialsError(f"Microsoft does not know the tenant in {auth.TENANT_ENV}; set "
                               "it to your directory (tenant) id or domain") from exc
    except requests.RequestException as exc:
        raise auth.unreachable(exc) from exc


def _cache(*, create: bool, encrypted: bool = True) -> tuple[Any, bool]:
    """The persisted token cache: encrypted when the OS allows, else a 0600 file."""
    from msal_extensions import FilePersistence, PersistedTokenCache, build_encrypted_persistence

    location = str(_folder() / CACHE_FILE)
    if encrypted:
        try:
            return PersistedTokenCache(build_encrypted_persistence(location)), True
        except Exception:  # noqa: BLE001 - no keyring here (import, D-Bus or OS errors)
            if not create:
                raise CredentialsError("the keyring that holds the Microsoft sign-in is not "
                                       "available; run `skillsync login microsoft` again") \
                    from None
    if create or Path(location).exists():
        _write_private(Path(location), b"", keep=True)
    return PersistedTokenCache(FilePersistence(location)), False


def _folder() -> Path:
    return private_subdir(FOLDER)


def _write_private(path: Path, data: bytes, *, keep: bool = False) -> None:
    """Write (or with `keep`, just create) a file only its owner can read."""
    flags = os.O_WRONLY | os.O_CREAT | (0 if keep else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)
        if not keep:
            os.write(fd, data)
    finally:
        os.close(fd)
