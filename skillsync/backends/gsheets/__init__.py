"""The Google Sheets backend: one metadata GET, one values:batchGet, one batchUpdate.

gspread stays behind this module; only its lower-level HTTP client is used, so the request
count is ours to keep (at most four per sync, more only when a write is chunked).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gspread
from google.auth.exceptions import GoogleAuthError
from gspread.exceptions import APIError

from skillsync.backends import (  # noqa: F401 - spreadsheet_id re-exported
    TAKEN,
    Linker,
    WritePlan,
    WriteResult,
    spreadsheet_id,
)
from skillsync.backends.gsheets import auth, cells, hidden, writes
from skillsync.backends.gsheets.batches import batches, update_cells
from skillsync.backends.gsheets.http import client_class
from skillsync.config import Limits
from skillsync.core.model import Grid
from skillsync.core.tabs import Tab
from skillsync.errors import CredentialsError, RemoteError, SourceNotFound
from skillsync.terminal import one_line

OWNED_KEY = "skillsync.owned"
ENDPOINT_ENV = "SKILLSYNC_SHEETS_API"
# A tab past this many cells would take dozens of requests and much of a Sheet's 10M-cell
# room (People × Skills of a very large organisation); `skillsync export` has it all.
MAX_TAB_CELLS = 250_000


def too_big(rows: int) -> str:
    return (f"{rows:,} rows are more than a Google Sheets tab is written with in one sync; "
            "`skillsync export SOURCE` gives the whole table")


@dataclass(frozen=True)
class SheetInfo:
    title: str
    sheet_id: int
    rows: int
    columns: int
    owned: bool
    grid: bool
    conditional_formats: int
    merges: tuple[dict, ...] = ()
    hidden: bool = False  # the tab is hidden
    # The tab's row and column properties as answered, read for its hidden rows and
    # columns when its values are (gsheets/hidden.py).
    grid_data: Any = dataclasses.field(default=(), compare=False, repr=False)


class SheetsBackend:
    def __init__(self, sheet_id: str, *, credentials: Path | None = None,
                 limits: Limits | None = None) -> None:
        endpoint = os.environ.get(ENDPOINT_ENV) or None
        self.limits = limits or Limits()
        self.id = sheet_id
        self.source = f"https://docs.google.com/spreadsheets/d/{sheet_id}"
        self.creds = auth.credentials(credentials, endpoint)
        client = client_class(endpoint, deadline=float(self.limits.network_seconds),
                              max_bytes=self.limits.max_response_mb << 20)
        self.http = gspread.Client(self.creds, http_client=client).http_client
        metadata = self._call(self.http.fetch_sheet_metadata, sheet_id,
                              {"fields": hidden.FIELDS})
        with _answer("the sheet's description"):
            self.title = str(metadata.get("properties", {}).get("title", sheet_id))
            self.sheets = [_sheet_info(s) for s in metadata.get("sheets", [])]

    @property
    def requests_made(self) -> int:
        return self.http.requests_made

    def tab_names(self) -> list[str]:
        """The tabs to read. A title holding half of a surrogate pair (a script can write
        one) cannot be encoded in a request; passing it over could read the wrong tab."""
        names = [s.title for s in self.sheets if s.grid and not s.owned]
        broken = next((n for n in names if not _nameable(n)), None)
        if broken is not None:
            raise RemoteError(f"the tab {broken!a} has a name holding a broken character, "
                              "which no request can name; rename that tab in Google Sheets")
        return names

    def read(self, names: list[str]) -> dict[str, Grid]:
        known = [n for n in names if any(s.title == n for s in self.sheets)]
        if not known:
            return {}
        params = {"valueRenderOption": "UNFORMATTED_VALUE",
                  "dateTimeRenderOption": "SERIAL_NUMBER", "majorDimension": "ROWS"}
        answer = self._call(self.http.values_batch_get, self.id, [_a1(n) for n in known], params)
        with _answer("the sheet's values"):
            ranges = answer.get("valueRanges", [])
            return {name: self._grid(name, r) for name, r in zip(known, ranges, strict=True)}

    def _grid(self, name: str, answered: dict[str, Any]) -> Grid:
        info = next(s for s in self.sheets if s.title == name)
        grid = cells.grid_from_values(name, _rows(answered.get("values", [])), info.merges,
                                      self.limits.max_cell_chars)
        return dataclasses.replace(grid, tab_hidden=info.hidden,
                                   hidden=hidden.hidden_rows(info.grid_data),
                                   hidden_columns=hidden.hidden_columns(info.grid_data))

    def plan(self, tabs: list[Tab]) -> WritePlan:
        replace, add, skip = [], [], []
        for tab in tabs:
            existing = self._existing(tab.title)
            if tab.omitted:
                skip.append((tab.title, tab.omitted))
            elif len(tab.frame) * len(tab.columns) > MAX_TAB_CELLS:
                skip.append((tab.title, too_big(len(tab.frame))))
            elif existing is None:
                add.append(tab.title)
            elif existing.owned:
                replace.append(tab.title)
            else:
                skip.append((tab.title, TAKEN))
        wanted = {t.title.casefold() for t in tabs}
        stale = [s.title for s in self.sheets if s.owned and s.title.casefold() not in wanted]
        return WritePlan(tuple(replace), tuple(add), tuple(skip), tuple(stale))

    def write(self, tabs: list[Tab], plan: WritePlan) -> WriteResult:
        structure: list[dict[str, Any]] = []
        content: list[dict[str, Any]] = []
        used = {s.sheet_id for s in self.sheets}
        for tab in tabs:
            if tab.title not in plan.writes:
                continue
            existing = self._existing(tab.title)
            sheet_id = existing.sheet_id if existing else _new_sheet_id(used)
            structure += self._prepare(tab, sheet_id, existing)
            content += self._fill(tab, sheet_id, existing)
        writes.send_all(batches(structure, content),
                        lambda body: self._call(self.http.batch_update, self.id,
                                                {"requests": body}),
                        self._marker)
        return WriteResult(plan, bool(plan.writes))

    def _marker(self) -> str | None:
        """Which batch the Sheet says was applied last (see gsheets/writes.py)."""
        metadata = self._call(self.http.fetch_sheet_metadata, self.id,
                              {"fields": "developerMetadata"})
        with _answer("the sheet's write marker"):
            return writes.marker_in(metadata)

    def _existing(self, title: str) -> SheetInfo | None:
        return next((s for s in self.sheets if s.title.casefold() == title.casefold()), None)

    def close(self) -> None:
        self.http.session.close()

    def linker(self) -> Linker:
        source = self.source
        ids = {s.title: s.sheet_id for s in self.sheets}

        def link(sheet: str, cell: str) -> str:
            return f"{source}/edit#gid={ids.get(sheet, 0)}&range={cell}"

        return link

    def _prepare(self, tab: Tab, sheet_id: int, existing: SheetInfo | None) -> list[dict]:
        grid = {"rowCount": _row_count(tab), "columnCount": len(tab.columns),
                "frozenRowCount": 1}
        if existing is None:
            return [
                {"addSheet": {"properties": {"sheetId": sheet_id, "title": tab.title,
                                             "gridProperties": grid,
                                             "tabColorStyle": cells.TAB_COLOUR}}},
                {"createDeveloperMetadata": {"developerMetadata": {
                    "metadataKey": OWNED_KEY, "metadataValue": tab.key,
                    "location": {"sheetId": sheet_id}, "visibility": "DOCUMENT"}}},
            ]
        cleanup = [{"deleteConditionalFormatRule": {"sheetId": sheet_id, "index": 0}}
                   for _ in range(existing.conditional_formats)]
        return [*cleanup, {"updateSheetProperties": {
            "properties": {"sheetId": sheet_id, "gridProperties": grid},
            "fields": "gridProperties(rowCount,columnCount,frozenRowCount)"}}]

    def _fill(self, tab: Tab, sheet_id: int, existing: SheetInfo | None) -> list[dict]:
        link_base = f"#gid={self._gid_of_links(tab)}"
        rows = cells.rows_out(tab, link_base)
        count, width = _row_count(tab), len(tab.columns)
        requests = list(update_cells(rows, sheet_id, count, width))
        requests += cells.column_formats(tab, sheet_id, count)
        requests += cells.column_widths(tab, sheet_id)
        requests.append({"setBasicFilter": {"filter": {"range": {
            "sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": count,
            "startColumnIndex": 0, "endColumnIndex": width}}}})
        return requests + cells.colour_scale(tab, sheet_id, count)

    def _gid_of_links(self, tab: Tab) -> int:
        for row in tab.frame.itertuples(index=False, name=None):
            for value in row:
                if hasattr(value, "sheet") and hasattr(value, "cell"):
                    return next((s.sheet_id for s in self.sheets if s.title == value.sheet), 0)
        return 0

    def _call(self, method: Any, *args: Any) -> Any:
        try:
            return method(*args)
        except APIError as exc:
            raise _translate(exc, self.id, self.creds) from exc
        except ValueError as exc:  # the body of a 2xx answer is not JSON
            raise RemoteError(f"Google Sheets answered with something that is not JSON "
                              f"({one_line(exc, 120)}); the Sheet was left as it was") from exc
        except GoogleAuthError as exc:
            raise CredentialsError(
                f"Google refused the credentials ({exc}); {auth.HOW_TO}") from exc


@contextlib.contextmanager
def _answer(what: str) -> Iterator[None]:
    """An answer shaped otherwise than the API documents is one line, exit 3."""
    try:
        yield
    except (AttributeError, TypeError, KeyError, ValueError, IndexError) as exc:
        raise RemoteError(f"Google Sheets sent {what} in an unexpected shape "
                          f"({type(exc).__name__}); the Sheet was left as it was") from exc


def _rows(values: Any) -> list[list[Any]]:
    if not isinstance(values, list) or not all(isinstance(r, list) for r in values):
        raise TypeError("values are not rows of cells")
    return values


def _sheet_info(sheet: dict[str, Any]) -> SheetInfo:
    properties = sheet.get("properties", {})
    grid = properties.get("gridProperties", {})
    owned = any(m.get("metadataKey") == OWNED_KEY for m in sheet.get("developerMetadata", []))
    return SheetInfo(properties.get("title", ""), int(properties.get("sheetId", 0)),
                     int(grid.get("rowCount", 0)), int(grid.get("columnCount", 0)), owned,
                     properties.get("sheetType", "GRID") == "GRID",
                     len(sheet.get("conditionalFormats", [])),
                     tuple(sheet.get("merges", [])), properties.get("hidden") is True,
                     sheet.get("data", ()))


def _nameable(title: str) -> bool:
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _a1(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _row_count(tab: Tab) -> int:
    return max(len(tab.frame) + 1, 2)  # a frozen header needs a row below it


def _new_sheet_id(used: set[int]) -> int:
    candidate = 1_000_000_001
    while candidate in used:
        candidate += 1
    used.add(candidate)
    return candidate


def _translate(exc: APIError, sheet_id: str, creds: Any) -> Exception:
    status = exc.response.status_code
    who = auth.account_email(creds)
    share = f"share the Sheet with {who} as Editor" if who else "share the Sheet with your account"
    if status == 404:
        return SourceNotFound(f"no Google Sheet with id {sheet_id} (check the URL, or {share})")
    if status == 403:
        return CredentialsError(f"Google refused access to Sheet {sheet_id}: {share}")
    if status == 401:
        return CredentialsError(f"Google refused the credentials: {auth.HOW_TO}")
    message = exc.error.get("message", str(exc)) if isinstance(exc.error, dict) else str(exc)
    return RemoteError(f"Google Sheets refused the request (HTTP {status}): "
                       f"{one_line(message, 200)}")
