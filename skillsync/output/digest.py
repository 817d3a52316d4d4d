"""The digest: small views of one sync, rendered as e-mail-safe HTML and a text twin.

A view holds display-ready values only; the templates do layout. Every list in a view is
capped (`limit`) and every value clipped, so a message's size does not grow with the
organisation: the mailer lowers `limit` until a message fits under Gmail's clipping size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from skillsync.config import Config
from skillsync.core.analysis import Analysis
from skillsync.core.cells import clean_text
from skillsync.core.codes import label
from skillsync.core.dedupe import Duplicate
from skillsync.core.heldcodes import HeldCodes
from skillsync.core.messages import counted
from skillsync.core.model import Issue, Severity
from skillsync.core.summary import SyncFacts, skill_counts
from skillsync.output import changes, heldfigures, staffing
from skillsync.output.capped import LIST_LIMIT, Capped, clip, listed

if TYPE_CHECKING:
    from skillsync.output.templating import Rendered


def __getattr__(name: str) -> Any:
    """`digest.environment`, `digest.render_view` and `Rendered`, from templating on first
    use: what only needs the views (`check --json`) goes without jinja2 and css_inline."""
    if name not in ("ConfinedLoader", "Rendered", "environment", "inline_css", "render_view"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from skillsync.output import templating

    return getattr(templating, name)


TOP_SKILLS = 10
MESSAGE_CHARS = 400  # a conflict over 300 merged rows is listed whole in the issues tab


@dataclass(frozen=True)
class Problem:
    row: str
    severity: str
    column: str
    message: str
    who: str


@dataclass(frozen=True)
class Review:
    rows: str
    names: str
    details: str


@dataclass(frozen=True)
class SkillBar:
    """A skill's holders as an e-mail-safe bar (table cells with widths, no images): the
    bar's width as a share of the longest, and (level, people, share of the bar, colour)."""

    width: int
    parts: list[tuple[str, int, int, str]]


# Level -> (name, colour), as the atlas's bars draw them.
BAR_LEVELS = ((5, "5 expert", "#0d3b6e"), (4, "4 advanced", "#1f5fa8"),
              (3, "3 intermediate", "#4f8fd6"), (2, "2 basic", "#8dbbe8"),
              (1, "1 beginner", "#c5dcf3"), (0, "no level given", "#8a96a3"))


@dataclass(frozen=True)
class DigestView:
    title: str
    source: str
    synced_at: str
    version: str
    headline: list[tuple[str, int]]
    top_skills: Capped
    single_holders: Capped
    learning: Capped
    problems: Capped
    problem_counts: dict[str, int]
    problem_kinds: list[tuple[str, int]]
    duplicates: Capped
    merged: int
    tabs: dict[str, str]
    team: str | None = None
    links: dict[str, str] = field(default_factory=dict)  # tab key -> URL, when there is one
    changes: list[str] = field(default_factory=list)
    skill_bars: list[SkillBar] = field(default_factory=list)  # beside top_skills, same order
    staffing: Any = None  # output/staffing.py StaffingView: gaps, risks, mentor pairs


@dataclass(frozen=True)
class _Part:
    """The people a digest speaks of (everyone, or one team) and what concerns them."""

    team: str | None
    people: int
    held: pd.DataFrame
    learners: pd.DataFrame
    issues: list[Issue]
    duplicates: list[Duplicate]
    codes: HeldCodes | None = None  # `held`'s skills as codes, when made already

    @classmethod
    def everyone(cls, analysis: Analysis) -> _Part:
        return cls(None, len(analysis.people), analysis.held, analysis.learners,
                   analysis.issues, analysis.duplicates, analysis.held_codes)

    @classmethod
    def team_of(cls, analysis: Analysis, team: str) -> _Part:
        members = analysis.people.index[analysis.people["team"] == team]
        keys = set(analysis.people.loc[members, "key"])
        return cls(team, len(members),
                   analysis.held[analysis.held["person"].isin(members)],
                   analysis.learners[analysis.learners["person"].isin(members)],
                   [i for i in analysis.issues if i.email in keys],
                   [d for d in analysis.duplicates if keys.intersection(d.emails)])


def build_view(facts: SyncFacts, analysis: Analysis, titles: Mapping[str, str], *,
               limit: int = LIST_LIMIT, links: Mapping[str, str] | None = None,
               full: bool = False) -> DigestView:
    """The organisation's digest (`full`: with restricted figures, for the leads only)."""
    return _view(facts, analysis, _Part.everyone(analysis), titles, limit, links, full)


def team_view(facts: SyncFacts, analysis: Analysis, titles: Mapping[str, str], team: str, *,
              limit: int = LIST_LIMIT, links: Mapping[str, str] | None = None) -> DigestView:
    """One team's digest for its manager; mentors may come from the whole organisation."""
    return _view(facts, analysis, _Part.team_of(analysis, team), titles, limit, links)


def _view(facts: SyncFacts, analysis: Analysis, part: _Part, titles: Mapping[str, str],
          limit: int, links: Mapping[str, str] | None, full: bool = False) -> DigestView:
    problems = sorted(part.issues, key=lambda i: (i.severity != Severity.ERROR, i.row or 0))
    names = _names(analysis.people, problems[:limit])
    review = [d for d in part.duplicates if d.action == "review"]
    errors = sum(1 for i in part.issues if i.severity == Severity.ERROR)
    notes = sum(1 for i in part.issues if i.severity == Severity.NOTE)
    # Everyone's counts are the analysis's own, counted once for the tabs and the report.
    counts = analysis.skills if part.team is None else skill_counts(part.held)
    where = f"Team {clip(part.team, 60)}" if part.team is not None else source_name(facts.source)
    return DigestView(
        title=f"Skills digest — {where}",
        source=clip(facts.source, 200),
        synced_at=facts.synced_at.strftime("%Y-%m-%d %H:%M"),
        version=facts.version,
        headline=[("People", part.people), ("Skills", len(counts)),
                  ("Problems", len(part.issues)), ("To review", len(review))],
        top_skills=Capped.of(_top_skills(part.held, counts, part.codes), TOP_SKILLS),
        single_holders=Capped.of(_single_holders(analysis.skills, part.held, part.codes),
                                 limit),
        learning=Capped.of(_demand(part.learners), limit, _with_mentors(analysis.mentors)),
        problems=Capped.of(problems, limit, lambda i: _problem(i, names)),
        problem_counts={"errors": errors, "warnings": len(part.issues) - errors - notes,
                        "notes": notes},
        problem_kinds=_kinds(part.issues),
        duplicates=Capped.of(review, limit, _review),
        merged=sum(1 for d in part.duplicates if d.action == "merged"),
        tabs=dict(titles),
        team=part.team,
        links=dict(links or {}),
        skill_bars=skill_bars(part.held, list(counts)[:TOP_SKILLS], part.codes),
        staffing=staffing.view(analysis.staffing, part.team, limit=limit, full=full),
        changes=changes.change_lines(facts.history, analysis.people, part.team, limit),
    )


def source_name(source: str) -> str:
    if source.startswith(("http://", "https://", "gsheet")):
        return "the shared sheet"
    return clip(Path(source).stem, 60)


def _top_skills(held: pd.DataFrame, counts: dict[str, int], codes: HeldCodes | None = None
                ) -> list[tuple[str, int, int]]:
    experts = heldfigures.experts(held, codes)
    return [(clip(skill), count, experts.get(skill, 0))
            for skill, count in list(counts.items())[:TOP_SKILLS]]


def skill_bars(held: pd.DataFrame, skills: list[str], codes: HeldCodes | None = None
               ) -> list[SkillBar]:
    """One bar per skill in `skills`: its holders split by level, the longest bar full
    (`codes`: `held`'s skills as codes, when made already)."""
    counts = heldfigures.holders_by_level(held, skills, codes)
    totals = {s: sum(counts.get((s, level), 0) for level, _, _ in BAR_LEVELS) for s in skills}
    longest = max(totals.values(), default=0) or 1
    bars = []
    for skill in skills:
        total = totals[skill] or 1
        parts = [(name, counts[(skill, level)], round(100 * counts[(skill, level)] / total),
                  colour) for level, name, colour in BAR_LEVELS if counts.get((skill, level))]
        bars.append(SkillBar(max(1, round(100 * totals[skill] / longest)), parts))
    return bars


def _single_holders(holders: Mapping[str, int], part: pd.DataFrame,
                    codes: HeldCodes | None = None) -> list[tuple[str, str]]:
    """Skills one person in the whole organisation holds (`holders`: people per skill),
    when that person is in `part`."""
    pairs = sorted(heldfigures.single_holders(holders, part, codes),
                   key=lambda p: p[0].casefold())
    return [(clip(skill), clip(name, 60)) for skill, name in pairs]


def _demand(learners: pd.DataFrame) -> list[tuple[str, int]]:
    demand = learners.groupby("skill")["person"].nunique().sort_values(
        ascending=False, kind="stable")
    return [(skill, int(wanted)) for skill, wanted in demand.items()]


def _with_mentors(mentors: Mapping[str, list[str]]):
    """Mentors come from the whole organisation, for a team's digest too."""

    def shown(item: tuple[str, int]) -> tuple[str, int, str]:
        skill, wanted = item
        return clip(skill), wanted, listed(mentors.get(skill, []), 3) or "nobody yet"

    return shown


def _names(people: pd.DataFrame, shown: list[Issue]) -> dict[str, str]:
    """The names of the people the shown problems are about, by e-mail key (a team's
    digest is built once per team: never a map of everyone)."""
    wanted = {i.email for i in shown if i.email}
    found = people[people["key"].isin(wanted)] if wanted else people.iloc[:0]
    return dict(zip(found["key"], found["name"], strict=True))


def _problem(issue: Issue, names: Mapping[str, str]) -> Problem:
    return Problem(
        row=_where(issue),
        severity=str(issue.severity),
        column=clip(issue.column or "", 40),
        message=clip(issue.message, MESSAGE_CHARS),
        who=clip(names.get(issue.email, ""), 40) if issue.email else "",
    )


def _where(issue: Issue) -> str:
    """'row 4', and the tab when it is not the inventory's first ('row 4 on 'Ads team'')."""
    where = f"row {issue.row}" if issue.row is not None else "sheet"
    return f"{where} on '{clip(clean_text(issue.sheet), 40)}'" if issue.sheet else where


def _kinds(issues: list[Issue]) -> list[tuple[str, int]]:
    counts = Counter(label(i.code) for i in issues)
    return counts.most_common() if len(counts) > 1 else []


def _review(duplicate: Duplicate) -> Review:
    details = "; ".join(f"{clip(k, 40)}: {listed(v, sep=' / ')}"
                        for k, v in list(duplicate.conflicts.items())[:6])
    return Review(rows=listed(duplicate.places, 6), names=listed(duplicate.names, sep=" / "),
                  details="; ".join(p for p in (listed(duplicate.emails), details) if p))


def render(facts: SyncFacts, analysis: Analysis, config: Config,
           template: str = "digest") -> Rendered:
    from skillsync.output.templating import environment, render_view

    view = build_view(facts, analysis, config.titles)
    return render_view(environment(config.templates), template, view, subject(view))


def subject(view: DigestView) -> str:
    """The headline numbers, so the inbox line alone tells whether to open it; kept short
    because a phone shows about 40 characters of it."""
    numbers = dict(view.headline)
    scope = f"Team {clip(view.team, 40)}" if view.team is not None else "Skills digest"
    return (f"{scope}: {counted(numbers['People'], 'person', 'people')}, "
            f"{counted(numbers['Skills'], 'skill')}, {counted(numbers['Problems'], 'problem')}, "
            f"{numbers['To review']} to review")
