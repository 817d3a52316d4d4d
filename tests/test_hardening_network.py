"""Servers that misbehave (issue 11, class 13, and the HTTP side of 14): slow, trickling,
silent, huge, malformed, redirecting. Each runs on 127.0.0.1 in a thread of the test and
stops when the test ends; each CLI run is its own process with a generous timeout.

The Sheets cases put a hostile proxy in front of the real stand-in: requests it does not
pick are forwarded untouched, so a sync gets as far as the misbehaving step.
"""

from __future__ import annotations

import gzip
import http.server
import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile import one_clear_line, run, small_workbook

from skillsync.backends.gsheets.http import backoff_delay, retry_after_seconds

PEOPLE = [["Name", "E-mail", "Team", "Skills"], ["Ana Lima", "ana@example.com", "Search", "NLP"],
          ["Wei Zhang", "wei@example.com", "Vision", "CV"]]
HTML_PAGE = "<html><body>\n" + "<p>Something went wrong, sorry.</p>\n" * 2000 + "</body></html>"
Rule = Callable[[str, str], str | None]  # (method, path) -> misbehaviour or None


class Hostile(http.server.ThreadingHTTPServer):
    """Forwards to `upstream`, except requests `rule` picks, which get a misbehaviour."""

    daemon_threads = True

    def __init__(self, upstream: str, rule: Rule, host: str = "127.0.0.1") -> None:
        super().__init__((host, 0), _Handler)
        self.upstream, self.rule, self.elsewhere = upstream, rule, ""
        self.stopping = threading.Event()
        self.seen: list[tuple[str, str]] = []
        self.once: set[str] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up on a hostile answer is the point, not an error


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _any(self) -> None:
        server: Hostile = self.server  # type: ignore[assignment]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        server.seen.append((self.command, self.path))
        behaviour = server.rule(self.command, self.path)
        if behaviour and behaviour.endswith("-once"):
            if behaviour in server.once:
                behaviour = None
            else:
                server.once.add(behaviour)
        getattr(self, f"_{(behaviour or 'forward').replace('-', '_')}")(server, body)

    do_GET = do_POST = do_PUT = _any

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _forward(self, server: Hostile, body: bytes) -> None:
        request = urllib.request.Request(server.upstream + self.path, data=body or None,
                                         method=self.command, headers=dict(self.headers))
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                self._send(answer.status, answer.read(), {"Content-Type": "application/json"})
        except urllib.error.HTTPError as error:
            self._send(error.code, error.read())

    def _trickle(self, server: Hostile, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        while not server.stopping.wait(0.2):
            self.wfile.write(b" ")
            self.wfile.flush()

    def _silent(self, server: Hostile, body: bytes) -> None:
        server.stopping.wait(120)

    def _huge(self, server: Hostile, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b" " * 65536
        for _ in range(16_000):  # a gigabyte, unless the client hangs up first
            self.wfile.write(chunk)

    def _huge_declared(self, server: Hostile, body: bytes) -> None:
        self._send(200, b"{}", {"Content-Length": str(10**10)})

    def _gzip_bomb(self, server: Hostile, body: bytes) -> None:
        self._send(200, _bomb(), {"Content-Encoding": "gzip"})

    def _not_json(self, server: Hostile, body: bytes) -> None:
        self._send(200, HTML_PAGE.encode(), {"Content-Type": "text/html"})

    def _odd_json(self, server: Hostile, body: bytes) -> None:
        self._send(200, json.dumps({"sheets": "nope", "valueRanges": [[1], 2]}).encode())

    def _html_error(self, server: Hostile, body: bytes) -> None:
        self._send(400, ("\x1b]0;pwned\x07\x1b[2J" + HTML_PAGE).encode(),
                   {"Content-Type": "text/html"})

    def _nan_once(self, server: Hostile, body: bytes) -> None:
        self._send(503, b'{"error": {"code": 503}}', {"Retry-After": "nan"})

    def _loop(self, server: Hostile, body: bytes) -> None:
        self._send(302, b"", {"Location": self.path})

    def _elsewhere(self, server: Hostile, body: bytes) -> None:
        self._send(307, b"", {"Location": server.elsewhere + self.path})


def _bomb() -> bytes:
    """300 MB of zeros in about 300 KB: 300 gzip members of 1 MB each, one after another."""
    return gzip.compress(b"\0" * (1 << 20), 9) * 300


@pytest.fixture()
def hostile(standin, tmp_path):
    """start(rule) -> (proxy, other); the proxy forwards to the stand-in; `other` is a
    second host (127.0.0.2) that records whatever reaches it."""
    servers: list[Hostile] = []

    def start(rule: Rule) -> tuple[Hostile, Hostile]:
        other = Hostile(standin.url, lambda m, p: None, host="127.0.0.2")
        proxy = Hostile(standin.url, rule)
        proxy.elsewhere = f"http://127.0.0.2:{other.server_address[1]}"
        for server in (other, proxy):
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
        return proxy, other

    yield start
    for server in servers:
        server.stopping.set()
        server.shutdown()
        server.server_close()


def sheets_run(standin, proxy: Hostile, tmp_path: Path, private_state: Path, *settings: str,
               command: str = "sync"):
    sheet = standin.create_spreadsheet("Inventory", {"People": PEOPLE})
    config = tmp_path / "s.toml"
    config.write_text("\n".join(["[limits]", *settings]) + "\n")
    env = {"SKILLSYNC_SHEETS_API": proxy.url, "SKILLSYNC_STATE_DIR": str(private_state)}
    before = standin.snapshot(sheet)
    result = run(command, f"gsheet:{sheet}", "--config", config, env=env, timeout=90)
    return result, before, standin.snapshot(sheet)


def metadata(method: str, path: str) -> bool:
    return method == "GET" and "/values" not in path


def values(method: str, path: str) -> bool:
    return method == "GET" and "/values" in path


def batch_update(method: str, path: str) -> bool:
    return method == "POST" and path.split("?")[0].endswith(":batchUpdate")


@pytest.mark.parametrize("behaviour, picked, words", [
    ("trickle", metadata, "did not answer within 2 s"),
    ("silent", values, "did not answer within 2 s"),
    ("trickle", batch_update, "did not answer within 2 s"),
    ("huge", values, "over the limit"),
    ("huge-declared", metadata, "over the limit"),
    ("gzip-bomb", values, "over the limit"),
    ("not-json", metadata, "not JSON"),
    ("odd-json", metadata, "unexpected shape"),
    ("odd-json", values, "unexpected shape"),
    ("loop", metadata, "loop of redirects"),
    ("elsewhere", metadata, "another host"),
    ("elsewhere", batch_update, "another host"),
], ids=["trickle-metadata", "silent-values", "trickle-write", "huge-values",
        "huge-declared", "gzip-bomb", "not-json", "odd-metadata", "odd-values", "redirect-loop",
        "redirect-elsewhere-read", "redirect-elsewhere-write"])
def test_a_misbehaving_sheets_server_is_one_line_exit_3(standin, hostile, tmp_path,
                                                        private_state, behaviour, picked,
                                                        words):
    proxy, other = hostile(lambda m, p: behaviour if picked(m, p) else None)
    result, before, after = sheets_run(standin, proxy, tmp_path, private_state,
                                       "network_seconds = 2", "max_response_mb = 1")
    assert result.returncode == 3, result.stderr.decode()[-600:]
    assert words in one_clear_line(result.stderr)
    assert after == before  # the Sheet exactly as it was
    assert other.seen == []  # nothing, no body and no credentials, reached another host


def test_retry_after_nan_is_not_a_sleep(standin, hostile, tmp_path, private_state):
    assert retry_after_seconds("nan") is None and retry_after_seconds("inf") is None
    assert 0 <= backoff_delay(0, retry_after_seconds("nan"), __import__("random").Random()) <= 1
    proxy, _ = hostile(lambda m, p: "nan-once" if metadata(m, p) else None)
    result, _, _ = sheets_run(standin, proxy, tmp_path, private_state)
    assert result.returncode == 0, result.stderr.decode()[-600:]
    assert "nan-once" in proxy.once  # the refusal was served, and ridden out


def test_an_html_error_page_is_one_safe_line(standin, hostile, tmp_path, private_state):
    proxy, _ = hostile(lambda m, p: "html-error" if values(m, p) else None)
    result, _, _ = sheets_run(standin, proxy, tmp_path, private_state, command="check")
    assert result.returncode == 3
    line = one_clear_line(result.stderr)
    assert "\x1b" not in line and "\x07" not in line and len(line) < 700


# --- SMTP ------------------------------------------------------------------------------------

class Smtp:
    """A raw SMTP server on 127.0.0.1 whose conversation is a script of (expect, answer)."""

    def __init__(self, talk: Callable[[socket.socket, threading.Event], None]) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stopping = threading.Event()
        self.talk = talk
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn: socket.socket) -> None:
        try:
            self.talk(conn, self.stopping)
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self) -> None:
        self.stopping.set()
        self.listener.close()


def trickling_greeting(conn: socket.socket, stop: threading.Event) -> None:
    for byte in b"220 " + b"x" * 10_000:
        if stop.wait(0.3):
            return
        conn.sendall(bytes([byte]))


def silent_after_data(conn: socket.socket, stop: threading.Event) -> None:
    reader = conn.makefile("rb")
    conn.sendall(b"220 relay ready\r\n")
    while line := reader.readline():
        word = line[:4].upper()
        if word in (b"EHLO", b"HELO"):
            conn.sendall(b"250 relay\r\n")
        elif word in (b"MAIL", b"RCPT"):
            conn.sendall(b"250 ok\r\n")
        elif word == b"DATA":
            conn.sendall(b"354 go on\r\n")
            stop.wait(120)  # takes the message and never answers
            return


def endless_answer(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"220 relay ready\r\n")
    conn.recv(1000)
    while not stop.is_set():
        conn.sendall(b"250-still talking\r\n" * 1000)


def escaping_refusal(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"554 \x1b]0;owned\x07\x1b[2J go away\r\n")


@pytest.mark.parametrize("talk, words", [
    (trickling_greeting, "did not finish within 2 s"),
    (silent_after_data, "did not finish within 2 s"),
    (endless_answer, "answer too long"),
    (escaping_refusal, "go away"),
], ids=["trickling-greeting", "silent-after-data", "endless-answer", "escape-sequences"])
def test_a_misbehaving_mail_server_ends_the_send_with_one_line(tmp_path, private_state, talk,
                                                               words):
    server = Smtp(talk)
    try:
        workbook = small_workbook(tmp_path / "inventory.xlsx")
        config = tmp_path / "s.toml"
        config.write_text(f'[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = {server.port}\n'
                          'security = "none"\nfrom = "skillsync@example.com"\n'
                          'to = ["leads@example.com"]\ntimeout = 30\ndeadline = 2\n')
        result = run("sync", workbook, "--send", "--config", config, timeout=90,
                     env={"SKILLSYNC_STATE_DIR": str(private_state)})
    finally:
        server.stop()
    assert result.returncode == 3, result.stderr.decode()[-600:]
    line = one_clear_line(result.stderr)
    assert words in line and "\x1b" not in line and "\x07" not in line
    assert "kept in" in line and list((private_state / "outbox").rglob("*.eml"))
