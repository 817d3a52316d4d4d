"""The network guards of netguard.py fitted to `requests`, for the HTTP backends (Google
Sheets, Microsoft Graph). Kept apart so that a run which never goes online (an .xlsx on a
share, the mailer) does not load `requests` and `urllib3`.

``WatchedAdapter()``
    A ``requests`` adapter whose connections are watched; the caller reads the answer.
``GuardedAdapter(max_bytes)``
    A ``WatchedAdapter`` whose answers are read in
    full but never past ``max_bytes`` after decompression (a declared Content-Length over
    the cap is refused before reading).
``guard_session(session, max_bytes, max_redirects=5)``
    Mount a ``GuardedAdapter`` for http and https and follow redirects only within the
    same scheme, host and port, at most ``max_redirects``: a redirect elsewhere would
    re-send the request's body (and perhaps credentials) to a host nobody chose.
"""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from skillsync.netguard import CHUNK, Refused, check_deadlines, tls_context, watch


class _WatchedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        watch(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> Any:
        watch(self.sock)  # a pooled connection, reused under a new deadline
        return super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    _new_conn = _WatchedHTTPConnection._new_conn
    request = _WatchedHTTPConnection.request


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class WatchedAdapter(HTTPAdapter):
    """A ``requests`` adapter whose connections the active deadlines can cut; the answer
    is left to the caller to read (as a stream, if it likes)."""

    def __init__(self, **kwargs: Any) -> None:
        self._tls = tls_context(certifi=True)
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host, pool = super().build_connection_pool_key_attributes(request, verify, cert)
        if verify is True and host.get("scheme") == "https":
            pool["ssl_context"] = self._tls
        return host, pool


class GuardedAdapter(WatchedAdapter):
    def __init__(self, max_bytes: int, **kwargs: Any) -> None:
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        kwargs["stream"] = True
        response = super().send(request, **kwargs)
        try:
            response._content = read_capped(response, self.max_bytes)
        finally:
            response.close()
        return response


def read_capped(response: requests.Response, max_bytes: int) -> bytes:
    """The whole (decompressed) body, refused past `max_bytes`; deadlines cut the reads."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise Refused(f"the answer would be {int(declared):,} bytes, over the limit of "
                      f"{max_bytes:,}")
    parts, size = [], 0
    try:
        for chunk in response.raw.stream(CHUNK, decode_content=True):
            size += len(chunk)
            if size > max_bytes:
                raise Refused(f"the answer is over the limit of {max_bytes:,} bytes")
            parts.append(chunk)
            check_deadlines()
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        check_deadlines()  # a read cut by the deadline says so
        raise requests.ConnectionError(exc) from exc
    return b"".join(parts)


def guard_session(session: requests.Session, max_bytes: int, max_redirects: int = 5) -> None:
    adapter = GuardedAdapter(max_bytes)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.max_redirects = max_redirects
    session.hooks.setdefault("response", []).append(_same_origin_only)


def _same_origin_only(response: requests.Response, **_: Any) -> requests.Response:
    if response.is_redirect:
        target = urljoin(response.url, response.headers.get("Location", ""))
        if _origin(target) != _origin(response.url):
            raise Refused(f"the answer redirects to another host ({_origin(target)}); "
                          "skillsync does not follow it")
    return response


def _origin(url: str) -> str:
    parts = urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        port = None
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"
