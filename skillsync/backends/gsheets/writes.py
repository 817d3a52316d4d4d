"""Sending the tabs to a Sheet in batches that are safe to send again.

Google applies a batchUpdate whole or not at all, but its answer can be lost: a connection
cut or a deadline passed after Google made the change, or a 5xx sent once it was made.
Sending the batch again would then do twice what cannot be done twice (add a tab that now
exists, add a second colour scale, delete one rule too many). So each batch carries a
marker, one document-level developer-metadata entry whose value names the batch; when an
answer is lost the marker is read back: if it names the batch, the batch was applied and the
next one goes; if not, nothing of it was applied and it is sent again.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Any

from skillsync.backends.gsheets.http import UncertainWrite
from skillsync.errors import RemoteError

MARKER_KEY = "skillsync.write"
ATTEMPTS = 3  # sends of one batch whose answers were lost, before giving up
_SPREADSHEET = {"spreadsheet": True}


def marked(requests: list[dict[str, Any]], token: str) -> list[dict[str, Any]]:
    """The batch, led by replacing the marker with one naming this batch."""
    return [
        {"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {
            "metadataKey": MARKER_KEY, "metadataLocation": _SPREADSHEET}}}},
        {"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": MARKER_KEY, "metadataValue": token, "location": _SPREADSHEET,
            "visibility": "DOCUMENT"}}},
        *requests,
    ]


def marker_in(metadata: Any) -> str | None:
    """The marker's value in a spreadsheet's metadata (fields=developerMetadata)."""
    entries = metadata.get("developerMetadata", []) if isinstance(metadata, dict) else []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("metadataKey") == MARKER_KEY:
            value = entry.get("metadataValue")
            return value if isinstance(value, str) else None
    return None


def send_all(batches: Iterable[list[dict[str, Any]]], send: Callable[[list[dict]], Any],
             read_marker: Callable[[], str | None]) -> int:
    """Send every batch once, whatever answers are lost on the way; the number sent."""
    run = secrets.token_hex(8)
    done = 0
    for index, batch in enumerate(batches):
        token = f"{run}-{index}"
        try:
            _send_once(marked(batch, token), token, send, read_marker)
        except _Unknown as exc:
            raise RemoteError(_stopped(exc.reason, done, unsure=True)) from exc
        except RemoteError as exc:
            if done == 0:
                raise  # nothing was written: the error says so as it is
            raise RemoteError(_stopped(str(exc), done, unsure=False)) from exc
        done += 1
    return done


class _Unknown(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _send_once(body: list[dict], token: str, send: Callable[[list[dict]], Any],
               read_marker: Callable[[], str | None]) -> None:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            send(body)
            return
        except UncertainWrite as lost:
            try:
                applied = read_marker() == token
            except RemoteError as exc:
                raise _Unknown(str(exc)) from lost
            if applied:
                return  # only the answer was lost
            if attempt == ATTEMPTS:
                raise


def _stopped(reason: str, done: int, *, unsure: bool) -> str:
    reason = reason.split(";", 1)[0]
    written = (f"{done} of the summary tabs' batches were written before it stopped"
               if done else "it stopped while writing the summary tabs")
    maybe = " (the last one may or may not have been)" if unsure else ""
    return (f"{reason}; {written}{maybe}, so the tabs may be incomplete (the inventory "
            "tab is untouched) — the next sync rewrites them")
