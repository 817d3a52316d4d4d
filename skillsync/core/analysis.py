"""The core's one entry point: an extract in, people, problems, duplicates and tabs out."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from typing import Any

import pandas as pd

from skillsync.core import (
    mentorlists,
    messages,
    nameorder,
    orgtabs,
    peopleskills,
    projecttab,
    runtabs,
    schema,
    summary,
    trends,
)
from skillsync.core.codes import Code
from skillsync.core.dedupe import Duplicate, Merged, merge_by_email
from skillsync.core.elsewhere import Elsewhere
from skillsync.core.grids import hidden_rows_issues, long_text_issues
from skillsync.core.heldcodes import HeldCodes
from skillsync.core.layouts import Extract
from skillsync.core.model import Grid, Issue, Layout, Severity
from skillsync.core.nameorder import NameOrder
from skillsync.core.namesakes import propose_same_name
from skillsync.core.people import Begun, Rules, read_records
from skillsync.core.replaced import problems_read
from skillsync.core.summary import SyncFacts
from skillsync.core.tabs import MAX_ROWS, Aside, Columnar, Tab
from skillsync.core.vocab import Vocabulary


@dataclass
class Analysis:
    layout: Layout
    rows_read: int
    people: pd.DataFrame  # one row per person, schema.PEOPLE_COLUMNS
    issues: list[Issue]
    duplicates: list[Duplicate]
    held: pd.DataFrame  # (person, name, team, skill, level, written, expert) expertise
    learners: pd.DataFrame  # (person, name, skill) wishes
    unknown_skills: dict[str, list[int]] = field(default_factory=dict)
    vocabulary: Vocabulary | None = None
    rows_without_email: int = 0
    mentor_level: int = 1  # the least level at which someone is offered as a mentor
    notes: list[str] = field(default_factory=list)  # how the sheet was read, for the report
    groups: dict[str, str] = field(default_factory=dict)  # skill -> category the sheet gives
    staffing: Any = None  # core.orgview.Staffing: shortlists, gaps, risks, mentor pairs
    # The people's name order being worked out elsewhere (see names_sent):
    # asked for once, then kept.
    names_given: Callable[[], Any] | None = None

    @cached_property
    def skills(self) -> dict[str, int]:
        """{skill: people listing it}, most common first (asked for by the history, the
        report, the digest and each team's digest)."""
        return summary.skill_counts(self.held, self.held_codes)

    @cached_property
    def held_codes(self) -> HeldCodes:
        """The held table's skills as codes, made once for every count by skill: the
        staffing answers' own when they were worked out for this table."""
        if self.staffing is not None and self.staffing.held is self.held:
            return self.staffing.codes
        return HeldCodes.of(self.held)

    @cached_property
    def mentors(self) -> dict[str, list[str]]:
        """Possible mentors for each wanted skill, best first: holders at the mentoring
        level, not fully booked, who do not want to learn it (mentorlists.mentors_by_skill)."""
        # People fully booked are offered as nobody's mentor (known from the staffing answers).
        booked = self.staffing.booked if self.staffing is not None else frozenset()
        return mentorlists.mentors_by_skill(self.held, self.learners, self.mentor_level,
                                            booked)

    @cached_property
    def name_order(self) -> NameOrder:
        """Everyone's name order, sorted once for every tab and the mentor pairs: the
        staffing answers' own when they were worked out for these people."""
        if self.staffing is not None and self.staffing.people is self.people:
            return self.staffing.name_order
        names = self.people["name"].tolist()
        return nameorder.given(self.names_given, names) or NameOrder.of(names)

    @cached_property
    def tidy(self) -> pd.DataFrame:
        """One row per (person, skill): the table behind every number (schema.tidy)."""
        return schema.tidy(self.people)

    def counts(self) -> dict[str, int]:
        errors = sum(1 for i in self.issues if i.severity == Severity.ERROR)
        warnings = sum(1 for i in self.issues if i.severity == Severity.WARNING)
        return {
            "People": len(self.people),
            "Rows without a usable e-mail": self.rows_without_email,
            "Duplicate e-mails merged": sum(1 for d in self.duplicates if d.action == "merged"),
            "Possible duplicates to review": sum(
                1 for d in self.duplicates if d.action == "review"),
            "Errors": errors,
            "Warnings": warnings,
            "Notes": len(self.issues) - errors - warnings,
        }


def analyse(extract: Extract, vocabulary: Vocabulary, rules: Rules,
            not_same: Collection[frozenset[str]] = (), begun: Begun | None = None,
            people_known: Callable[[pd.DataFrame, Layout], Any] | None = None) -> Analysis:
    """Read, check and deduplicate the inventory. Bad rows are issues, never exceptions.
    `begun`: the parsing begun already (people.begin), its slowest columns maybe elsewhere.
    `people_known`: called with the people (merged by e-mail, as the analysis holds them)
    as soon as they are, before their same-name pairs and skill tables are worked out."""
    layout = extract.layout
    rows = read_records(extract, vocabulary, rules, begun)
    on_grids = [issue for grid in extract.grids.values()
                for issue in (stray_cells(grid) + long_text_issues(grid)
                              + _hidden_people(grid, rows.frame, layout))]
    read_first = extract.issues
    latest_wins, notes = extract.latest_wins, extract.notes
    groups = {_skill_name(vocabulary, h): g for h, g in extract.groups.items()}
    del extract  # parsed: the raw cells can go, unless the caller still holds them
    merged = merge_by_email(rows.frame, layout, submissions=latest_wins)
    people = schema.check(merged.people, schema.PEOPLE_COLUMNS, "people")
    # Their names' order begun elsewhere first, then whoever builds from the people
    # alone begins (earlytabs.py), there too: the order sorted there is theirs as well.
    names_given = names_sent(people, begun.to if begun else None)
    if people_known:
        people_known(people, layout)
    proposals = propose_same_name(people, layout, set(not_same), rows.frame)
    without_email = int(rows.frame["key"].isna().sum())
    found, unknown_skills = problems_read(rows, merged.superseded, layout, vocabulary)
    rows_read = rows.rows_read
    del rows  # the records frame: the people frame holds what is kept of it
    return Analysis(
        layout=layout,
        rows_read=rows_read,
        people=people,
        issues=[*read_first, *found, *on_grids, *merged.issues],
        duplicates=merged.duplicates + proposals,
        held=summary.skill_table(people, rules.expert_level),
        learners=summary.learner_table(people),
        unknown_skills=unknown_skills,
        vocabulary=vocabulary,
        rows_without_email=without_email,
        mentor_level=rules.expert_level,  # [mentoring] min_level: orgview.attach
        notes=[*notes, *_merge_notes(merged, layout)],
        groups=groups,
        names_given=names_given,
    )


NAMES_ELSEWHERE = 50_000  # people from whom their name order is sorted elsewhere


def names_sent(people: pd.DataFrame, elsewhere: Elsewhere | None
               ) -> Callable[[], Any] | None:
    """The people's name order begun elsewhere (the second process that parsed the
    columns, idle by now) when they are many, asked for once (Analysis.names_given): sorted
    there while the same-name pairs, the skill tables, the staffing answers and the history
    are worked out here. None with too few people to be worth it, or nowhere to send it."""
    if elsewhere is None or len(people) < NAMES_ELSEWHERE:
        return None
    found = elsewhere(nameorder.sendable(people["name"].tolist()), "ordering the names")
    return cache(found) if found is not None else None


def _skill_name(vocabulary: Vocabulary, header: str) -> str:
    return vocabulary.canonical(header) or vocabulary.typo_of(header) or header


def _merge_notes(merged: Merged, layout: Layout) -> list[str]:
    notes = []
    if merged.resubmitted:
        notes.append(f"{messages.counted(merged.resubmitted, 'person', 'people')} answered "
                     "more than once; each is read from their latest answer.")
    if merged.latest_read:
        column = layout.headers.get("last_updated", "Last updated")
        notes.append(f"{messages.counted(merged.latest_read, 'person', 'people')} "
                     f"{'has' if merged.latest_read == 1 else 'have'} several rows; the most "
                     f"recently updated row of each ('{column}') was read.")
    return notes


def _hidden_people(grid: Grid, records: pd.DataFrame, layout: Layout) -> list[Issue]:
    """The rows of people hidden on this tab (a transposed sheet's columns: its records'
    rows are the columns people are in)."""
    if not (grid.hidden_columns if layout.transposed else grid.hidden):
        return []
    on_tab = records["sheet"].to_numpy(dtype=object) == grid.name
    return hidden_rows_issues(grid, records["row"].to_numpy()[on_tab].tolist(), layout.sheet,
                              across=layout.transposed)


def stray_cells(grid: Grid) -> list[Issue]:
    """Cells far outside the table were left out; say where, so someone can delete them."""
    issues = []
    for ref in grid.stray[:20]:
        row = int("".join(c for c in ref if c.isdigit()))
        issues.append(Issue(row, None, Code.STRAY_CELL, Severity.WARNING,
                            messages.stray_cell(ref, grid.name), ref, sheet=grid.name))
    return issues


def build_tabs(analysis: Analysis, facts: SyncFacts,
               titles: Mapping[str, str] = summary.DEFAULT_TITLES,
               begun: Mapping[str, Tab] | None = None, aside: Aside | None = None
               ) -> list[Tab]:
    """Every tool-owned tab, in the order they appear in the workbook; `begun`, those
    begun already (core/earlytabs.py), by key. With `aside`, the tabs a large sheet makes long
    (Data Issues, Duplicates) are offered to the writer to build."""
    begun = begun or {}
    layout = analysis.layout
    categories = {**(analysis.vocabulary.category if analysis.vocabulary else {}),
                  **analysis.groups}
    by_name = analysis.name_order.places  # the "Who" lists' order, sorted once
    return orgtabs.extend([
        summary.skills_tab(analysis.held, analysis.learners, categories, titles["skills"],
                           by_name, analysis.held_codes),
        begun.get("people_skills") or people_skills_tab(analysis, titles["people_skills"]),
        summary.team_skills_tab(analysis.people, analysis.held, titles["team_skills"],
                                counts=analysis.skills),  # counted once for the report too
        begun.get("projects") or projecttab.projects_tab(analysis.people, titles["projects"],
                                                         by_name),
        summary.learning_tab(analysis.learners, analysis.mentors, titles["learning"], by_name),
        _offered(aside, "issues", titles["issues"], len(analysis.issues),
                 partial(runtabs.issues_tab, Columnar(analysis.issues), layout,
                         titles["issues"])),
        begun.get("duplicates") or duplicates_tab(analysis, titles["duplicates"], aside),
        trends.tab(facts, analysis, titles["trends"]),
        runtabs.sync_tab(facts, layout, analysis.counts(), titles["sync"]),
    ], analysis.staffing, titles)


def duplicates_tab(analysis: Analysis, title: str, aside: Aside | None = None) -> Tab:
    """The Duplicates tab; with `aside`, offered to the writer to build elsewhere."""
    return _offered(aside, "duplicates", title, len(analysis.duplicates),
                    partial(runtabs.duplicates_tab, Columnar(analysis.duplicates),
                            analysis.layout, title))


def people_skills_tab(analysis: Analysis, title: str) -> Tab:
    """The People × Skills tab, its names in everyone's name order (sorted once for every
    tab); when the writer builds it elsewhere, see earlytabs.py."""
    listed = _tidy_rows_each(analysis.people)
    rows = int(listed.sum())  # past a tab's rows the table is not even built
    if rows >= MAX_ROWS:
        return peopleskills.too_large(rows, title)
    names = peopleskills.RowNames.of(analysis.name_order, listed)
    return peopleskills.from_people(analysis.people, analysis.layout, title, names)


def _offered(aside: Aside | None, key: str, title: str, rows: int, build: Callable[[], Tab]
             ) -> Tab:
    """The tab `build` makes (`rows` rows); with `aside`, offered to the writer to build
    elsewhere, unless it passes a sheet's rows (built here, to be refused as too large)."""
    return aside(key, title, rows, build) if aside and rows < MAX_ROWS else build()


_tidy_rows_each = peopleskills.rows_each


# The tabs in workbook order, by key; the staffing tabs follow Learning (orgtabs.extend).
TAB_ORDER = ("skills", "people_skills", "team_skills", "projects", "learning")
STAFFING_TABS = ("shortlist", "gaps", "risks")
RUN_TABS = ("issues", "duplicates", "trends", "sync")


def outline_tabs(analysis: Analysis,
                 titles: Mapping[str, str] = summary.DEFAULT_TITLES) -> list[Tab]:
    """The tabs `build_tabs` makes, titled but without their rows: enough for a write plan
    (which tabs a sync would add, replace, skip or leave stale), which `check` reports
    without building the tabs. A tab too large for a sheet is known from the people alone;
    one too large for a Google Sheet only once built (`sync --dry-run`)."""
    keys = [*TAB_ORDER, *(STAFFING_TABS if analysis.staffing is not None else ()), *RUN_TABS]
    rows = schema.tidy_rows(analysis.people)
    return [peopleskills.too_large(rows, titles[key])
            if key == "people_skills" and rows >= MAX_ROWS
            else Tab(key, titles.get(key, summary.DEFAULT_TITLES[key]), (), pd.DataFrame())
            for key in keys]
