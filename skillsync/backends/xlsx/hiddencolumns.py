"""The columns a sheet's XML marks hidden, from its `<cols>` list.

People hide a column they stopped keeping ("Skills 2019") rather than delete it; the tool
reads it like any other column and says so (core/layouts/hidden.py). The list comes
before the cells (`<sheetData>`), so only the sheet's head is searched. Excel and openpyxl
write `hidden="1"`, LibreOffice `hidden="true"`.
"""

from __future__ import annotations

import re

MAX_COL = 16_384
# Where the cells begin: the column list is before it. A list of every column, each with
# its own attributes, is under 2 MB; a sheet without cells is searched this far at most.
_HEAD_BYTES = 1 << 22
_CELLS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData[\s/>]")
_COLUMN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?col\s([^<>]{0,2000})>")
_HIDDEN = re.compile(rb"""\shidden\s*=\s*(?:"(?:1|true)"|'(?:1|true)')""")
_MIN = re.compile(rb"""\smin\s*=\s*["']\s*([0-9]{1,6})\s*["']""")
_MAX = re.compile(rb"""\smax\s*=\s*["']\s*([0-9]{1,6})\s*["']""")
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)

Runs = tuple[tuple[int, int], ...]  # (first, last) sheet columns, 1-based, in order


def hidden_columns(xml: bytes) -> Runs:
    """The runs of columns the sheet's column list marks hidden, in order."""
    cells = _CELLS.search(xml, 0, _HEAD_BYTES)
    end = cells.start() if cells else min(len(xml), _HEAD_BYTES)
    if xml.find(b"hidden", 0, end) < 0:
        return ()
    head = xml[:end]
    if b"<!--" in head:  # a column list written out in a comment lists nothing
        head = _COMMENT.sub(b"", head)
    runs = []
    for match in _COLUMN.finditer(head):
        attributes = b" " + match.group(1)
        run = _run(attributes) if _HIDDEN.search(attributes) else None
        if run is not None:
            runs.append(run)
    return merged_runs(runs)


def _run(attributes: bytes) -> tuple[int, int] | None:
    first, last = _MIN.search(attributes), _MAX.search(attributes)
    if first is None:
        return None
    low = int(first.group(1))
    high = min(int(last.group(1)) if last else low, MAX_COL)
    return (low, high) if 1 <= low <= high else None


def merged_runs(runs: list[tuple[int, int]]) -> Runs:
    """Runs sorted, those that touch or overlap joined."""
    joined: list[tuple[int, int]] = []
    for first, last in sorted(runs):
        if joined and first <= joined[-1][1] + 1:
            joined[-1] = (joined[-1][0], max(joined[-1][1], last))
        else:
            joined.append((first, last))
    return tuple(joined)
