"""Microsoft Graph over `requests`: deadlines, capped answers, bounded retries, safe redirects.

Every call is one network step with an overall deadline (its retries and waits included).
Answers are read as a stream and cut off past a size limit, so a hostile or broken server
cannot exhaust memory. 429/503 honour Retry-After (a malformed value falls back to backoff),
other 5xx and dropped connections back off with jitter, a 401 fetches a new token once, and
every other failure comes back at once as a `GraphFailure` for the backend to explain.
Redirects are never followed blindly: the bearer token goes only to the Graph host, and the
pre-authenticated download and upload URLs are called without it.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import requests

from skillsync import httpguard, netguard
from skillsync.backends.m365.answers import (  # noqa: F401 (the client's vocabulary)
    JSON_LIMIT,
    Answer,
    GraphFailure,
    clean,
    error_details,
    retry_after_seconds,
)

GRAPH_API = "https://graph.microsoft.com/v1.0"
API_ENV = "SKILLSYNC_GRAPH_API"
STEP_DEADLINE = 300.0  # seconds for one step, retries included: a sync never hangs
WAIT_BUDGET = 120.0  # seconds of waiting between attempts within one step
ATTEMPTS = 6
BASE_DELAY = 1.0
MAX_DELAY = 30.0
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
CONTENT_LIMIT = 256 * 1024 * 1024  # the largest workbook we download
RETRY_AFTER_STATUSES = frozenset({429, 503, 509})
BACKOFF_STATUSES = frozenset({408, 500, 502, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 256 * 1024

sleep: Callable[[float], None] = time.sleep  # the one clock call; tests record the waits


class TokenSource(Protocol):
    def token(self, *, refresh: bool = False) -> str:
        """A bearer token for Graph; `refresh` asks for a new one (the old was refused)."""
        ...


def api_base() -> str:
    """Graph's v1.0 root, or SKILLSYNC_GRAPH_API (a stand-in or a proxy) when set."""
    return (os.environ.get(API_ENV) or GRAPH_API).rstrip("/")


@dataclass
class Step:
    """What one call may use: attempts, waiting, wall time; and what it did."""

    deadline: float
    waited: float = 0.0
    refreshed: bool = False


@dataclass
class GraphClient:
    tokens: TokenSource
    base: str = field(default_factory=api_base)
    session: requests.Session = field(default_factory=requests.Session)
    calls: list[tuple[str, str, int | None]] = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        # Connections the step's deadline can cut: a server trickling its answer a byte at
        # a time resets every read timeout, and would otherwise hold the run for hours.
        for scheme in ("https://", "http://"):
            self.session.mount(scheme, httpguard.WatchedAdapter())

    @property
    def requests_made(self) -> int:
        return len(self.calls)

    def api(self, path: str) -> str:
        return self.base + path

    def call(self, method: str, url: str, *, body: bytes | None = None,
             headers: Mapping[str, str] | None = None, limit: int = JSON_LIMIT,
             auth: bool = True, ok: tuple[int, ...] = (200, 201, 202, 204),
             redirect: bool = False, retry_dropped: bool = True) -> Answer:
        """One step: the answer with a status in `ok`, else GraphFailure. With `redirect`,
        a 3xx is answered by fetching its Location without the Authorization header."""
        try:
            return self._call(method, url, body, headers, limit, auth, ok, redirect,
                              retry_dropped)
        except GraphFailure as failure:
            if failure.tokenless is None:  # a redirect followed has said already
                failure.tokenless = not (auth and self._same_origin(url))
            raise

    def _call(self, method: str, url: str, body: bytes | None,
              headers: Mapping[str, str] | None, limit: int, auth: bool,
              ok: tuple[int, ...], redirect: bool, retry_dropped: bool) -> Answer:
        step = Step(time.monotonic() + STEP_DEADLINE)
        for attempt in range(1, ATTEMPTS + 1):
            answer, dropped = self._attempt(method, url, body, headers, limit, auth, step)
            if answer is not None and answer.status in ok:
                return answer
            if answer is not None and answer.status in REDIRECTS and redirect:
                return self._follow(url, answer, limit)
            if answer is not None and answer.status == 401 and auth and not step.refreshed:
                self.tokens.token(refresh=True)  # the token expired or was revoked: once
                step.refreshed = True
                continue
            if answer is not None and not _retryable(answer.status):
                raise GraphFailure.from_answer(answer, attempts=attempt)
            if dropped is not None and not retry_dropped:
                raise dropped
            self._wait(answer, dropped, attempt, step)
        raise AssertionError("unreachable: _wait raises on the last attempt")

    def _wait(self, answer: Answer | None, dropped: GraphFailure | None, attempt: int,
              step: Step) -> None:
        """Sleep before the next attempt, or raise when attempts, budget or deadline end."""
        hinted = retry_after_seconds(answer.headers.get("Retry-After")) if answer else None
        if hinted is not None:
            delay = hinted
        else:
            delay = self.rng.uniform(0, min(MAX_DELAY, BASE_DELAY * 2 ** attempt))
        over = (attempt >= ATTEMPTS or step.waited + delay > WAIT_BUDGET
                or time.monotonic() + delay > step.deadline)
        if over:
            if answer is None:
                assert dropped is not None
                dropped.attempts = attempt
                raise dropped
            raise GraphFailure.from_answer(answer, retry_after=hinted, attempts=attempt)
        sleep(delay)
        step.waited += delay

    def _follow(self, url: str, answer: Answer, limit: int) -> Answer:
        location = answer.headers.get("Location")
        if not location:
            raise GraphFailure(answer.status, "badRedirect", (), "a redirect without Location")
        target = urljoin(url, location)
        scheme = urlsplit(target).scheme
        if scheme not in ("https", "http"):
            raise GraphFailure(answer.status, "badRedirect", (), "a redirect to a non-web URL")
        if scheme == "http" and urlsplit(url).scheme == "https":  # the workbook in clear text
            raise GraphFailure(answer.status, "badRedirect", (), "a redirect from https to http")
        return self.call("GET", target, limit=limit, auth=False, ok=(200,))

    def _attempt(self, method: str, url: str, body: bytes | None,
                 headers: Mapping[str, str] | None, limit: int, auth: bool,
                 step: Step) -> tuple[Answer | None, GraphFailure | None]:
        sent = dict(headers or {})
        if auth and self._same_origin(url):  # never hand the token to another host
            sent["Authorization"] = f"Bearer {self.tokens.token(refresh=False)}"
        remaining = step.deadline - time.monotonic()
        if remaining <= 0:
            return None, GraphFailure(None, "deadline", (), "no answer in time")
        timeout = (min(CONNECT_TIMEOUT, remaining), min(READ_TIMEOUT, remaining))
        with netguard.Deadline(remaining, "Microsoft 365") as clock:
            try:
                response = self.session.request(method, url, data=body, headers=sent,
                                                timeout=timeout, stream=True,
                                                allow_redirects=False)
            except requests.RequestException as exc:
                self.calls.append((method, _path(url), None))
                return None, _broken(exc, clock, "the connection failed")
            self.calls.append((method, _path(url), response.status_code))
            try:
                data = _read_capped(response, limit, step.deadline)
            except requests.RequestException as exc:
                return None, _broken(exc, clock, "the answer broke off")
            finally:
                response.close()
        return Answer(response.status_code, response.headers, data), None

    def _same_origin(self, url: str) -> bool:
        mine, theirs = urlsplit(self.base), urlsplit(url)
        return (mine.scheme, mine.netloc.lower()) == (theirs.scheme, theirs.netloc.lower())

    def close(self) -> None:
        self.session.close()


def _broken(exc: Exception, clock: netguard.Deadline, what: str) -> GraphFailure:
    if clock.expired:  # the deadline cut the connection
        return GraphFailure(None, "deadline", (), "the answer took too long")
    return GraphFailure(None, type(exc).__name__, (), what)


def _retryable(status: int) -> bool:
    return status in RETRY_AFTER_STATUSES or status in BACKOFF_STATUSES


def _read_capped(response: requests.Response, limit: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise GraphFailure(response.status_code, "answerTooLarge", (),
                           f"the answer is larger than {limit} bytes")
    chunks, size = [], 0
    for chunk in response.iter_content(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise GraphFailure(response.status_code, "answerTooLarge", (),
                               f"the answer is larger than {limit} bytes")
        if time.monotonic() > deadline:
            raise GraphFailure(None, "deadline", (), "the answer took too long")
        chunks.append(chunk)
    return b"".join(chunks)


def _path(url: str) -> str:
    """A URL without its query (upload and download URLs carry credentials there)."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"
