"""When no tab can be read: say what was found, and the exact settings that would fix it.

The message never suggests naming a skills column to a sheet that has one column per
skill: it looks at what the cells hold first.
"""

from __future__ import annotations

from collections.abc import Mapping

from skillsync.core import levels
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.layouts import table as tables
from skillsync.core.layouts.detect import Options
from skillsync.core.model import Grid, column_letter

MIN_LEVEL_COLUMNS = 3


def message(grids: Mapping[str, Grid], vocabulary: HeaderVocabulary, options: Options) -> str:
    if not grids:
        return "the workbook has no tab to read"
    for grid in grids.values():
        matrix = _headerless_matrix(grid, options.words)
        if matrix:
            return matrix
    for grid in grids.values():
        unkeyed = _unkeyed_table(grid, vocabulary, options)
        if unkeyed:
            return unkeyed
    where = (f"tab '{options.tab}'" if options.tab
             else f"any tab ({', '.join(list(grids)[:10])})")
    forced = f" as layout '{options.layout}'" if options.layout else ""
    return (f"no table of people found in {where}{forced}: skillsync needs a header row "
            "naming who each row is (a 'Name' or 'E-mail' column) and their skills; add a "
            "header such as 'Name | E-mail | Team | Skills', or map yours in skillsync.toml, "
            "e.g. source.headers = { email = [\"Work address\"] }")


def _headerless_matrix(grid: Grid, words: levels.Words) -> str | None:
    """Rows of a name and several levels, with no header row naming the skills."""
    for offset, row in enumerate(grid.rows[: tables.SCAN_ROWS]):
        level_columns = [c for c, v in enumerate(row) if _level(v, words)]
        names = [c for c, v in enumerate(row) if isinstance(v, str) and not _level(v, words)
                 and v.strip()]
        if len(level_columns) >= MIN_LEVEL_COLUMNS and names:
            first = column_letter(grid.first_col + level_columns[0])
            last = column_letter(grid.first_col + level_columns[-1])
            header = grid.first_row + offset - 1
            fix = (f"type the skill names in row {header} above the levels and 'Name' above "
                   "the names" if header >= 1 else
                   "insert a row above the table with 'Name' and the skill names")
            return (f"tab '{grid.name}' looks like one column per skill (levels in columns "
                    f"{first}-{last} from row {grid.first_row + offset}), but no header row "
                    f"names the skills; {fix}, then run again (skillsync.toml can then say "
                    f"source = {{ tab = \"{grid.name}\", layout = \"wide\" }})")
    return None


def unnamed_levels(grid: Grid, table: tables.Table, words: levels.Words) -> str | None:
    """Columns of levels under empty header cells: a matrix whose skills have no names."""
    headers = grid.rows[table.offset: table.body_start]  # two rows, when the header spans two
    body = grid.rows[table.body_start: table.body_start + tables.SAMPLE_ROWS]
    width = max((len(r) for r in body), default=0)
    unnamed = [c for c in range(width)
               if not any(c < len(row) and isinstance(row[c], str) and row[c].strip()
                          for row in headers)
               and _levels_below(body, c, words)]
    if len(unnamed) < MIN_LEVEL_COLUMNS:
        return None
    first = column_letter(grid.first_col + unnamed[0])
    last = column_letter(grid.first_col + unnamed[-1])
    return (f"tab '{grid.name}' has levels in columns {first}-{last} under empty header cells: "
            "one column per skill, but no header row names the skills; type each skill's name "
            f"in row {table.header_row} above its column, then run again (skillsync.toml "
            "can then keep it read as a matrix: source = { layout = \"wide\" })")


def _levels_below(body: list, column: int, words: levels.Words) -> bool:
    values = [r[column] for r in body if column < len(r)
              and r[column] is not None and not (isinstance(r[column], str)
                                                 and not r[column].strip())]
    return bool(values) and sum(_level(v, words) or levels.read(v, words).kind
                                is levels.Kind.NONE for v in values) >= 0.8 * len(values)


def _unkeyed_table(grid: Grid, vocabulary: HeaderVocabulary, options: Options) -> str | None:
    """A header row that names fields or skills but no column saying who each row is."""
    table = tables.find(grid, options.context(vocabulary), options.header_row)
    if table is None or table.keyed:
        return None
    row = grid.rows[table.offset]
    taken = set(table.fields.values()) | {s.index for s in table.skills}
    spare = next((str(v).strip() for c, v in enumerate(row)
                  if c not in taken and isinstance(v, str) and v.strip()), None)
    named = ", ".join(f"'{h}'" for h in list(table.headers.values())[:5]) or "skill columns"
    guess = spare or "Who"
    return (f"tab '{grid.name}' has a header on row {table.header_row} ({named}) but no "
            "column saying who each row is; if a column holds names or e-mails, map it in "
            f"skillsync.toml: source.headers = {{ name = [\"{guess}\"] }}")


def _level(value: object, words: levels.Words) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return False
    found = levels.read(value, words)
    return found.kind in (levels.Kind.LEVEL, levels.Kind.HAS) and not found.coded
