"""Google-style error bodies for the Sheets stand-in.

Every failure inside the stand-in is raised as :class:`ApiError` and turned
into the JSON body Google sends: ``{"error": {"code", "message", "status"}}``
(plus ``details`` where Google adds them, e.g. field violations).
"""

from __future__ import annotations

from typing import Any

STATUS_BY_CODE = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    409: "ABORTED",
    413: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

DEFAULT_MESSAGES = {
    400: "Request contains an invalid argument.",
    401: (
        "Request is missing required authentication credential. Expected OAuth 2 "
        "access token, login cookie or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project."
    ),
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    408: "The request timed out.",
    429: (
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per "
        "minute per user' of service 'sheets.googleapis.com' for consumer "
        "'project_number:000000000000'."
    ),
    500: "Internal error encountered.",
    501: "Operation is not implemented, or supported, or enabled.",
    502: "Bad Gateway",
    503: "The service is currently unavailable.",
    504: "Deadline exceeded.",
}

INVALID_TOKEN_MESSAGE = (
    "Request had invalid authentication credentials. Expected OAuth 2 access token, "
    "login cookie or other valid authentication credential. See "
    "https://developers.google.com/identity/sign-in/web/devconsole-project."
)


class ApiError(Exception):
    """An error answered to the client exactly as Google would shape it."""

    def __init__(
        self,
        code: int,
        message: str | None = None,
        status: str | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        self.code = code
        self.message = message if message is not None else DEFAULT_MESSAGES.get(code, "")
        self.status = status or STATUS_BY_CODE.get(code, "UNKNOWN")
        self.details = details
        super().__init__(f"{code} {self.status}: {self.message}")

    def body(self) -> dict[str, Any]:
        err: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.details:
            err["details"] = self.details
        return {"error": err}


def error_body(code: int, message: str | None = None, status: str | None = None) -> dict:
    """The JSON body of a Google error with this code (used by fault injection)."""
    details = None
    if code == 429:
        details = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "RATE_LIMIT_EXCEEDED",
                "domain": "googleapis.com",
                "metadata": {
                    "quota_metric": "sheets.googleapis.com/read_requests",
                    "quota_limit": "ReadRequestsPerMinutePerUser",
                    "service": "sheets.googleapis.com",
                    "consumer": "projects/000000000000",
                },
            }
        ]
    return ApiError(code, message, status, details).body()


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def invalid_request(index: int, kind: str, message: str) -> ApiError:
    """``Invalid requests[i].kind: message`` - Google's batchUpdate validation error."""
    return ApiError(400, f"Invalid requests[{index}].{kind}: {message}")


def not_found() -> ApiError:
    return ApiError(404)


def field_violations(messages: list[tuple[str | None, str]]) -> ApiError:
    """400 for JSON payload problems; ``messages`` holds (field path or None, text)."""
    violations = []
    for field, text in messages:
        v: dict[str, Any] = {}
        if field:
            v["field"] = field
        v["description"] = text
        violations.append(v)
    return ApiError(
        400,
        "\n".join(text for _, text in messages),
        details=[{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": violations}],
    )


def unknown_name(name: str, path: str | None) -> tuple[str | None, str]:
    where = f" at '{path}'" if path else ""
    return path, f'Invalid JSON payload received. Unknown name "{name}"{where}: Cannot find field.'


def invalid_value(path: str, type_name: str, value: Any) -> tuple[str | None, str]:
    import json

    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f'"{value}"'
    return path, f"Invalid value at '{path}' ({type_name}), {shown}"


def unauthenticated(missing: bool) -> ApiError:
    if missing:
        details = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "CREDENTIALS_MISSING",
                "domain": "googleapis.com",
                "metadata": {"service": "sheets.googleapis.com"},
            }
        ]
        return ApiError(401, DEFAULT_MESSAGES[401], details=details)
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "ACCESS_TOKEN_TYPE_UNSUPPORTED",
            "domain": "googleapis.com",
            "metadata": {"service": "sheets.googleapis.com"},
        }
    ]
    return ApiError(401, INVALID_TOKEN_MESSAGE, details=details)
