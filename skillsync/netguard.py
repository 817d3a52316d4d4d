"""Guards for every network step: an overall deadline, capped answers, safe redirects.

Socket timeouts bound each read, not a conversation: a server that trickles one byte
every few seconds, or never stops sending, keeps a socket-timeout client busy forever.
These pieces are shared by the Google Sheets and Microsoft Graph clients (through
httpguard.py, which fits them to `requests`) and the SMTP mailer:

``Deadline(seconds, what)``
    A context manager: the overall time limit for one network step. Sockets created or
    used inside it (see ``watch``, ``tls_context`` and httpguard.py) are shut down when
    it passes, so a blocked read returns at once. ``expired`` tells the caller why a read
    failed, ``remaining()`` bounds waits such as retry back-off, and ``check()`` raises
    ``TimedOut`` once it has passed. Deadlines nest; a socket is cut by every active one.
``watch(sock)``
    Register a socket with the active deadlines of this thread (a no-op outside one).
``tls_context(cafile=None, certifi=False)``
    An ``ssl.SSLContext`` with the system's CAs (``SSL_CERT_FILE`` honoured), ``cafile``
    and, with ``certifi``, the certifi bundle; it verifies certificates and host names,
    and its sockets are watched from before the TLS handshake.
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


def check_deadlines() -> None:
    """Raise TimedOut if an active deadline of this thread has passed."""
    for deadline in _stack():
        deadline.check()


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
