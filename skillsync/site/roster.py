"""The people as the atlas may show them: one list per field, restricted fields absent.

Everything the site writes is read from a Roster, and a restricted field never enters
one, so no page, chart or data file can show it. Texts are clipped here too: a cell may
hold 32,767 characters, a card has room for a line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from skillsync.core.analysis import Analysis
from skillsync.core.codes import Code
from skillsync.core.emails import shown_email
from skillsync.core.model import Issue
from skillsync.core.origins import Origin
from skillsync.site.ids import person_ids
from skillsync.site.inputs import Extras

TEXT_CHARS = 200  # a name, team, project or skill as shown
MESSAGE_CHARS = 400  # a problem's message, as the digest shows it
ISSUES_PER_PERSON = 12

# Problems whose message quotes the field's value, by the field they are about.
FIELD_CODES: dict[str, frozenset[Code]] = {
    "email": frozenset({Code.INVALID_EMAIL, Code.NON_ASCII_EMAIL, Code.MISSING_EMAIL}),
    "manager": frozenset({Code.INVALID_MANAGER_EMAIL}),
    "success_rate": frozenset({Code.RATE_NOT_NUMBER, Code.RATE_OVER_100, Code.RATE_NEGATIVE}),
    "last_updated": frozenset({Code.BAD_DATE, Code.FUTURE_DATE, Code.STALE_ROW}),
    "team": frozenset({Code.MISSING_TEAM}),
}
# Optional per-person columns, and the people-frame column each is read from.
OPTIONAL = {"team": "team", "role": "role", "location": "location",
            "availability": "availability", "manager": "manager", "last_updated": "last_updated",
            "success_rate": "success_rate", "past_projects": "past_projects",
            "current_projects": "current_projects", "learn": "learn"}
LIST_FIELDS = ("past_projects", "current_projects", "learn")
_BUSY = re.compile(r"^(not available|unavailable|not free|busy|booked|fully booked|no|none|"
                   r"n/?a|on leave|leave|away|out|0|0 ?%|0 days?)$")

Held = tuple[str, int | None, str]  # (skill, level 1-5 or None, level as written)


def clip(value: object, limit: int = TEXT_CHARS) -> str:
    """One line of at most `limit` characters (most cells already are: return those fast)."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit and text.isprintable() and "  " not in text and text == text.strip():
        return text
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Roster:
    ids: list[str]  # what links to a person carry (ids.py): an e-mail, p1, or a name's slug
    emails: list[str]  # "" where there is none or e-mails are restricted
    names: list[str]
    held: list[tuple[Held, ...]]
    rows: list[tuple[Origin, ...]]  # a row on the person's tab, or (another tab, row)
    sheets: list[str]
    columns: dict[str, list] = field(default_factory=dict)  # OPTIONAL fields that may show
    fields: list[tuple[str, str]] = field(default_factory=list)  # (field, header), sheet order
    issues: list[tuple[int, Issue]] = field(default_factory=list)  # (person, problem)
    available: list[bool] | None = None
    evidence: list[dict[str, float]] | None = None  # from Extras only

    def __len__(self) -> int:
        return len(self.names)

    def has(self, name: str) -> bool:
        return name in self.columns

    def value(self, name: str, person: int):
        column = self.columns.get(name)
        if column is None:
            return () if name in LIST_FIELDS else ""
        return column[person]

    def proof(self, person: int, skill: str) -> float:
        """How much the record backs a claim: the ranking's evidence, else past projects."""
        if self.evidence is not None:
            return self.evidence[person].get(skill, 0.0)
        return float(len(self.value("past_projects", person)))

    @cached_property
    def holders(self) -> dict[str, list[tuple[int, int | None]]]:
        """skill -> (person, level), most held skills first, each skill's holders in the
        order search shows them: by level (none given counts lowest), then evidence, then
        name (atlas.js ranks the same way)."""
        names = [n.casefold() for n in self.names]
        found: dict[str, list[tuple]] = {}
        for person, items in enumerate(self.held):
            for skill, level, _ in items:
                found.setdefault(skill, []).append((-(level or 0), -self.proof(person, skill),
                                                    names[person], self.ids[person], person,
                                                    level))
        ordered = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold()))
        return {skill: [(e[4], e[5]) for e in sorted(entries)] for skill, entries in ordered}

    @cached_property
    def learners(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for person, wanted in enumerate(self.columns.get("learn", ())):
            for skill in wanted:
                found.setdefault(skill, []).append(person)
        for people in found.values():
            people.sort(key=lambda p: self.names[p].casefold())
        return found

    @cached_property
    def skills(self) -> list[str]:
        """Every skill someone holds (most held first) or wants."""
        wanted = sorted(set(self.learners) - set(self.holders), key=str.casefold)
        return [*self.holders, *wanted]

    @cached_property
    def by_key(self) -> dict[str, int]:
        return {key: i for i, key in enumerate(self.ids)}


def build_roster(analysis: Analysis, restricted: frozenset[str] = frozenset(),
                 extras: Extras | None = None) -> Roster:
    """The shown people of `analysis`, in sheet order, without any `restricted` field."""
    extras = extras or Extras()
    people = analysis.people
    keys = [str(k) for k in people["key"].tolist()]
    hide_email = "email" in restricted
    hidden = restricted | ({"manager"} if hide_email else set())
    roster = Roster(
        ids=person_ids(keys, hide_email),
        emails=["" if hide_email else clip(shown_email(k)) for k in keys],
        names=[clip(n) for n in people["name"].tolist()],
        held=_held(people["expertise"].tolist()),
        rows=people["rows"].tolist(),
        sheets=[str(s) for s in people["sheet"].tolist()],
    )
    present = set(analysis.layout.columns) | {"learn"}  # a wide sheet's wishes have no column
    for name, column in OPTIONAL.items():
        if name not in hidden and name in present:
            roster.columns[name] = _column(name, people[column].tolist())
    roster.fields = _fields(analysis, hidden)
    roster.issues = _issues(analysis, keys, hidden)
    roster.available = _available(roster, keys, extras, present, hidden)
    if extras.evidence is not None:
        roster.evidence = [dict(extras.evidence.get(k, {})) for k in keys]
    return roster


def _held(values: list) -> list[tuple[Held, ...]]:
    seen: dict[tuple, Held] = {}  # a sheet's (skill, level) pairs repeat thousands of times
    return [tuple(seen.get(item) or seen.setdefault(item, (clip(item[0]), item[1],
                                                           clip(item[2], 40)))
                  for item in items) for items in values]


def _column(name: str, values: list) -> list:
    if name in LIST_FIELDS:
        seen: dict[str, str] = {}
        return [tuple(seen.get(v) or seen.setdefault(v, clip(v)) for v in items)
                for items in values]
    if name == "success_rate":
        return [None if v is None or (isinstance(v, float) and math.isnan(v))
                else round(float(v) * 100) for v in values]
    if name == "last_updated":
        return [v.isoformat() if isinstance(v, date) else "" for v in values]
    seen = {}
    return [seen.get(v) or seen.setdefault(v, clip(v)) if isinstance(v, str) else ""
            for v in values]


def _fields(analysis: Analysis, hidden: frozenset[str] | set[str]) -> list[tuple[str, str]]:
    layout = analysis.layout
    shown = sorted((i, f) for f, i in layout.columns.items() if f not in hidden)
    return [(f, clip(layout.headers.get(f, f), 80)) for _, f in shown]


def _issues(analysis: Analysis, keys: list[str], hidden: Iterable[str]) -> list[tuple[int, Issue]]:
    """Each person's problems, leaving out those about (and quoting) a restricted field."""
    headers = analysis.layout.headers
    columns = {headers[f] for f in hidden if f in headers}
    codes = frozenset().union(*(FIELD_CODES.get(f, frozenset()) for f in hidden))
    index = {k: i for i, k in enumerate(keys)}
    found: list[tuple[int, Issue]] = []
    counts: dict[int, int] = {}
    for issue in analysis.issues:
        person = index.get(issue.email) if issue.email else None
        if person is None or issue.column in columns or issue.code in codes:
            continue
        counts[person] = counts.get(person, 0) + 1
        if counts[person] <= ISSUES_PER_PERSON:
            found.append((person, issue))
    return found


def _available(roster: Roster, keys: list[str], extras: Extras, present: set[str],
               hidden: Iterable[str]) -> list[bool] | None:
    """Who can take on work. The ranking's answer when given; else the availability cell
    ("Not available", "busy", "0%" and the like mean no; an empty cell falls back to
    having no current project); without that column, having no current project. Only
    fields that may be shown are used, so the flag reveals nothing restricted."""
    if extras.available is not None:
        return [bool(extras.available.get(k, False)) for k in keys]
    current = roster.columns.get("current_projects") if "current_projects" in present else None
    if "availability" in present:
        if "availability" in hidden:
            return None
        cells = roster.columns["availability"]
        return [_says_available(text, current[i] if current is not None else None)
                for i, text in enumerate(cells)]
    return None if current is None else [not projects for projects in current]


def _says_available(text: str, current: tuple[str, ...] | None) -> bool:
    folded = " ".join(text.casefold().split())
    if not folded:
        return current is not None and not current
    return not _BUSY.match(folded)
