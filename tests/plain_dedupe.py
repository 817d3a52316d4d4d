"""Merging one person's records the plain way, with pandas row by row: how the core merged
them before its records were read as plain columns, kept to hold the core to it."""

from __future__ import annotations

from typing import Any

import pandas as pd

from skillsync.core import messages, origins, schema
from skillsync.core.codes import Code
from skillsync.core.dedupe import (
    Duplicate,
    _display,
    _empty,
    _first,
    _present,
    _row_named,
    _union_levels,
    distinct_shown,
)
from skillsync.core.model import Issue, Layout, Severity
from skillsync.core.tabs import capped_list


def _latest_submission(group: pd.DataFrame) -> dict[str, Any]:
    order = sorted(range(len(group)), key=lambda i: (group["submitted"].iloc[i],
                                                     group["rid"].iloc[i]))
    return {**group.iloc[order[-1]].to_dict(), "learn_origin": origins.OWN_ROW,
            "project_origin": origins.OWN_ROW}


def _merge_group(key: str, group: pd.DataFrame, layout: Layout):
    ordered = group.sort_values("rid")
    latest = _latest_record(ordered)
    every_dated = all(d is not None for d in ordered["last_updated"])
    first = ordered.iloc[0]
    rows = tuple(r for rs in ordered["rows"] for r in rs)
    person: dict[str, Any] = {"rid": int(first["rid"]), "key": key, "sheet": first["sheet"],
                              "rows": origins.places(ordered["rows"], ordered["sheet"],
                                                     first["sheet"]),
                              "submitted": first["submitted"], "row": int(first["row"])}
    person["email"] = _first(ordered["email"])
    person["name"] = _pick(ordered, "name", latest)
    conflicts: dict[str, tuple[str, ...]] = {}
    issues = []
    for name in schema.SCALAR_FIELDS:
        value, conflict, issue = _scalar(ordered, name, latest, layout)
        person[name] = value
        if conflict:
            conflicts[layout.headers.get(name, name)] = conflict
            issues.append(issue)
    newest = latest is not None and every_dated
    source = ordered[ordered["rid"] == latest] if newest else ordered
    for name in schema.LIST_FIELDS:
        person[name] = tuple(dict.fromkeys(x for items in source[name] for x in items))
    person["expertise"] = _union_levels(source["expertise"])
    if not newest:  # rows joined: a skill at two levels is a conflict to clean up too
        found = _level_conflict(ordered, layout)
        if found is not None:
            conflicts[found[0]] = found[1]
            issues.append(found[2])
    person["origin"] = origins.merged(source["origin"], source["row"], source["sheet"],
                                      source["expertise"], person["expertise"],
                                      person["sheet"])
    person["learn_origin"] = origins.listed(source["row"], source["sheet"], source["learn"],
                                            person["learn"], person["sheet"],
                                            person["row"])
    person["project_origin"] = origins.listed(
        source["row"], source["sheet"], source["current_projects"],
        person["current_projects"], person["sheet"], person["row"])
    dates = [d for d in ordered["last_updated"] if d is not None]
    person["last_updated"] = max(dates) if dates else None
    duplicate = Duplicate(rows, f"same e-mail {key}", "merged",
                          (key,), distinct_shown(ordered["name"]), conflicts,
                          tuple(s for s, rs in zip(ordered["sheet"], ordered["rows"],
                                                   strict=True) for _ in rs))
    return person, duplicate, issues, int(newest)


def _latest_record(group: pd.DataFrame) -> int | None:
    """The record id with the newest 'last updated' date, if exactly one has it."""
    dated = [(d, r) for d, r in zip(group["last_updated"], group["rid"], strict=True) if d]
    if not dated:
        return None
    newest = max(d for d, _ in dated)
    winners = [r for d, r in dated if d == newest]
    return int(winners[0]) if len(winners) == 1 else None


def _scalar(group: pd.DataFrame, name: str, latest: int | None, layout: Layout):
    values = [(int(rid), int(row), sheet, v) for rid, row, sheet, v in zip(
        group["rid"], group["row"], group["sheet"], group[name], strict=True) if _present(v)]
    distinct = distinct_shown(v for *_, v in values)
    if len(distinct) <= 1:
        return (values[0][3] if values else _empty(name)), (), None
    chosen = next((v for rid, _, _, v in values if rid == latest), None)
    label = layout.headers.get(name, name)
    several = group["sheet"].nunique() > 1  # this person's rows, not only those with a value
    shown = [(_row_named(row, at, several), _display(v)) for _, row, at, v in values]
    _, row, sheet, _ = values[0]
    issue = Issue(row, label, Code.CONFLICT, Severity.WARNING,
                  messages.conflict(label, shown, _display(chosen) if chosen is not None else None),
                  layout.cell(name, row, sheet), group["key"].iloc[0],
                  sheet if sheet != layout.sheet else None)
    return (chosen if chosen is not None else _empty(name)), distinct, issue


def _pick(group: pd.DataFrame, name: str, latest: int | None):
    for rid, value in zip(group["rid"], group[name], strict=True):
        if rid == latest and _present(value):
            return value
    return _first(group[name])


def _level_conflict(group: pd.DataFrame, layout: Layout):
    """The skills listed at different levels on different rows of one person: (header,
    the values as shown, an issue), or None."""
    seen: dict[str, dict[int, int]] = {}  # skill -> level -> the first record giving it
    for at, items in enumerate(group["expertise"].tolist()):
        for skill, level, _ in items:
            if level is not None:
                seen.setdefault(skill, {}).setdefault(int(level), at)
    differing = {skill: found for skill, found in seen.items() if len(found) > 1}
    if not differing:
        return None
    label = layout.headers.get("expertise", "Skills")
    rows, sheets = group["row"].tolist(), group["sheet"].tolist()
    several = len(set(sheets)) > 1
    shown = [(_row_named(int(rows[at]), sheets[at], several), f"{skill} {level}")
             for skill, found in differing.items()
             for level, at in sorted(found.items(), key=lambda item: item[1])]
    first = min(at for found in differing.values() for at in found.values())
    row, sheet = int(rows[first]), sheets[first]  # where the first differing level is
    highest = capped_list([f"{skill} {max(found)}" for skill, found in differing.items()],
                          messages.LISTED)
    issue = Issue(row, label, Code.CONFLICT, Severity.WARNING,
                  messages.conflict(label, shown, None).replace(
                      "skillsync will not guess", f"the higher level is read ({highest})"),
                  layout.cell("expertise", row, sheet), group["key"].iloc[0],
                  sheet if sheet != layout.sheet else None)
    return label, tuple(v for _, v in shown), issue
