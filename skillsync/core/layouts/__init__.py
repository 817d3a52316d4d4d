"""Layout readers: whatever shape the sheet is kept in, one set of records out.

`read(grids, vocabulary, options)` finds the inventory among the tabs (see detect.py),
reads it with its layout's reader and returns an `Extract`: the records, where they came
from (a `Layout`), and what the report should say about the reading. When no tab can be
read it returns an `Unreadable` whose message says what was found and how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from skillsync.core import levels, messages
from skillsync.core.codes import Code
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.layouts import detect, diagnose, readers, tabnotes
from skillsync.core.layouts.detect import LAYOUTS, Candidate, Options
from skillsync.core.layouts.hidden import hidden_columns_issues
from skillsync.core.layouts.records import Body, Records
from skillsync.core.layouts.table import Table, legend_named
from skillsync.core.model import Grid, Issue, Layout, Place, Severity

__all__ = ["LAYOUTS", "Extract", "Options", "Unreadable", "read"]


@dataclass
class Extract:
    layout: Layout
    records: Records
    grids: dict[str, Grid]  # the tabs read, as read (for the checksum)
    issues: list[Issue] = field(default_factory=list)  # about the reading as a whole
    notes: list[str] = field(default_factory=list)  # what the report says about it
    groups: dict[str, str] = field(default_factory=dict)  # skill header -> category above
    scale: levels.Scale = field(default_factory=levels.Scale)
    latest_wins: bool = False  # a person's latest submission is the person (forms)
    # The words every tab's legend numbers, with their levels on the five-point scale:
    # levels in all of them (levels.Words.with_named)
    legend_words: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Unreadable:
    message: str


def read(grids: Mapping[str, Grid], vocabulary: HeaderVocabulary,
         options: Options | None = None) -> Extract | Unreadable:
    """The inventory in `grids` (tab name -> grid, in workbook order)."""
    options = options or Options()
    named = _legend_words(grids, vocabulary, options)
    options = replace(options, words=options.words.with_named(named)) if named else options
    found = detect.candidates(grids, vocabulary, options)
    best, together, others = detect.choose(found)
    if best is None:
        return Unreadable(diagnose.message(grids, vocabulary, options))
    turned = {c.table.sheet: detect.transpose(grids[c.table.sheet]) if c.transposed
              else grids[c.table.sheet] for c in together}
    unnamed = diagnose.unnamed_levels(turned[best.table.sheet], best.table, options.words)
    if unnamed and best.layout == "rows" and "expertise" not in best.table.fields:
        return Unreadable(unnamed)
    tabs_read: list[Records] = []
    notes: list[str] = []
    tab_team = len(together) > 1 and "team" not in best.table.fields
    for candidate in together:
        grid = turned[candidate.table.sheet]
        team = candidate.table.sheet if tab_team else None
        more, body = readers.read(grid, candidate.table, best.layout, team, options.epoch)
        tabs_read.append(more)
        notes.extend(_body_notes(candidate.table, body))
    # One tab's records as they are; several tabs' copied into one.
    records = tabs_read[0] if len(tabs_read) == 1 else Records()
    if len(tabs_read) > 1:
        for more in tabs_read:
            records.extend(more)
    extract = Extract(_layout(best, together), records,
                      {c.table.sheet: grids[c.table.sheet] for c in together})
    aside = detect.named_aside_alike(found, best, together)
    extract.notes = (_reading_notes(best, together, tab_team)
                     + ([tabnotes.named_aside(aside, best.table.sheet)] if aside else []) + notes)
    extract.issues = _sheet_issues(best, together, others,
                                   {c.table.sheet for c in found if c.hidden})
    extract.issues += [issue for c in together for issue in hidden_columns_issues(
        c.table, turned[c.table.sheet], best.table.sheet, across=best.transposed)]
    extract.groups = {s.header: s.group for c in together for s in c.table.skills if s.group}
    extract.scale = best.table.stated_scale or _scale_of(records, options.words)
    extract.legend_words = tuple(named)
    extract.latest_wins = best.layout == "form"
    return extract


def _legend_words(grids: Mapping[str, Grid], vocabulary: HeaderVocabulary,
                  options: Options) -> tuple[tuple[str, float], ...]:
    """The words legends number ("3 = can teach") on the tabs that hold people: levels in
    every tab, as team tabs share one legend, often written on the first only. A lookup
    tab's legend ("1 = On site, 3 = Remote") is not about levels."""
    named = {name: legend_named(grid) for name, grid in grids.items()}
    if not any(named.values()):
        return ()
    people = {c.table.sheet for c in detect.candidates(grids, vocabulary, options)
              if c.table.keyed}
    return tuple(pair for name, pairs in named.items() if name in people for pair in pairs)


def _layout(best: Candidate, together: list[Candidate]) -> Layout:
    table = best.table
    places = {c.table.sheet: Place(_columns(c.table)[0], c.table.first_col,
                                   {s.header: s.index for s in c.table.skills})
              for c in together}
    columns, headers = _columns(table)
    return Layout(table.sheet, table.header_row, columns, headers, table.first_col,
                  table.ignored, best.layout, tuple(c.table.sheet for c in together),
                  best.transposed, places)


def _columns(table: Table) -> tuple[dict[str, int], dict[str, str]]:
    """Field -> column, and field -> header; a name split in two points at its first part.
    Skills read from a column found by its content (its header unknown: 'Stuff I know')
    are under that column's header, so a renamed skills column is still the skills."""
    columns, headers = dict(table.fields), dict(table.headers)
    if table.name_parts is not None and "name" not in columns:
        columns["name"] = table.name_parts[0]
        headers["name"] = "Name"
    for (_, kind), header in zip(table.skill_lists, table.skill_list_headers, strict=False):
        headers.setdefault(kind, header)
    return columns, headers


def _reading_notes(best: Candidate, together: list[Candidate], tab_team: bool) -> list[str]:
    notes = []
    if len(together) > 1:
        tabs = ", ".join(f"'{c.table.sheet}'" for c in together)
        notes.append(f"Read {len(together)} tabs with the same columns together: {tabs}"
                     + ("; each tab's name is its people's team." if tab_team else "."))
    if best.layout == "form":
        notes.append("A person who answered the form several times is read from their "
                     "latest answer.")
    return notes


def _body_notes(table: Table, body: Body) -> list[str]:
    notes = []
    if body.sections:
        notes.append(f"'{table.sheet}': {messages.counted(body.sections, 'section row')} "
                     "(such as a team's name over its block) read as labels, not people.")
    if body.filled_down:
        notes.append(f"'{table.sheet}': a team written once over its block (a merged cell) "
                     f"was filled down to {messages.counted(body.filled_down, 'row')}.")
    if body.notes is not None:
        notes.append(tabnotes.notes_under_table(table.sheet, *body.notes,
                                                table.headers.get("email")))
    notes.extend(tabnotes.unread_skill_list(table.sheet, header)
                 for header in table.unread_lists)
    if table.flags:
        notes.append(tabnotes.flag_columns(table.sheet, table.flags))
    if table.skills and table.near_skills:
        notes.append(tabnotes.near_skill_columns(table.sheet, table.near_skills))
    return notes


def _sheet_issues(best: Candidate, together: list[Candidate], others: list[str],
                  hidden: set[str]) -> list[Issue]:
    table = best.table
    issues = []
    if others:
        read = [c.table.sheet for c in together]
        issues.append(Issue(table.header_row, None, Code.SEVERAL_INVENTORIES, Severity.WARNING,
                            tabnotes.several_inventories(read, others, hidden),
                            sheet=table.sheet))
    has_skills = ("expertise" in table.fields or table.skills or table.long_skill is not None
                  or table.skill_pairs or any(k == "expertise" for _, k in table.skill_lists))
    if not has_skills:
        issues.append(Issue(table.header_row, None, Code.NO_SKILLS_COLUMN, Severity.WARNING,
                            tabnotes.no_skills_column(table.ignored), sheet=table.sheet))
    if "email" not in table.fields:
        issues.append(Issue(table.header_row, None, Code.NO_EMAIL_COLUMN, Severity.WARNING,
                            tabnotes.no_email_column(), sheet=table.sheet))
    return issues


def _scale_of(records: Records, words: levels.Words) -> levels.Scale:
    numbers = []
    for pairs in records.matrix:
        for _, value, _ in pairs:
            reading = levels.read(value, words)
            if reading.kind is levels.Kind.LEVEL and not reading.word and reading.of is None:
                numbers.append(reading.number or 0.0)
    return levels.guess_scale(numbers)
