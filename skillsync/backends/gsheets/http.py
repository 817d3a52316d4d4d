"""gspread's HTTP client with an endpoint override, deadlines, caps and bounded retries.

gspread copies its base URLs into every request, so redirecting them means rewriting the URL
here, in the injectable http_client, not patching gspread's module constants. Retries are
bounded loops (gspread's BackOffHTTPClient recursed into RecursionError against a permanent
429) and honour Retry-After. Each request, its retries included, has an overall deadline
([limits] network_seconds, five minutes by default) that also cuts a server trickling its
answer; answers are capped ([limits] max_response_mb, after decompression); redirects are
followed only on the same host (httpguard). Giving up is one clear error, exit 3.

A batchUpdate is not retried here when its outcome is unknown (no answer, a 5xx, the
deadline): Google may have applied it, and sending it again would apply it twice. The
caller gets `UncertainWrite` and finds out from the Sheet itself (gsheets/writes.py).
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import requests
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from skillsync import httpguard, netguard
from skillsync.errors import RemoteError

GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com")
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
REFUSED_UNAPPLIED = frozenset({429})  # quota: Google refused the request before doing it
ATTEMPTS = 6
BASE_DELAY = 1.0
MAX_DELAY = 60.0
DEADLINE = 300.0  # seconds for one request, retries and waits included
MAX_RESPONSE = 256 << 20  # bytes of one answer, decompressed
TIMEOUT = (10.0, 60.0)  # connect, and each read


class UncertainWrite(RemoteError):
    """A change was sent but its answer was lost: it may or may not have been applied."""


def backoff_delay(attempt: int, retry_after: float | None, rng: random.Random) -> float:
    """Seconds to wait before attempt `attempt + 1`: Retry-After if given, else full jitter."""
    if retry_after is not None:
        return min(max(retry_after, 0.0), MAX_DELAY)
    return rng.uniform(0, min(MAX_DELAY, BASE_DELAY * 2 ** attempt))


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds, from either its number or its HTTP-date form; None when it
    is neither (or not a finite number: `Retry-After: nan` must not become a sleep)."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def client_class(endpoint: str | None, sleep: Callable[[float], None] = time.sleep, *,
                 deadline: float = DEADLINE, max_bytes: int = MAX_RESPONSE) -> type:
    """An HTTPClient subclass sending to `endpoint` (None: Google) with retries, an overall
    `deadline` per request (seconds, retries included) and answers capped at `max_bytes`.
    gspread builds its client from a class, so the settings travel as class attributes."""
    return type("SkillsyncHTTPClient", (GuardedClient,),
                {"endpoint": endpoint, "sleep": staticmethod(sleep), "deadline": deadline,
                 "max_bytes": max_bytes})


class GuardedClient(HTTPClient):
    """gspread's client with the endpoint override, deadline, cap and bounded retries;
    `client_class` sets its settings."""

    endpoint: str | None = None
    sleep: Callable[[float], None] = staticmethod(time.sleep)
    deadline: float = DEADLINE
    max_bytes: int = MAX_RESPONSE

    def __init__(self, auth: Any, session: Any = None) -> None:
        super().__init__(auth, session)
        self.timeout = TIMEOUT
        self.requests_made = 0
        self._rng = random.Random()
        httpguard.guard_session(self.session, self.max_bytes)
        token_session = getattr(getattr(self.session, "_auth_request", None), "session", None)
        if isinstance(token_session, requests.Session):
            httpguard.guard_session(token_session, self.max_bytes)

    def request(self, method: str, endpoint_url: str, *args: Any, **kwargs: Any):
        url = _redirect(endpoint_url, self.endpoint)
        with netguard.Deadline(self.deadline, "Google Sheets") as limit:
            try:
                return self._with_retries(limit, method, url, *args, **kwargs)
            except RemoteError as exc:
                if is_change(method, url) and not isinstance(exc, UncertainWrite):
                    raise UncertainWrite(str(exc)) from exc  # a deadline mid-answer
                raise

    def _with_retries(self, limit: netguard.Deadline, method: str, url: str, *args: Any,
                      **kwargs: Any):
        change = is_change(method, url)
        for attempt in range(ATTEMPTS):
            response, failure = self._attempt(method, url, *args, **kwargs)
            if limit.expired:
                raise RemoteError(_late_message(self.deadline))
            if response is not None and response.ok:
                return response
            if response is not None and response.status_code not in RETRY_STATUSES:
                raise APIError(response)
            if change and (response is None or response.status_code not in REFUSED_UNAPPLIED):
                raise UncertainWrite(_give_up_message(response, failure, attempt + 1))
            retry_after = None if response is None else retry_after_seconds(
                response.headers.get("Retry-After"))
            delay = backoff_delay(attempt, retry_after, self._rng)
            if attempt + 1 == ATTEMPTS or delay >= limit.remaining():
                break
            self.sleep(delay)
        raise RemoteError(_give_up_message(response, failure, attempt + 1))

    def _attempt(self, method: str, url: str, *args: Any, **kwargs: Any):
        self.requests_made += 1
        try:
            return super().request(method, url, *args, **kwargs), None
        except APIError as exc:
            return exc.response, None
        except netguard.TimedOut as exc:
            raise RemoteError(_late_message(self.deadline)) from exc
        except netguard.Refused as exc:
            raise RemoteError(f"Google Sheets answered in a way skillsync refuses ({exc}); "
                              "the Sheet was left as it was") from exc
        except requests.TooManyRedirects as exc:
            raise RemoteError("Google Sheets sent the request round in a loop of redirects; "
                              "the Sheet was left as it was") from exc
        except requests.RequestException as exc:  # refused, reset, cut, garbled answers
            return None, exc


def is_change(method: str, url: str) -> bool:
    """A request that changes the Sheet and is not safe to send twice."""
    return method.upper() == "POST" and url.split("?", 1)[0].endswith(":batchUpdate")


def _late_message(deadline: float) -> str:
    return (f"Google Sheets did not answer within {deadline:g} s (the [limits] "
            "network_seconds setting); the Sheet was left as it was — try again later")


def _redirect(url: str, endpoint: str | None) -> str:
    if endpoint:
        for host in GOOGLE_HOSTS:
            if url.startswith(host):
                return endpoint.rstrip("/") + url[len(host):]
    return url


def _give_up_message(response: Any, failure: Exception | None, attempts: int) -> str:
    if response is not None:
        what = f"HTTP {response.status_code}"
    else:
        what = type(failure).__name__ if failure else "no answer"
    return (f"Google Sheets did not answer successfully after {attempts} attempts ({what}); "
            "the Sheet was left as it was — try again later")
