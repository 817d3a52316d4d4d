"""Finding a table in a tab: its header row, which column is which field, which columns
hold one skill each (a skills matrix), and which are grid questions of a form.

A column holds one skill when its header is not a known field and the cells below it are
levels: numbers 0-10, level words, marks or explicit "no"s. The cells decide, not the
header alone, so "Years at company" (numbers past 10 at times) or "Notes" never become
skills, and a header row is picked because of what sits under it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from skillsync.core import levels
from skillsync.core.headers import header_key
from skillsync.core.layouts import cellshares as shares
from skillsync.core.layouts import columns as cols
from skillsync.core.layouts import headerrows, legend
from skillsync.core.layouts.claims import Claims
from skillsync.core.layouts.columns import Context, column, filled
from skillsync.core.layouts.forms import FORM_COLUMNS, SkillColumn
from skillsync.core.model import Grid

SCAN_ROWS = 100  # a header lives near the top; titles and notes above it are normal
SAMPLE_ROWS = 400  # rows below a header looked at to tell what a column holds

__all__ = ["SAMPLE_ROWS", "SCAN_ROWS", "SkillColumn", "Table", "find"]


@dataclass(frozen=True)
class Table:
    sheet: str
    offset: int  # index of the header row in grid.rows
    header_row: int  # as the sheet numbers it
    first_col: int
    fields: dict[str, int]  # field -> 0-based column
    headers: dict[str, str]  # field -> header as typed
    skills: tuple[SkillColumn, ...] = ()
    ignored: tuple[str, ...] = ()  # header cells nothing claimed
    form: bool = False  # a forms export (a timestamp column or grid questions)
    long_skill: int | None = None  # the "Skill" column of a long export
    long_level: int | None = None  # its "Level" column
    stated_scale: levels.Scale | None = None
    signature: frozenset[str] = field(default_factory=frozenset)  # header keys, to match tabs
    body: int = 0  # index in grid.rows of the first row under the header (0: offset + 1)
    name_parts: tuple[int, int] | None = None  # (given, family) when the name is split
    skill_pairs: tuple[tuple[int, int | None], ...] = ()  # "Primary skill | Level", ...
    skill_lists: tuple[tuple[int, str], ...] = ()  # more columns listing skills, and kind
    skill_list_headers: tuple[str, ...] = ()  # their header cells, in the same order
    unread_lists: tuple[str, ...] = ()  # headers of columns listing skills, left unread
    near_skills: tuple[tuple[str, str], ...] = ()  # (header, stray cell): see claims.py
    flags: tuple[str, ...] = ()  # headers of yes/no columns read as no skill (detect.py)

    @property
    def body_start(self) -> int:
        return self.body or self.offset + 1

    @property
    def keyed(self) -> bool:
        return "email" in self.fields or "name" in self.fields or self.name_parts is not None

    def addresses(self, grid: Grid) -> float:
        """The share of the e-mail column's filled cells holding an address (1 if none)."""
        index = self.fields.get("email")
        if index is None:
            return 1.0
        body = grid.rows[self.body_start: self.body_start + SAMPLE_ROWS]
        values = [str(v) for v in column(body, index) if filled(v)]
        return sum("@" in v for v in values) / len(values) if values else 1.0


def find(grid: Grid, context: Context, header_row: int | None = None,
         corner_is_name: bool = False) -> Table | None:
    """The best table of a tab (the earliest among equals), or None.

    `corner_is_name`: the first column holds the people's names whatever its header says
    (a transposed sheet's corner cell reads "Skill", or nothing)."""
    best: tuple[tuple[int, ...], Table] | None = None
    tab = _Tab(_tab_legend(grid), shares.TabCounts(grid.rows, SCAN_ROWS + SAMPLE_ROWS + 2,
                                                   context))
    for offset in _offsets(grid, header_row):
        for table in (_table_at(grid, offset, context, tab, corner=corner_is_name),
                      *_two_row_tables(grid, offset, context, tab)):
            if table is None:
                continue
            score = _score(table)
            if best is None or score > best[0]:
                best = (score, table)
    return best[1] if best else None


@dataclass(frozen=True)
class _Tab:
    """What every header row tried on one tab shares: its legend scale (looked for once)
    and the running counts of what its columns hold."""

    legend: Callable[[], levels.Scale | None]
    counts: shares.TabCounts


def _two_row_tables(grid: Grid, offset: int, context: Context, tab: _Tab) -> list[Table]:
    """The tables under a header over rows `offset` and `offset + 1`: a matrix's, skill
    names under their categories; and one whose headers' words lie over both rows
    ('Current' above 'projects', a merged 'Projects' above 'Past': headerrows.py)."""
    if offset + 1 >= len(grid.rows):
        return []
    found = [_matrix_under_two_rows(grid, offset, context, tab)]
    joined = headerrows.joined_header(grid, offset, context.headers)
    if joined is not None:
        found.append(_under_two_rows(grid, offset, context, tab, joined))
    return [table for table in found if table is not None]


def _matrix_under_two_rows(grid: Grid, offset: int, context: Context, tab: _Tab
                           ) -> Table | None:
    """A header over two rows: 'Name', 'Team' and the categories above, skill names below
    (the name cells often merged down across both rows)."""
    top, bottom = grid.rows[offset], grid.rows[offset + 1]
    width = max(len(top), len(bottom))
    combined = [_cell(bottom, c) if filled(_cell(bottom, c)) else _cell(top, c)
                for c in range(width)]
    fills = sum(1 for c in range(width) if filled(_cell(bottom, c)) and filled(_cell(top, c)))
    if not any(filled(_cell(bottom, c)) and not filled(_cell(top, c)) for c in range(width)):
        return None
    if fills == sum(1 for c in range(width) if filled(_cell(bottom, c))):
        return None  # every lower header has one above: two ordinary rows, not one header
    table = _under_two_rows(grid, offset, context, tab, combined)
    return table if table is not None and table.skills else None


def _under_two_rows(grid: Grid, offset: int, context: Context, tab: _Tab,
                    header: list[Any]) -> Table | None:
    """The table under rows `offset` and `offset + 1` read as the one `header` row."""
    # Only the rows a table is judged on (its sample), not the tab.
    below = grid.rows[offset + 2: offset + 2 + SCAN_ROWS + SAMPLE_ROWS]
    turned = Grid(grid.name, [*grid.rows[:offset], header, *below],
                  grid.first_row, grid.first_col, merged=grid.merged)
    # The rows under the two header rows are the tab's own: the tab's counts serve them.
    body = shares.Sample(grid.rows, offset + 2, offset + 2 + SAMPLE_ROWS, tab.counts)
    # The tab's own legend: the turned rows hold the two header rows as one, and a legend
    # right above the header (its top row) would be lost with the row it shares.
    table = _table_at(turned, offset, context, tab, above=grid.rows[offset], body=body)
    if table is None:
        return None
    return replace(table, header_row=table.header_row + 1, body=offset + 2)


def legend_named(grid: Grid) -> tuple[tuple[str, float], ...]:
    """The words a legend in the tab's first rows numbers ("3 = can teach"), each with its
    level on the five-point scale (levels.on_five); none without a legend."""
    found = legend.legend_scale(grid, SCAN_ROWS + SAMPLE_ROWS)
    return levels.on_five(found) if found else ()


def _tab_legend(grid: Grid) -> Callable[[], levels.Scale | None]:
    """The legend scale of a tab's first rows, looked for once however many header rows
    are tried (each would scan the same rows)."""
    return functools.cache(lambda: legend.legend_scale(grid, SCAN_ROWS + SAMPLE_ROWS))


def _cell(row: Sequence[Any], column: int) -> Any:
    return row[column] if column < len(row) else None


def _offsets(grid: Grid, header_row: int | None) -> range:
    if header_row is not None:
        at = header_row - grid.first_row
        return range(at, at + 1) if 0 <= at < len(grid.rows) else range(0)
    return range(min(SCAN_ROWS, len(grid.rows)))


def _score(table: Table) -> tuple[int, ...]:
    recognised = len(table.fields) + len(table.skills) + (table.long_skill is not None)
    return (int(table.keyed), int("email" in table.fields), recognised)


def _table_at(grid: Grid, offset: int, context: Context, tab: _Tab,
              above: Sequence[Any] | None = None, corner: bool = False,
              body: Sequence[list[Any]] | None = None) -> Table | None:
    """The table under header row `offset`, judged on `body` (by default the rows under
    it), or None."""
    row = grid.rows[offset]
    texts = {c: str(v).strip() for c, v in enumerate(row) if isinstance(v, str) and v.strip()}
    if corner:
        texts.pop(0, None)
    if len(texts) < 2 or any(cols.is_address(t) for t in texts.values()):
        return None  # a row holding an address is a person, never a header
    if body is None:
        body = shares.Sample(grid.rows, offset + 1, offset + 1 + SAMPLE_ROWS, tab.counts)
    found = Claims.read(texts, body, context, corner, row)
    if not found.fields and not found.skills and not found.pairs:
        return None
    skills = _with_groups(grid, offset, found.skills, above)
    used = set(found.fields.values()) | {s.index for s in skills} | found.other
    keys = {header_key(t) for t in texts.values()}
    return Table(
        grid.name, offset, grid.first_row + offset, grid.first_col, found.fields,
        found.headers, skills, tuple(t for c, t in texts.items() if c not in used),
        form=found.form or bool(keys & FORM_COLUMNS),
        long_skill=found.long_skill, long_level=found.long_level,
        stated_scale=legend.stated_scale(texts, tab.legend),
        signature=frozenset(keys),
        name_parts=found.name_parts, skill_pairs=found.pairs, skill_lists=found.lists,
        skill_list_headers=tuple(texts[c] for c, _ in found.lists),
        unread_lists=found.unread_lists, near_skills=found.near,
    )


def _with_groups(grid: Grid, offset: int, skills: tuple[SkillColumn, ...],
                 above: Sequence[Any] | None = None) -> tuple[SkillColumn, ...]:
    """The category written above the skill names (often one merged cell per group)."""
    given = above is not None
    if (offset == 0 and not given) or not skills:
        return skills
    above = above if above is not None else grid.rows[offset - 1]
    sheet_row = grid.first_row + offset - (0 if given else 1)
    merged = {c: r[1] for r in grid.merged if r[0] <= sheet_row <= r[2]
              for c in range(r[1], r[3] + 1)}
    grouped = []
    current = ""
    for skill in skills:
        column = grid.first_col + skill.index
        own = above[skill.index] if skill.index < len(above) else None
        if filled(own):
            current = str(own).strip()
        elif column in merged:
            start = merged[column] - grid.first_col
            current = str(above[start]).strip() if 0 <= start < len(above) else current
        grouped.append(SkillColumn(skill.index, skill.header, skill.kind, current,
                                   skill.question))
    return tuple(grouped) if any(s.group for s in grouped) else skills
