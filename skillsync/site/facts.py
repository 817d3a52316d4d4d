"""Display-ready facts for the atlas pages: per skill, per team, and the charts' numbers.

Pure functions of a Roster. Every list is capped so a page's size does not grow with the
organisation; the search on the landing page always has everyone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import quote

from skillsync.site.roster import Roster

LEVEL_NAMES = {5: "expert", 4: "advanced", 3: "intermediate", 2: "basic", 1: "beginner"}
LEVEL_ORDER: tuple[int | None, ...] = (5, 4, 3, 2, 1, None)
PEOPLE_PER_LEVEL = 100
PEOPLE_LISTED = 200
PROJECTS_LISTED = 50
SKILL_PAGES = 2000  # skills beyond these (typed once each, in a huge sheet) get no page
TEAM_PAGES = 500
HEATMAP_SKILLS = 20
HEATMAP_TEAMS = 25
BAR_SKILLS = 25
LOCATIONS_SHOWN = 12
NO_TEAM = "(no team)"
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}


def level_label(level: int | None) -> str:
    return f"Level {level} — {LEVEL_NAMES[level]}" if level else "Level not given"


def slugs(names: Sequence[str]) -> dict[str, str]:
    """A distinct, portable file name for each name (ASCII, lower case, no Windows devices)."""
    taken: set[str] = set()
    found: dict[str, str] = {}
    for name in names:
        ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        base = re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")[:60] or "item"
        base = f"{base}-x" if base in _RESERVED else base
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        found[name] = slug
    return found


@dataclass(frozen=True)
class Who:
    """One person as a list shows them."""

    name: str
    href: str
    detail: str = ""


@dataclass(frozen=True)
class Group:
    title: str
    people: list[Who]
    more: int = 0


@dataclass(frozen=True)
class Matrix:
    """Counts with labelled rows and columns (a heatmap, and its table twin)."""

    title: str
    row_title: str
    col_title: str
    rows: list[tuple[str, str]]  # (label, href or "")
    cols: list[tuple[str, str]]
    values: list[list[int]]
    unit: tuple[str, str] = ("person", "people")


@dataclass(frozen=True)
class Bar:
    label: str
    href: str
    total: int
    by_level: list[int]  # counts in LEVEL_ORDER


@dataclass(frozen=True)
class Bars:
    title: str
    bars: list[Bar]


@dataclass
class Site:
    """Where every page goes, shared by the pages and the data file."""

    roster: Roster
    skill_slugs: dict[str, str] = field(default_factory=dict)
    team_slugs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, roster: Roster) -> Site:
        teams = team_sizes(roster)
        return cls(roster, slugs(roster.skills[:SKILL_PAGES]), slugs(list(teams)[:TEAM_PAGES]))

    def skill_href(self, skill: str, root: str = "") -> str:
        slug = self.skill_slugs.get(skill)
        return f"{root}skills/{slug}.html" if slug else ""

    def team_href(self, team: str, root: str = "") -> str:
        slug = self.team_slugs.get(team or NO_TEAM)
        return f"{root}teams/{slug}.html" if slug else ""

    def person_href(self, person: int, root: str = "") -> str:
        return f"{root}person.html#p={quote(self.roster.ids[person], safe='@.')}"

    @cached_property
    def members(self) -> dict[str, list[int]]:
        """team -> its people by name, for teams that have a page."""
        found: dict[str, list[int]] = {team: [] for team in self.team_slugs}
        for person, team in enumerate(self.roster.columns.get("team", ())):
            if (team or NO_TEAM) in found:
                found[team or NO_TEAM].append(person)
        for people in found.values():
            people.sort(key=lambda p: self.roster.names[p].casefold())
        return found

    def who(self, person: int, root: str, extra: str = "") -> Who:
        roster = self.roster
        place = [roster.value(f, person) for f in ("team", "location")]
        detail = " · ".join(p for p in (*place, extra) if p)
        return Who(roster.names[person], self.person_href(person, root), detail)


def team_sizes(roster: Roster) -> dict[str, int]:
    """team -> people, largest first; empty when teams may not be shown."""
    if not roster.has("team"):
        return {}
    counts = Counter(t or NO_TEAM for t in roster.columns["team"])
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold())))


def level_counts(pairs: Sequence[tuple[int, int | None]]) -> list[int]:
    counts = Counter(level for _, level in pairs)
    return [counts.get(level, 0) for level in LEVEL_ORDER]


def skill_bars(site: Site, holders: Mapping[str, Sequence[tuple[int, int | None]]],
               title: str, root: str = "", limit: int = BAR_SKILLS) -> Bars:
    top = sorted(holders.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold()))[:limit]
    return Bars(title, [Bar(skill, site.skill_href(skill, root), len(pairs), level_counts(pairs))
                        for skill, pairs in top])


def heatmap(site: Site, root: str = "") -> Matrix | None:
    """Teams down, the most held skills across, people in the cells."""
    roster = site.roster
    teams = list(team_sizes(roster))[:HEATMAP_TEAMS]
    skills = list(roster.holders)[:HEATMAP_SKILLS]
    if not teams or not skills:
        return None
    position = {t: i for i, t in enumerate(teams)}
    values = [[0] * len(skills) for _ in teams]
    for j, skill in enumerate(skills):
        for person, _ in roster.holders[skill]:
            i = position.get(roster.columns["team"][person] or NO_TEAM)
            if i is not None:
                values[i][j] += 1
    return Matrix("Teams and their skills", "Team", "Skill",
                  [(t, site.team_href(t, root)) for t in teams],
                  [(s, site.skill_href(s, root)) for s in skills], values)


def teams_by_location(site: Site, root: str = "") -> Matrix | None:
    roster = site.roster
    if not roster.has("team") or not roster.has("location"):
        return None
    pairs = Counter(zip((t or NO_TEAM for t in roster.columns["team"]),
                        (loc or "(no location)" for loc in roster.columns["location"]),
                        strict=True))
    places = Counter()
    for (_, place), n in pairs.items():
        places[place] += n
    cols = [p for p, _ in sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))]
    cols = cols[:LOCATIONS_SHOWN]
    teams = list(team_sizes(roster))[:HEATMAP_TEAMS]
    if not cols or not teams:
        return None
    values = [[pairs.get((t, c), 0) for c in cols] for t in teams]
    return Matrix("Where each team works", "Team", "Location",
                  [(t, site.team_href(t, root)) for t in teams], [(c, "") for c in cols], values)


def holder_groups(site: Site, skill: str, root: str = "../") -> list[Group]:
    """A skill's holders by level, the best first within each level."""
    groups: dict[int | None, list[int]] = {}
    for person, level in site.roster.holders.get(skill, []):
        groups.setdefault(level, []).append(person)
    return [Group(level_label(level),
                  [site.who(p, root) for p in groups[level][:PEOPLE_PER_LEVEL]],
                  max(len(groups[level]) - PEOPLE_PER_LEVEL, 0))
            for level in LEVEL_ORDER if level in groups]


def people_group(site: Site, title: str, people: Sequence[int], root: str = "../",
                 limit: int = PEOPLE_LISTED) -> Group:
    return Group(title, [site.who(p, root) for p in people[:limit]],
                 max(len(people) - limit, 0))


def mentors_of(site: Site, skill: str, names: Sequence[str], root: str = "../") -> list[Who]:
    """Mentors are given by name; link each to the holder of that name when it is one."""
    by_name: dict[str, list[int]] = {}
    for person, _ in site.roster.holders.get(skill, []):
        by_name.setdefault(site.roster.names[person], []).append(person)
    found = []
    for name in names[:PEOPLE_LISTED]:
        matches = by_name.get(name, [])
        found.append(site.who(matches[0], root) if len(matches) == 1 else Who(name, ""))
    return found


def projects_using(site: Site, skill: str, root: str = "../") -> tuple[list[Group], int]:
    """Current projects of the skill's holders, the most staffed with it first."""
    roster = site.roster
    if not roster.has("current_projects"):
        return [], 0
    members: dict[str, list[int]] = {}
    for person, _ in roster.holders.get(skill, []):
        for project in roster.columns["current_projects"][person]:
            members.setdefault(project, []).append(person)
    ordered = sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold()))
    groups = [people_group(site, project, people, root, 20)
              for project, people in ordered[:PROJECTS_LISTED]]
    return groups, max(len(ordered) - PROJECTS_LISTED, 0)


def risk_of(site: Site, skill: str, risks: Mapping[str, str]) -> str:
    """The bus-factor flag: what the risk analysis says, else the plain count."""
    if skill in risks:
        return risks[skill]
    holders = len(site.roster.holders.get(skill, []))
    if holders == 0:
        return "Nobody holds this skill yet."
    return "Only one person holds this skill." if holders == 1 else ""
