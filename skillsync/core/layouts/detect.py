"""Which layout a workbook's inventory is in, and which tabs hold it.

Each tab's best table is classified (see `classify`); the tab whose table is best keyed
and richest is the inventory, and other tabs with a table like it (one tab per team) are
read with it. A layout that would read ratings or level words as skills is never chosen:
matrix columns are recognised by their cells, and a skills column full of levels is a
sign the sheet is something else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from skillsync.core import levels, when
from skillsync.core.grids import runs_of
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.layouts import table as tables
from skillsync.core.layouts.columns import Context
from skillsync.core.layouts.table import Table
from skillsync.core.model import Grid

LAYOUTS = ("rows", "wide", "form", "long", "transposed")
WIDE_MIN = 3  # skill columns that make a matrix; fewer are ignored beside a skills cell
DISTINCT_ACROSS = 0.8  # share of distinct names a row of people across holds
ALIKE = 0.8  # share of header keys two tabs must share to be read together
TRANSPOSE_LIMIT = 200_000  # cells; a transposed inventory is a small team's sheet


@dataclass(frozen=True)
class Candidate:
    layout: str
    table: Table
    transposed: bool = False
    hidden: bool = False  # the tab is hidden in the workbook

    @property
    def rank(self) -> tuple[int, ...]:
        t = self.table
        richness = len(t.fields) + min(len(t.skills), 20) + (t.long_skill is not None) * 2
        return (int(t.keyed), int("email" in t.fields), int(not self.set_aside), richness)

    @property
    def set_aside(self) -> bool:
        """A tab whose name says it is not the current data ('Archive 2024', 'Old'), or
        one hidden: people hide an old copy, or the leavers, rather than delete them."""
        return self.hidden or self.named_aside

    @property
    def named_aside(self) -> bool:
        name = self.table.sheet
        return bool(_SET_ASIDE.search(name)) or _test_copy(name)


_SET_ASIDE = re.compile(r"\b(?:archive[ds]?|old|backup|copy|previous|template|example|"
                        r"sample|draft|obsolete|deprecated|history)\b", re.IGNORECASE)
# "Test" marks a test copy ('Test', 'Import test', 'Test Q3') but beside a word that
# names the people who test, or what they do: 'Test & QA', 'Test Automation', 'Perf
# test', 'Test & Learn' (an experimentation team).
_TESTERS = frozenset({"qa", "quality", "assurance", "automation", "engineering", "engineers",
                      "eng", "squad", "tooling", "sdet", "testers", "analysts", "managers",
                      "ops", "platform", "release", "learn", "learning", "performance",
                      "perf", "pen", "penetration", "security"})


def _test_copy(name: str) -> bool:
    words = re.findall(r"[^\W\d_]+", name.casefold())
    return "test" in words and not _TESTERS.intersection(words)


@dataclass(frozen=True)
class Options:
    layout: str | None = None  # forced with [source] layout
    tab: str | None = None  # forced with [source] tab
    header_row: int | None = None  # forced with [source] header_row
    words: levels.Words = levels.DEFAULT
    known: Callable[[str], bool] | None = None  # whether a text names a known skill
    epoch: date = when.EXCEL_EPOCH  # the day the workbook's serial 0 stands for

    def context(self, headers: HeaderVocabulary) -> Context:
        return Context(headers, self.words, self.known)


def classify(table: Table, forced: str | None = None) -> str | None:
    """The layout a table is in, or None when it is not an inventory."""
    if forced in ("rows", "wide", "form", "long"):
        return forced if table.keyed or table.skills else None
    if not table.keyed:
        return None
    if table.form:
        return "form"
    if table.long_skill is not None:
        return "long"
    if len(table.skills) >= WIDE_MIN:
        return "wide"
    # Skills in a cell, in pairs or listed; else who a row is and one more field (a name
    # split in two beside an e-mail alone is a directory, not the inventory).
    if "expertise" in table.fields or table.skill_pairs or table.skill_lists:
        return "rows"
    return "rows" if len(table.fields) >= 2 else None


def candidates(grids: Mapping[str, Grid], vocabulary: HeaderVocabulary,
               options: Options) -> list[Candidate]:
    """Every tab's reading, in tab order."""
    found = []
    for grid in grids.values():
        candidate = _candidate(grid, vocabulary, options)
        if candidate is not None:
            found.append(candidate)
    return found


def _candidate(grid: Grid, vocabulary: HeaderVocabulary, options: Options) -> Candidate | None:
    forced = options.layout
    normal = _normal(grid, vocabulary, options) if forced != "transposed" else None
    # A header cell 'E-mail' over cells with no address in them is a label of a sheet
    # that runs across (people in columns): try it turned before settling for it.
    doubtful = normal is None or normal.table.addresses(grid) < 0.2
    if doubtful and forced in (None, "transposed") and _small(grid):
        turned = _transposed(grid, vocabulary, options)
        if turned is not None:
            normal = turned
    return replace(normal, hidden=True) if normal is not None and grid.tab_hidden else normal


def _normal(grid: Grid, vocabulary: HeaderVocabulary, options: Options) -> Candidate | None:
    forced = options.layout
    table = tables.find(grid, options.context(vocabulary), options.header_row)
    layout = classify(table, forced) if table else None
    if layout is None or table is None:
        return None
    if forced is None and layout in ("wide", "rows"):
        table = _without_flags(table, options)
        # Skill columns left beside the flags stay a matrix; none left, the rows are read.
        layout = layout if table.skills else classify(table)
        if layout is None:
            return None
    return Candidate(layout, _without_stray_skills(table, layout, forced == "rows"))


def _transposed(grid: Grid, vocabulary: HeaderVocabulary, options: Options
                ) -> Candidate | None:
    turned = transpose(grid)
    table = tables.find(turned, options.context(vocabulary), corner_is_name=True)
    if table is None or not table.keyed or len(table.skills) < WIDE_MIN:
        return None
    across = [s.header.casefold() for s in table.skills]
    if len(set(across)) < DISTINCT_ACROSS * len(across):
        return None  # one value repeated across is a column of the usual table, not people
    if options.known is not None and not _people_across(turned, table, options.known):
        return None
    return Candidate("transposed", table, transposed=True)


def _people_across(turned: Grid, table: Table, known: Callable[[str], bool]) -> bool:
    """A sheet turned on its side must put people across and skills down: when more of its
    would-be people than of its would-be skills are skill names, it is the other way."""
    name_at = table.fields.get("name", 0)
    body = turned.rows[table.body_start: table.body_start + tables.SAMPLE_ROWS]
    people = [str(r[name_at]) for r in body if name_at < len(r) and isinstance(r[name_at], str)]
    skills = [s.header for s in table.skills]
    named = _share(people, known)
    return named < 0.3 and _share(skills, known) >= named


def _share(texts: Sequence[str], known: Callable[[str], bool]) -> float:
    return sum(1 for t in texts if known(t)) / len(texts) if texts else 0.0


def _without_flags(table: Table, options: Options) -> Table:
    """Yes/no columns that say something of the person ('Certified?', 'Remote', 'Mentor?',
    'On call'), not a skill they have, are left unread, and said to be: a skill column
    whose header, its '?' set aside, is a fact's name (FLAG_NAMES) and no known skill.
    Decided on the header alone, whatever its cells hold (Y/N on one team tab, 1 and
    blank on another), so that team tabs with the same columns read alike."""
    flags = tuple(s for s in table.skills if not s.question
                  and _flag_header(s.header, options.known))
    near = tuple(n for n in table.near_skills if not _flag_header(n[0], options.known))
    if not flags and near == table.near_skills:
        return table
    return replace(table, skills=tuple(s for s in table.skills if s not in flags),
                   ignored=table.ignored + tuple(s.header for s in flags),
                   flags=tuple(" ".join(s.header.split()) for s in flags), near_skills=near)


# What yes/no facts about a person are called in a header ("Remote?", "On call"): a
# header that is one of them, whole, is no skill ("Remote sensing", "Lead generation" are).
FLAG_NAMES = frozenset({
    "certified", "certification", "certificate", "remote", "remote work", "works remotely",
    "hybrid", "onsite", "on site", "on-site", "office based", "mentor", "is mentor",
    "is a mentor", "mentor available", "can mentor", "manager", "people manager",
    "line manager", "is manager", "team lead", "tech lead", "lead", "on call", "on-call",
    "oncall", "contractor", "full time", "full-time", "part time", "part-time", "permanent",
    "available", "availability", "relocate", "willing to relocate", "open to relocation",
    "visa", "needs visa", "visa sponsorship", "clearance", "security clearance", "cleared",
    "onboarded", "leaver", "new joiner", "new starter", "intern", "billable", "active",
    "zertifiziert", "homeoffice", "home office", "télétravail", "teletravail",
})


def _flag_header(header: str, known: Callable[[str], bool] | None) -> bool:
    """A fact's name, asked or not ("Remote?", "Certified"), naming no known skill."""
    name = " ".join(header.strip().rstrip("?").split()).casefold()
    return name in FLAG_NAMES and not (known is not None and known(name))


def _without_stray_skills(table: Table, layout: str, forced: bool) -> Table:
    """In a rows layout, one or two level columns ('Certified?') are not a matrix; read as
    rows on purpose, no column is."""
    if layout != "rows" or not table.skills or (len(table.skills) >= WIDE_MIN and not forced):
        return table
    ignored = table.ignored + tuple(s.header for s in table.skills)
    # Only the skill columns go: a split name, skill pairs and lists are read as found.
    return replace(table, skills=(), ignored=ignored, long_skill=None, long_level=None)


def _small(grid: Grid) -> bool:
    width = max((len(r) for r in grid.rows[:200]), default=0)
    return width >= 2 and width * len(grid.rows) <= TRANSPOSE_LIMIT


def transpose(grid: Grid) -> Grid:
    """Columns as rows: a sheet with people across and skills down reads as a matrix."""
    width = max((len(r) for r in grid.rows), default=0)
    rows = [[r[c] if c < len(r) else None for r in grid.rows] for c in range(width)]
    merged = tuple((c1, r1, c2, r2) for r1, c1, r2, c2 in grid.merged)
    # Hidden columns (people) become hidden rows, and hidden rows (fields) columns.
    hidden = tuple(c for first, last in grid.hidden_columns
                   for c in range(max(first, grid.first_col),
                                  min(last, grid.first_col + width - 1) + 1))
    return Grid(grid.name, rows, grid.first_col, grid.first_row, merged=merged,
                hidden=hidden, hidden_columns=runs_of(grid.hidden), tab_hidden=grid.tab_hidden)


def choose(found: Sequence[Candidate]) -> tuple[Candidate | None, list[Candidate], list[str]]:
    """(the inventory, tabs read with it, other tabs that look like an inventory)."""
    if not found:
        return None, [], []
    best = max(found, key=lambda c: c.rank)  # max keeps the first of equals: tab order
    together = [c for c in found if c is best or (_alike(c, best) and _read_with(c, best))]
    others = [c.table.sheet for c in found if c not in together and len(c.table.fields) >= 3]
    return best, together, others


def named_aside_alike(found: Sequence[Candidate], best: Candidate,
                      together: Sequence[Candidate]) -> list[str]:
    """Tabs with the inventory's columns left unread because their names say they are
    not current data ('Archive 2024', 'Old', 'Copy of Data')."""
    return [c.table.sheet for c in found
            if c not in together and c.named_aside and _alike(c, best)]


def _read_with(one: Candidate, best: Candidate) -> bool:
    """Whether a tab alike to the inventory is read with it: not when set aside, unless
    the inventory is hidden too (a workbook keeping all its team tabs hidden)."""
    return not one.set_aside or (best.hidden and one.hidden and not one.named_aside)


def _alike(one: Candidate, other: Candidate) -> bool:
    if one.layout != other.layout or one.transposed != other.transposed:
        return False
    a, b = one.table.signature, other.table.signature
    return bool(a) and len(a & b) >= ALIKE * max(len(a), len(b))
