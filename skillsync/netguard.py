"""Guards for every network step: an overall deadline, capped answers, safe redirects.

Socket timeouts bound each read, not a conversation: a server that trickles one byte
every few seconds, or never stops sending, keeps a socket-timeout client busy forever.
These pieces are shared by the Google Sheets client, the SMTP mailer, and any later HTTP
backend (Microsoft Graph):

``Deadline(seconds, what)``
    A context manager: the overall time limit for one network step. Sockets created or
    used inside it (see ``watch``, ``GuardedAdapter``, ``tls_context``) are shut down when
    it passes, so a blocked read returns at once. ``expired`` tells the caller why a read
    failed, ``remaining()`` bounds waits such as retry back-off, and ``check()`` raises
    ``TimedOut`` once it has passed. Deadlines nest; a socket is cut by every active one.
``watch(sock)``
    Register a socket with the active deadlines of this thread (a no-op outside one).
``tls_context(cafile=None, certifi=False)``
    An ``ssl.SSLContext`` with the system's CAs (``SSL_CERT_FILE`` honoured), ``cafile``
    and, with ``certifi``, the certifi bundle; it verifies certificates and host names,
    and its sockets are watched from before the TLS handshake.
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
``Refused``, ``TimedOut``
    Exceptions (``TimedOut`` is a ``Refused``); ``str()`` is one line saying why.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_local = threading.local()
CHUNK = 65_536


class Refused(Exception):
    """A network answer skillsync will not use; str() says why in one line."""


class TimedOut(Refused):
    """The overall deadline of a network step passed."""


class Deadline:
    def __init__(self, seconds: float, what: str) -> None:
        self.seconds = seconds
        self.what = what
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._ends = 0.0

    def __enter__(self) -> Deadline:
        self._ends = time.monotonic() + self.seconds
        self._timer = threading.Timer(self.seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()
        _stack().append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        _stack().remove(self)
        with self._lock:
            self._sockets.clear()

    def remaining(self) -> float:
        return max(0.0, self._ends - time.monotonic())

    def check(self) -> None:
        if self.expired or self.remaining() <= 0:
            self.expired = True
            raise TimedOut(f"{self.what} did not finish within {self.seconds:g} s")

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
        if self.expired:
            _cut(sock)

    def _expire(self) -> None:
        self.expired = True
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _cut(sock)


def _stack() -> list[Deadline]:
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


def _cut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # a blocked recv or send returns at once


def watch(sock: socket.socket | None) -> None:
    if sock is not None:
        for deadline in _stack():
            deadline.watch(sock)


def expired() -> bool:
    """Whether an active deadline of this thread has passed."""
    return any(d.expired for d in _stack())


class _WatchedContext(ssl.SSLContext):
    def wrap_socket(self, sock: socket.socket, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        handshake = kwargs.pop("do_handshake_on_connect", True)
        wrapped = super().wrap_socket(sock, *args, do_handshake_on_connect=False, **kwargs)
        watch(wrapped)  # before the handshake, which a server can trickle too
        if handshake:
            wrapped.do_handshake()
        return wrapped


def tls_context(cafile: str | None = None, certifi: bool = False) -> ssl.SSLContext:
    context = _WatchedContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies certificates and names
    context.load_default_certs()
    if certifi:
        with contextlib.suppress(ImportError, OSError):
            import certifi as bundle

            context.load_verify_locations(cafile=bundle.where())
    if cafile:
        context.load_verify_locations(cafile=cafile)
    return context


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
            for deadline in _stack():
                deadline.check()
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        for deadline in _stack():
            deadline.check()  # a read cut by the deadline says so
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
