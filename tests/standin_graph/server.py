"""A Microsoft Graph stand-in over real HTTP on 127.0.0.1: the calls skillsync makes.

Graph itself is served as http://127.0.0.1:<port>/v1.0; the pre-authenticated download and
upload URLs it hands out use http://localhost:<port>/..., another host name, as SharePoint's
are on the tenant's host: a client that sends its bearer token there is caught (and, as the
upload-session page warns, refused with 401).

Faults are queued with `fail(...)`: a status with a body and headers, a dropped connection
after part of the request body, or an action run before the request is served (a co-author's
edit, a pause the test holds). Every request is recorded.
"""

from __future__ import annotations

import json
import re
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .store import Drive, Item, Session, Tokens, graph_error

SIMPLE_LIMIT = 4 * 1024 * 1024


@dataclass
class Fault:
    method: str
    pattern: str  # a regex searched in the path
    times: int = 1  # how many matching requests it takes; -1: all of them
    status: int | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False  # read half of the body, then close the connection unanswered
    before: Callable[[], None] | None = None  # run, then serve (or fail) as usual
    after: int = 0  # matching requests let through untouched first
    trickle: float = 0.0  # seconds between the body's bytes (the headers go at once)
    lose: bool = False  # carry the request out, then answer `status`/`body` or hang up


@dataclass(frozen=True)
class Recorded:
    method: str
    host: str
    path: str
    status: int | None
    authorized: bool  # an Authorization header was sent
    if_match: str | None
    length: int


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that stops reading an answer too large for it hangs up on purpose.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class GraphStandIn:
    def __init__(self, tokens: Tokens | None = None) -> None:
        self.drive = Drive()
        self.tokens = tokens or Tokens()
        self.faults: list[Fault] = []
        self.requests: list[Recorded] = []
        self.violations: list[str] = []  # things a real client must never do
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1.0"
        self.side = f"http://localhost:{self.port}"  # pre-authenticated URLs live here
        self._thread: threading.Thread | None = None

    def start(self) -> GraphStandIn:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail(self, method: str, pattern: str, status: int | None = None, *, times: int = 1,
             body: Any = None, headers: dict[str, str] | None = None, drop: bool = False,
             before: Callable[[], None] | None = None, after: int = 0,
             trickle: float = 0.0, lose: bool = False) -> Fault:
        fault = Fault(method, pattern, times, status, body, headers or {}, drop, before, after,
                      trickle, lose)
        self.faults.append(fault)
        return fault

    def reset_counts(self) -> None:
        self.requests.clear()

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.drive.lock:
            for fault in self.faults:
                if fault.method == method and re.search(fault.pattern, path) and fault.times:
                    if fault.after > 0:
                        fault.after -= 1
                        continue
                    fault.times -= 1 if fault.times > 0 else 0
                    return fault
        return None

    def download_url(self, item: Item) -> str:
        nonce = secrets.token_urlsafe(12)
        self.drive.downloads[nonce] = item
        return f"{self.side}/download/{nonce}?tempauth={secrets.token_urlsafe(16)}&ApiVersion=2.0"


def _handler_for(standin: GraphStandIn) -> type[BaseHTTPRequestHandler]:
    from .routes import route

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            fault = standin.take_fault(self.command, parts.path)
            length = int(self.headers.get("Content-Length") or 0)
            record = {"method": self.command, "host": self.headers.get("Host", ""),
                      "path": parts.path, "authorized": "Authorization" in self.headers,
                      "if_match": self.headers.get("If-Match"), "length": length}
            if fault and fault.before:
                fault.before()
            if fault and fault.drop:
                self.rfile.read(length // 2)
                standin.requests.append(_recorded(record, None))
                self.close_connection = True
                self.connection.shutdown(2)
                return
            body = _read_body(self.rfile, length)
            if body is None:  # the client went away mid-body: nothing happens
                standin.requests.append(_recorded(record, None))
                self.close_connection = True
                return
            if fault and fault.status and not fault.lose:
                status, payload, headers = fault.status, fault.body, fault.headers
            else:
                status, payload, headers = route(standin, self, parts.path,
                                                 parse_qs(parts.query), body)
            if fault and fault.lose:  # done; the answer is lost on the way back
                if not fault.status:
                    standin.requests.append(_recorded(record, None))
                    self.close_connection = True
                    return
                status, payload, headers = fault.status, fault.body, fault.headers
            standin.requests.append(_recorded(record, status))
            self._answer(status, payload, headers, fault.trickle if fault else 0.0)

        def _answer(self, status: int, payload: Any, headers: dict[str, str],
                    trickle: float = 0.0) -> None:
            if isinstance(payload, bytes):
                data, kind = payload, "application/octet-stream"
            elif payload is None:
                data, kind = b"", None
            else:
                data, kind = json.dumps(payload).encode(), "application/json"
            self.send_response(status)
            if kind and status != 204:
                self.send_header("Content-Type", kind)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if data and trickle:
                self.wfile.flush()
                for byte in data:  # each byte resets a client's read timeout
                    time.sleep(trickle)
                    try:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    except OSError:
                        return  # the client hung up, as it should
            elif data:
                self.wfile.write(data)

        do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = _serve

    return Handler


def _read_body(stream: Any, length: int) -> bytes | None:
    chunks, got = [], 0
    while got < length:
        try:
            chunk = stream.read(min(1 << 20, length - got))
        except OSError:
            return None
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _recorded(record: dict[str, Any], status: int | None) -> Recorded:
    return Recorded(record["method"], record["host"], record["path"], status,
                    record["authorized"], record["if_match"], record["length"])


def error(status: int, code: str, message: str, inner: str | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, Any, dict[str, str]]:
    return status, graph_error(code, message, inner), headers or {}


def sessions_open(standin: GraphStandIn) -> list[Session]:
    with standin.drive.lock:
        return list(standin.drive.sessions.values())


def graph_fixture() -> Iterator[GraphStandIn]:
    """Plain generator a test module can wrap: ``fixture(graph_fixture)``."""
    standin = GraphStandIn().start()
    try:
        yield standin
    finally:
        standin.stop()
