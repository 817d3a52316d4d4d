"""Point the real gspread client at a :class:`SheetsStandIn` (test helper).

gspread stays untouched: only its injectable ``http_client`` is subclassed
so that every ``https://sheets.googleapis.com`` / ``https://www.googleapis.com``
URL is rewritten to the stand-in's ``http://127.0.0.1:PORT``.
"""

from __future__ import annotations

from typing import Any

GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com")


def http_client_for(base_url: str, base: Any = None) -> type:
    """A ``gspread.http_client.HTTPClient`` subclass whose requests go to ``base_url``."""
    import gspread.http_client

    parent = base or gspread.http_client.HTTPClient

    class StandInHTTPClient(parent):  # type: ignore[misc, valid-type]
        def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any):
            for host in GOOGLE_HOSTS:
                if endpoint.startswith(host):
                    endpoint = base_url + endpoint[len(host):]
                    break
            return super().request(method, endpoint, *args, **kwargs)

    return StandInHTTPClient


def gspread_client(standin: Any, base: Any = None) -> Any:
    """A ``gspread.Client`` with anonymous credentials talking to ``standin``."""
    import gspread
    from google.auth.credentials import AnonymousCredentials

    return gspread.Client(AnonymousCredentials(), http_client=http_client_for(standin.url, base))
