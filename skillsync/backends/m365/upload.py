"""Conditional uploads to a drive item: all of the new workbook, or none of it.

Up to 4 MB: one PUT of the content with If-Match on the eTag read. Past that: an upload
session created with If-Match and deferCommit, the fragments sent in order (a dropped
fragment is resumed from the session's nextExpectedRanges), and the session committed only
once every byte is in and the eTag is still the one read; on any failure it is deleted.
Either way the stored file is replaced in one step, so it is always the old or the new one.
Upload URLs are pre-authenticated: they are called without the Authorization header.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from skillsync.backends.m365.http import GraphClient, GraphFailure

SIMPLE_LIMIT = 4 * 1024 * 1024  # Graph's ceiling for a simple upload
FRAGMENT = 16 * 320 * 1024  # 5 MiB: a multiple of 320 KiB, as Graph requires
RESUMES = 5  # fragments re-sent after a dropped connection, per upload
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_RANGE_START = re.compile(r"^(\d{1,15})-")


def upload(client: GraphClient, item_path: str, data: bytes, etag: str) -> dict[str, Any]:
    """Replace the item's content with `data` if its eTag is still `etag`; its new metadata."""
    if len(data) <= SIMPLE_LIMIT:
        answer = client.call("PUT", client.api(f"{item_path}/content"), body=data,
                             headers={"If-Match": etag, "Content-Type": XLSX_TYPE},
                             ok=(200, 201), retry_dropped=False)  # the backend reads back
        return answer.json()
    return _session_upload(client, item_path, data, etag)


def _session_upload(client: GraphClient, item_path: str, data: bytes,
                    etag: str) -> dict[str, Any]:
    request = {"item": {"@microsoft.graph.conflictBehavior": "replace"}, "deferCommit": True}
    created = client.call("POST", client.api(f"{item_path}/createUploadSession"),
                          body=json.dumps(request).encode(),
                          headers={"If-Match": etag, "Content-Type": "application/json"},
                          ok=(200,)).json()
    url = created.get("uploadUrl")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise GraphFailure(200, "badAnswer", (), "the upload session has no upload URL")
    try:
        finished = _send_fragments(client, url, data)
        if finished is not None:  # the service committed on the last byte after all
            return finished
        _still_unchanged(client, item_path, etag)
        return client.call("POST", url, body=b"", headers={"Content-Length": "0"},
                           auth=False, ok=(200, 201), retry_dropped=False).json()
    except BaseException:
        cancel(client, url)
        raise


def _send_fragments(client: GraphClient, url: str, data: bytes) -> dict[str, Any] | None:
    """Send every byte in order; the driveItem if the last fragment already committed."""
    total, offset, resumes = len(data), 0, 0
    budget = 2 * (total // FRAGMENT + 1) + RESUMES  # a server sending us back forever
    while offset < total:
        budget -= 1
        if budget < 0:
            raise GraphFailure(202, "uploadSessionIncomplete", (), "the upload never completed")
        end = min(offset + FRAGMENT, total)
        headers = {"Content-Range": f"bytes {offset}-{end - 1}/{total}",
                   "Content-Type": "application/octet-stream"}
        try:
            answer = client.call("PUT", url, body=data[offset:end], headers=headers,
                                 auth=False, ok=(200, 201, 202), retry_dropped=False)
        except GraphFailure as failure:
            if (failure.status not in (None, 416)) or resumes >= RESUMES:
                raise
            resumes += 1
            offset = _resume_at(client, url, total)  # what the service really has
            continue
        if answer.status in (200, 201):
            return answer.json()
        offset = _next_offset(answer.json(), end, total)
    return None


def _resume_at(client: GraphClient, url: str, total: int) -> int:
    status = client.call("GET", url, auth=False, ok=(200,)).json()
    return _next_offset(status, 0, total)


def _next_offset(session: dict[str, Any], fallback: int, total: int) -> int:
    ranges = session.get("nextExpectedRanges")
    if isinstance(ranges, list) and ranges and isinstance(ranges[0], str):
        found = _RANGE_START.match(ranges[0])
        if found and int(found.group(1)) <= total:
            return int(found.group(1))
    return fallback


def _still_unchanged(client: GraphClient, item_path: str, etag: str) -> None:
    """Before committing, make sure nobody saved the workbook while the fragments went up."""
    current = client.call("GET", client.api(item_path)).json()
    if current.get("eTag") != etag:
        raise GraphFailure(412, "resourceModified", (),
                           "the workbook changed while the upload was in progress")


def cancel(client: GraphClient, url: str) -> None:
    """Delete an upload session; it expires on its own if even this fails."""
    with contextlib.suppress(GraphFailure):
        client.call("DELETE", url, auth=False, ok=(200, 204, 404), retry_dropped=False)
