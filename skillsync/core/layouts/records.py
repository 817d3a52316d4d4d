"""What every layout reader produces: one record per person as the sheet gives them.

A record holds the raw cells of the fields found, the raw level cells of skill columns,
and where it came from (tab and rows). Parsing happens after, the same for every layout,
so a new layout never touches checking, merging or the summaries.

Body rows that are not people are left out here, whatever the layout: blank rows, a
"Total" or "Team average" line, a legend, a notes block ending the tab (notes.py), and
section rows such as "NLP team" (whose text becomes the team of the rows under it when
their team cell is empty).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from skillsync.core.layouts import notes
from skillsync.core.layouts.columns import is_address
from skillsync.core.layouts.table import SkillColumn, Table
from skillsync.core.model import Grid

# (skill column, raw cell, the sheet row the cell is on) for each skill cell of a record
Matrix = tuple[tuple[SkillColumn, Any, int], ...]

_FOOTER = re.compile(
    r"^\s*(?:%|(?:grand\s+|team\s+|overall\s+)?(?:totals?|sum|average|avg|mean|median|"
    r"count|subtotal|number\s+of|no\.\s+of|headcount|people\s+(?:at|with)|share\s+of|"
    r"percent(?:age)?\s+of|summe|gesamt|durchschnitt|moyenne|promedio)\b)", re.IGNORECASE)
_LEGEND = re.compile(r"^\s*(?:(?:legend|keys?|scale)\b|\d{1,2}\s*(?:=|:|–|-)\s*[a-z])",
                     re.IGNORECASE)
_LEGEND_WORDS = frozenset({"key", "keys", "scale", "legend"})
# What follows a legend's word in a title ("Key Terms", "Scale Explanation"), not a name.
_LEGEND_NOUNS = frozenset({
    "to", "of", "for", "the", "and", "in", "on", "at", "by", "from", "below", "above",
    "level", "levels", "skill", "skills", "rating", "ratings", "score", "scores", "symbol",
    "symbols", "code", "codes", "colour", "colours", "color", "colors", "point", "points",
    "term", "terms", "definition", "definitions", "explanation", "explained", "guide",
    "contact", "contacts", "note", "notes", "fact", "facts", "finding", "findings",
    "takeaway", "takeaways", "info", "information", "summary", "date", "dates", "metric",
    "metrics", "result", "results", "area", "areas", "people", "person", "team", "teams",
    "messages", "message", "questions", "question", "values", "value", "table"})
_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "van", "von", "der", "den", "del",
                        "della", "la", "le", "du", "di", "bin", "al", "el", "ten", "ter"})
_TEAMISH = re.compile(r"\b(?:team|group|squad|department|dept|tribe|unit|chapter|division|"
                      r"pod|crew)\b", re.IGNORECASE)


@dataclass
class Records:
    """Columnar: item i of every list is record i."""

    sheets: list[str] = field(default_factory=list)
    rows: list[tuple[int, ...]] = field(default_factory=list)  # source rows, first first
    cells: dict[str, list[Any]] = field(default_factory=dict)  # field -> raw cell
    matrix: list[Matrix] = field(default_factory=list)  # skill columns' raw cells
    submitted: list[Any] = field(default_factory=list)  # form timestamps, to order resubmits

    def __len__(self) -> int:
        return len(self.rows)

    def extend(self, other: Records) -> None:
        names = set(self.cells) | set(other.cells)
        for name in names:
            mine = self.cells.setdefault(name, [None] * len(self))
            mine.extend(other.cells.get(name, [None] * len(other)))
        self.sheets.extend(other.sheets)
        self.rows.extend(other.rows)
        self.matrix.extend(other.matrix)
        self.submitted.extend(other.submitted)


@dataclass
class Body:
    """The person rows under a table's header: (sheet row, row cells, section team)."""

    rows: list[tuple[int, list[Any], str]]
    sections: int = 0  # section rows seen ("NLP team")
    filled_down: int = 0  # team cells filled from a merged block
    notes: tuple[int, int] | None = None  # sheet rows of a notes block under the table


def body(grid: Grid, table: Table, notes_below: bool = True) -> Body:
    """The rows under the header that are people; with `notes_below`, a legend or notes
    block ending the tab is left out (see notes.py)."""
    team_at = table.fields.get("team")
    fill = _merged_down(grid, team_at)
    email_at = table.fields.get("email")
    section = ""
    found = Body([])
    block = notes.block_below(grid, table) if notes_below else None
    end = len(grid.rows) if block is None else block[0]
    if block is not None:
        found.notes = (grid.first_row + block[0], grid.first_row + block[1])
    for offset, row in enumerate(grid.rows[table.body_start:end], start=table.body_start):
        number = grid.first_row + offset
        if not _plainly_a_person(row, email_at):
            filled = [(c, v) for c, v in enumerate(row) if _filled(v)]
            if not filled or _footer(filled) or _legend(filled, email_at is not None):
                continue
            if _section(filled, table):
                if _names_a_team(str(filled[0][1]), table, grid, number):
                    section = _section_team(str(filled[0][1]))
                found.sections += 1
                continue
        if team_at is not None and number in fill and not _filled(_at(row, team_at)):
            row = _with(row, team_at, fill[number])
            found.filled_down += 1
        found.rows.append((number, row, section))
    return found


def _plainly_a_person(row: list[Any], email_at: int | None) -> bool:
    """An address in the e-mail cell and at least three cells filled: never a total (it
    has an address), a legend (more than two cells) or a section label (more than one),
    so the usual row is told without looking at every cell."""
    if email_at is None or email_at >= len(row):
        return False
    address = row[email_at]
    if address.__class__ is not str or "@" not in address:
        return False
    count = 0
    for value in row:  # _filled, written out: this runs for every cell of every row
        if isinstance(value, str):
            if not value.strip():
                continue
        elif value is None or (isinstance(value, float) and value != value):
            continue
        count += 1
        if count == 3:
            return True
    return False


def _merged_down(grid: Grid, column: int | None) -> dict[int, Any]:
    """Sheet row -> team for rows covered by a merged team cell below its first row."""
    if column is None:
        return {}
    sheet_col = grid.first_col + column
    fill = {}
    for first_row, first_col, last_row, last_col in grid.merged:
        if first_col <= sheet_col <= last_col and last_row > first_row:
            top = grid.rows[first_row - grid.first_row] if first_row >= grid.first_row else []
            value = _at(top, column) if first_row - grid.first_row < len(grid.rows) else None
            for number in range(first_row + 1, last_row + 1):
                fill[number] = value
    return fill


def _footer(filled: list[tuple[int, Any]]) -> bool:
    """A 'Total' or 'Team average' line under the table (it has no e-mail)."""
    if any(isinstance(v, str) and "@" in v for _, v in filled):
        return False
    first = next((v for _, v in filled if isinstance(v, str)), None)
    return first is not None and len(first) <= 60 and bool(_FOOTER.match(first))


def _legend(filled: list[tuple[int, Any]], with_emails: bool) -> bool:
    """A legend line ('Legend', '1 = beginner') written under or beside the table; not a
    person named like one ("Key Tanaka", with their address where the sheet has e-mails)."""
    texts = [v for _, v in filled if isinstance(v, str)]
    if not (len(texts) == len(filled) <= 2 and _LEGEND.match(texts[0])):
        return False
    if len(texts) == 1 and _TEAMISH.search(texts[0]):
        return False  # a section naming a team: "Scale-up team"
    if not _named_like_a_legend(texts[0]) or any(
            (_LEGEND.match(t) or "=" in t) and not is_address(t) for t in texts[1:]):
        return True
    return with_emails and not any(map(is_address, texts[1:]))


def _named_like_a_legend(text: str) -> bool:
    """A person's name starting as a legend line does: "Key Tanaka", "Legend O'Brien",
    "Key de Souza", "Scale Smith Jr.", not "Key Terms" nor "Scale of 1-5"."""
    words = text.split()
    if not 2 <= len(words) <= 4 or words[0].casefold().rstrip(",") not in _LEGEND_WORDS:
        return False
    if words[1].casefold().strip(".:") in _LEGEND_NOUNS:
        return False
    return all(_NAME_WORD.match(w) or w in _PARTICLES for w in words[1:]) and any(
        w[0].isupper() for w in words[1:])


_NAME_WORD = re.compile(r"^[A-Z][\w'’-]*\.?$")


def _section(filled: list[tuple[int, Any]], table: Table) -> bool:
    """A row holding one label, such as 'NLP team', between blocks of people. Without an
    e-mail column a lone name is a person, so only team-like labels are sections then."""
    if len(filled) != 1 or not isinstance(filled[0][1], str) or "@" in filled[0][1]:
        return False
    text = filled[0][1]
    return "email" in table.fields or bool(_TEAMISH.search(text)) or text.endswith(":")


def _names_a_team(text: str, table: Table, grid: Grid, number: int) -> bool:
    """Whether a section label is the team of the rows under it."""
    spans = any(r[0] <= number <= r[2] and r[3] > r[1] for r in grid.merged)
    return spans or bool(_TEAMISH.search(text)) or text.endswith(":") or (
        "team" not in table.fields)


_TEAM_WORD_EDGE = re.compile(rf"^(?:{_TEAMISH.pattern}\s*[:\-–]?\s*)|(?:\s*[:\-–]?\s*"
                             rf"{_TEAMISH.pattern})$", re.IGNORECASE)


def _section_team(text: str) -> str:
    """'NLP team' -> 'NLP', 'Team: Vision' -> 'Vision'; the label itself when that is all."""
    label = " ".join(_ASIDE.sub("", text).strip().rstrip(":").split())
    bare = _TEAM_WORD_EDGE.sub("", label).strip()
    return bare or label


_ASIDE = re.compile(r"\s*[(\[][^()\[\]]{0,100}[)\]]\s*$")  # "Search team (lead: Ana)"


def _at(row: Sequence[Any], column: int) -> Any:
    return row[column] if column < len(row) else None


def _with(row: list[Any], column: int, value: Any) -> list[Any]:
    padded = list(row) + [None] * (column + 1 - len(row))
    padded[column] = value
    return padded


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return not (isinstance(value, float) and value != value)
