"""The Staffing requests and Targets tabs: filled in by people, read, never written.

**Staffing requests**: one row per piece of work, under a header naming at least a project
and its skills: Project, Skills (a level beside a skill is its minimum: "NLP (4), PyTorch"),
Minimum level (for skills without their own), Headcount (default 1), Start date, Stretch
welcome? (blank means yes), and optionally Status: a request whose status reads closed,
filled, staffed, done, cancelled or no is not answered.

**Targets**: one row per need, under a header naming a skill and who needs it: Team, Role
or "Team or role", Skill (several skills make one target each), People needed (default 1)
and Minimum level. A name in "Team or role" is matched to a team first, then to a role.

Headers are matched like the inventory's (case, spaces and punctuation ignored) within the
tab's first 20 rows. Problems are issues on the tab's own cells, never exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from skillsync.core import asking, dateorders, messages, staffing
from skillsync.core.cells import clean_text, fold, is_blank
from skillsync.core.codes import Code
from skillsync.core.headers import header_key
from skillsync.core.levels import DEFAULT_WORDS
from skillsync.core.model import Grid, Issue, Severity, column_letter
from skillsync.core.vocab import Vocabulary
from skillsync.core.when import EXCEL_EPOCH, parse_date

MAX_ROWS = 2000  # rows read under a header; a requests tab is a short list kept by hand
HEADER_ROWS = 20

REQUEST_HEADERS: Mapping[str, tuple[str, ...]] = {
    "project": ("project", "project name", "request", "work", "piece of work", "name"),
    "skills": ("skills", "skills needed", "required skills", "skills required", "skill",
               "needed skills"),
    "min_level": ("minimum level", "min level", "min. level", "level", "minimum",
                  "required level"),
    "headcount": ("headcount", "head count", "people", "people needed", "how many",
                  "number of people", "fte"),
    "start": ("start date", "start", "starts", "starting", "from", "start on"),
    "stretch": ("stretch welcome?", "stretch welcome", "stretch", "stretch ok",
                "open to stretch", "stretch candidates"),
    "status": ("status", "open", "open?", "state"),
}
TARGET_HEADERS: Mapping[str, tuple[str, ...]] = {
    "team": ("team", "teams"),
    "role": ("role", "roles"),
    "scope": ("team or role", "team/role", "role or team", "group", "scope", "who"),
    "skills": ("skill", "skills", "skill needed", "skills needed"),
    "needed": ("people needed", "needed", "headcount", "head count", "people", "how many",
               "number of people", "target"),
    "min_level": ("minimum level", "min level", "min. level", "level", "minimum",
                  "required level"),
}
CLOSED = frozenset({"closed", "filled", "staffed", "done", "complete", "completed",
                    "cancelled", "canceled", "withdrawn", "no", "n", "false", "0"})
NO = frozenset({"no", "n", "false", "0", "not welcome", "no stretch", "none", "never"})
_DIGITS = re.compile(r"^\s*(\d{1,4})(?:\.0+)?\b")


@dataclass(frozen=True)
class Request:
    row: int
    project: str
    skills: tuple[staffing.Required, ...]
    headcount: int = 1
    start: date | None = None
    stretch: bool = True
    open: bool = True
    sheet: str = ""


@dataclass(frozen=True)
class Target:
    row: int
    group: str  # the team or role as typed
    kind: str  # "team" or "role"
    skill: str  # canonical
    needed: int = 1
    min_level: int | None = None
    known: bool = True  # someone in the inventory has that team or role
    sheet: str = ""


@dataclass(frozen=True)
class Read:
    """What a helper tab gave: its rows, and its problems as issues."""

    items: tuple[Any, ...] = ()
    issues: tuple[Issue, ...] = ()


def _header(grid: Grid, known: Mapping[str, tuple[str, ...]],
            required: tuple[set[str], ...]) -> tuple[int, dict[str, int]] | None:
    """(offset, field -> column) of the first row naming one field of each required set."""
    keys = {header_key(s): name for name, spellings in known.items() for s in spellings}
    for offset, row in enumerate(grid.rows[:HEADER_ROWS]):
        columns: dict[str, int] = {}
        for index, value in enumerate(row[:60]):
            name = keys.get(header_key(clean_text(value)))
            if name and name not in columns:
                columns[name] = index
        if all(columns.keys() & fields for fields in required):
            return offset, columns
    return None


class _Rows:
    """The body rows of a helper tab, with issue-making bound to the tab's cells."""

    def __init__(self, grid: Grid, offset: int, columns: dict[str, int]) -> None:
        self.grid, self.offset, self.columns = grid, offset, columns
        self.issues: list[Issue] = []

    def __iter__(self):
        for index, row in enumerate(self.grid.rows[self.offset + 1:][:MAX_ROWS]):
            values = {f: row[c] if c < len(row) else None for f, c in self.columns.items()}
            if not all(is_blank(v) or clean_text(v) == "" for v in values.values()):
                yield self.grid.first_row + self.offset + 1 + index, values

    @property
    def header_row(self) -> int:
        return self.grid.first_row + self.offset

    def title(self, field: str) -> str:
        """A field's header as the tab writes it (the field's name without one)."""
        index = self.columns.get(field, 0)
        header = self.grid.rows[self.offset]
        return (clean_text(header[index]) if index < len(header) else "") or field

    def problem(self, row: int, field: str, code: Code, message: str,
                severity: Severity = Severity.WARNING) -> None:
        column = column_letter(self.grid.first_col + self.columns.get(field, 0))
        # The tab is the issue's sheet: every place an issue is shown names it there.
        self.issues.append(Issue(row, self.title(field), code, severity, message,
                                 f"{column}{row}", sheet=self.grid.name))


def read_requests(grid: Grid | None, vocabulary: Vocabulary, held_skills: Iterable[str],
                  day_first: bool = True, epoch: date = EXCEL_EPOCH) -> Read:
    """Every request row of a Staffing requests tab (see the module's docstring); `epoch`:
    the day the workbook's serial 0 stands for."""
    if grid is None:
        return Read()
    found = _header(grid, REQUEST_HEADERS, ({"skills"}, {"project", "headcount", "min_level"}))
    if found is None:
        return Read()
    rows = _Rows(grid, *found)
    held = tuple(held_skills)
    requests = []
    starts: list[tuple[int, Any]] = []
    for row, values in rows:
        starts.append((row, values.get("start")))
        project = clean_text(values.get("project"))[:200] or f"Request on row {row}"
        floor = _level(values.get("min_level"), rows, row, "min_level")
        skills = _skills(values.get("skills"), vocabulary, held, floor, rows, row, project)
        requests.append(Request(
            row, project, skills,
            headcount=_count(values.get("headcount"), rows, row, "headcount"),
            start=_date(values.get("start"), rows, row, day_first, epoch),
            stretch=fold(clean_text(values.get("stretch"))) not in NO,
            open=fold(clean_text(values.get("status"))) not in CLOSED, sheet=grid.name))
    _date_orders(starts, rows, day_first)
    return Read(tuple(requests), tuple(rows.issues))


def _skills(value: Any, vocabulary: Vocabulary, held: tuple[str, ...], floor: int | None,
            rows: _Rows, row: int, what: str) -> tuple[staffing.Required, ...]:
    text = clean_text(value)
    resolved = asking.resolve(text, vocabulary, held, floor) if text else None
    for message in _problems(resolved, what) if resolved else ():
        rows.problem(row, "skills", *message)
    if not resolved or not resolved.skills:
        if not resolved or not (resolved.unknown or resolved.sentence):
            rows.problem(row, "skills", Code.STAFFING_NO_SKILLS,
                         f"'{what[:60]}' names no skill; list the skills it needs, "
                         "e.g. 'NLP (4), PyTorch'.")
        return ()
    return resolved.skills


def _problems(resolved: asking.Resolved, what: str) -> Iterator[tuple[Code, str]]:
    """What a request's Skills cell says wrong: a sentence (and the skills it mentions),
    an unknown skill, a text cut to its first characters."""
    if resolved.sentence:
        named = f" (it mentions {', '.join(resolved.mentioned)})" if resolved.mentioned else ""
        yield (Code.SKILLS_IN_PROSE, f"'{_clip(resolved.sentence)}' ({what[:60]}) "
               "reads as a sentence, so nothing was asked for; list the skills the work "
               f"needs, e.g. 'NLP (4), PyTorch'{named}.")
    for spelling in resolved.unknown:
        yield (Code.STAFFING_UNKNOWN_SKILL, f"'{spelling[:60]}' ({what[:60]}) is not a known "
               "skill and nobody lists it; fix the spelling or add it to the Aliases tab.")
    if resolved.cut:
        yield (Code.STAFFING_BAD_VALUE, f"The skills of '{what[:60]}' run over "
               f"{asking.MAX_TEXT:,} characters; only the first {asking.MAX_TEXT:,} were "
               "read. List the skills it needs.")


def _clip(text: str, limit: int = 60) -> str:
    """A sentence quoted in a message: cut with an ellipsis, not mid-word unmarked."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _level(value: Any, rows: _Rows, row: int, field: str) -> int | None:
    text = fold(clean_text(value))
    if not text:
        return None
    if text in DEFAULT_WORDS and DEFAULT_WORDS[text] > 0:
        return DEFAULT_WORDS[text]
    found = _DIGITS.match(text)
    if found and 1 <= int(found.group(1)) <= 5:
        return int(found.group(1))
    rows.problem(row, field, Code.STAFFING_BAD_VALUE,
                 f"Minimum level '{clean_text(value)[:30]}' is not a level; type 1 (beginner) "
                 "to 5 (expert), or leave it empty.")
    return None


def _count(value: Any, rows: _Rows, row: int, field: str) -> int:
    text = clean_text(value)
    if not text or is_blank(value):
        return 1
    found = _DIGITS.match(text)
    if found and 1 <= int(found.group(1)) <= 1000:
        return int(found.group(1))
    rows.problem(row, field, Code.STAFFING_BAD_VALUE,
                 f"'{text[:30]}' is not a number of people; type a whole number such as 2. "
                 "Read as 1.")
    return 1


def _date(value: Any, rows: _Rows, row: int, day_first: bool, epoch: date) -> date | None:
    when, problem = parse_date(value, day_first, epoch)
    if problem:
        rows.problem(row, "start", Code.STAFFING_BAD_VALUE,
                     f"Start date '{clean_text(value)[:30]}' is not a date; type it as "
                     "YYYY-MM-DD.")
    return when


def _date_orders(starts: list[tuple[int, Any]], rows: _Rows, day_first: bool) -> None:
    """One warning at the Start date header when its dates are written both ways, as the
    inventory's dates get (see dateorders.py); `starts`: each request's (row, start)."""
    texts = [start for _, start in starts]
    found = dateorders.mixed(texts, lambda at: f"row {starts[at][0]}", day_first)
    if found:
        rows.problem(rows.header_row, "start", Code.MIXED_DATE_ORDER,
                     messages.mixed_date_orders(rows.title("start"), found, day_first))


def read_targets(grid: Grid | None, vocabulary: Vocabulary, held_skills: Iterable[str],
                 teams: Iterable[str], roles: Iterable[str]) -> Read:
    """Every target of a Targets tab, one per (row, skill) (see the module's docstring)."""
    if grid is None:
        return Read()
    found = _header(grid, TARGET_HEADERS, ({"skills"}, {"team", "role", "scope"}))
    if found is None:
        return Read()
    rows = _Rows(grid, *found)
    groups = _Groups(teams, roles)
    held = tuple(held_skills)
    targets = []
    for row, values in rows:
        group, kind, known = groups.find(values)
        if not group:
            continue
        if not known:
            rows.problem(row, kind if kind in rows.columns else "scope",
                         Code.TARGET_UNKNOWN_GROUP,
                         f"Nobody in the inventory has the {kind} '{group[:60]}'; spell it as "
                         "the inventory does.")
        floor = _level(values.get("min_level"), rows, row, "min_level")
        needed = _count(values.get("needed"), rows, row, "needed")
        for required in _skills(values.get("skills"), vocabulary, held, floor, rows, row,
                                f"{group} target"):
            targets.append(Target(row, group, kind, required.skill, needed, required.level,
                                  known, grid.name))
    return Read(tuple(targets), tuple(rows.issues))


class _Groups:
    """Teams and roles as the inventory spells them, to match a target's group."""

    def __init__(self, teams: Iterable[str], roles: Iterable[str]) -> None:
        self.teams = {fold(t): t for t in teams if t}
        self.roles = {fold(r): r for r in roles if r}

    def find(self, values: Mapping[str, Any]) -> tuple[str, str, bool]:
        """(group as typed, "team" | "role", whether anyone has it)."""
        for kind in ("team", "role"):
            text = clean_text(values.get(kind))[:100]
            if text:
                known = self.teams if kind == "team" else self.roles
                return known.get(fold(text), text), kind, fold(text) in known
        text = clean_text(values.get("scope"))[:100]
        if not text:
            return "", "team", False
        if fold(text) in self.teams:
            return self.teams[fold(text)], "team", True
        if fold(text) in self.roles:
            return self.roles[fold(text)], "role", True
        return text, "team", False
