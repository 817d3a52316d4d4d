"""HTTP side of the Sheets stand-in: routing of Google's URL shapes to the
Sheets / Drive implementations, request recording, auth, payload cap and
fault injection. Standard library only."""

from __future__ import annotations

import copy
import json
import re
import time
import traceback
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

from . import batch_update, drive_api, fieldmask, model, values_api
from .errors import ApiError, error_body, not_found, unauthenticated
from .model import Spreadsheet
from .schema import validate

if TYPE_CHECKING:
    from .sheets_server import SheetsStandIn, _Fault

class _Response(NamedTuple):
    status: int
    body: Any  # dict -> JSON, bytes -> raw, None -> empty
    content_type: str = "application/json; charset=UTF-8"
    headers: Mapping[str, str] = MappingProxyType({})


_SS = r"/v4/spreadsheets/(?P<sid>[^/:]+)"
ROUTES: list[tuple[str, re.Pattern, str]] = [
    ("POST", re.compile(r"^/v4/spreadsheets$"), "sheets_create"),
    ("GET", re.compile(_SS + r"$"), "sheets_get"),
    ("POST", re.compile(_SS + r":batchUpdate$"), "sheets_batch_update"),
    ("GET", re.compile(_SS + r"/values:batchGet$"), "values_batch_get"),
    ("POST", re.compile(_SS + r"/values:batchUpdate$"), "values_batch_update"),
    ("POST", re.compile(_SS + r"/values:batchClear$"), "values_batch_clear"),
    ("POST", re.compile(_SS + r"/values/(?P<range>[^/]*?):append$"), "values_append"),
    ("POST", re.compile(_SS + r"/values/(?P<range>[^/]*?):clear$"), "values_clear"),
    ("GET", re.compile(_SS + r"/values/(?P<range>[^/]*)$"), "values_get"),
    ("PUT", re.compile(_SS + r"/values/(?P<range>[^/]*)$"), "values_update"),
    ("GET", re.compile(r"^/drive/v3/files$"), "drive_list"),
    ("POST", re.compile(r"^/drive/v3/files$"), "drive_create"),
    ("GET", re.compile(r"^/drive/v3/files/(?P<fid>[^/]+)$"), "drive_get"),
    ("PATCH", re.compile(r"^/drive/v3/files/(?P<fid>[^/]+)$"), "drive_update"),
    ("DELETE", re.compile(r"^/drive/v3/files/(?P<fid>[^/]+)$"), "drive_delete"),
    ("POST", re.compile(r"^/drive/v3/files/(?P<fid>[^/]+)/copy$"), "drive_copy"),
    ("GET", re.compile(r"^/drive/v3/files/(?P<fid>[^/]+)/export$"), "drive_export"),
    ("GET", re.compile(r"^/drive/v3/files/(?P<fid>[^/]+)/comments$"), "drive_comments"),
    ("PUT", re.compile(r"^/upload/drive/v2/files/(?P<fid>[^/]+)$"), "drive_upload"),
]


class StandInHandler(BaseHTTPRequestHandler):
    standin: SheetsStandIn  # bound by SheetsStandIn.start()
    protocol_version = "HTTP/1.1"
    server_version = "ESF"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        import socket

        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    # -- pipeline
    def _serve(self, method: str) -> None:
        standin = self.standin
        split = urlsplit(self.path)
        raw_path = split.path
        query = parse_qs(split.query, keep_blank_values=True)
        raw_body, too_large = self._read_body()
        body = _decode_json(raw_body)
        with standin._lock:
            standin._requests.append(standin._record(method, unquote(raw_path), query, body))
        delay = standin._next_delay()
        if delay:
            time.sleep(delay)
        fault = standin._next_fault()
        if fault is not None:
            response = _fault_response(fault)
        else:
            try:
                if too_large:
                    raise ApiError(400, f"Request payload size exceeds the limit: {standin.max_body_bytes} bytes.")
                self._check_auth()
                response = self._dispatch(method, raw_path, query, raw_body, body)
            except ApiError as err:
                response = _Response(err.code, err.body())
            except Exception as err:  # noqa: BLE001 - a stand-in bug: answer 500, loudly
                traceback.print_exc()
                response = _Response(500, ApiError(500, f"Sheets stand-in internal error: {err!r}").body())
            lost, fault = standin._next_lost(raw_path)
            if lost and fault is None:
                self.close_connection = True  # carried out; the answer never arrives
                return
            if fault is not None:
                response = _fault_response(fault)
        self._send(response)

    def _read_body(self) -> tuple[bytes, bool]:
        length = int(self.headers.get("Content-Length") or 0)
        limit = self.standin.max_body_bytes
        if length > limit:
            remaining = length
            while remaining > 0:
                chunk = self.rfile.read(min(remaining, 1 << 20))
                if not chunk:
                    break
                remaining -= len(chunk)
            return b"", True
        return (self.rfile.read(length) if length else b""), False

    def _check_auth(self) -> None:
        token = self.standin._token
        if token is None:
            return
        header = self.headers.get("Authorization")
        if not header:
            raise unauthenticated(missing=True)
        if header != f"Bearer {token}":
            raise unauthenticated(missing=False)

    def _send(self, response: _Response) -> None:
        if response.body is None:
            payload = b""
            content_type = "text/html"
        elif isinstance(response.body, bytes):
            payload = response.body
            content_type = response.content_type
        else:
            text = json.dumps(response.body, ensure_ascii=False, indent=2)
            payload = _LONE_SURROGATE.sub(_escaped, text).encode("utf-8")
            content_type = response.content_type
        self.send_response(response.status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for key, value in response.headers.items():
            self.send_header(key, value)
        # headers and body in one write: avoids Nagle/delayed-ACK stalls
        self._headers_buffer.append(b"\r\n" + payload)
        self.flush_headers()

    def _dispatch(self, method: str, raw_path: str, query: dict, raw_body: bytes, body: Any) -> _Response:
        for route_method, pattern, name in ROUTES:
            m = pattern.match(raw_path)
            if m and route_method == method:
                args = {k: unquote(v) for k, v in m.groupdict().items()}
                return getattr(self, "_" + name)(query=query, raw_body=raw_body, body=body, **args)
        raise ApiError(404, "Method not found.")

    # -- state access
    def _spreadsheet(self, sid: str) -> Spreadsheet:
        if sid in self.standin._denied:
            raise ApiError(403)
        ss = self.standin._spreadsheets.get(sid)
        if ss is None:
            raise not_found()
        return ss

    def _drive_file(self, fid: str) -> Spreadsheet:
        if fid in self.standin._denied:
            raise drive_api.DriveError(403, "The user does not have sufficient permissions for this file.", "insufficientFilePermissions")
        ss = self.standin._spreadsheets.get(fid)
        if ss is None:
            raise drive_api.file_not_found(fid)
        return ss

    def _mutate(self, sid: str, fn) -> dict:
        """Run ``fn(clone)`` atomically: the clone replaces the state only on success."""
        with self.standin._lock:
            ss = self._spreadsheet(sid)
            work = ss.clone()
            result = fn(work)
            work.touch()
            self.standin._spreadsheets[sid] = work
            return result

    # -- Sheets
    def _sheets_create(self, query: dict, raw_body: bytes, body: Any) -> _Response:
        body = _strip_nulls(body or {})
        with self.standin._lock:
            sid = self.standin._new_id()
            title = ((body.get("properties") or {}).get("title")) or "Untitled spreadsheet"
            ss = Spreadsheet.blank(sid, title, self.standin._rng)
            for key in ("locale", "timeZone", "autoRecalc"):
                if key in (body.get("properties") or {}):
                    ss.properties[key] = body["properties"][key]
            requested = body.get("sheets") or []
            if requested:
                ss.sheets = []
                ctx = batch_update.Context(self.standin.account_email)
                for n, sheet in enumerate(requested):
                    props = dict(sheet.get("properties") or {})
                    props.setdefault("sheetId", 0 if n == 0 else ss.new_sheet_id())
                    batch_update.add_sheet(ss, {"properties": props}, n, ctx)
            self.standin._spreadsheets[sid] = ss
            return _Response(200, ss.metadata())

    def _sheets_get(self, query: dict, raw_body: bytes, body: Any, sid: str) -> _Response:
        with self.standin._lock:
            ss = self._spreadsheet(sid)
            fields = _first(query, "fields")
            tree = None
            if fields:
                try:
                    tree = fieldmask.parse(fields)
                except ValueError:
                    raise ApiError(400, f"Invalid field selection {fields}") from None
            want_grid = _bool(_first(query, "includeGridData"))
            if tree is not None:
                want_grid = fieldmask.selects(tree, ("sheets", "data"))
            grid = None
            if want_grid:
                ranges = query.get("ranges") or []
                grid = [ss.resolve(r) for r in ranges] if ranges else [(s, 0, s.rows, 0, s.cols) for s in ss.sheets]
            elif query.get("ranges"):
                for r in query["ranges"]:
                    ss.resolve(r)
            result = ss.metadata(grid, cells=fieldmask.selects(tree, ("sheets", "data", "rowData")))
            if query.get("ranges"):
                wanted = {ss.resolve(r)[0].sheet_id for r in query["ranges"]}
                result["sheets"] = [e for e in result["sheets"] if e["properties"]["sheetId"] in wanted]
            if tree is not None:
                result = fieldmask.filter_response(result, tree)
            return _Response(200, result)

    def _sheets_batch_update(self, query: dict, raw_body: bytes, body: Any, sid: str) -> _Response:
        body = _require_object(raw_body, body)
        with self.standin._lock:
            ss = self._spreadsheet(sid)
            new_state, response = batch_update.run_batch(ss, body, batch_update.Context(self.standin.account_email))
            self.standin._spreadsheets[sid] = new_state
            return _Response(200, response)

    # -- values
    def _values_get(self, query: dict, raw_body: bytes, body: Any, sid: str, range: str) -> _Response:
        with self.standin._lock:
            return _Response(200, values_api.get(self._spreadsheet(sid), range, _flat(query)))

    def _values_batch_get(self, query: dict, raw_body: bytes, body: Any, sid: str) -> _Response:
        with self.standin._lock:
            return _Response(200, values_api.batch_get(self._spreadsheet(sid), query.get("ranges") or [], _flat(query)))

    def _values_update(self, query: dict, raw_body: bytes, body: Any, sid: str, range: str) -> _Response:
        body = _require_object(raw_body, body)
        return _Response(200, self._mutate(sid, lambda ss: values_api.update(ss, range, _flat(query), body)))

    def _values_append(self, query: dict, raw_body: bytes, body: Any, sid: str, range: str) -> _Response:
        body = _require_object(raw_body, body)
        return _Response(200, self._mutate(sid, lambda ss: values_api.append(ss, range, _flat(query), body)))

    def _values_clear(self, query: dict, raw_body: bytes, body: Any, sid: str, range: str) -> _Response:
        if raw_body:
            validate(_require_object(raw_body, body), "ClearValuesRequest")
        return _Response(200, self._mutate(sid, lambda ss: values_api.clear(ss, range)))

    def _values_batch_update(self, query: dict, raw_body: bytes, body: Any, sid: str) -> _Response:
        body = _require_object(raw_body, body)
        return _Response(200, self._mutate(sid, lambda ss: values_api.batch_update(ss, body)))

    def _values_batch_clear(self, query: dict, raw_body: bytes, body: Any, sid: str) -> _Response:
        body = _require_object(raw_body, body)
        return _Response(200, self._mutate(sid, lambda ss: values_api.batch_clear(ss, body)))

    # -- Drive
    def _drive_list(self, query: dict, raw_body: bytes, body: Any) -> _Response:
        with self.standin._lock:
            visible = {k: v for k, v in self.standin._spreadsheets.items() if k not in self.standin._denied}
            return _Response(200, drive_api.list_files(visible, _flat(query)))

    def _drive_create(self, query: dict, raw_body: bytes, body: Any) -> _Response:
        body = _strip_nulls(body or {})
        mime = body.get("mimeType")
        if mime != drive_api.SPREADSHEET_MIME:
            raise ApiError(501, f"The Sheets stand-in only creates spreadsheets (mimeType {drive_api.SPREADSHEET_MIME}).")
        with self.standin._lock:
            sid = self.standin._new_id()
            ss = Spreadsheet.blank(sid, body.get("name") or "Untitled spreadsheet", self.standin._rng)
            self.standin._spreadsheets[sid] = ss
            return _Response(200, drive_api.shape(drive_api.file_resource(ss), _first(query, "fields")))

    def _drive_get(self, query: dict, raw_body: bytes, body: Any, fid: str) -> _Response:
        with self.standin._lock:
            ss = self._drive_file(fid)
            return _Response(200, drive_api.shape(drive_api.file_resource(ss), _first(query, "fields")))

    def _drive_update(self, query: dict, raw_body: bytes, body: Any, fid: str) -> _Response:
        body = _strip_nulls(body or {})
        with self.standin._lock:
            ss = self._drive_file(fid)
            if body.get("name"):
                ss.properties["title"] = body["name"]
                ss.touch()
            return _Response(200, drive_api.shape(drive_api.file_resource(ss), _first(query, "fields")))

    def _drive_delete(self, query: dict, raw_body: bytes, body: Any, fid: str) -> _Response:
        with self.standin._lock:
            self._drive_file(fid)
            del self.standin._spreadsheets[fid]
            return _Response(204, None)

    def _drive_copy(self, query: dict, raw_body: bytes, body: Any, fid: str) -> _Response:
        body = _strip_nulls(body or {})
        with self.standin._lock:
            source = self._drive_file(fid)
            copy_ = source.clone()
            copy_.id = self.standin._new_id()
            copy_.properties["title"] = body.get("name") or f"Copy of {source.properties['title']}"
            copy_.created = copy_.modified = model.now_rfc3339()
            self.standin._spreadsheets[copy_.id] = copy_
            return _Response(200, drive_api.shape(drive_api.file_resource(copy_), _first(query, "fields")))

    def _drive_export(self, query: dict, raw_body: bytes, body: Any, fid: str) -> _Response:
        with self.standin._lock:
            ss = self._drive_file(fid)
            mime = _first(query, "mimeType")
            if mime != "text/csv":
                raise ApiError(501, f"The Sheets stand-in only exports text/csv, not {mime}.")
            return _Response(200, drive_api.export_csv(ss), "text/csv")

    def _drive_comments(self, query: dict, raw_body: bytes, body: Any, fid: str) -> _Response:
        with self.standin._lock:
            ss = self._drive_file(fid)
            result = {"comments": copy.deepcopy(ss.comments)}
            fields = _first(query, "fields")
            if fields:
                result = fieldmask.filter_response(result, fieldmask.parse(fields))
                result.setdefault("comments", [])
            return _Response(200, result)

    def _drive_upload(self, query: dict, raw_body: bytes, body: Any, fid: str) -> _Response:
        with self.standin._lock:
            ss = self._drive_file(fid)
            work = ss.clone()
            drive_api.import_csv(work, raw_body)
            self.standin._spreadsheets[fid] = work
            return _Response(200, drive_api.v2_file_resource(work))


# ---------------------------------------------------------------- small helpers


def _decode_json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _require_object(raw: bytes, body: Any) -> dict:
    if not raw:
        return {}
    if body is None:
        raise ApiError(400, "Invalid JSON payload received. Unexpected token.")
    if not isinstance(body, dict):
        raise ApiError(400, "Invalid JSON payload received. Expected an object.")
    return _strip_nulls(body)


def _strip_nulls(obj: Any) -> Any:
    """Proto JSON treats ``null`` members as unset; list items (cell values) stay."""
    if isinstance(obj, dict):
        return {k: _strip_nulls(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [_strip_nulls(v) for v in obj]
    return obj


def _first(query: dict, name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _flat(query: dict) -> dict:
    return {k: v[0] for k, v in query.items() if v}


def _bool(value: str | None) -> bool:
    return str(value).lower() == "true"


def _fault_response(fault: _Fault) -> _Response:
    body = fault.body if fault.body is not None else error_body(fault.status)
    headers = {}
    if fault.retry_after is not None:
        ra = fault.retry_after
        headers["Retry-After"] = str(int(ra)) if float(ra).is_integer() else str(ra)
    if isinstance(body, str):
        body = body.encode("utf-8")
    return _Response(fault.status, body, headers=headers)


# A cell written through the API (Apps Script, a JavaScript client) can hold half of a
# surrogate pair; JSON carries it as a \uXXXX escape, which UTF-8 text cannot hold raw.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"
