"""The (person, item) tables every summary is counted from: each skill a person holds
(`skill_table`, analysis.held) and each they want to learn (`learner_table`)."""

from __future__ import annotations

from itertools import chain

import numpy as np
import pandas as pd

from skillsync.core import origins


def skill_table(people: pd.DataFrame, expert_level: int) -> pd.DataFrame:
    """One row per (person, skill) they list as expertise: person, name, team, skill, level
    (1-5, or NaN when not given) and the level as written. Built column by column: each
    person's values are repeated over their items, the items transposed in one zip."""
    held = people["expertise"].tolist()
    items = list(chain.from_iterable(held))
    listed = np.fromiter(map(len, held), dtype=np.intp, count=len(held))
    skills, levels, written = zip(*items, strict=True) if items else ((), (), ())
    table = _per_item(people, listed, ["person", "name", "team", "skill", "level", "written"],
                      {"skill": skills, "level": levels, "written": written})
    table["level"] = table["level"].astype("float64")
    table["expert"] = table["level"].fillna(0) >= expert_level
    return table


def learner_table(people: pd.DataFrame) -> pd.DataFrame:
    wanted = people["learn"].tolist()
    listed = np.fromiter(map(len, wanted), dtype=np.intp, count=len(wanted))
    return _per_item(people, listed, ["person", "name", "skill"],
                     {"skill": tuple(chain.from_iterable(wanted))})


def project_table(people: pd.DataFrame) -> pd.DataFrame:
    """One row per (person, current project): person, name, team, project, and the row
    and tab the project was read from (a merged person's may be a later row than their
    first, even on another tab);
    typed as `_per_item` types its tables."""
    projects = people["current_projects"].tolist()
    listed = np.fromiter(map(len, projects), dtype=np.intp, count=len(projects))
    firsts = [rows[0] for rows in people["rows"].tolist()]
    sources = people["project_origin"].tolist()
    rows = origins.rows_of_names(projects, sources, firsts)
    tabs = origins.tabs_of_names(projects, sources, people["sheet"].tolist())
    return _per_item(people, listed, ["person", "name", "team", "project", "row", "tab"],
                     {"project": tuple(chain.from_iterable(projects)), "row": rows,
                      "tab": tabs})


def _per_item(people: pd.DataFrame, listed: np.ndarray, columns: list[str],
              items: dict[str, tuple | np.ndarray]) -> pd.DataFrame:
    """A table of one row per listed item: `person` (the index) and the people's own
    columns repeated `listed` times each, beside the items' own columns. Typed as a frame
    made from row tuples is (what the tables were first built from): numbers as numbers,
    texts as text, an empty table all objects."""
    if not listed.sum():
        return pd.DataFrame([], columns=columns)
    values = {"person": people.index.to_numpy().repeat(listed),
              **{name: people[name].to_numpy(dtype=object).repeat(listed)
                 for name in columns[1:] if name not in items},
              **{name: found if isinstance(found, np.ndarray) else _objects(found)
                 for name, found in items.items()}}
    return pd.DataFrame({name: pd.Series(values[name]).infer_objects()
                         if values[name].dtype == object else values[name]
                         for name in columns})


def _objects(values: tuple) -> np.ndarray:
    found = np.empty(len(values), dtype=object)
    found[:] = values
    return found
