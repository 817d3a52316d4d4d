"""Which sources are Microsoft 365 workbooks, and how Graph is asked for them.

A sharing link (SharePoint, OneDrive for Business, OneDrive personal, a Teams file link)
is resolved through `/shares/u!<base64url of the link>`, as Microsoft documents it; an
`m365:<drive-id>/<item-id>` source names the drive item directly.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

MAX_LINK = 2048  # a sharing link is far shorter; anything longer is not one
_SHAREPOINT = re.compile(r"^[a-z0-9][a-z0-9-]*(?:-my)?\.sharepoint\.com$")
_ONEDRIVE_HOSTS = ("1drv.ms", "onedrive.live.com")
_TEAMS_HOST = "teams.microsoft.com"
_ID = r"[A-Za-z0-9!_.\-]{1,400}"
_SCHEME = re.compile(rf"^m365:({_ID})/({_ID})$")


@dataclass(frozen=True)
class ItemRef:
    """A workbook in Microsoft 365: a sharing link, or a drive and item id."""

    source: str  # as the user gave it; how reports name it
    link: str | None = None  # the sharing URL to resolve
    drive_id: str | None = None
    item_id: str | None = None

    @property
    def share_token(self) -> str:
        assert self.link is not None
        return share_token(self.link)


def share_token(url: str) -> str:
    """The encoded sharing URL for `/shares/{token}`: "u!" + unpadded base64url."""
    encoded = base64.urlsafe_b64encode(url.encode("utf-8")).decode("ascii")
    return "u!" + encoded.rstrip("=")


def parse_source(source: str) -> ItemRef | None:
    """The Microsoft 365 workbook a source names, or None when it names something else."""
    text = source.strip()
    if len(text) > MAX_LINK:
        return None
    scheme = _SCHEME.match(text)
    if scheme:
        return ItemRef(text, drive_id=scheme.group(1), item_id=scheme.group(2))
    link = _sharing_link(text)
    return ItemRef(text, link=link) if link else None


def _sharing_link(text: str) -> str | None:
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        return None
    if host == _TEAMS_HOST:  # Teams "Copy link" wraps the SharePoint URL in objectUrl
        inner = parse_qs(parts.query).get("objectUrl", [""])[0]
        return _sharing_link(inner) if inner and inner != text else None
    if parts.scheme != "https":
        return None
    if _SHAREPOINT.match(host) or host in _ONEDRIVE_HOSTS:
        return text
    return None


def is_m365_source(source: str) -> bool:
    return parse_source(source) is not None
