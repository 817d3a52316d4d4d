"""``spreadsheets/{id}:batchUpdate`` request handlers.

Every handler takes (spreadsheet, request body, request index, context) and
returns the reply dict (``{}`` for request kinds whose reply is empty). The
batch runs on a clone of the spreadsheet; the first :class:`ApiError` aborts
the batch and the clone is discarded, so a failed batch changes nothing.
"""

from __future__ import annotations

from typing import Any

from . import batch_cells, batch_extras, batch_sheets
from .batch_common import HANDLERS, Context
from .errors import ApiError, bad_request
from .model import Spreadsheet
from .schema import request_kind, validate

# ---------------------------------------------------------------- entry point


def run_batch(ss: Spreadsheet, body: dict, ctx: Context) -> tuple[Spreadsheet, dict]:
    """Validate and apply a whole batch on a clone; returns (new state, response)."""
    validate(body, "BatchUpdateSpreadsheetRequest")
    requests = body.get("requests") or []
    if not requests:
        raise bad_request("Must specify at least one request.")
    work = ss.clone()
    replies = []
    for index, req in enumerate(requests):
        kind = request_kind(req, index)
        fn = HANDLERS.get(kind)
        if fn is None:
            raise ApiError(501, f"The Sheets stand-in does not implement requests[{index}].{kind}.")
        replies.append(fn(work, req[kind] or {}, index, ctx))
    work.touch()
    response: dict[str, Any] = {"spreadsheetId": work.id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        grid = None
        if body.get("responseIncludeGridData"):
            ranges = body.get("responseRanges") or []
            grid = [work.resolve(r) for r in ranges] if ranges else [
                (s, 0, s.rows, 0, s.cols) for s in work.sheets
            ]
        response["updatedSpreadsheet"] = work.metadata(grid)
    return work, response


add_sheet = batch_sheets.add_sheet  # used by spreadsheets.create
__all__ = ["Context", "add_sheet", "batch_cells", "batch_extras", "run_batch"]
