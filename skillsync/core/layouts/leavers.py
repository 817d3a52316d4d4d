"""People the sheet itself marks as gone: a 'Status' of 'Left', an 'Active?' of 'No', a
'Leaver?' of 'Yes'. Sheets keep leavers' rows for the record; counted, a leaver is an
expert the staffing answers propose and a skill's cover that is not there.

Only a column no field or skill claimed is looked at, by its header, and a row is left
out only for a value that says gone plainly. When most rows would be left out the column
means something else ('Status' of a project), and nobody is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from skillsync.core.headers import header_key

# Header keys (headers.header_key) of each kind of column.
_STATUS = frozenset({"status", "employmentstatus", "employeestatus", "staffstatus",
                     "currentstatus", "hrstatus", "personstatus"})
_ACTIVE = frozenset({"active", "isactive", "currentlyactive", "currentemployee", "stillhere",
                     "stillwithus", "employed", "activeemployee"})
_LEFT = frozenset({"left", "hasleft", "leaver", "leftcompany", "lefttheteam", "departed",
                   "offboarded", "leftorganisation", "leftorganization"})

# A status saying gone, as a whole (folded, spaces single) or as its first words.
_GONE = frozenset({"left", "leaver", "has left", "inactive", "not active", "former",
                   "former employee", "departed", "alumni", "alumnus", "alumna",
                   "terminated", "resigned", "exited", "gone", "offboarded", "deactivated",
                   "no longer here", "no longer with us", "ex-employee", "ex employee",
                   "retired", "ausgeschieden", "inaktiv", "parti", "partie", "inactif",
                   "baja", "inactivo"})
# "Left 2024-03", "left in March", "Resigned (Q2)", "former member"; not "left to do".
_GONE_START = re.compile(r"^(?:(?:left|leaver|departed|resigned|retired|offboarded)"
                         r"(?:\s+(?:on|in|at|the|company|\d)|\s*[(:\-–,/\d]|$)|former\s)")
_NO = frozenset({"no", "n", "false", "0", "inactive", "not active", "left", "nein", "non"})
_YES = frozenset({"yes", "y", "true", "1", "x", "✓", "✔", "left", "ja", "oui", "sí", "si"})
MOST = 0.5  # past this share of the rows, a column is not about who has gone


@dataclass(frozen=True)
class Column:
    index: int
    header: str  # as typed
    kind: str  # "status", "active" or "left"


def kind_of(header: str) -> str | None:
    """The kind of column a header names ("status", "active", "left"), else None."""
    key = header_key(header)
    return ("status" if key in _STATUS else "active" if key in _ACTIVE
            else "left" if key in _LEFT else None)


def column(header_row: Sequence[Any], claimed: set[int]) -> Column | None:
    """The first column of the header row, not `claimed`, whose header says who is gone."""
    for index, text in enumerate(header_row):
        if index in claimed or not isinstance(text, str):
            continue
        kind = kind_of(text)
        if kind:
            return Column(index, text.strip(), kind)
    return None


def gone(value: Any, kind: str) -> bool:
    """Whether a cell of a `kind` column says its person has gone."""
    if isinstance(value, bool):
        return value if kind == "left" else (not value and kind == "active")
    if isinstance(value, (int, float)) and kind != "status":
        return value == (1 if kind == "left" else 0)
    if not isinstance(value, str):
        return False
    text = " ".join(value.split()).casefold().strip(" .!")
    if kind == "status":
        return text in _GONE or bool(_GONE_START.match(text))
    return text in (_YES if kind == "left" else _NO)


def too_many(left: int, rows: int) -> bool:
    """Whether `left` of `rows` is most of them: the column is about something else."""
    return left > MOST * rows
