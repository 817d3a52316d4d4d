"""Finding a table in a tab: its header row, which column is which field, which columns
hold one skill each (a skills matrix), and which are grid questions of a form.

A column holds one skill when its header is not a known field and the cells below it are
levels: numbers 0-10, level words, marks or explicit "no"s. The cells decide, not the
header alone, so "Years at company" (numbers past 10 at times) or "Notes" never become
skills, and a header row is picked because of what sits under it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from skillsync.core import levels
from skillsync.core.headers import HeaderVocabulary, header_key
from skillsync.core.levels import Kind, Words
from skillsync.core.model import CellError, Grid

SCAN_ROWS = 100  # a header lives near the top; titles and notes above it are normal
SAMPLE_ROWS = 400  # rows below a header looked at to tell what a column holds
LEVEL_SHARE = 0.8  # share of a column's filled cells that must be levels
EMAIL_SHARE = 0.8
# Headers of level-like columns that are not skills: counts, years, ids, scores.
NOT_SKILLS = frozenset({
    "id", "no", "number", "count", "years", "year", "age", "grade", "band", "size",
    "total", "sum", "average", "avg", "mean", "score", "rank", "order", "index", "salary",
    "headcount", "fte", "hours", "days", "months", "weeks", "level", "overall", "row",
    "proficiency", "description", "rating", "category", "assessment", "assessed",
})
FORM_COLUMNS = frozenset({"timestamp", "starttime", "completiontime", "submittedat",
                          "submissiontime", "lastmodifiedtime"})
LONG_SKILL = frozenset({"skill", "skillname", "competency", "competence", "technology",
                        "tool", "toolname", "capability", "skillarea", "expertisearea",
                        "technicalskill", "skilltitle"})
LONG_LEVEL = frozenset({"level", "proficiency", "proficiencylevel", "skilllevel", "rating",
                        "selfrating", "selfassessment", "score", "competencylevel",
                        "expertiselevel", "levelofexpertise", "experiencelevel"})
LEARN_WORDS = re.compile(r"learn|interest|grow|develop|wish|goal|explore", re.IGNORECASE)
# "Rate yourself [Python]" (Google Forms grids), "Rate yourself: Python [1-5]".
_BRACKETED = re.compile(r"^(?P<q>[^\[\]]{0,300}?)\s*\[(?P<s>[^\[\]]{1,120})\]\s*$")
# "How would you rate your skills?.Python" (Microsoft Forms grids).
_DOTTED = re.compile(r"^(?P<q>[^.]{3,300}?[?:])\s*\.(?P<s>[^.]{1,120})$")
_SCALE_ONLY = re.compile(r"^\s*\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\s*$")


@dataclass(frozen=True)
class SkillColumn:
    index: int  # 0-based position in a grid row
    header: str  # the skill as the header writes it
    kind: str = "expertise"  # or "learn"
    group: str = ""  # the category written above it, if any
    question: str = ""  # a form's question, for grid columns


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

    @property
    def body_start(self) -> int:
        return self.body or self.offset + 1

    @property
    def keyed(self) -> bool:
        return "email" in self.fields or "name" in self.fields

    def addresses(self, grid: Grid) -> float:
        """The share of the e-mail column's filled cells holding an address (1 if none)."""
        column = self.fields.get("email")
        if column is None:
            return 1.0
        body = grid.rows[self.body_start: self.body_start + SAMPLE_ROWS]
        values = [str(v) for v in _column(body, column) if _filled(v)]
        return sum("@" in v for v in values) / len(values) if values else 1.0


def find(grid: Grid, vocabulary: HeaderVocabulary, words: Words = levels.DEFAULT,
         header_row: int | None = None, corner_is_name: bool = False) -> Table | None:
    """The best table of a tab (the earliest among equals), or None.

    `corner_is_name`: the first column holds the people's names whatever its header says
    (a transposed sheet's corner cell reads "Skill", or nothing)."""
    best: tuple[tuple[int, ...], Table] | None = None
    for offset in _offsets(grid, header_row):
        for table in (_table_at(grid, offset, vocabulary, words, corner=corner_is_name),
                      _two_row_table(grid, offset, vocabulary, words)):
            if table is None:
                continue
            score = _score(table)
            if best is None or score > best[0]:
                best = (score, table)
    return best[1] if best else None


def _two_row_table(grid: Grid, offset: int, vocabulary: HeaderVocabulary,
                   words: Words) -> Table | None:
    """A header over two rows: 'Name', 'Team' and the categories above, skill names below
    (the name cells often merged down across both rows)."""
    if offset + 1 >= len(grid.rows):
        return None
    top, bottom = grid.rows[offset], grid.rows[offset + 1]
    width = max(len(top), len(bottom))
    combined = [_cell(bottom, c) if _filled(_cell(bottom, c)) else _cell(top, c)
                for c in range(width)]
    fills = sum(1 for c in range(width) if _filled(_cell(bottom, c)) and _filled(_cell(top, c)))
    if not any(_filled(_cell(bottom, c)) and not _filled(_cell(top, c)) for c in range(width)):
        return None
    if fills == sum(1 for c in range(width) if _filled(_cell(bottom, c))):
        return None  # every lower header has one above: two ordinary rows, not one header
    turned = Grid(grid.name, [*grid.rows[:offset], combined, *grid.rows[offset + 2:]],
                  grid.first_row, grid.first_col, merged=grid.merged)
    table = _table_at(turned, offset, vocabulary, words, above=top)
    if table is None or not table.skills:
        return None
    return replace(table, header_row=table.header_row + 1, body=offset + 2)


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


def _table_at(grid: Grid, offset: int, vocabulary: HeaderVocabulary,
              words: Words, above: Sequence[Any] | None = None,
              corner: bool = False) -> Table | None:
    row = grid.rows[offset]
    texts = {c: str(v).strip() for c, v in enumerate(row) if isinstance(v, str) and v.strip()}
    if corner:
        texts.pop(0, None)
    if len(texts) < 2:
        return None
    body = grid.rows[offset + 1: offset + 1 + SAMPLE_ROWS]
    grid_questions = _grid_questions(texts, body, words)
    levelled = {c for c in texts if _level_column(body, c, words)}
    fields, headers = _claim_fields(texts, vocabulary, set(grid_questions), levelled)
    _claim_email_by_content(texts, body, fields, headers)
    if corner and "name" not in fields:
        fields["name"], headers["name"] = 0, str(row[0]).strip() if row and row[0] else "Name"
    taken = set(fields.values()) | set(grid_questions)
    long_skill = _first_key(texts, LONG_SKILL, taken)
    long_level = _first_key(texts, LONG_LEVEL, taken | {long_skill})
    taken |= {long_skill, long_level} - {None}
    # A long export's other level-like columns ("Proficiency description") are about its
    # skill column, not skills of their own.
    matrix = [] if long_skill is not None else _matrix_columns(texts, body, taken, words)
    skills = tuple(sorted([*grid_questions.values(), *matrix], key=lambda s: s.index))
    if not fields and not skills:
        return None
    skills = _with_groups(grid, offset, skills, above)
    used = set(fields.values()) | {s.index for s in skills} | {long_skill, long_level}
    keys = {header_key(t) for t in texts.values()}
    return Table(
        grid.name, offset, grid.first_row + offset, grid.first_col, fields, headers, skills,
        tuple(t for c, t in texts.items() if c not in used),
        form=bool(grid_questions) or bool(keys & FORM_COLUMNS),
        long_skill=long_skill if not grid_questions else None,
        long_level=long_level if not grid_questions else None,
        stated_scale=_stated_scale(texts, grid),
        signature=frozenset(keys),
    )


# Fields whose cells may look like levels ("50%", "4"); any other field's column holding
# levels is a skill whose name merely contains a field's word ("Deep Learning").
NUMERIC_FIELDS = frozenset({"success_rate", "availability", "last_updated"})


def _claim_fields(texts: dict[int, str], vocabulary: HeaderVocabulary, reserved: set[int],
                  levelled: set[int]) -> tuple[dict[str, int], dict[str, str]]:
    claims = []
    for column, text in texts.items():
        if column not in reserved:
            found = vocabulary.match(text)
            partial = found is not None and found[1] < 2
            if partial and column in levelled and found[0] not in NUMERIC_FIELDS:
                continue
            if found:
                claims.append((-found[1], column, found[0], text))
    fields: dict[str, int] = {}
    headers: dict[str, str] = {}
    for _, column, name, text in sorted(claims):
        if name not in fields and column not in fields.values():
            fields[name], headers[name] = column, text
    return fields, headers


def _claim_email_by_content(texts: dict[int, str], body: Sequence[list[Any]],
                            fields: dict[str, int], headers: dict[str, str]) -> None:
    """A column of addresses is the e-mail column whatever its header says."""
    if "email" in fields:
        return
    for column, text in texts.items():
        if column in fields.values():
            continue
        values = [str(v) for v in _column(body, column) if _filled(v)]
        if len(values) >= 2 and sum("@" in v for v in values) >= EMAIL_SHARE * len(values):
            fields["email"], headers["email"] = column, text
            return


def _first_key(texts: dict[int, str], keys: frozenset[str], taken: set) -> int | None:
    return next((c for c, t in texts.items() if c not in taken and header_key(t) in keys), None)


def _matrix_columns(texts: dict[int, str], body: Sequence[list[Any]], taken: set,
                    words: Words) -> list[SkillColumn]:
    found = []
    for column, text in texts.items():
        if column in taken or _not_a_skill(text):
            continue
        if _level_column(body, column, words):
            found.append(SkillColumn(column, text))
    return found


def _level_column(body: Sequence[list[Any]], column: int, words: Words) -> bool:
    # Error cells (a formula's #N/A, or one saved without its value) say nothing either way.
    values = [v for v in _column(body, column) if _filled(v) and not isinstance(v, CellError)]
    readings = [levels.read(v, words) for v in values]
    return bool(values) and sum(r.kind is not Kind.OTHER for r in readings) >= (
        LEVEL_SHARE * len(values))


def _not_a_skill(header: str) -> bool:
    words = set(re.findall(r"[a-z0-9]+", header.casefold()))
    return bool(words & NOT_SKILLS) or len(header) > 120 or "@" in header


def _grid_questions(texts: dict[int, str], body: Sequence[list[Any]],
                    words: Words) -> dict[int, SkillColumn]:
    """Form grid columns: the skill sits in the header after the question."""
    parsed = {c: found for c, t in texts.items() if (found := _question(t))}
    asked: dict[str, int] = {}
    for question, _ in parsed.values():
        asked[question] = asked.get(question, 0) + 1
    columns = {}
    for column, (question, skill) in parsed.items():
        values = [v for v in _column(body, column) if _filled(v) and not isinstance(v, CellError)]
        levelled = sum(levels.read(v, words).kind is not Kind.OTHER for v in values)
        if asked[question] >= 2 and levelled >= LEVEL_SHARE * len(values):
            kind = "learn" if LEARN_WORDS.search(question) else "expertise"
            columns[column] = SkillColumn(column, skill, kind, question=question)
    return columns


def _question(header: str) -> tuple[str, str] | None:
    """(question, skill) of a grid header, or None."""
    found = _BRACKETED.match(header) or _DOTTED.match(header)
    if not found:
        return None
    question, inside = found.group("q").strip(), found.group("s").strip()
    if _SCALE_ONLY.match(inside):  # "Rate yourself: Python [1-5]"
        head, sep, skill = question.rpartition(":")
        return (head.strip(), skill.strip()) if sep and skill.strip() else None
    return (question, inside) if question else None


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
        if _filled(own):
            current = str(own).strip()
        elif column in merged:
            start = merged[column] - grid.first_col
            current = str(above[start]).strip() if 0 <= start < len(above) else current
        grouped.append(SkillColumn(skill.index, skill.header, skill.kind, current,
                                   skill.question))
    return tuple(grouped) if any(s.group for s in grouped) else skills


def _stated_scale(texts: dict[int, str], grid: Grid) -> levels.Scale | None:
    """A scale written in a header ("[1-4]") or a legend ("4 = expert") beside the table."""
    for text in texts.values():
        stated = levels.scale_in(text) if "[" in text or "(" in text else None
        if stated:
            return stated
    return legend_scale(grid)


_LEGEND_LINE = re.compile(r"^\s*(\d{1,2})\s*(?:=|:|-|–)\s*[A-Za-z]")


def legend_scale(grid: Grid) -> levels.Scale | None:
    """'1 = beginner' ... '4 = expert' written somewhere in the tab."""
    numbers = set()
    for row in grid.rows[:SCAN_ROWS + SAMPLE_ROWS]:
        for value in row:
            if isinstance(value, str) and len(value) < 80:
                found = _LEGEND_LINE.match(value)
                if found:
                    numbers.add(int(found.group(1)))
                elif "scale" in value.casefold() or "legend" in value.casefold():
                    stated = levels.scale_in(value)
                    if stated:
                        return stated
    whole = sorted(n for n in numbers if n > 0)
    if len(whole) >= 3 and whole == list(range(whole[0], whole[-1] + 1)):
        return levels.Scale(float(whole[-1]))
    return None


def _column(body: Sequence[list[Any]], column: int) -> list[Any]:
    return [row[column] for row in body if column < len(row)]


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return not (isinstance(value, float) and value != value)
