"""The stand-in's drive: items with SharePoint-style eTags, upload sessions, issued tokens.

Answer bodies follow the recorded ones in ../shared/reference/microsoft-graph/recorded/
(pnp-cli-microsoft365: SharePoint driveItems, upload session, itemNotFound) and the error
bodies quoted in recorded/issue-excerpts/README.md; test_m365_standin.py checks the shapes.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def graph_error(code: str, message: str, inner: str | None = None) -> dict[str, Any]:
    """Graph's error body: code, message, innerError with date and request ids."""
    request_id = str(uuid.uuid4())
    inner_error: dict[str, Any] = {"date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
                                   "request-id": request_id, "client-request-id": request_id}
    if inner:
        inner_error = {"code": inner, **inner_error}
    return {"error": {"code": code, "message": message, "innerError": inner_error}}


@dataclass
class Item:
    drive_id: str
    item_id: str
    name: str
    data: bytes
    guid: str = field(default_factory=lambda: str(uuid.uuid4()).upper())
    version: int = 1  # the eTag's counter: content and metadata
    content_version: int = 1  # the cTag's counter: content only
    created: str = field(default_factory=now_iso)
    modified: str = field(default_factory=now_iso)
    locked_by: str | None = None  # a 423 for every write while set
    denied: bool = False  # a 403 for everything while set
    history: list[bytes] = field(default_factory=list)  # every content it has had

    @property
    def etag(self) -> str:
        return f'"{{{self.guid}}},{self.version}"'

    @property
    def ctag(self) -> str:
        return f'"c:{{{self.guid}}},{self.content_version}"'

    def replace(self, data: bytes) -> None:
        self.history.append(self.data)
        self.data = data
        self.version += 1
        self.content_version += 1
        self.modified = now_iso()

    def matches(self, tag: str | None) -> bool:
        return tag is None or tag in (self.etag, self.ctag, "*")

    def as_json(self, base: str, download_url: str) -> dict[str, Any]:
        user = {"user": {"email": "admin@contoso.OnMicrosoft.com",
                         "id": "802d8bad-2ae1-479a-bbbe-48aca058bc26",
                         "displayName": "MOD Administrator"}}
        digest = base64.b64encode(hashlib.sha1(self.data).digest()).decode()  # quickXorHash's form
        return {
            "@odata.context": f"{base}/$metadata#drives('{self.drive_id}')/items/$entity",
            "@microsoft.graph.downloadUrl": download_url,
            "createdDateTime": self.created,
            "eTag": self.etag,
            "id": self.item_id,
            "lastModifiedDateTime": self.modified,
            "name": self.name,
            "webUrl": ("https://contoso.sharepoint.com/_layouts/15/Doc.aspx?sourcedoc=%7B"
                       f"{self.guid}%7D&file={self.name}&action=default&mobileredirect=true"),
            "cTag": self.ctag,
            "size": len(self.data),
            "createdBy": user,
            "lastModifiedBy": user,
            "parentReference": {"driveId": self.drive_id, "driveType": "documentLibrary",
                                "id": "01YNDLPYN6Y2GOVW7725BZO354PWSELRRZ",
                                "path": f"/drives/{self.drive_id}/root:"},
            "file": {"mimeType": XLSX_TYPE, "hashes": {"quickXorHash": digest}},
            "fileSystemInfo": {"createdDateTime": self.created,
                               "lastModifiedDateTime": self.modified},
        }


@dataclass
class Session:
    item: Item
    if_match: str | None
    defer_commit: bool
    total: int | None = None
    received: bytearray = field(default_factory=bytearray)
    expires: str = field(default_factory=lambda: (datetime.now(UTC) + timedelta(hours=1))
                         .strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z")

    @property
    def complete(self) -> bool:
        return self.total is not None and len(self.received) == self.total

    def status(self) -> dict[str, Any]:
        remaining = [] if self.complete else [f"{len(self.received)}-"]
        return {"expirationDateTime": self.expires, "nextExpectedRanges": remaining}


@dataclass
class Tokens:
    """Access tokens the identity stand-in issued; Graph accepts only these, unexpired."""

    valid: dict[str, float] = field(default_factory=dict)  # token -> expiry (monotonic)
    refresh: dict[str, str] = field(default_factory=dict)  # refresh token -> subject
    issued: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, lifetime: float = 3600.0) -> str:
        token = "eyJ0eXAiOiJKV1Qi." + secrets.token_urlsafe(24)
        with self.lock:
            self.valid[token] = time.monotonic() + lifetime
            self.issued += 1
        return token

    def accepts(self, token: str) -> bool:
        with self.lock:
            return self.valid.get(token, 0.0) > time.monotonic()

    def expire_all(self) -> None:
        with self.lock:
            self.valid = dict.fromkeys(self.valid, 0.0)


@dataclass
class Drive:
    """Everything the Graph stand-in serves, behind one lock."""

    items: dict[tuple[str, str], Item] = field(default_factory=dict)
    shares: dict[str, Item] = field(default_factory=dict)  # sharing URL -> item
    sessions: dict[str, Session] = field(default_factory=dict)
    downloads: dict[str, Item] = field(default_factory=dict)  # pre-authenticated nonces
    lock: threading.RLock = field(default_factory=threading.RLock)

    def add(self, name: str, data: bytes, link: str | None = None,
            drive_id: str = "b!WJdcRuwCnkmNMvypowShlJAOO7sb8BNGi5bd40SvsYXCJjiTCgSgSq19j0OM3YgT"
            ) -> Item:
        item_id = "01YNDLPY" + secrets.token_hex(13).upper()
        item = Item(drive_id, item_id, name, data)
        with self.lock:
            self.items[(drive_id, item_id)] = item
            if link:
                self.shares[link] = item
        return item

    def by_share(self, token: str) -> Item | None:
        if not token.startswith("u!"):
            return None
        encoded = token[2:]
        try:
            url = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
        except (ValueError, UnicodeDecodeError):
            return None
        return self.shares.get(url)
