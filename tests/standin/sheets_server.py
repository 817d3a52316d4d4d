"""A local stand-in for the Google Sheets API v4 (plus the slice of Drive v3
that spreadsheet workflows touch), served over real HTTP so the real gspread
client can talk to it.

Usage::

    with SheetsStandIn() as standin:
        sid = standin.create_spreadsheet("Inventory", {"Skills": [["Name", "Level"], ["Ada", 5]]})
        # point gspread at standin.url (see tests/standin/client.py)

Only the standard library is used here.
"""

from __future__ import annotations

import copy
import random
import threading
from collections import deque
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from typing import Any, NamedTuple

from . import a1, cells, model, values_api
from .cells import ErrorValue, Formula
from .model import Sheet, Spreadsheet

DEFAULT_MAX_BODY = 10 * 1024 * 1024  # Google: "Request payload size exceeds the limit: 10485760 bytes."
DEFAULT_ACCOUNT = "standin@standin-project.iam.gserviceaccount.com"

__all__ = ["ErrorValue", "Formula", "RecordedRequest", "SheetsStandIn", "standin_fixture"]


class RecordedRequest(NamedTuple):
    method: str
    path: str  # URL-decoded path, e.g. "/v4/spreadsheets/ID/values/'Sheet 1'!A1"
    query: dict[str, list[str]]  # parse_qs() of the query string
    body: Any  # decoded JSON body (None when empty or not JSON)


class _Fault(NamedTuple):
    status: int
    retry_after: float | None
    body: Any


# ---------------------------------------------------------------- harness


class SheetsStandIn:
    """The stand-in server plus seeding, inspection, accounting and fault injection."""

    def __init__(self, *, seed: int = 0, max_body_bytes: int = DEFAULT_MAX_BODY,
                 account_email: str = DEFAULT_ACCOUNT, host: str = "127.0.0.1") -> None:
        self.max_body_bytes = max_body_bytes
        self.account_email = account_email
        self._host = host
        self._rng = random.Random(seed)
        self._lock = threading.RLock()
        self._spreadsheets: dict[str, Spreadsheet] = {}
        self._denied: set[str] = set()
        self._requests: list[RecordedRequest] = []
        self._faults: deque[_Fault] = deque()
        self._always: _Fault | None = None
        self._delays: deque[float] = deque()
        self._lost: list[tuple[str, _Fault | None]] = []
        self._token: str | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle
    def start(self) -> SheetsStandIn:
        if self._server is not None:
            return self
        from .http_handler import StandInHandler

        handler = type("BoundHandler", (StandInHandler,), {"standin": self})
        self._server = ThreadingHTTPServer((self._host, 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="sheets-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> SheetsStandIn:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("stand-in not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- seeding
    def create_spreadsheet(
        self,
        title: str,
        sheets: dict[str, list[list[Any]]] | None = None,
        spreadsheet_id: str | None = None,
        *,
        formats: dict[str, dict[str, dict]] | None = None,
        sizes: dict[str, tuple[int, int]] | None = None,
    ) -> str:
        """Create a spreadsheet with typed cell values; sheet order is preserved.

        ``sheets`` maps title -> rows of values (str/int/float/bool/None,
        :class:`Formula`, :class:`ErrorValue`, date/datetime). Strings are
        stored verbatim (like RAW input). ``formats`` maps title -> {A1 cell:
        CellFormat dict}; ``sizes`` maps title -> (rowCount, columnCount)
        (default: at least 1000 x 26, grown to fit the data)."""
        with self._lock:
            sid = spreadsheet_id or self._new_id()
            if sid in self._spreadsheets:
                raise ValueError(f"spreadsheet {sid} already exists")
            ss = Spreadsheet(sid, title, self._rng)
            for n, (sheet_title, rows) in enumerate((sheets or {"Sheet1": []}).items()):
                rows = rows or []
                size = (sizes or {}).get(sheet_title)
                width = max((len(r) for r in rows), default=0)
                n_rows, n_cols = size or (max(model.DEFAULT_ROWS, len(rows)), max(model.DEFAULT_COLS, width))
                sheet = Sheet(0 if n == 0 else ss.new_sheet_id(), sheet_title, n_rows, n_cols)
                ss.sheets.append(sheet)
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        _seed_cell(ss, sheet, r, c, value)
                for ref, fmt in ((formats or {}).get(sheet_title) or {}).items():
                    span = a1.parse_cells(ref)
                    if span is None:
                        raise ValueError(f"bad cell reference {ref!r}")
                    r0, r1, c0, c1 = span.resolve(sheet.rows, sheet.cols)
                    for r in range(r0, r1):
                        for c in range(c0, c1):
                            merged = model.deep_merge(sheet.cell(r, c).get("userEnteredFormat") or {}, fmt)
                            sheet.update_cell(r, c, userEnteredFormat=model.normalize_format(merged))
            self._spreadsheets[sid] = ss
            return sid

    def deny_access(self, spreadsheet_id: str) -> None:
        """Make ``spreadsheet_id`` answer 403 PERMISSION_DENIED (exists, not shared)."""
        with self._lock:
            self._denied.add(spreadsheet_id)

    def delete_spreadsheet(self, spreadsheet_id: str) -> None:
        with self._lock:
            self._spreadsheets.pop(spreadsheet_id, None)

    # -- inspection
    def spreadsheet_ids(self) -> list[str]:
        with self._lock:
            return list(self._spreadsheets)

    def sheet_titles(self, spreadsheet_id: str) -> list[str]:
        with self._lock:
            return [s.title for s in self._get(spreadsheet_id).sheets]

    def values(self, spreadsheet_id: str, title: str) -> list[list[Any]]:
        """All values of a sheet as UNFORMATTED_VALUE returns them (trimmed)."""
        with self._lock:
            sheet = self._sheet(spreadsheet_id, title)
            return values_api.read_box(sheet, 0, sheet.rows, 0, sheet.cols, "UNFORMATTED_VALUE", "SERIAL_NUMBER", "ROWS")

    def cell(self, spreadsheet_id: str, title: str, ref: str) -> dict:
        """Full CellData of one cell (userEnteredValue, effectiveValue,
        formattedValue, userEnteredFormat, effectiveFormat, note, textFormatRuns...)."""
        with self._lock:
            sheet = self._sheet(spreadsheet_id, title)
            span = a1.parse_cells(ref)
            if span is None or span.r1 != span.r0 + 1 or span.c1 != span.c0 + 1:
                raise ValueError(f"not a single cell: {ref!r}")
            return model.cell_json(sheet, span.r0, span.c0, model.DEFAULT_FORMAT)

    def sheet_properties(self, spreadsheet_id: str, title: str) -> dict:
        with self._lock:
            ss = self._get(spreadsheet_id)
            sheet = self._sheet(spreadsheet_id, title)
            return sheet.properties_json(ss.index_of(sheet))

    def developer_metadata(self, spreadsheet_id: str, title: str | None = None) -> list[dict]:
        """Developer metadata of the whole spreadsheet, or located on one sheet
        (sheet-level plus its rows/columns) when ``title`` is given."""
        with self._lock:
            ss = self._get(spreadsheet_id)
            entries = [m for m, _ in ss.all_developer_metadata()]
            if title is None:
                return copy.deepcopy(entries)
            sid = self._sheet(spreadsheet_id, title).sheet_id
            return copy.deepcopy([m for m in entries if _metadata_sheet(m) == sid])

    def conditional_formats(self, spreadsheet_id: str, title: str) -> list[dict]:
        with self._lock:
            return copy.deepcopy(self._sheet(spreadsheet_id, title).conditional_formats)

    def merges(self, spreadsheet_id: str, title: str) -> list[dict]:
        with self._lock:
            return copy.deepcopy(self._sheet(spreadsheet_id, title).merges)

    def basic_filter(self, spreadsheet_id: str, title: str) -> dict | None:
        with self._lock:
            return copy.deepcopy(self._sheet(spreadsheet_id, title).basic_filter)

    def dimension_properties(self, spreadsheet_id: str, title: str, dimension: str, index: int) -> dict:
        with self._lock:
            return self._sheet(spreadsheet_id, title).dimension_json(dimension, index)

    def metadata(self, spreadsheet_id: str) -> dict:
        """What ``GET /v4/spreadsheets/{id}`` returns."""
        with self._lock:
            return self._get(spreadsheet_id).metadata()

    def snapshot(self, spreadsheet_id: str) -> dict:
        """Deep copy of everything observable (metadata + every cell), without
        timestamps, for 'exactly as before' assertions."""
        with self._lock:
            ss = self._get(spreadsheet_id)
            return {
                "metadata": ss.metadata(),
                "cells": {s.title: {a1.cell_name(r, c): copy.deepcopy(d) for (r, c), d in sorted(s.cells.items())} for s in ss.sheets},
                "dimensions": {s.title: {"rows": copy.deepcopy(s.row_meta), "columns": copy.deepcopy(s.col_meta)} for s in ss.sheets},
            }

    # -- request accounting
    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self._requests)

    def reset_counts(self) -> None:
        with self._lock:
            self._requests.clear()

    # -- fault injection
    def fail_next(self, n: int = 1, status: int = 429, retry_after: float | None = None, body: Any = None) -> None:
        """The next ``n`` requests fail with ``status`` and a Google-style error
        body (or ``body``), with a ``Retry-After`` header when given."""
        with self._lock:
            self._faults.extend(_Fault(status, retry_after, body) for _ in range(n))

    def fail_always(self, status: int = 503, retry_after: float | None = None, body: Any = None) -> None:
        with self._lock:
            self._always = _Fault(status, retry_after, body)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
            self._always = None
            self._delays.clear()
            self._lost.clear()

    def lose_answer_next(self, n: int = 1, status: int | None = None, *,
                         path: str = "") -> None:
        """The next ``n`` requests whose path holds ``path`` are carried out, then their
        answers are lost: replaced by a Google-style ``status`` error, or (None) the
        connection closes unanswered — what a client sees when Google applied a change
        and the answer never arrived."""
        fault = None if status is None else _Fault(status, None, None)
        with self._lock:
            self._lost.extend([(path, fault)] * n)

    def delay_next(self, seconds: float, n: int = 1) -> None:
        """Hold the next ``n`` responses for ``seconds`` (client timeout tests)."""
        with self._lock:
            self._delays.extend([seconds] * n)

    # -- auth
    def require_token(self, token: str | None) -> None:
        """Require ``Authorization: Bearer <token>``: missing -> 401
        CREDENTIALS_MISSING, wrong -> 401 invalid credentials. None disables."""
        with self._lock:
            self._token = token

    # -- internals
    def _new_id(self) -> str:
        while True:
            sid = model.random_spreadsheet_id(self._rng)
            if sid not in self._spreadsheets:
                return sid

    def _get(self, spreadsheet_id: str) -> Spreadsheet:
        ss = self._spreadsheets.get(spreadsheet_id)
        if ss is None:
            raise KeyError(f"no spreadsheet {spreadsheet_id!r}")
        return ss

    def _sheet(self, spreadsheet_id: str, title: str) -> Sheet:
        sheet = self._get(spreadsheet_id).sheet_by_title(title)
        if sheet is None:
            raise KeyError(f"no sheet {title!r}")
        return sheet

    def _record(self, method: str, path: str, query: dict, body: Any) -> RecordedRequest:
        return RecordedRequest(method, path, query, body)

    def _next_fault(self) -> _Fault | None:
        with self._lock:
            if self._faults:
                return self._faults.popleft()
            return self._always

    def _next_lost(self, path: str) -> tuple[bool, _Fault | None]:
        with self._lock:
            for index, (part, fault) in enumerate(self._lost):
                if part in path:
                    del self._lost[index]
                    return True, fault
            return False, None

    def _next_delay(self) -> float:
        with self._lock:
            return self._delays.popleft() if self._delays else 0.0


def _metadata_sheet(md: dict) -> int | None:
    loc = md["location"]
    if loc["locationType"] == "SHEET":
        return loc["sheetId"]
    if loc["locationType"] in ("ROW", "COLUMN"):
        return loc["dimensionRange"].get("sheetId", 0)
    return None


def _seed_cell(ss: Spreadsheet, sheet: Sheet, r: int, c: int, value: Any) -> None:
    import datetime as _dt

    if isinstance(value, Formula):
        sheet.set_value(r, c, {"formulaValue": value.formula}, evaluate_with=ss)
        if value.cached is not None:
            sheet.update_cell(r, c, effectiveValue=cells.extended_from_python(value.cached))
        return
    fmt = None
    if isinstance(value, _dt.datetime):
        fmt = {"type": "DATE_TIME", "pattern": "yyyy-mm-dd h:mm:ss"}
    elif isinstance(value, _dt.date):
        fmt = {"type": "DATE", "pattern": "yyyy-mm-dd"}
    entered = cells.extended_from_python(value) if not isinstance(value, str) else ({"stringValue": value} if value else None)
    sheet.set_value(r, c, entered, fmt, evaluate_with=ss)


def standin_fixture() -> Iterator[SheetsStandIn]:
    """Plain generator a conftest can wrap: ``fixture(standin_fixture)``."""
    standin = SheetsStandIn().start()
    try:
        yield standin
    finally:
        standin.stop()
