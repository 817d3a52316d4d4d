"""The atlas's one data file: everyone the site may show, compact enough for 100k people.

The file is `data.js`, one statement assigning a JSON object to a global. A page opened
from a file share (file://) may not fetch() a .json file in Chromium, but it may load a
script beside it, and the Content-Security-Policy's script-src 'self' allows exactly
that; no eval is needed to read it. The object is columnar: one array per field, repeated
texts (teams, places, projects) stored once in `s` and referred to by index, skills by
their index in `skills`, a held skill as skill*8+level, first rows as differences from
the row before (a merged person's further rows apart, with their tab where it is
another). The skill vocabulary and the typo rule go with it, so the browser finds a
skill by alias or typo exactly as the sync does (atlas.js mirrors core/vocab.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from skillsync.backends import Linker
from skillsync.core import origins, vocab
from skillsync.core.codes import Code
from skillsync.core.model import Layout
from skillsync.site.facts import Site
from skillsync.site.roster import MESSAGE_CHARS, Roster, clip

FORMAT = 1
GLOBAL = "SKILLSYNC_ATLAS"
CELL = "{cell}"
TEXT_COLUMNS = ("team", "role", "location", "availability", "manager", "last_updated")
PROJECT_COLUMNS = ("past_projects", "current_projects")


class Strings:
    """Each distinct text once; index 0 is the empty text."""

    def __init__(self) -> None:
        self.items: list[str] = [""]
        self.index: dict[str, int] = {"": 0}

    def __call__(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.items)
            self.items.append(text)
        return found

    def many(self, texts: Iterable[str]) -> list[int]:
        return [self(t) for t in texts]


def build_data(site: Site, vocabulary: vocab.Vocabulary | None, layout: Layout,
               linker: Linker, meta: dict[str, str]) -> dict[str, Any]:
    """The JSON object `data.js` assigns; only what the roster holds, so nothing restricted."""
    roster = site.roster
    strings = Strings()
    skills = list(roster.skills)
    canon = list(dict.fromkeys(vocabulary.by_key.values())) if vocabulary else []
    skills += [s for s in canon if s not in set(skills)]
    skill_index = {s: i for i, s in enumerate(skills)}
    data: dict[str, Any] = {
        "format": FORMAT, **meta,
        "skills": skills,
        "pages": [site.skill_slugs.get(s, "") for s in skills],
        "fields": [list(f) for f in roster.fields],
        "people": _people(roster, strings, skill_index),
        **_issues(roster, strings),
        "sheets": _sheets(roster, layout, linker, strings),
        "vocab": _vocabulary(vocabulary, skills, skill_index),
    }
    data["teamPages"] = [[strings(t), slug] for t, slug in site.team_slugs.items()]
    data["s"] = strings.items
    return data


def _people(roster: Roster, strings: Strings, skills: dict[str, int]) -> dict[str, Any]:
    people: dict[str, Any] = {"n": len(roster), "name": roster.names}
    people.update(_identities(roster, strings))
    for name in TEXT_COLUMNS:
        if roster.has(name):
            people[name] = strings.many(roster.columns[name])
    for name in PROJECT_COLUMNS:
        if roster.has(name):
            people[name] = [strings.many(p) for p in roster.columns[name]]
    if roster.has("learn"):
        people["learn"] = [[skills[s] for s in wanted] for wanted in roster.columns["learn"]]
    if roster.has("success_rate"):
        people["success_rate"] = [-1 if r is None else r for r in roster.columns["success_rate"]]
    people["held"] = [[skills[s] * 8 + (level or 0) for s, level, _ in items]
                      for items in roster.held]
    people["written"] = [v for p, items in enumerate(roster.held)
                         for s, level, written in items if written and written != str(level)
                         for v in (p, skills[s], strings(written))]
    people.update(_rows(roster, strings))
    if roster.available is not None:
        people["free"] = [int(a) for a in roster.available]
    if roster.evidence is not None:
        people["ev"] = _evidence_ranks(roster, skills)
    return people


def _evidence_ranks(roster: Roster, skills: dict[str, int]) -> list[list[int]]:
    """Per person [skill, rank, ...]: where the ranking's evidence puts them among the
    skill's holders (1 the least). Only the order ships, never the figure behind it, which
    may come from a restricted field such as the success rate."""
    found: list[list[int]] = [[] for _ in range(len(roster))]
    for skill, pairs in roster.holders.items():
        values = {roster.proof(p, skill) for p, _ in pairs}
        rank = {v: i + 1 for i, v in enumerate(sorted(values))}
        for person, _ in pairs:
            found[person] += [skills[skill], rank[roster.proof(person, skill)]]
    return found


def _identities(roster: Roster, strings: Strings) -> dict[str, list]:
    """Ids as local part plus an indexed domain: most people share two or three domains."""
    local, domain = [], []
    for key in roster.ids:
        name, at, host = key.rpartition("@")
        local.append(name if at else key)
        domain.append(strings(host) if at else 0)
    return {"id": local, "at": domain} if any(domain) else {"id": local}


def _rows(roster: Roster, strings: Strings) -> dict[str, list]:
    """First rows as differences, more rows as (person, row) pairs, and only when some of
    them sit on another tab than their person's, that tab for each (0: the person's)."""
    firsts = [int(rows[0]) if rows else 0 for rows in roster.rows]
    more = [(p, tab, int(row)) for p, rows in enumerate(roster.rows)
            for tab, row in origins.located(rows[1:], "")]  # "": the person's own tab
    found: dict[str, list] = {
        "row": [row - before for before, row in pairwise([0, *firsts])],
        "more": [v for p, _, row in more for v in (p, row)],
    }
    if any(tab for _, tab, _ in more):
        found["moreTab"] = [strings(tab) for _, tab, _ in more]
    if len(set(roster.sheets)) > 1:
        found["tab"] = strings.many(roster.sheets)
    else:
        found["tab0"] = strings(roster.sheets[0] if roster.sheets else "")
    return found


def _issues(roster: Roster, strings: Strings) -> dict[str, list]:
    """Each shown problem as (person, code, column, message, cell); only the codes in use
    are listed, so not even a label names a field that is left out."""
    codes: dict[str, int] = {}
    flat = []
    for person, issue in roster.issues:
        code = codes.setdefault(str(issue.code), len(codes))
        flat += [person, code, strings(clip(issue.column or "", 80)),
                 strings(clip(issue.message, MESSAGE_CHARS)), strings(issue.cell or "")]
    known = {str(c): c for c in Code}
    return {"issues": flat,
            "codes": [[c, known[c].label, known[c].hint] if c in known else [c, c, ""]
                      for c in codes]}


def _sheets(roster: Roster, layout: Layout, linker: Linker, strings: Strings) -> list[list]:
    """How to point at a person's row in each tab: the backend's link with the cell left
    open, and the column (or, people across, the row) of their name."""
    field = next((f for f in ("name", "email") if f in layout.columns),
                 min(layout.columns, key=layout.columns.get, default=None))
    found = []
    for sheet in dict.fromkeys(roster.sheets):
        ref = layout.cell(field, 1, sheet) or "A1"
        anchor = ref.rstrip("0123456789") if not layout.transposed else ref.lstrip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        link = linker(sheet, CELL)
        found.append([strings(sheet), link if link.count(CELL) == 1 else "", anchor,
                      int(layout.transposed)])
    return found


def _vocabulary(vocabulary: vocab.Vocabulary | None, skills: list[str],
                index: dict[str, int]) -> dict[str, Any]:
    """Spelling keys -> skill, the vocabulary's first (only those take part in the typo
    rule, as in the sync), then the keys of skills the sheet has that it does not know."""
    keys: dict[str, int] = {}
    for key, canonical in (vocabulary.by_key.items() if vocabulary else ()):
        keys[key] = index[canonical]
    known = len(keys)
    for skill in skills:
        keys.setdefault(vocab.skill_key(skill), index[skill])
    return {"keys": list(keys), "to": list(keys.values()), "known": known,
            "typoMin": vocab.TYPO_MIN, "typoMax": 60, "typoLong": 9, "typoLimit": 8,
            "spellings": [list(p) for p in vocab._SPELLINGS]}


def encode(data: dict[str, Any]) -> str:
    """data.js: one assignment of plain JSON (no NaN, no functions)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return f"window.{GLOBAL} = {text};\n"
