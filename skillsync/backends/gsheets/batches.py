"""batchUpdate bodies of bounded size: Google recommends at most 2 MB a request, and a
tab of 100,000 rows is far more, so its cells go in several updateCells requests and those
in several bodies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

PAYLOAD_LIMIT = 2_000_000  # bytes per batchUpdate, Google's recommended ceiling


def _size(item: Any) -> int:
    return len(json.dumps(item, separators=(",", ":")))


def _chunks(rows: list[dict], limit: int) -> Iterator[tuple[int, int]]:
    """(start, end) row spans whose JSON stays under `limit` bytes (one row at least)."""
    start, size = 0, 0
    for index, row in enumerate(rows):
        length = _size(row)
        if index > start and size + length > limit:
            yield start, index
            start, size = index, 0
        size += length
    yield start, len(rows)


def update_cells(rows: list[dict], sheet_id: int, count: int, width: int,
                  limit: int = PAYLOAD_LIMIT // 4) -> Iterator[dict]:
    """updateCells requests of bounded size; the first covers, and so clears, the whole grid."""
    fields = "userEnteredValue,userEnteredFormat,textFormatRuns"
    for start, end in _chunks(rows, limit):
        target = ({"range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": count,
                             "startColumnIndex": 0, "endColumnIndex": width}}
                  if start == 0 else
                  {"start": {"sheetId": sheet_id, "rowIndex": start, "columnIndex": 0}})
        yield {"updateCells": {"rows": rows[start:end], **target, "fields": fields}}


def batches(structure: list[dict], content: list[dict]) -> Iterator[list[dict]]:
    """batchUpdate bodies under the payload limit; structure changes go in the first."""
    batch, size, carried = list(structure), _size(structure), 0
    for request in content:
        length = _size(request)
        if carried and size + length > PAYLOAD_LIMIT:
            yield batch
            batch, size, carried = [], 0, 0
        batch.append(request)
        size += length
        carried += 1
    if batch:
        yield batch
