"""The tables the core passes around, written down once and checked at its boundary.

records: one row per source record (a sheet row, or a person's rows in a long export)
    as every layout reader produces it, parsed.
people: one row per person, after records sharing an e-mail (or a name, without an
    e-mail column) are merged. Everything downstream reads only this and `skills`.
skills ("tidy"): one row per (person, skill) with the level, as `skillsync export` writes
    it and the People × Skills tab shows it.

Skill items are (skill, level, written) triples: the canonical skill, its level on the
1-5 scale or None, and the level as the sheet wrote it ("4/5", "Advanced", "x", or "").
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

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
    "last_updated", "rows", "sheet", "origin", "name_key",
)
SKILL_COLUMNS = ("email", "name", "team", "skill", "level", "written", "kind", "row", "sheet")
EXPORT_COLUMNS = ("email", "name", "team", "skill", "level", "kind", "row", "sheet")


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


def tidy(people: pd.DataFrame) -> pd.DataFrame:
    """The person × skill table: expertise and learning wishes, one row each."""
    records = []
    for key, name, team, rows, sheet, origin, held, wanted in zip(
            people["key"].tolist(), people["name"].tolist(),
            people["team"].tolist(), people["rows"].tolist(), people["sheet"].tolist(),
            people["origin"].tolist(), people["expertise"].tolist(), people["learn"].tolist(),
            strict=True):
        address = key if key and "@" in key else ""
        for skill, level, written in held:
            records.append((address, name, team, skill, level, written, "expertise",
                            origin.get(skill, rows[0]), sheet))
        for skill in wanted:
            records.append((address, name, team, skill, None, "", "learn", rows[0], sheet))
    frame = pd.DataFrame(records, columns=list(SKILL_COLUMNS))
    frame["level"] = frame["level"].astype("Int64")
    return frame
