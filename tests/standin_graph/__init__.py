"""Local stand-ins for Microsoft Graph (OneDrive/SharePoint files) and the sign-in services.

Typical use in a test module::

    from standin_graph import m365_fixture
    m365 = pytest.fixture(m365_fixture)

    def test_something(m365, monkeypatch):
        for name, value in m365.environment().items():
            monkeypatch.setenv(name, value)
        item = m365.graph.drive.add("Skills.xlsx", data, link=SHARING_LINK)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .identity import CLIENT, SECRET, TENANT, USER, IdentityStandIn
from .server import Fault, GraphStandIn, Recorded, sessions_open
from .store import Item, Tokens, graph_error

__all__ = [
    "CLIENT",
    "M365",
    "SECRET",
    "SHARING_LINK",
    "TENANT",
    "USER",
    "Fault",
    "GraphStandIn",
    "IdentityStandIn",
    "Item",
    "Recorded",
    "Tokens",
    "Waits",
    "graph_error",
    "m365_fixture",
    "sessions_open",
    "use_standin",
]


@dataclass
class M365:
    graph: GraphStandIn
    identity: IdentityStandIn

    def environment(self) -> dict[str, str]:
        """What points the real MSAL and requests code at the stand-ins, as an app."""
        return {"SKILLSYNC_GRAPH_API": self.graph.url,
                "SKILLSYNC_AZURE_AUTHORITY": self.identity.url,
                "AZURE_TENANT_ID": TENANT, "AZURE_CLIENT_ID": CLIENT,
                "AZURE_CLIENT_SECRET": SECRET,
                "REQUESTS_CA_BUNDLE": str(self.identity.ca_path)}


def m365_fixture(tmp_path_factory) -> Iterator[M365]:
    """Plain generator a test module wraps: ``m365 = pytest.fixture(m365_fixture)``."""
    tokens = Tokens()
    identity = IdentityStandIn(tokens, tmp_path_factory.mktemp("identity")).start()
    graph = GraphStandIn(tokens).start()
    try:
        yield M365(graph, identity)
    finally:
        graph.stop()
        identity.stop()


SHARING_LINK = ("https://contoso.sharepoint.com/:x:/s/DataScience/"
                "EaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefGHI?e=Zq1x2Y")


class Waits(list):
    """Replaces the client's sleep: records each wait instead of spending it."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def use_standin(m365: M365, monkeypatch) -> Waits:
    """Point the real code at the stand-ins (as an app registration); record waits."""
    from skillsync.backends.m365 import auth, http

    for name, value in m365.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AZURE_CLIENT_CERTIFICATE_PATH", raising=False)
    monkeypatch.setattr(auth, "_APPS", {})  # no token from another test's stand-in
    waits = Waits()
    monkeypatch.setattr(http, "sleep", waits)
    return waits
