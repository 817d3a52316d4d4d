"""The atlas's pages: views of display-ready values, rendered by sandboxed Jinja templates.

Templates live in templates/site/ (a folder of the same name under `[output] templates`
overrides them file by file). Autoescaping is on for every page; the only markup that is
not escaped is the charts' SVG, built with every text escaped in charts.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from skillsync import paths
from skillsync.core.vocab import Vocabulary
from skillsync.output.templating import ConfinedLoader
from skillsync.site import charts, facts
from skillsync.site.facts import Bars, Group, Matrix, Site, Who
from skillsync.site.inputs import Extras

STATIC = ("atlas.css", "atlas.js", "search.js", "person.js")
ALIASES_SHOWN = 12
WISHES_SHOWN = 15


@dataclass(frozen=True)
class Meta:
    """What every page's frame shows."""

    title: str  # the organisation's sheet, e.g. "inventory"
    synced: str
    version: str


@dataclass(frozen=True)
class Chart:
    svg: Markup
    matrix: Matrix | None = None
    bars: Bars | None = None


@dataclass(frozen=True)
class Entry:
    name: str
    href: str
    count: int
    extra: int = 0


@dataclass(frozen=True)
class IndexView:
    counts: list[tuple[str, int]]
    teams: list[str]
    locations: list[str]
    has_free: bool
    heatmap: Chart | None
    bars: Chart | None
    by_location: Chart | None
    skills: list[Entry]
    teams_index: list[Entry]
    risks: list[tuple[str, str, str]]
    trends: list[tuple[str, str, Markup]]


@dataclass(frozen=True)
class SkillView:
    name: str
    category: str
    aliases: list[str]
    people: int
    wanting: int
    risk: str
    trend: Markup | None
    groups: list[Group]
    learners: Group | None
    mentors: list[Who] | None
    projects: list[Group] | None
    projects_more: int = 0


@dataclass(frozen=True)
class TeamView:
    name: str
    members: Group
    bars: Chart | None
    locations: list[tuple[str, int]] = field(default_factory=list)
    wishes: list[Entry] = field(default_factory=list)


def environment(extra: Path | None = None) -> jinja2.Environment:
    """Sandboxed, escaping, and reading nothing outside its folders (links out refused)."""
    folders = [p / "site" for p in (extra, paths.templates_dir()) if p]
    return SandboxedEnvironment(loader=ConfinedLoader(folders), autoescape=True,
                                undefined=jinja2.StrictUndefined, trim_blocks=True,
                                lstrip_blocks=True)


def static_files(extra: Path | None = None) -> dict[str, str]:
    """The hand-written stylesheet and script, from the user's folder when they have one
    (a file there that links outside it is not read)."""
    found = {}
    for name in STATIC:
        for folder in [p / "site" for p in (extra, paths.templates_dir()) if p]:
            path = folder / name
            if path.is_file() and path.resolve().is_relative_to(folder.resolve()):
                found[name] = path.read_text(encoding="utf-8")
                break
    return found


def render_pages(env: jinja2.Environment, site: Site, meta: Meta, extras: Extras,
                 vocabulary: Vocabulary | None,
                 mentors: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Every page, by its path inside the site folder."""
    pages = {"index.html": _render(env, "index.html.j2", meta, "", index_view(site, extras)),
             "person.html": _render(env, "person.html.j2", meta, "", None)}
    spellings = _spellings(vocabulary)
    for skill, slug in site.skill_slugs.items():
        view = skill_view(site, skill, extras, vocabulary, spellings.get(skill, []), mentors)
        pages[f"skills/{slug}.html"] = _render(env, "skill.html.j2", meta, "../", view)
    for team, slug in site.team_slugs.items():
        pages[f"teams/{slug}.html"] = _render(env, "team.html.j2", meta, "../",
                                              team_view(site, team))
    return pages


def _render(env: jinja2.Environment, template: str, meta: Meta, root: str, view: Any) -> str:
    return env.get_template(template).render(meta=meta, root=root, v=view)


def index_view(site: Site, extras: Extras) -> IndexView:
    roster = site.roster
    sizes = facts.team_sizes(roster)
    places = Counter(p for p in roster.columns.get("location", ()) if p)
    bars = facts.skill_bars(site, roster.holders, "Skills by number of people, by level")
    heat = facts.heatmap(site)
    spread = facts.teams_by_location(site)
    return IndexView(
        counts=[("People", len(roster)), ("Skills", len(roster.holders)),
                *([("Teams", len(sizes))] if sizes else []),
                *([("Locations", len(places))] if places else [])],
        teams=sorted(sizes, key=str.casefold),
        locations=sorted(places, key=str.casefold),
        has_free=roster.available is not None,
        heatmap=Chart(charts.heatmap(heat), matrix=heat) if heat else None,
        bars=Chart(charts.stacked_bars(bars), bars=bars) if bars.bars else None,
        by_location=Chart(charts.heatmap(spread), matrix=spread) if spread else None,
        skills=[Entry(s, site.skill_href(s), len(roster.holders.get(s, [])),
                      len(roster.learners.get(s, []))) for s in site.skill_slugs],
        teams_index=[Entry(t, site.team_href(t), sizes[t]) for t in site.team_slugs],
        risks=[(s, site.skill_href(s), text) for s, text in extras.risks.items() if text][:50],
        trends=[(s, site.skill_href(s), charts.sparkline(s, counts, extras.trend_labels))
                for s, counts in list(extras.trends.items())[:facts.BAR_SKILLS]],
    )


def skill_view(site: Site, skill: str, extras: Extras, vocabulary: Vocabulary | None,
               aliases: list[str], mentors: Mapping[str, Sequence[str]]) -> SkillView:
    roster = site.roster
    wanting = roster.learners.get(skill, [])
    projects, more = facts.projects_using(site, skill)
    trend = extras.trends.get(skill)
    return SkillView(
        name=skill,
        category=(vocabulary.category.get(skill, "") if vocabulary else ""),
        aliases=aliases[:ALIASES_SHOWN],
        people=len(roster.holders.get(skill, [])),
        wanting=len(wanting),
        risk=facts.risk_of(site, skill, extras.risks),
        trend=charts.sparkline(skill, trend, extras.trend_labels) if trend else None,
        groups=facts.holder_groups(site, skill),
        learners=(facts.people_group(site, "Want to learn it", wanting)
                  if roster.has("learn") else None),
        mentors=(facts.mentors_of(site, skill, list(mentors.get(skill, [])))
                 if roster.has("learn") else None),
        projects=projects if roster.has("current_projects") else None,
        projects_more=more,
    )


def team_view(site: Site, team: str) -> TeamView:
    roster = site.roster
    members = site.members.get(team, [])
    holders: dict[str, list[tuple[int, int | None]]] = {}
    for person in members:
        for skill, level, _ in roster.held[person]:
            holders.setdefault(skill, []).append((person, level))
    bars = facts.skill_bars(site, holders, f"Skills in {team}, by level", "../", 20)
    places = Counter(roster.columns["location"][p] or "(no location)" for p in members) \
        if roster.has("location") else Counter()
    wishes = Counter(s for p in members for s in roster.value("learn", p))
    return TeamView(
        name=team,
        members=facts.people_group(site, "People", members),
        bars=Chart(charts.stacked_bars(bars), bars=bars) if bars.bars else None,
        locations=places.most_common(facts.LOCATIONS_SHOWN),
        wishes=[Entry(s, site.skill_href(s, "../"), n)
                for s, n in wishes.most_common(WISHES_SHOWN)],
    )


def _spellings(vocabulary: Vocabulary | None) -> dict[str, list[str]]:
    """skill -> the other spellings the vocabulary knows for it."""
    found: dict[str, list[str]] = {}
    for spelling, canonical in (vocabulary.spellings if vocabulary else ()):
        if spelling != canonical and spelling not in found.setdefault(canonical, []):
            found[canonical].append(spelling)
    return found
