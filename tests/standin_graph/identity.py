"""A sign-in stand-in over HTTPS on 127.0.0.1 (MSAL accepts only https authorities).

Microsoft identity platform: OpenID discovery, the token endpoint (client credentials with
a secret or a certificate assertion, device code, refresh token) and the device-code
endpoint, with AADSTS error bodies. Google OAuth: the authorization endpoint (redirecting to
the installed app's local server) and the token endpoint. The certificate comes from trustme;
clients trust it through REQUESTS_CA_BUNDLE, as they would a corporate proxy's CA.
"""

from __future__ import annotations

import base64
import json
import secrets
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import trustme

from .store import Tokens

TENANT = "5b2c1f0e-9eb0-401a-b164-68933e6e9443"
CLIENT = "31359c7f-bd7e-475c-86db-fdb8c937548e"
SECRET = "Sx~8Q~not-a-real-secret-0123456789"
USER = "jane.doe@contoso.onmicrosoft.com"


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@dataclass
class IdentityStandIn:
    tokens: Tokens
    folder: Path
    secrets_by_client: dict[str, str] = field(default_factory=lambda: {CLIENT: SECRET})
    certificates: dict[str, Any] = field(default_factory=dict)  # client -> public key
    device_polls: int = 1  # "authorization_pending" answers before the user has signed in
    token_lifetime: float = 3600.0
    requests: list[tuple[str, str]] = field(default_factory=list)
    grants: list[str] = field(default_factory=list)
    _pending: dict[str, int] = field(default_factory=dict)
    _scopes: dict[str, str] = field(default_factory=dict)  # device code -> scopes asked

    def start(self) -> IdentityStandIn:
        authority = trustme.CA()
        certificate = authority.issue_cert("127.0.0.1", "localhost")
        self.ca_path = self.folder / "standin-ca.pem"
        authority.cert_pem.write_to_path(str(self.ca_path))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        certificate.configure_cert(context)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        self.url = f"https://127.0.0.1:{self.port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # Microsoft identity platform

    def openid(self, tenant: str) -> tuple[int, dict[str, Any]]:
        if tenant not in (TENANT, "organizations", "common"):
            return 400, self._aad("invalid_tenant", 90002, f"Tenant '{tenant}' not found.")
        base = f"{self.url}/{tenant}"
        return 200, {"token_endpoint": f"{base}/oauth2/v2.0/token",
                     "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                     "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
                     "issuer": f"{self.url}/{TENANT}/v2.0",
                     "token_endpoint_auth_methods_supported": ["client_secret_post",
                                                               "private_key_jwt"]}

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        grant = form.get("grant_type", "")
        self.grants.append(grant)
        client = form.get("client_id", "")
        if client not in self.secrets_by_client and client not in self.certificates:
            return 400, self._aad("unauthorized_client", 700016,
                                  f"Application with identifier '{client}' was not found.")
        if grant == "client_credentials":
            if not self._client_proven(client, form):
                return 401, self._aad("invalid_client", 7000215,
                                      "Invalid client secret provided.")
            return 200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                         "access_token": self.tokens.issue(self.token_lifetime)}
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            return self._device_token(client, form.get("device_code", ""))
        if grant == "refresh_token":
            if form.get("refresh_token") not in self.tokens.refresh:
                return 400, self._aad("invalid_grant", 70008, "The refresh token has expired.")
            return 200, self._user_tokens(client, form.get("scope", ""))
        return 400, self._aad("unsupported_grant_type", 70003, "Unsupported grant type.")

    def _client_proven(self, client: str, form: dict[str, str]) -> bool:
        if "client_secret" in form:
            return secrets.compare_digest(form["client_secret"],
                                          self.secrets_by_client.get(client, "\0"))
        key = self.certificates.get(client)
        if key is None or "client_assertion" not in form:
            return False
        try:
            claims = jwt.decode(form["client_assertion"], key, algorithms=["RS256", "PS256"],
                                audience=f"{self.url}/{TENANT}/oauth2/v2.0/token")
        except jwt.PyJWTError:
            return False
        return claims.get("iss") == client == claims.get("sub")

    def device_code(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if form.get("client_id") not in self.secrets_by_client:
            return 400, self._aad("unauthorized_client", 700016, "Application not found.")
        code = secrets.token_urlsafe(24)
        self._pending[code] = self.device_polls
        self._scopes[code] = form.get("scope", "")
        user_code = "F7QXK3ZLP"
        return 200, {"device_code": code, "user_code": user_code,
                     "verification_uri": "https://microsoft.com/devicelogin",
                     "expires_in": 60, "interval": 1,
                     "message": "To sign in, use a web browser to open the page "
                                "https://microsoft.com/devicelogin and enter the code "
                                f"{user_code} to authenticate."}

    def _device_token(self, client: str, code: str) -> tuple[int, dict[str, Any]]:
        if code not in self._pending:
            return 400, self._aad("expired_token", 70020, "The device code has expired.")
        if self._pending[code] > 0:
            self._pending[code] -= 1
            return 400, self._aad("authorization_pending", 70016,
                                  "OAuth 2.0 device flow error. Authorization is pending.")
        del self._pending[code]
        return 200, self._user_tokens(client, self._scopes.pop(code, ""))

    def _user_tokens(self, client: str, asked: str) -> dict[str, Any]:
        """Tokens for the signed-in user; like Entra ID, granted for the scopes asked."""
        reserved = {"openid", "profile", "offline_access"}
        granted = " ".join([s for s in asked.split() if s not in reserved] + ["openid",
                                                                               "profile"])
        refresh = secrets.token_urlsafe(32)
        self.tokens.refresh[refresh] = USER
        oid = "802d8bad-2ae1-479a-bbbe-48aca058bc26"
        now = int(time.time())
        claims = {"aud": client, "iss": f"{self.url}/{TENANT}/v2.0", "iat": now, "nbf": now,
                  "exp": now + 3600, "name": "Jane Doe", "oid": oid, "sub": oid,
                  "tid": TENANT, "preferred_username": USER, "ver": "2.0"}
        id_token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
        return {"token_type": "Bearer", "scope": granted,
                "expires_in": 3599, "ext_expires_in": 3599,
                "access_token": self.tokens.issue(self.token_lifetime),
                "refresh_token": refresh, "id_token": id_token,
                "client_info": _b64({"uid": oid, "utid": TENANT})}

    @staticmethod
    def _aad(error: str, code: int, text: str) -> dict[str, Any]:
        trace = "b5e5e2f8-1a5e-4c8f-9d0b-5a1e2f3c4d5e"
        return {"error": error, "error_description": f"AADSTS{code}: {text} Trace ID: {trace}",
                "error_codes": [code], "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ"),
                "trace_id": trace, "correlation_id": trace}

    # Google OAuth (installed app)

    def google_authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str]]:
        target = query.get("redirect_uri", "")
        code = "4/0A" + secrets.token_urlsafe(20)
        self._pending["google:" + code] = 0
        answer = urlencode({"state": query.get("state", ""), "code": code,
                            "scope": query.get("scope", "")})
        return 302, {"Location": f"{target}?{answer}"}

    def google_token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if self._pending.pop("google:" + form.get("code", ""), None) is None:
            return 400, {"error": "invalid_grant", "error_description": "Bad Request"}
        return 200, {"access_token": "ya29." + secrets.token_urlsafe(24), "expires_in": 3599,
                     "refresh_token": "1//0g" + secrets.token_urlsafe(24),
                     "scope": ("https://www.googleapis.com/auth/spreadsheets "
                               "https://www.googleapis.com/auth/drive.readonly"),
                     "token_type": "Bearer"}


def _handler_for(standin: IdentityStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            standin.requests.append(("GET", parts.path))
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/google/auth":
                status, headers = standin.google_authorize(query)
                return self._answer(status, None, headers)
            segments = parts.path.strip("/").split("/")
            if parts.path.endswith("/v2.0/.well-known/openid-configuration"):
                return self._answer(*standin.openid(segments[0]))
            return self._answer(404, {"error": "not_found"})

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            standin.requests.append(("POST", parts.path))
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if parts.path == "/google/token":
                return self._answer(*standin.google_token(form))
            if parts.path.endswith("/oauth2/v2.0/token"):
                return self._answer(*standin.token(form))
            if parts.path.endswith("/oauth2/v2.0/devicecode"):
                return self._answer(*standin.device_code(form))
            return self._answer(404, {"error": "not_found"})

        def _answer(self, status: int, body: Any, headers: dict[str, str] | None = None):
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if body is not None:
                self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
