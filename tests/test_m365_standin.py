"""The Graph stand-in answers as Microsoft does: its bodies compared with the OneDrive API
pages and the recorded responses in ../shared/reference/microsoft-graph/ (keys, types,
eTag/cTag and date formats, error shapes, status codes)."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from conftest import require_shared
from standin_graph import SHARING_LINK, m365_fixture, use_standin

from skillsync.backends.m365.links import share_token

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "microsoft-graph"
m365 = pytest.fixture(m365_fixture)
pytestmark = pytest.mark.reference

ETAG = re.compile(r'^"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\},\d+"$')
CTAG = re.compile(r'^"c:\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\},\d+"$')
WHEN = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
ERROR_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")


@pytest.fixture(scope="module")
def reference() -> Path:
    require_shared(REFERENCE, "the Microsoft Graph reference pages and bodies")
    return REFERENCE


def recorded(reference: Path, name: str) -> dict:
    return json.loads((reference / "recorded" / name).read_text(encoding="utf-8"))


@pytest.fixture()
def graph(m365, monkeypatch, tmp_path):
    use_standin(m365, monkeypatch)
    item = m365.graph.drive.add("Customer Data.xlsx", b"PK not really", link=SHARING_LINK)
    token = m365.graph.tokens.issue()
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return m365.graph, item, session


def shape(value):
    """A JSON value's shape: dict keys with their shapes, list of the first item's, type."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


def test_drive_items_have_the_recorded_sharepoint_shape(reference, graph):
    standin, item, session = graph
    mine = session.get(f"{standin.url}/shares/{share_token(SHARING_LINK)}/driveItem").json()
    files = [v for v in recorded(reference, "pnp-cli-microsoft365/spo_children_listing.json")
             ["value"] if "file" in v]
    assert files
    for theirs in files:
        expected = {k: v for k, v in shape(theirs).items() if k != "dataLossPrevention"}
        got = shape(mine)
        for key, kind in expected.items():
            if key in ("createdBy", "lastModifiedBy"):  # some recorded users have no e-mail
                assert kind["user"].items() <= got[key]["user"].items(), key
            else:
                assert got.get(key) == kind, (theirs["name"], key)
        assert ETAG.match(theirs["eTag"]) and CTAG.match(theirs["cTag"])
        assert len(base64.b64decode(theirs["file"]["hashes"]["quickXorHash"])) == 20
    assert ETAG.match(mine["eTag"]) and CTAG.match(mine["cTag"])
    assert len(base64.b64decode(mine["file"]["hashes"]["quickXorHash"])) == 20
    for key in ("createdDateTime", "lastModifiedDateTime"):
        assert WHEN.match(mine[key]) and WHEN.match(files[0][key])
    assert mine["id"] == item.item_id and mine["size"] == len(item.data)


def test_the_item_metadata_agrees_with_the_driveitem_resource_page(reference, graph):
    standin, item, session = graph
    page = (reference / "docs" / "resources_driveitem.md").read_text(encoding="utf-8")
    mine = session.get(f"{standin.url}/drives/{item.drive_id}/items/{item.item_id}").json()
    for key in ("cTag", "eTag", "id", "name", "size", "webUrl", "parentReference", "file",
                "@microsoft.graph.downloadUrl", "fileSystemInfo", "createdBy"):
        assert key in page and key in mine, key


def test_upload_sessions_have_the_recorded_shape(reference, graph):
    standin, item, session = graph
    mine = session.post(f"{standin.url}/drives/{item.drive_id}/items/{item.item_id}"
                        "/createUploadSession", json={"deferCommit": True},
                        headers={"If-Match": item.etag}).json()
    sharepoint = recorded(reference, "pnp-cli-microsoft365/spo_createUploadSession_response.json")
    personal = recorded(reference, "atakama-cloudsync/odp_createUploadSession_response.json")
    for theirs in (sharepoint, personal):
        assert {k: shape(mine[k]) for k in theirs} == shape(theirs)
        assert WHEN.match(theirs["expirationDateTime"]) and WHEN.match(mine["expirationDateTime"])
    assert mine["nextExpectedRanges"] == personal["nextExpectedRanges"] == ["0-"]
    assert mine["@odata.context"].endswith("#microsoft.graph.uploadSession")
    theirs_query = parse_qs(urlsplit(sharepoint["uploadUrl"]).query)
    mine_query = parse_qs(urlsplit(mine["uploadUrl"]).query)
    assert set(theirs_query) - {"path"} <= set(mine_query)  # guid, overwrite, dc, tempauth...


def test_errors_have_the_recorded_shape(reference, graph):
    standin, _, session = graph
    answer = session.get(f"{standin.url}/drives/nope/items/nope")
    theirs = recorded(reference, "pnp-cli-microsoft365/graph_error_itemNotFound.json")
    mine = answer.json()
    assert answer.status_code == 404 and shape(mine) == shape(theirs)
    assert mine["error"]["code"] == theirs["error"]["code"] == "itemNotFound"
    assert ERROR_DATE.match(mine["error"]["innerError"]["date"])
    assert ERROR_DATE.match(theirs["error"]["innerError"]["date"])


def quoted_bodies(reference: Path) -> list[dict]:
    """The JSON error bodies quoted in the issue excerpts."""
    text = (reference / "recorded" / "issue-excerpts" / "README.md").read_text(encoding="utf-8")
    found = []
    for candidate in re.findall(r'\{"error":\{.*?\}\}(?=\s|$|\))', text, re.M):
        try:
            found.append(json.loads(candidate))
        except ValueError:
            continue
    return found


def test_a_locked_workbook_answers_as_quoted_from_the_service(reference, graph):
    standin, item, session = graph
    item.locked_by = "Jane Doe"
    answer = session.put(f"{standin.url}/drives/{item.drive_id}/items/{item.item_id}/content",
                         data=b"x", headers={"If-Match": item.etag})
    quoted = next(b for b in quoted_bodies(reference)
                  if b["error"].get("innerError", {}).get("code") == "resourceLocked")
    mine = answer.json()["error"]
    assert answer.status_code == 423
    assert (mine["code"], mine["message"], mine["innerError"]["code"]) == (
        quoted["error"]["code"], quoted["error"]["message"], quoted["error"]["innerError"]["code"])


def test_a_stale_etag_answers_412_as_quoted_from_the_service(reference, graph):
    standin, item, session = graph
    text = (reference / "recorded" / "issue-excerpts" / "README.md").read_text(encoding="utf-8")
    stale = item.etag
    item.replace(b"someone else's save")
    answer = session.put(f"{standin.url}/drives/{item.drive_id}/items/{item.item_id}/content",
                         data=b"x", headers={"If-Match": stale})
    mine = answer.json()["error"]
    assert answer.status_code == 412 and mine["code"] == "resourceModified"
    assert '412 {"error":{"code":"resourceModified"' in text
    assert f'"message":"{mine["message"]}"' in text
    assert "resourceModified" in (reference / "docs" / "concepts_errors.md").read_text()


def test_content_is_a_302_to_a_pre_authenticated_url_as_documented(reference, graph):
    standin, item, session = graph
    page = (reference / "docs" / "api_driveitem_get_content.md").read_text(encoding="utf-8")
    assert "HTTP/1.1 302 Found" in page and "do not require an `Authorization` header" in page
    answer = session.get(f"{standin.url}/drives/{item.drive_id}/items/{item.item_id}/content",
                         allow_redirects=False)
    assert answer.status_code == 302
    target = answer.headers["Location"]
    assert urlsplit(target).netloc != urlsplit(standin.url).netloc
    assert requests.get(target, timeout=10).content == item.data  # no token needed
    assert requests.get(target, headers={"Authorization": "Bearer x"},
                        timeout=10).status_code == 401
    standin.violations.clear()  # that last call was the test's own, on purpose


def test_fragments_answer_as_the_upload_session_page_says(reference, graph):
    standin, item, session = graph
    page = (reference / "docs" / "api_driveitem_createuploadsession.md").read_text()
    assert "HTTP/1.1 202 Accepted" in page and "HTTP 416 Requested Range Not Satisfiable" in page
    created = session.post(f"{standin.url}/drives/{item.drive_id}/items/{item.item_id}"
                           "/createUploadSession", json={}).json()
    url = created["uploadUrl"]
    first = requests.put(url, data=b"a" * 26, headers={"Content-Range": "bytes 0-25/128"})
    assert first.status_code == 202 and first.json()["nextExpectedRanges"] == ["26-"]
    again = requests.put(url, data=b"a" * 26, headers={"Content-Range": "bytes 0-25/128"})
    assert again.status_code == 416 and again.json()["error"]["code"] == "invalidRange"
    status = requests.get(url).json()
    assert status["nextExpectedRanges"] == ["26-"]
    last = requests.put(url, data=b"b" * 102, headers={"Content-Range": "bytes 26-127/128"})
    assert last.status_code == 201 and last.json()["size"] == 128  # no deferCommit: committed
    assert requests.delete(url).status_code == 404
    assert "uploadSessionNotFound" in (reference / "docs" / "concepts_errors.md").read_text()


def test_share_tokens_are_encoded_as_the_shares_page_says(reference):
    page = (reference / "docs" / "api_shares_get.md").read_text(encoding="utf-8")
    url = re.search(r'string sharingUrl = "([^"]+)"', page).group(1)
    expected = "u!" + base64.b64encode(url.encode()).decode().rstrip("=") \
        .replace("/", "_").replace("+", "-")
    assert share_token(url) == expected
