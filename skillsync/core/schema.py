"""The tables the core passes around, written down once and checked at its boundary.

records: one row per source record (a sheet row, or a person's rows in a long export)
    as every layout reader produces it, parsed.
people: one row per person, after records sharing an e-mail (or a name, without an
    e-mail column) are merged. Everything downstream reads only this and `skills`.
    Each keeps its source: `sheet`, their first row's tab, and `rows`, plain rows on it,
    (tab, row) for a merged person's rows on another tab; and `origin`, `learn_origin`
    and `project_origin`, where each skill, wish and current project was read
    (core/origins.py).
skills ("tidy"): one row per (person, skill) with the level, as `skillsync export` writes
    it and the People × Skills tab shows it.

Skill items are (skill, level, written) triples: the canonical skill, its level on the
1-5 scale or None, and the level as the sheet wrote it ("4/5", "Advanced", "x", or "").
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

import numpy as np
import pandas as pd

from skillsync.core import origins

# The inventory's fields, as headers are matched to them.
FIELDS = (
    "name", "email", "team", "role", "manager", "location", "expertise", "past_projects",
    "success_rate", "current_projects", "learn", "availability", "last_updated",
)
TEXT_FIELDS = ("name", "team", "role", "location", "availability")  # one line of text
PROJECT_FIELDS = ("past_projects", "current_projects")  # lists of project names
SKILL_FIELDS = ("expertise", "learn")  # lists of skills
# One value per person: when merged records disagree, the conflict is reported.
SCALAR_FIELDS = ("team", "success_rate", "role", "location", "manager", "availability")
# Many values per person: merged records contribute all of theirs.
LIST_FIELDS = (*PROJECT_FIELDS, "learn")

RECORD_COLUMNS = (
    "rid", "sheet", "row", "rows", "name", "email", "key", "team", "role", "manager",
    "location", "expertise", "past_projects", "success_rate", "current_projects", "learn",
    "availability", "last_updated", "submitted", "origin",
)
PEOPLE_COLUMNS = (
    "key", "email", "name", "team", "role", "manager", "location", "expertise",
    "past_projects", "success_rate", "current_projects", "learn", "availability",
    "last_updated", "rows", "sheet", "origin", "learn_origin", "project_origin", "name_key",
)
SKILL_COLUMNS = ("email", "name", "team", "skill", "level", "written", "kind", "row", "sheet")
EXPORT_COLUMNS = ("email", "name", "team", "skill", "level", "kind", "row", "sheet")


Column = np.ndarray | pd.api.extensions.ExtensionArray  # a table's column, taken apart


class SchemaError(AssertionError):
    """A core table is not what its schema says: a defect in skillsync, not in the data."""


def check(frame: pd.DataFrame, columns: Iterable[str], what: str) -> pd.DataFrame:
    """`frame` unchanged if it has exactly `columns` (any order), else SchemaError."""
    wanted = set(columns)
    found = set(frame.columns)
    if found != wanted:
        missing, extra = sorted(wanted - found), sorted(found - wanted)
        raise SchemaError(f"the {what} table is off its schema: missing {missing}, "
                          f"unexpected {extra}")
    if len(frame) and "expertise" in found:
        _check_items(frame["expertise"].iloc[0], what)
    return frame


def _check_items(items: object, what: str) -> None:
    if not isinstance(items, tuple) or any(not isinstance(i, tuple) or len(i) != 3
                                           for i in items):
        raise SchemaError(f"the {what} table's expertise holds {items!r}, not "
                          "(skill, level, written) triples")


def tidy_rows(people: pd.DataFrame) -> int:
    """How many rows `tidy(people)` has, without building it."""
    return (sum(map(len, people["expertise"].tolist()))
            + sum(map(len, people["learn"].tolist())))


def tidy(people: pd.DataFrame) -> pd.DataFrame:
    """The person × skill table: expertise and learning wishes, one row each, person by
    person (their expertise first): `tidy_columns` as a frame."""
    return pd.DataFrame(tidy_columns(people), columns=list(SKILL_COLUMNS))


# The people's columns the tidy table is made of (tidy_columns reads no other).
TIDY_SOURCES = ("expertise", "learn", "rows", "key", "name", "team", "origin",
                "learn_origin", "sheet")


def tidy_columns(people: pd.DataFrame) -> dict[str, Column]:
    """The tidy table's columns, each a plain array (texts as objects, levels Int64), for
    a reader that takes the columns apart again (the People × Skills tab): no frame, so no
    text column is copied into pandas' string type and back. Built column by column: each
    person's own values are taken for all their rows at once, only the skill items are
    walked one by one."""
    held, wanted = people["expertise"].tolist(), people["learn"].tolist()
    firsts = [rows[0] for rows in people["rows"].tolist()]
    everyone = np.arange(len(people))
    listed = [len(items) for items in held]
    person = np.concatenate([np.repeat(everyone, listed),
                             np.repeat(everyone, [len(items) for items in wanted])])
    order = np.argsort(person, kind="stable")  # each person's expertise, then their wishes
    learning = len(person) - sum(listed)
    keys = people["key"].tolist()
    each_person = {  # one value per person, repeated on each of their rows
        "email": np.array([k if k and "@" in k else "" for k in keys], dtype=object),
        "name": people["name"].to_numpy(object), "team": people["team"].to_numpy(object)}
    skills, levels, written = _item_columns(held)
    each_row = {
        "skill": _objects(skills + list(chain.from_iterable(wanted))),
        # Floats, NaN for no level, which pandas turns into Int64 in C, not value by value.
        "level": np.array(levels + [None] * learning, dtype=float),
        "written": _objects(written + [""] * learning),
        "kind": _KINDS[(np.arange(len(person)) >= len(person) - learning).view(np.int8)]}
    rows, elsewhere = origins.rows_and_tabs(held, people["origin"].tolist(), firsts)
    wishes, wished_elsewhere = origins.rows_and_tabs(
        wanted, people["learn_origin"].tolist(), firsts, named=True)
    elsewhere.update((len(rows) + at, tab) for at, tab in wished_elsewhere.items())
    rows += wishes
    person_of_row = person[order]
    columns = {
        **{name: values[person_of_row] for name, values in each_person.items()},
        **{name: values[order] for name, values in each_row.items()},
        "row": np.asarray(rows, dtype=np.int64)[order],
        "sheet": _tabs(people["sheet"].to_numpy(object), person, order, elsewhere)}
    columns["level"] = pd.array(columns["level"], dtype="Int64")
    return {name: columns[name] for name in SKILL_COLUMNS}


_KINDS = np.array(["expertise", "learn"], dtype=object)


def _item_columns(held: list[tuple]) -> tuple[list, list, list]:
    """The skills, levels and levels as written of every expertise item, in order: the
    triples transposed in one step (zip, strict: every item a triple) instead of one
    walk over them per column."""
    items = list(chain.from_iterable(held))
    if not items:
        return [], [], []
    skills, levels, written = zip(*items, strict=True)
    return list(skills), list(levels), list(written)


def _tabs(sheets: np.ndarray, person: np.ndarray, order: np.ndarray,
          elsewhere: dict[int, str]) -> np.ndarray:
    """Each row's tab: its person's, but for the few skills a merged person has from
    another tab (`elsewhere`, by position before `order`)."""
    if not elsewhere:
        return sheets[person[order]]
    tabs = sheets[person]
    tabs[list(elsewhere)] = list(elsewhere.values())
    return tabs[order]


def _objects(values: list) -> np.ndarray:
    found = np.empty(len(values), dtype=object)
    found[:] = values
    return found
