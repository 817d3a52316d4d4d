"""Tokens for Microsoft Graph, through MSAL.

A nightly job uses an app registration: AZURE_TENANT_ID, AZURE_CLIENT_ID and either
AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH (a PEM with the key and certificate,
or a .pfx; its password in AZURE_CLIENT_CERTIFICATE_PASSWORD) — MSAL's client-credentials
flow. A person signs in once with `skillsync login microsoft` (see login.py); that sign-in
is used when no app registration is configured. SKILLSYNC_AZURE_AUTHORITY points MSAL at
another sign-in host (a national cloud, or a stand-in in tests).

Secrets are read from the environment only, never printed: messages name the variable.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msal
import requests

from skillsync.backends.m365.http import clean
from skillsync.errors import CredentialsError, RemoteError

TENANT_ENV = "AZURE_TENANT_ID"
CLIENT_ENV = "AZURE_CLIENT_ID"
SECRET_ENV = "AZURE_CLIENT_SECRET"
CERT_ENV = "AZURE_CLIENT_CERTIFICATE_PATH"
CERT_PASSWORD_ENV = "AZURE_CLIENT_CERTIFICATE_PASSWORD"
AUTHORITY_ENV = "SKILLSYNC_AZURE_AUTHORITY"
DEFAULT_AUTHORITY = "https://login.microsoftonline.com"
APP_SCOPES = ["https://graph.microsoft.com/.default"]
USER_SCOPES = ["https://graph.microsoft.com/Files.ReadWrite.All"]
TIMEOUT = 30  # seconds per sign-in request
HOW_TO = (f"set {TENANT_ENV}, {CLIENT_ENV} and {SECRET_ENV} (or {CERT_ENV}) for an app "
          "registration with the Files.ReadWrite.All or Sites.Selected application "
          "permission, or run `skillsync login microsoft`")

# One MSAL application per credential and process: its token cache then serves every
# retry of a sync (and every sync of a long-lived process) without asking again.
_APPS: dict[tuple[str, ...], Any] = {}


class CountingSession(requests.Session):
    """The HTTP session MSAL uses: counts sign-in requests, so a sync can report them."""

    def __init__(self) -> None:
        super().__init__()
        self.made = 0

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        self.made += 1
        return super().request(*args, **kwargs)


def authority_host() -> str:
    return (os.environ.get(AUTHORITY_ENV) or DEFAULT_AUTHORITY).rstrip("/")


def msal_options() -> dict[str, Any]:
    """Where MSAL signs in; an overridden host is not one Microsoft can vouch for."""
    overridden = bool(os.environ.get(AUTHORITY_ENV))
    return {"http_client": CountingSession(), "timeout": TIMEOUT,
            **({"instance_discovery": False} if overridden else {})}


@dataclass
class AppTokens:
    """Client-credentials tokens for an app registration."""

    app: Any

    @property
    def requests_made(self) -> int:
        return self.app.http_client.made if hasattr(self.app.http_client, "made") else 0

    def token(self, *, refresh: bool = False) -> str:
        if refresh:  # the cached token was refused: drop it so MSAL asks for a new one
            cache = self.app.token_cache
            for found in list(cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN)):
                cache.remove_at(found)
        try:
            result = self.app.acquire_token_for_client(scopes=APP_SCOPES)
        except requests.RequestException as exc:
            raise unreachable(exc) from exc
        if "access_token" not in result:
            raise refused(result, app=True)
        return str(result["access_token"])


def app_tokens() -> AppTokens:
    """Tokens for the app registration named by the environment."""
    tenant, client = _required(TENANT_ENV), _required(CLIENT_ENV)
    credential, fingerprint = _client_credential()
    authority = f"{authority_host()}/{tenant}"
    key = (authority, client, fingerprint)
    if key not in _APPS:
        try:
            _APPS[key] = msal.ConfidentialClientApplication(
                client, client_credential=credential, authority=authority, **msal_options())
        except ValueError as exc:  # the tenant's sign-in configuration was not found
            raise CredentialsError(f"Microsoft does not know the tenant in {TENANT_ENV}; set it "
                                   "to your directory (tenant) id or domain") from exc
        except requests.RequestException as exc:
            raise unreachable(exc) from exc
    return AppTokens(_APPS[key])


def app_configured() -> bool:
    return bool(os.environ.get(SECRET_ENV) or os.environ.get(CERT_ENV))


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        given = SECRET_ENV if os.environ.get(SECRET_ENV) else CERT_ENV
        raise CredentialsError(f"{name} is not set; an app registration needs {TENANT_ENV}, "
                               f"{CLIENT_ENV} and {given}")
    return value


def _client_credential() -> tuple[Any, str]:
    """MSAL's client_credential, and a fingerprint to key the app cache (never the secret)."""
    secret = os.environ.get(SECRET_ENV)
    if secret:
        return secret, hashlib.sha256(secret.encode()).hexdigest()
    path = Path(os.environ.get(CERT_ENV, "")).expanduser()
    password = os.environ.get(CERT_PASSWORD_ENV)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CredentialsError(f"{CERT_ENV} names {path}, which cannot be read") from exc
    fingerprint = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in (".pfx", ".p12"):
        return {"private_key_pfx_path": str(path), "passphrase": password}, fingerprint
    return _pem_credential(data, password), fingerprint


def _pem_credential(data: bytes, password: str | None) -> dict[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    try:
        key = serialization.load_pem_private_key(
            data, password.encode() if password else None)
        certificate = x509.load_pem_x509_certificate(data)
    except (ValueError, TypeError) as exc:
        raise CredentialsError(
            f"{CERT_ENV} must name a PEM file holding the private key and the certificate "
            f"(or a .pfx); check it and {CERT_PASSWORD_ENV}") from exc
    plain = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
    return {"private_key": plain.decode(), "thumbprint": certificate.fingerprint(
        hashes.SHA1()).hex(),  # SHA-1: how Entra ID names certificates
        "public_certificate": certificate.public_bytes(serialization.Encoding.PEM).decode()}


# AADSTS codes that say which setting to fix.
_CAUSES = {
    7000215: f"the client secret is wrong or expired: check {SECRET_ENV}",
    7000222: f"the client secret has expired: create a new one and set {SECRET_ENV}",
    700016: f"no app with the id in {CLIENT_ENV} exists in this tenant: check {CLIENT_ENV} "
            f"and {TENANT_ENV}",
    90002: f"the tenant in {TENANT_ENV} does not exist",
    900023: f"{TENANT_ENV} is not a valid tenant id or domain",
    700027: f"the certificate is not registered for this app: check {CERT_ENV}",
    65001: "the app has no consent for Microsoft Graph: an administrator must grant "
           "Files.ReadWrite.All (or Sites.Selected) and admin consent",
    7000218: f"the app does not allow public client flows, or needs {SECRET_ENV}",
}


def refused(result: dict[str, Any], *, app: bool) -> CredentialsError:
    """One line saying why Microsoft refused to sign in, and what to set."""
    for code in result.get("error_codes") or ():
        if code in _CAUSES:
            return CredentialsError(f"Microsoft refused the sign-in: {_CAUSES[code]}")
    error = clean(str(result.get("error", "unknown error")), 60)
    detail = clean(str(result.get("error_description", "")).splitlines()[0]
                   if result.get("error_description") else "", 160)
    fix = (f"check {TENANT_ENV}, {CLIENT_ENV} and {SECRET_ENV} (or {CERT_ENV})" if app
           else "run `skillsync login microsoft` again")
    return CredentialsError(f"Microsoft refused the sign-in ({error}: {detail}); {fix}")


def unreachable(exc: Exception) -> RemoteError:
    return RemoteError(f"the Microsoft sign-in service at {authority_host()} did not answer "
                       f"({type(exc).__name__}); nothing was read or written — try again later")
