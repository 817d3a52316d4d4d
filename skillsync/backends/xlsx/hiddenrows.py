"""The rows a sheet's XML marks hidden: by hand, by a filter, or in a collapsed group.

People hide the rows of those who left rather than delete them, and a filter saved with
the workbook hides rows too; the tool reads them like any other row and says so
(core/grids.hidden_rows_issues). Excel and openpyxl write `hidden="1"` and LibreOffice
`hidden="true"` (and `hidden="false"` on every other row); each place found is checked
to be a row's start tag.
"""

from __future__ import annotations

import re

# One search over the sheet (a regex's literal prefix is found at memchr speed; the
# "false" LibreOffice writes on every row fails in C, never reaching Python).
_HIDDEN = re.compile(rb"""hidden=(?:"(?:1|true)"|'(?:1|true)')""")
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_ROW_NUMBER = re.compile(rb"""\sr=["']([1-9][0-9]{0,6})["']""")
_FIRST_CELL_ROW = re.compile(rb"""\s*<(?:[A-Za-z_][\w.-]*:)?c\s[^>]{0,200}?\br=["']"""
                             rb"""[A-Z]{1,3}([1-9][0-9]{0,6})["']""")
MAX_ROW = 1_048_576
# A row's start tag is a few hundred bytes at most: no search looks further from the
# attribute than this, so text spelling the attribute over and over costs a pass.
TAG_BYTES = 1024


def hidden_rows(xml: bytes) -> tuple[int, ...]:
    """The sheet rows (1-based) whose start tag says they are hidden, in order."""
    found = {_row_hidden_at(xml, match.start()) for match in _HIDDEN.finditer(xml)}
    found.discard(None)
    return tuple(sorted(found))


def _row_hidden_at(xml: bytes, at: int) -> int | None:
    """The row whose start tag holds the attribute at `at`; None when it is not a row's
    attribute (a column's, or text that spells one). A row written without its number
    (the format allows it, Excel never does it) is placed by its first cell's reference,
    as calamine places it; one without either holds nothing to read."""
    start = xml.rfind(b"<", max(at - TAG_BYTES, 0), at)
    if start < 0 or not xml[at - 1:at].isspace() or not _ROW_TAG.match(xml, start):
        return None
    end = xml.find(b">", at, at + TAG_BYTES)
    number = _ROW_NUMBER.search(xml, start, end if end >= 0 else at + TAG_BYTES)
    if number is None and end >= 0:
        number = _FIRST_CELL_ROW.match(xml, end + 1, end + 1 + TAG_BYTES)
    row = int(number.group(1)) if number else 0
    return row if 0 < row <= MAX_ROW else None
