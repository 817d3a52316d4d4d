"""The Graph calls the stand-in answers, as the OneDrive API pages describe them."""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from .server import SIMPLE_LIMIT, error
from .store import Item, Session

_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
Answer = tuple[int, Any, dict[str, str]]


def route(standin, handler, path: str, query: dict[str, list[str]], body: bytes) -> Answer:
    method = handler.command
    host = handler.headers.get("Host", "")
    if path.startswith("/download/") or path.startswith("/upload/"):
        if "Authorization" in handler.headers:  # pre-authenticated: a token here leaks it
            standin.violations.append(f"Authorization sent to {method} {host}{path}")
            return error(401, "unauthenticated", "Do not send an Authorization header to a "
                         "pre-authenticated URL")
        if path.startswith("/download/"):
            return _download(standin, path)
        return _upload_session(standin, handler, path.split("/")[2], body)
    if not path.startswith("/v1.0/"):
        return error(404, "itemNotFound", "The resource could not be found.")
    denied = _authenticate(standin, handler)
    if denied:
        return denied
    return _graph(standin, handler, method, path[len("/v1.0"):], body)


def _authenticate(standin, handler) -> Answer | None:
    header = handler.headers.get("Authorization", "")
    token = header[7:] if header.startswith("Bearer ") else ""
    if not token:
        return error(401, "InvalidAuthenticationToken", "Access token is empty.")
    if not standin.tokens.accepts(token):
        return error(401, "InvalidAuthenticationToken",
                     "Access token has expired or is not yet valid.")
    return None


def _graph(standin, handler, method: str, path: str, body: bytes) -> Answer:
    drive = standin.drive
    with drive.lock:
        share = re.fullmatch(r"/shares/([^/]+)/driveItem", path)
        found = re.fullmatch(r"/drives/([^/]+)/items/([^/]+)(/content|/createUploadSession)?",
                             path)
        if share and method == "GET":
            item = drive.by_share(share.group(1))
            return _describe(standin, item) if item else _not_found()
        if not found:
            return error(400, "invalidRequest", "Invalid request")
        item = drive.items.get((found.group(1), found.group(2)))
        if item is None:
            return _not_found()
        if item.denied:
            return error(403, "accessDenied", "Access denied")
        action = found.group(3) or ""
        if_match = handler.headers.get("If-Match")
        if method == "GET" and action == "":
            return _describe(standin, item)
        if method == "GET" and action == "/content":
            return 302, None, {"Location": standin.download_url(item)}
        if method == "PUT" and action == "/content":
            return _simple_upload(standin, item, if_match, body)
        if method == "POST" and action == "/createUploadSession":
            return _create_session(standin, item, if_match, body)
        return error(405, "invalidRequest", "Method not allowed")


def _not_found() -> Answer:
    return error(404, "itemNotFound", "The resource could not be found.")


def _describe(standin, item: Item) -> Answer:
    return 200, item.as_json(standin.url, standin.download_url(item)), {}


def _refusal(item: Item, if_match: str | None) -> Answer | None:
    """Why a write to `item` is refused now: locked, or changed since the caller's read."""
    if item.locked_by:
        return error(423, "notAllowed", "The resource you are attempting to access is locked",
                     "resourceLocked")
    if not item.matches(if_match):
        return error(412, "resourceModified", "ETag does not match current item's value")
    return None


def _simple_upload(standin, item: Item, if_match: str | None, body: bytes) -> Answer:
    refused = _refusal(item, if_match)
    if refused:
        return refused
    if len(body) > SIMPLE_LIMIT:
        return error(413, "requestEntityTooLarge", "The request is larger than 4 MB; use an "
                     "upload session")
    item.replace(body)
    return _describe(standin, item)


def _create_session(standin, item: Item, if_match: str | None, body: bytes) -> Answer:
    refused = _refusal(item, if_match)
    if refused:
        return refused
    try:
        request = json.loads(body or b"{}")
    except ValueError:
        return error(400, "invalidRequest", "Invalid JSON")
    session_id = secrets.token_urlsafe(16)
    session = Session(item, if_match, bool(request.get("deferCommit")))
    standin.drive.sessions[session_id] = session
    url = (f"{standin.side}/upload/{session_id}?guid='{session_id}'&overwrite=True"
           f"&rename=False&dc=0&tempauth={secrets.token_urlsafe(16)}")
    return 200, {"@odata.context": f"{standin.url}/$metadata#microsoft.graph.uploadSession",
                 "expirationDateTime": session.expires, "nextExpectedRanges": ["0-"],
                 "uploadUrl": url}, {}


def _upload_session(standin, handler, session_id: str, body: bytes) -> Answer:
    drive = standin.drive
    with drive.lock:
        session = drive.sessions.get(session_id)
        if session is None:
            return error(404, "itemNotFound", "The upload session was not found")
        method = handler.command
        if method == "DELETE":
            del drive.sessions[session_id]
            return 204, None, {}
        if method == "GET":
            return 200, session.status(), {}
        if method == "POST":
            return _commit(standin, session_id, session)
        return _fragment(standin, session_id, session, handler.headers.get("Content-Range", ""),
                         body)


def _fragment(standin, session_id: str, session: Session, content_range: str,
              body: bytes) -> Answer:
    found = _CONTENT_RANGE.match(content_range)
    if not found:
        return error(400, "invalidRequest", "Invalid Content-Range header", "invalidRange")
    start, end, total = (int(g) for g in found.groups())
    if session.total is not None and total != session.total:
        return error(400, "invalidRange", "Declared total size for this fragment is different "
                     "from that of the upload session.", "fragmentLengthMismatch")
    if end - start + 1 != len(body) or end >= total:
        return error(400, "invalidRange", "Invalid fragment length", "invalidRange")
    if start != len(session.received):
        inner = "fragmentOverlap" if start < len(session.received) else "fragmentOutOfOrder"
        return error(416, "invalidRange", "Uploaded fragment overlaps with existing data.",
                     inner)
    session.total = total
    session.received.extend(body)
    if session.complete and not session.defer_commit:
        return _commit(standin, session_id, session)
    return 202, session.status(), {}


def _commit(standin, session_id: str, session: Session) -> Answer:
    if not session.complete:
        return error(400, "invalidRequest", "The upload session is incomplete",
                     "uploadSessionIncomplete")
    refused = _refusal(session.item, session.if_match)
    if refused:
        return refused
    session.item.replace(bytes(session.received))
    del standin.drive.sessions[session_id]
    _, item, headers = _describe(standin, session.item)
    return 201, item, headers


def _download(standin, path: str) -> Answer:
    item = standin.drive.downloads.get(path.split("/")[2])
    if item is None:
        return error(404, "itemNotFound", "The resource could not be found.")
    with standin.drive.lock:
        return 200, bytes(item.data), {}
