"""Graph's answers: the body read, the error a failed call carries, and the parts of an
answer (error codes, Retry-After) read without trusting them."""

from __future__ import annotations

import email.utils
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

JSON_LIMIT = 4 * 1024 * 1024  # metadata answers are a few kB


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> dict[str, Any]:
        try:
            value = json.loads(self.body or b"{}")
        except ValueError as exc:
            raise GraphFailure(self.status, "badAnswer", (), "the answer is not JSON") from exc
        if not isinstance(value, dict):
            raise GraphFailure(self.status, "badAnswer", (), "the answer is not a JSON object")
        return value


class GraphFailure(Exception):
    """A call that did not succeed: the HTTP status (None: no answer) and Graph's codes."""

    def __init__(self, status: int | None, code: str, inner: tuple[str, ...], message: str,
                 *, retry_after: float | None = None, attempts: int = 1) -> None:
        super().__init__(f"HTTP {status} {code}: {message}")
        self.status = status
        self.code = code
        self.inner = inner
        self.message = message
        self.retry_after = retry_after
        self.attempts = attempts
        # Set by the client: the request went without our token, to an address Graph handed
        # out (upload session, download redirect), so a 401 there is no credentials problem.
        self.tokenless: bool | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.code, *self.inner)

    @classmethod
    def from_answer(cls, answer: Answer, **extra: Any) -> GraphFailure:
        code, inner, message = error_details(answer.body)
        return cls(answer.status, code, inner, message, **extra)


def error_details(body: bytes) -> tuple[str, tuple[str, ...], str]:
    """(code, nested inner codes, message) of a Graph error body; tolerant of anything."""
    try:
        error = json.loads(body[:JSON_LIMIT]).get("error", {})
    except (ValueError, AttributeError):
        return "", (), ""
    if not isinstance(error, dict):
        return "", (), ""
    inner: list[str] = []
    node = error.get("innerError") or error.get("innererror")
    while isinstance(node, dict) and len(inner) < 10:
        if isinstance(node.get("code"), str):
            inner.append(node["code"])
        node = node.get("innerError") or node.get("innererror")
    code = error.get("code") if isinstance(error.get("code"), str) else ""
    message = error.get("message") if isinstance(error.get("message"), str) else ""
    return clean(code), tuple(clean(c) for c in inner), clean(message)


def clean(text: str, limit: int = 200) -> str:
    """Server text made safe for one line of output: no control characters, bounded."""
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: delay-seconds (digits) or an HTTP-date; None if malformed."""
    if value is None:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{1,10}", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)
