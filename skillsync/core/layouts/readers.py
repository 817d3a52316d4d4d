"""Layout readers: a located table in, one record per person out.

`rows`, `wide` and `form` are one row per person (skills in a cell, in columns, or both);
`transposed` is the same once columns are turned into rows; `long` gathers the rows of
each person (one per skill) into one record.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Any

from skillsync.core import cells, emails, when
from skillsync.core.layouts.records import Body, Records, body
from skillsync.core.layouts.table import SkillColumn, Table
from skillsync.core.model import Grid


def read(grid: Grid, table: Table, layout: str, tab_team: str | None = None,
         epoch: date = when.EXCEL_EPOCH) -> tuple[Records, Body]:
    """The records of one tab (`grid` already turned when the layout is transposed);
    `epoch`: the day the workbook's serial 0 stands for, to order dated rows."""
    # A transposed grid's rows are the sheet's columns: nothing of it is "under" the table.
    found = body(grid, table, notes_below=layout != "transposed")
    if layout == "long":
        return _long(table, found, tab_team, epoch), found
    # In a transposed grid each skill "column" is a row of the sheet: its own number.
    skill_rows = grid.first_col if layout == "transposed" else None
    return _rowwise(table, found, tab_team, skill_rows), found


def _rowwise(table: Table, found: Body, tab_team: str | None,
             skill_rows: int | None) -> Records:
    """One record per body row, built column by column."""
    people = found.rows
    rows = [row for _, row, _ in people]
    records = Records([table.sheet] * len(people), [(number,) for number, _, _ in people])
    records.cells = _field_columns(rows, table.fields)
    _joined_cells(records, table, rows)
    records.matrix = [tuple(
        (s, v, number if skill_rows is None else skill_rows + s.index)
        for s in table.skills if _filled(v := _at(row, s.index))) + tuple(
        _paired(table, row, number)) for number, row, _ in people
    ] if table.skills or table.skill_pairs else [()] * len(people)
    stamp_at = table.fields.get("last_updated") if table.form else None
    records.submitted = ([_at(row, stamp_at) for row in rows] if stamp_at is not None
                         else [None] * len(people))
    if tab_team or found.sections:  # else no row has a team to fall back on
        _fallback_teams(records, table.fields.get("team"),
                        [section or tab_team for _, _, section in people])
    return records


def _field_columns(rows: list[Sequence[Any]], fields: dict[str, int]) -> dict[str, list[Any]]:
    """Each field's cells, one list per field. The fields every row reaches are picked in
    one pass over the rows: reading row by row keeps each row in the CPU cache, where a
    pass per field fetches every row again."""
    width = min(map(len, rows), default=0)  # columns every row reaches
    reached = {name: column for name, column in fields.items() if column < width}
    picked = _picked(rows, reached, width)
    return {name: picked[name] if name in picked
            else list(map(itemgetter(column), rows)) if column < width
            else [row[column] if column < len(row) else None for row in rows]
            for name, column in fields.items()}


def _picked(rows: list[Sequence[Any]], reached: dict[str, int], width: int
            ) -> dict[str, list[Any]]:
    """The `reached` fields' cells. Rows all `width` long, most of it fields (the usual
    table): the cells are laid end to end in one list, a field's cells every `width`th
    from its column on, taken with a slice. Otherwise each row's fields are picked
    (itemgetter) and turned into columns with zip."""
    if len(reached) < 2:
        return {}
    if width <= 2 * len(reached) and max(map(len, rows)) == width:
        laid = list(chain.from_iterable(rows))
        return {name: laid[column::width] for name, column in reached.items()}
    across = zip(*map(itemgetter(*reached.values()), rows), strict=True)
    return dict(zip(reached, map(list, across), strict=True))


def _joined_cells(records: Records, table: Table, rows: list[Sequence[Any]]) -> None:
    """'First name' + 'Last name' as the name; skill lists of several columns (a form's
    checkbox questions, 'Other skills') read as one list per kind."""
    if table.name_parts is not None:
        given, family = table.name_parts
        records.cells["name"] = [" ".join(cells.clean_text(v) for v in (
            _at(row, given), _at(row, family)) if _filled(v)) for row in rows]
    for kind in dict.fromkeys(k for _, k in table.skill_lists):
        columns = [table.fields[kind]] if kind in table.fields else []
        columns += [c for c, k in table.skill_lists if k == kind]
        records.cells[kind] = ["\n".join(cells.raw_text(p) for p in (
            _at(row, c) for c in columns) if _filled(p)) for row in rows]


def _paired(table: Table, row: Sequence[Any], number: int):
    """'Primary skill | Level | Secondary skill | Level': each a skill with its level."""
    for skill_at, level_at in table.skill_pairs:
        skill = _at(row, skill_at)
        if not _filled(skill):
            continue
        level = _at(row, level_at)
        yield (_skill_column(skill_at, str(skill).strip()),
               level if _filled(level) else "x", number)


def _fallback_teams(records: Records, team_at: int | None, teams: list[str | None]) -> None:
    """A section label or the tab's name is the team where a row names none (a team
    column is added when the rows have none and some label gives one)."""
    column = records.cells.get("team")
    if team_at is not None and column is not None:
        for i, team in enumerate(teams):
            if team and not _filled(column[i]):
                column[i] = team
    elif team_at is None and any(teams):
        records.cells["team"] = [team or None for team in teams]


def _long(table: Table, found: Body, tab_team: str | None, epoch: date) -> Records:
    """One record per person: their first row's fields, every row's skill and level."""
    key_at = table.fields.get("email", table.fields.get("name"))
    groups: dict[Any, list[tuple[int, list[Any], str]]] = {}
    for number, row, section in found.rows:
        key = _person_key(_at(row, key_at), "email" in table.fields)
        groups.setdefault(key if key else ("row", number), []).append((number, row, section))
    records = Records(cells={name: [] for name in table.fields})
    teams = []
    for members in groups.values():
        number, row, section = members[0]
        records.sheets.append(table.sheet)
        records.rows.append(tuple(n for n, _, _ in members))
        for name, column in table.fields.items():
            records.cells[name].append(_first_filled(members, column))
        records.matrix.append(tuple(_long_pairs(table, members, epoch)))
        records.submitted.append(None)
        teams.append(section or tab_team)
    _fallback_teams(records, table.fields.get("team"), teams)
    return records


def _long_pairs(table: Table, members: Sequence[tuple[int, list[Any], str]], epoch: date):
    """Each row's skill and level; when a skill is listed twice, the newest row's comes
    first (and is kept), by the date column when there is one, else by row order."""
    dated = table.fields.get("last_updated")
    newest = sorted(members, key=lambda m: (when.moment(_at(m[1], dated), epoch), m[0]),
                    reverse=True)
    for number, row, _ in newest:
        skill = _at(row, table.long_skill) if table.long_skill is not None else None
        if not _filled(skill):
            continue
        level = _at(row, table.long_level) if table.long_level is not None else None
        yield (_skill_column(table.long_skill or 0, str(skill).strip()),
               level if _filled(level) else "x", number)


@lru_cache(maxsize=65536)
def _skill_column(index: int, header: str) -> SkillColumn:
    return SkillColumn(index, header)


def _person_key(value: Any, by_email: bool) -> str:
    text = cells.clean_text(value)
    if not text:
        return ""
    return emails.normalize_email(text) if by_email else cells.fold(text)


def _first_filled(members: Sequence[tuple[int, list[Any], str]], column: int) -> Any:
    for _, row, _ in members:
        value = _at(row, column)
        if _filled(value):
            return value
    return None


def _at(row: Sequence[Any], column: int | None) -> Any:
    return row[column] if column is not None and column < len(row) else None


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return not (isinstance(value, float) and value != value)
