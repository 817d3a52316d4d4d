"""One person per e-mail, and same-name pairs proposed for a human to review."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import pandas as pd

from skillsync.core import messages
from skillsync.core.model import Issue, Layout, Severity
from skillsync.core.names import name_key, numbered_namesakes

SCALAR_FIELDS = ("team", "success_rate", "role", "location", "manager", "availability")
LIST_FIELDS = ("past_projects", "current_projects", "learn")
# People sharing one name key. Past this many it is a common name ("Wei Zhang" in a large
# organisation), not a duplicate, and a proposal of dozens of rows would help nobody.
MAX_BLOCK = 20


@dataclass(frozen=True)
class Duplicate:
    """Rows that are (or may be) one person, with every value they disagree on."""

    rows: tuple[int, ...]
    reason: str
    action: str  # "merged" | "review"
    emails: tuple[str, ...]
    names: tuple[str, ...]
    conflicts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": list(self.rows), "reason": self.reason, "action": self.action,
            "emails": list(self.emails), "names": list(self.names),
            "conflicts": {k: list(v) for k, v in self.conflicts.items()},
        }


@dataclass
class Merged:
    people: pd.DataFrame  # one row per person key; `rows` holds the source sheet rows
    duplicates: list[Duplicate]
    issues: list[Issue]


def merge_by_email(rows: pd.DataFrame, layout: Layout) -> Merged:
    """Rows sharing a normalised e-mail become one person; disagreements are flagged."""
    usable = rows[rows["key"].notna()]
    repeated = usable["key"].duplicated(keep=False)
    singles = usable[~repeated].copy()
    singles["rows"] = [(r,) for r in singles["row"]]
    merged, duplicates, issues = [], [], []
    for key, group in usable[repeated].groupby("key", sort=False):
        person, duplicate, found = _merge_group(key, group, layout)
        merged.append(person)
        duplicates.append(duplicate)
        issues.extend(found)
    people = pd.concat([singles, pd.DataFrame(merged)], ignore_index=True) if merged else singles
    people = people.sort_values("row", kind="stable").reset_index(drop=True)
    people["name_key"] = [name_key(n) if n else "" for n in people["name"].tolist()]
    return Merged(people.drop(columns=["row"]), duplicates, issues)


def _merge_group(key: str, group: pd.DataFrame, layout: Layout):
    ordered = group.sort_values("row")
    latest = _latest_row(ordered)
    person: dict[str, Any] = {"row": int(ordered["row"].iloc[0]), "key": key,
                              "rows": tuple(int(r) for r in ordered["row"])}
    person["email"] = _first(ordered["email"])
    person["name"] = _pick(ordered, "name", latest)
    conflicts: dict[str, tuple[str, ...]] = {}
    issues = []
    for name in SCALAR_FIELDS:
        value, conflict, issue = _scalar(ordered, name, latest, layout)
        person[name] = value
        if conflict:
            conflicts[layout.headers.get(name, name)] = conflict
            issues.append(issue)
    for name in LIST_FIELDS:
        person[name] = tuple(dict.fromkeys(x for items in ordered[name] for x in items))
    person["expertise"] = _union_levels(ordered["expertise"])
    dates = [d for d in ordered["last_updated"] if d is not None]
    person["last_updated"] = max(dates) if dates else None
    duplicate = Duplicate(person["rows"], f"same e-mail {key}", "merged",
                          (key,), _distinct(ordered["name"]), conflicts)
    return person, duplicate, issues


def _latest_row(group: pd.DataFrame) -> int | None:
    """The one row with the newest 'last updated' date, if exactly one has it."""
    dated = [(d, r) for d, r in zip(group["last_updated"], group["row"], strict=True) if d]
    if not dated:
        return None
    newest = max(d for d, _ in dated)
    winners = [r for d, r in dated if d == newest]
    return int(winners[0]) if len(winners) == 1 else None


def _scalar(group: pd.DataFrame, name: str, latest: int | None, layout: Layout):
    values = [(int(r), v) for r, v in zip(group["row"], group[name], strict=True) if _present(v)]
    distinct = _distinct(v for _, v in values)
    if len(distinct) <= 1:
        return (values[0][1] if values else _empty(name)), (), None
    chosen = next((v for r, v in values if r == latest), None)
    label = layout.headers.get(name, name)
    shown = [(r, _display(v)) for r, v in values]
    issue = Issue(values[0][0], label, "conflict", Severity.WARNING,
                  messages.conflict(label, shown, _display(chosen) if chosen is not None else None),
                  f"{layout.letter(name)}{values[0][0]}" if name in layout.columns else None,
                  group["key"].iloc[0])
    return (chosen if chosen is not None else _empty(name)), distinct, issue


def _pick(group: pd.DataFrame, name: str, latest: int | None):
    for row, value in zip(group["row"], group[name], strict=True):
        if row == latest and _present(value):
            return value
    return _first(group[name])


def _first(values: Iterable[Any]) -> Any:
    return next((v for v in values if _present(v)), "")


def _present(value: Any) -> bool:
    return value is not None and value != "" and value == value  # NaN != NaN


def _empty(name: str) -> Any:
    return float("nan") if name == "success_rate" else ""


def _display(value: Any) -> str:
    """How a value is shown in a conflict: rates as percentages, exact enough to differ."""
    if isinstance(value, float):
        return f"{value:.0%}" if round(value * 100, 6).is_integer() else f"{value:.1%}"
    return str(value)


def _distinct(values: Iterable[Any]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_display(v) for v in values if _present(v)))


def _union_levels(cells: Iterable[tuple]) -> tuple:
    levels: dict[str, int | None] = {}
    for items in cells:
        for skill, level in items:
            if skill not in levels or (level or 0) > (levels[skill] or 0):
                levels[skill] = level
    return tuple(levels.items())


def propose_same_name(people: pd.DataFrame, layout: Layout,
                      not_same: Collection[frozenset[str]],
                      rows: pd.DataFrame | None = None) -> list[Duplicate]:
    """People with different e-mails but one name key, proposed for review (never merged).

    Candidates are blocked on the name key, so the work grows with the data, not its square.
    A block is proposed as one group; when some of its pairs are ruled out (marked "not the
    same person", or numbered namesake addresses) each remaining pair is proposed alone, so
    a ruled-out pair never reappears inside a bigger group. With the per-row frame, the
    conflicting values listed come from every source row, merged ones included.
    """
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(people["name_key"].tolist()):
        if key:
            blocks[key].append(index)
    by_row = rows.set_index("row") if rows is not None else None
    keys = people["key"].tolist()
    proposals = []
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            for group in _candidate_groups(keys, members, not_same):
                proposals.append(_proposal(people, by_row, group, layout))
    return sorted(proposals, key=lambda d: d.rows)


def _candidate_groups(keys: list[str], members: list[int], not_same) -> list[list[int]]:
    pairs = list(combinations(members, 2))
    allowed = [
        (a, b) for a, b in pairs
        if frozenset((keys[a], keys[b])) not in not_same
        and not numbered_namesakes(keys[a], keys[b])
    ]
    if len(allowed) == len(pairs):
        return [members]
    return [[a, b] for a, b in allowed]


def _proposal(people: pd.DataFrame, by_row: pd.DataFrame | None, group: list[int],
              layout: Layout) -> Duplicate:
    chosen = people.iloc[group]
    rows = tuple(sorted(r for rs in chosen["rows"] for r in rs))
    source = by_row.loc[list(rows)] if by_row is not None else chosen
    names = _distinct(source["name"])
    conflicts = {}
    for name in SCALAR_FIELDS:
        distinct = _distinct(source[name])
        if len(distinct) > 1:
            conflicts[layout.headers.get(name, name)] = distinct
    reason = "same name " + " / ".join(f"'{n}'" for n in names)
    return Duplicate(rows, reason, "review", tuple(chosen["key"]), names, conflicts)
