"""The slice of Drive (v3, plus the v2 media upload gspread uses for CSV
import) that spreadsheet tests and the recorded gspread traffic need."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from . import fieldmask, model
from .errors import ApiError
from .model import Sheet, Spreadsheet

SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"


class DriveError(ApiError):
    """Drive still answers in the older error format with an ``errors`` list."""

    def __init__(self, code: int, message: str, reason: str, location: str | None = None):
        super().__init__(code, message)
        self.reason = reason
        self.location = location

    def body(self) -> dict:
        item: dict[str, Any] = {"message": self.message, "domain": "global", "reason": self.reason}
        if self.location:
            item.update({"location": self.location, "locationType": "parameter"})
        return {"error": {"code": self.code, "message": self.message, "errors": [item]}}


def file_not_found(file_id: str) -> DriveError:
    return DriveError(404, f"File not found: {file_id}.", "notFound", "fileId")


def file_resource(ss: Spreadsheet) -> dict:
    return {
        "kind": "drive#file",
        "id": ss.id,
        "name": ss.properties["title"],
        "mimeType": SPREADSHEET_MIME,
        "createdTime": ss.created,
        "modifiedTime": ss.modified,
    }


def shape(resource: dict, fields: str | None, default: tuple[str, ...] = ("kind", "id", "name", "mimeType")) -> dict:
    if not fields:
        return {k: resource[k] for k in default if k in resource}
    return fieldmask.filter_response(resource, fieldmask.parse(fields))


_Q_CLAUSE = re.compile(r"""^\s*(\w+)\s*(=|!=|contains)\s*(['"])(.*)\3\s*$""")


def query_matches(ss: Spreadsheet, q: str | None) -> bool:
    """Tiny subset of the Drive query language: ``a = 'x' and b contains "y"``."""
    if not q:
        return True
    for clause in re.split(r"\s+and\s+", q.strip()):
        if re.fullmatch(r"\s*trashed\s*=\s*false\s*", clause):
            continue
        m = _Q_CLAUSE.match(clause)
        if not m:
            raise DriveError(400, "Invalid Value", "invalid", "q")
        field, op, _, value = m.groups()
        value = value.replace("\\'", "'").replace('\\"', '"')
        actual = {"name": ss.properties["title"], "mimeType": SPREADSHEET_MIME}.get(field)
        if actual is None:
            raise DriveError(400, "Invalid Value", "invalid", "q")
        ok = {"=": actual == value, "!=": actual != value, "contains": value.lower() in actual.lower()}[op]
        if not ok:
            return False
    return True


def list_files(spreadsheets: dict[str, Spreadsheet], params: dict) -> dict:
    matches = [ss for ss in spreadsheets.values() if query_matches(ss, params.get("q"))]
    matches.sort(key=lambda ss: ss.created, reverse=True)
    body = {"kind": "drive#fileList", "files": [file_resource(ss) for ss in matches]}
    fields = params.get("fields")
    if not fields:
        body["incompleteSearch"] = False
        body["files"] = [shape(f, None) for f in body["files"]]
        return body
    return fieldmask.filter_response(body, fieldmask.parse(fields))


def export_csv(ss: Spreadsheet) -> bytes:
    from .values_api import read_box

    sheet = ss.sheets[0]
    rows = read_box(sheet, 0, sheet.rows, 0, sheet.cols, "FORMATTED_VALUE", "FORMATTED_STRING", "ROWS")
    width = max((len(r) for r in rows), default=0)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row + [""] * (width - len(row)))
    return buf.getvalue().rstrip("\r\n").encode("utf-8")


def import_csv(ss: Spreadsheet, data: bytes) -> None:
    """Replace the spreadsheet with one sheet holding the CSV (like Drive's convert)."""
    from . import cells

    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    sheet = Sheet(ss.new_sheet_id(), ss.properties["title"], max(model.DEFAULT_ROWS, len(rows)),
                  max(model.DEFAULT_COLS, max((len(r) for r in rows), default=0)))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            entered, fmt = cells.user_entered(value)
            if entered is not None:
                sheet.set_value(r, c, entered, fmt, evaluate_with=ss)
    ss.sheets = [sheet]
    ss.named_ranges = []
    ss.touch()


def v2_file_resource(ss: Spreadsheet) -> dict:
    return {
        "kind": "drive#file",
        "id": ss.id,
        "title": ss.properties["title"],
        "mimeType": SPREADSHEET_MIME,
        "createdDate": ss.created,
        "modifiedDate": ss.modified,
    }
