"""One person per e-mail: the rows of one address merged, conflicts said.
Same-name people proposed for review: core/namesakes.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from skillsync.core import messages, origins, schema
from skillsync.core.cells import clean_text
from skillsync.core.codes import Code
from skillsync.core.emails import shown_email
from skillsync.core.model import Issue, Layout, Severity
from skillsync.core.namekeys import name_keys
from skillsync.core.shown import display as _display
from skillsync.core.shown import distinct_shown
from skillsync.core.shown import present as _present
from skillsync.core.tabs import capped_list


@dataclass(frozen=True)
class Duplicate:
    """Rows that are (or may be) one person, with every value they disagree on."""

    rows: tuple[int, ...]
    reason: str
    action: str  # "merged" | "review"
    emails: tuple[str, ...]
    names: tuple[str, ...]
    conflicts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sheets: tuple[str, ...] = ()  # the tab of each row, when rows come from several tabs

    @property
    def places(self) -> tuple[str, ...]:
        """Each row as a reader finds it: its number, with its tab ("4 (Ads team)") where
        the rows span several tabs."""
        if len(set(self.sheets)) < 2:
            return tuple(str(row) for row in self.rows)
        return tuple(f"{row} ({clean_text(tab)})"
                     for row, tab in zip(self.rows, self.sheets, strict=True))

    def as_dict(self) -> dict[str, Any]:
        found = {
            "rows": list(self.rows), "reason": self.reason, "action": self.action,
            "emails": list(self.emails), "names": list(self.names),
            "conflicts": {k: list(v) for k, v in self.conflicts.items()},
        }
        if len(set(self.sheets)) > 1:
            found["sheets"] = list(self.sheets)
        return found


@dataclass
class Merged:
    people: pd.DataFrame  # one row per person key, schema.PEOPLE_COLUMNS
    duplicates: list[Duplicate]
    issues: list[Issue]
    resubmitted: int = 0  # people whose earlier form answers were replaced by a later one
    latest_read: int = 0  # people with several dated rows, read from the newest
    # (tab, row) of the rows a newer row (or a form's later answer) of the same person
    # replaced: nothing in them is read, so nothing found in them is reported (replaced.py)
    superseded: frozenset[tuple[str, int]] = frozenset()


def merge_by_email(records: pd.DataFrame, layout: Layout, *, submissions: bool = False
                   ) -> Merged:
    """Records sharing a key (a normalised e-mail) become one person.

    With `submissions` (a forms export) a person is their latest answer, silently: answering
    again is how a form is corrected. Otherwise, when every row of a person is dated and one
    is newest, that row is the person (what they removed since is gone) and the rest is
    reported as a conflict to clean up; with no reliable date, lists are joined and
    disagreeing values flagged, never guessed.
    """
    # Selections only where rows are left out: taking every row of every column is a copy
    # of the whole table (the usual sheet: every row keyed, few keys repeated).
    # Keyless records are repeated among themselves only: they are left out either way.
    keyed = records["key"].notna().to_numpy()
    repeated = records["key"].duplicated(keep=False).to_numpy() & keyed
    single = keyed & ~repeated
    singles = records if single.all() else records[single]
    merged, duplicates, issues, superseded = [], [], [], []
    resubmitted = latest_read = 0
    for key, group in _Group.each_key(records[repeated]):
        if submissions:
            person, replaced = _latest_submission(group)
            merged.append(person)
            resubmitted += 1
            superseded += replaced
            continue
        person, duplicate, found, replaced = _merge_group(key, group, layout)
        merged.append(person)
        duplicates.append(duplicate)
        issues.extend(found)
        latest_read += bool(replaced)
        superseded += replaced
    # One record: its own row. (assign: `singles` may be the caller's frame itself.)
    singles = singles.assign(**{name: [origin] * len(singles)
                                for name, origin in OWN_ROW_LISTS.items()})
    people = pd.concat([singles, pd.DataFrame(merged)], ignore_index=True) if merged else singles
    people = people.sort_values("rid", kind="stable").reset_index(drop=True)
    people["name_key"] = name_keys(people["name"].tolist())
    people = people[list(schema.PEOPLE_COLUMNS)]
    return Merged(people, duplicates, issues, resubmitted, latest_read, frozenset(superseded))


class _Group:
    """One person's records, column by column as plain lists, in record order. A person
    has a handful of records: pandas' cost per column looked up would be most of the work
    of merging them."""

    def __init__(self, columns: dict[str, list[Any]]) -> None:
        self.columns = columns

    @classmethod
    def each_key(cls, records: pd.DataFrame) -> list[tuple[Any, _Group]]:
        """(key, its records) for each key, in the order keys are first met (groupby's,
        unsorted); each column of `records` read once, as `tolist` gives its values."""
        table = {name: records[name].tolist() for name in records.columns}
        by_key: dict[Any, list[int]] = {}
        for at, key in enumerate(table["key"]):
            by_key.setdefault(key, []).append(at)
        return [(key, cls({name: [values[at] for at in places]
                           for name, values in table.items()}))
                for key, places in by_key.items()]

    def __getitem__(self, name: str) -> list[Any]:
        return self.columns[name]

    def __len__(self) -> int:
        return len(self.columns["rid"])

    def row(self, at: int) -> dict[str, Any]:
        return {name: values[at] for name, values in self.columns.items()}

    def taken(self, places: list[int]) -> _Group:
        return _Group({name: [values[at] for at in places]
                       for name, values in self.columns.items()})


# A person of one record: their wishes and projects are all on their own row.
OWN_ROW_LISTS = {"learn_origin": origins.OWN_ROW, "project_origin": origins.OWN_ROW}


def _latest_submission(group: _Group) -> tuple[dict[str, Any], list[tuple[str, int]]]:
    """A form's latest answer, and the (tab, row) of the earlier ones it stands for."""
    order = sorted(range(len(group)), key=lambda i: (group["submitted"][i], group["rid"][i]))
    earlier = [(group["sheet"][i], int(group["row"][i])) for i in order[:-1]]
    return {**group.row(order[-1]), **OWN_ROW_LISTS}, earlier


def _merge_group(key: str, group: _Group, layout: Layout):
    ordered = group.taken(sorted(range(len(group)), key=group["rid"].__getitem__))
    latest = _latest_record(ordered)
    person = _identity(key, ordered)
    person["name"] = _pick(ordered, "name", latest)
    conflicts: dict[str, tuple[str, ...]] = {}
    issues: list[Issue] = []
    for name in schema.SCALAR_FIELDS:
        value, conflict, issue = _scalar(ordered, name, latest, layout)
        person[name] = value
        if conflict:
            conflicts[layout.headers.get(name, name)] = conflict
            issues.append(issue)
    # Lists come from the newest row alone when every row is dated and one is newest.
    newest = latest is not None and all(d is not None for d in ordered["last_updated"])
    source = (ordered.taken([at for at, rid in enumerate(ordered["rid"]) if rid == latest])
              if newest else ordered)
    _merge_lists(person, source)
    if not newest:  # rows joined: a skill at two levels is a conflict to clean up too
        found = _level_conflict(ordered, layout)
        if found is not None:
            conflicts[found[0]] = found[1]
            issues.append(found[2])
    _trace_origins(person, source)
    dates = [d for d in ordered["last_updated"] if d is not None]
    person["last_updated"] = max(dates) if dates else None
    replaced = [(sheet, int(row)) for rid, row, sheet in zip(
        ordered["rid"], ordered["row"], ordered["sheet"], strict=True) if rid != latest
        ] if newest else []
    return person, _duplicate(key, ordered, conflicts), issues, replaced


def _identity(key: str, ordered: _Group) -> dict[str, Any]:
    """Who the merged person is and where: their first record's place, every row's."""
    first = ordered.row(0)
    return {"rid": int(first["rid"]), "key": key, "sheet": first["sheet"],
            "rows": origins.places(ordered["rows"], ordered["sheet"], first["sheet"]),
            "submitted": first["submitted"], "row": int(first["row"]),
            "email": _first(ordered["email"])}


def _merge_lists(person: dict[str, Any], source: _Group) -> None:
    for name in schema.LIST_FIELDS:
        person[name] = tuple(dict.fromkeys(x for items in source[name] for x in items))
    person["expertise"] = _union_levels(source["expertise"])


def _trace_origins(person: dict[str, Any], source: _Group) -> None:
    """Which row each skill, wish and current project of the merged person came from."""
    person["origin"] = origins.merged(source["origin"], source["row"], source["sheet"],
                                      source["expertise"], person["expertise"],
                                      person["sheet"])
    for column, name in (("learn_origin", "learn"), ("project_origin", "current_projects")):
        person[column] = origins.listed(source["row"], source["sheet"], source[name],
                                        person[name], person["sheet"], person["row"])


def _duplicate(key: str, ordered: _Group, conflicts: dict[str, tuple[str, ...]]) -> Duplicate:
    rows = tuple(r for rs in ordered["rows"] for r in rs)
    names = distinct_shown(ordered["name"])
    by_email = bool(shown_email(key))
    reason = f"same e-mail {key}" if by_email else messages.same_name(names)
    return Duplicate(rows, reason, "merged", (key,) if by_email else (), names, conflicts,
                     tuple(s for s, rs in zip(ordered["sheet"], ordered["rows"], strict=True)
                           for _ in rs))


def _latest_record(group: _Group) -> int | None:
    """The record id with the newest 'last updated' date, if exactly one has it."""
    dated = [(d, r) for d, r in zip(group["last_updated"], group["rid"], strict=True) if d]
    if not dated:
        return None
    newest = max(d for d, _ in dated)
    winners = [r for d, r in dated if d == newest]
    return int(winners[0]) if len(winners) == 1 else None


def _scalar(group: _Group, name: str, latest: int | None, layout: Layout):
    values = [(int(rid), int(row), sheet, v) for rid, row, sheet, v in zip(
        group["rid"], group["row"], group["sheet"], group[name], strict=True) if _present(v)]
    distinct = distinct_shown(v for *_, v in values)
    if len(distinct) <= 1:
        return (values[0][3] if values else _empty(name)), (), None
    chosen = next((v for rid, _, _, v in values if rid == latest), None)
    label = layout.headers.get(name, name)
    several = len(set(group["sheet"])) > 1  # this person's rows, not only those with a value
    shown = [(_row_named(row, at, several), _display(v)) for _, row, at, v in values]
    _, row, sheet, _ = values[0]
    if chosen is None and name == "team" and "team" not in layout.columns:
        # No Team column: a row's team is its tab's name or the section label over it, so
        # the person is listed on each of those teams. The first is kept, not all joined:
        # "Search, Vision" would be a team of its own, which no filter or section finds.
        chosen = distinct[0]
        message = messages.teams_listed(label, shown, chosen, several, _keyed_by(group))
    else:
        message = messages.conflict(label, shown, _display(chosen) if chosen is not None
                                    else None, _keyed_by(group))
    issue = Issue(row, label, Code.CONFLICT, Severity.WARNING, message,
                  layout.cell(name, row, sheet), group["key"][0],
                  sheet if sheet != layout.sheet else None)
    return (chosen if chosen is not None else _empty(name)), distinct, issue


def _pick(group: _Group, name: str, latest: int | None):
    for rid, value in zip(group["rid"], group[name], strict=True):
        if rid == latest and _present(value):
            return value
    return _first(group[name])


def _first(values: Iterable[Any]) -> Any:
    return next((v for v in values if _present(v)), "")


def _empty(name: str) -> Any:
    return float("nan") if name == "success_rate" else ""


def _level_conflict(group: _Group, layout: Layout):
    """The skills listed at different levels on different rows of one person: (header,
    the values as shown, an issue), or None."""
    seen: dict[str, dict[int, int]] = {}  # skill -> level -> the first record giving it
    for at, items in enumerate(group["expertise"]):
        for skill, level, _ in items:
            if level is not None:
                seen.setdefault(skill, {}).setdefault(int(level), at)
    differing = {skill: found for skill, found in seen.items() if len(found) > 1}
    if not differing:
        return None
    label = layout.headers.get("expertise", "Skills")
    rows, sheets = group["row"], group["sheet"]
    several = len(set(sheets)) > 1
    shown = [(_row_named(int(rows[at]), sheets[at], several), f"{skill} {level}")
             for skill, found in differing.items()
             for level, at in sorted(found.items(), key=lambda item: item[1])]
    first = min(at for found in differing.values() for at in found.values())
    row, sheet = int(rows[first]), sheets[first]  # where the first differing level is
    highest = capped_list([f"{skill} {max(found)}" for skill, found in differing.items()],
                          messages.LISTED)
    issue = Issue(row, label, Code.CONFLICT, Severity.WARNING,
                  messages.conflict(label, shown, None, _keyed_by(group)).replace(
                      "skillsync will not guess", f"the higher level is read ({highest})"),
                  layout.cell("expertise", row, sheet), group["key"][0],
                  sheet if sheet != layout.sheet else None)
    return label, tuple(v for _, v in shown), issue


def _keyed_by(group: _Group) -> str:
    """What a person's rows share, as a message says it: their e-mail, or their name."""
    return "e-mail" if shown_email(group["key"][0]) else "name"


def _row_named(row: int, sheet: str, several: bool) -> int | str:
    """A row as a message names it: with its tab when one person's rows span several (the
    name cleaned as cell text is: a bidi override in it would turn the sentence around)."""
    return f"{row} on '{clean_text(sheet)}'" if several else row


def _union_levels(cells: Iterable[tuple]) -> tuple:
    levels: dict[str, tuple[int | None, str]] = {}
    for items in cells:
        for skill, level, written in items:
            if skill not in levels or (level or 0) > (levels[skill][0] or 0):
                levels[skill] = (level, written)
    return tuple((s, lv, w) for s, (lv, w) in levels.items())
