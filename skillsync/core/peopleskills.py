"""The People × Skills tab: the tidy table, one row per person and skill, with a filter.

The Skills tab's "Who" list is capped (a cell holds 32,767 characters), so in a large
organisation "who knows Python?" is a filter on this tab instead. It is the largest tab
(several rows per person), so it is built column by column, each column grouped once by
distinct value: the sort works on integer ranks of the distinct values, each source row
gets one Link, shared by every skill read from it, and the columns stay grouped
(categorical) so the writer renders each distinct value once without grouping again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from skillsync.core import distinct, intkeys, nameorder, schema, textgroups
from skillsync.core.model import Layout
from skillsync.core.nameorder import NameOrder
from skillsync.core.tabs import MAX_ROWS, Column, Kind, Link, Tab, too_many_rows

COLUMNS = (Column("Skill", width=28), Column("Name", width=24), Column("E-mail", width=28),
           Column("Team", width=18), Column("Level", Kind.INT, 8),
           Column("As written", width=12), Column("Kind", width=16),
           Column("Row", Kind.LINK, 10))
# The same on each of a person's rows, which come together: grouped a run at a time.
PER_PERSON = ("name", "email", "team")
Tidy = pd.DataFrame | Mapping[str, Any]  # a tidy frame, or its columns by name


@dataclass(frozen=True)
class RowNames:
    """The tidy rows' names grouped (as `textgroups.group` groups the name column) and each
    row's place in name order ignoring case, taken from everyone's name order, which is
    sorted once for all tabs, instead of grouping and sorting the column again."""

    grouped: distinct.Grouped
    places: np.ndarray

    @classmethod
    def of(cls, order: NameOrder, rows_each: np.ndarray) -> RowNames:
        """`rows_each`: how many rows each person (by position) has; the tidy table lists
        people in order, so a person's name and place repeat over their rows."""
        listed = rows_each > 0
        # The names in the order the rows first meet them, as the column grouped would be.
        codes, met = pd.factorize(order.codes[listed])
        found = np.asarray(order.found, dtype=object)[met].tolist()
        counts = rows_each[listed]
        return cls((np.repeat(codes, counts).astype(np.int32), found),
                   np.repeat(order.folded_places[listed], counts))


def people_skills_tab(tidy: Tidy, layout: Layout, title: str,
                      names: RowNames | None = None) -> Tab:
    """`tidy`: the tidy table, as a frame or as its columns (schema.tidy_columns).
    `names`: its name column grouped and placed already (`RowNames.of`)."""
    rows = len(tidy["skill"])
    if rows >= MAX_ROWS:
        return too_large(rows, title)
    grouped = {name: textgroups.group(_objects(tidy[name]), runs=name in PER_PERSON)
               for name in ("skill", "email", "team", "written", "kind")
               + (("name",) if names is None else ())}
    if names is not None:
        grouped["name"] = names.grouped
    grouped["row"] = _links(np.asarray(tidy["row"]), _objects(tidy["sheet"]), layout)
    order = _order(tidy, grouped, None if names is None else names.places)

    def ordered(name: str) -> pd.Categorical | np.ndarray:
        codes, found = grouped[name]
        return textgroups.categorical(codes[order], found)

    kind_codes, kinds = grouped["kind"]
    frame = pd.DataFrame({
        "Skill": ordered("skill"),
        "Name": ordered("name"),
        "E-mail": ordered("email"),
        "Team": ordered("team"),
        "Level": _levels(tidy["level"])[order],
        "As written": ordered("written"),
        "Kind": distinct.categorical(kind_codes[order], [_kind_shown(k) for k in kinds]),
        "Row": ordered("row"),
    })
    return Tab("people_skills", title, COLUMNS, frame)


def rows_each(people: pd.DataFrame) -> np.ndarray:
    """How many rows each person (by position) has in the tidy table, which lists people
    in order, each with their expertise and wishes (schema.tidy; schema.tidy_rows in all)."""
    return np.fromiter(map(len, people["expertise"].tolist()), dtype=np.intp,
                       count=len(people)) + np.fromiter(
        map(len, people["learn"].tolist()), dtype=np.intp, count=len(people))


def from_people_named(people: pd.DataFrame, layout: Layout, title: str) -> Tab:
    """`from_people`, the names sorted here: what another process is given (earlytabs.py).
    `people` is the tab's own copy of the columns it is made of, emptied once the tidy
    columns are taken from it: building the tab needs three times what it holds, and the
    people's columns would be held through it all."""
    names = RowNames.of(nameorder.of_names(people["name"].tolist()), rows_each(people))
    tidy = schema.tidy_columns(people)
    for column in list(people.columns):
        del people[column]
    return people_skills_tab(tidy, layout, title, names=names)


def from_people(people: pd.DataFrame, layout: Layout, title: str, names: RowNames) -> Tab:
    """The tab from the people's columns it is made of (schema.TIDY_SOURCES): the tidy
    table's columns are let go once the tab is built (they are the size of the tab, and
    the writing that follows needs the memory); `Analysis.tidy` stays for `export`."""
    return people_skills_tab(schema.tidy_columns(people), layout, title, names=names)


def too_large(rows: int, title: str) -> Tab:
    """The tab when its rows would not fit a spreadsheet tab: nothing to write, and why
    (the tidy table is then not built for it at all; see analysis.build_tabs)."""
    frame = pd.DataFrame({column.title: [] for column in COLUMNS})
    return Tab("people_skills", title, COLUMNS, frame, omitted=too_many_rows(rows))


def _order(tidy: Tidy, grouped: dict[str, distinct.Grouped],
           names: np.ndarray | None = None) -> np.ndarray:
    """By kind, skill (ignoring case), level (highest first, none last), then name
    (ignoring case); rows alike keep their order."""
    keys = [nameorder.folded_places(*grouped[name]) for name in ("kind", "skill")]
    keys += [_level_places(tidy["level"]),
             nameorder.folded_places(*grouped["name"]) if names is None else names]
    return _sorted_by(keys)


def _level_places(levels: pd.Series | pd.api.extensions.ExtensionArray) -> np.ndarray:
    """Each row's place in level order, highest first, none last."""
    level = levels.to_numpy(dtype=float, na_value=np.nan)
    codes, found = pd.factorize(np.where(np.isnan(level), np.inf, -level))
    places = np.empty(len(found), dtype=np.intp)
    places[np.argsort(found)] = np.arange(len(found))  # a few distinct levels to sort
    return places[codes]


def _sorted_by(keys: list[np.ndarray]) -> np.ndarray:
    """`np.lexsort(keys[::-1])` of keys that are places from 0 (`intkeys.sorted_by`)."""
    return intkeys.sorted_by(keys)


def _objects(column: pd.Series | np.ndarray) -> np.ndarray:
    return (column.to_numpy(dtype=object) if isinstance(column, pd.Series)
            else np.asarray(column, dtype=object))


def _kind_shown(kind: str) -> str:
    return "wants to learn" if kind == "learn" else "has"


def _levels(levels: pd.Series | pd.api.extensions.ExtensionArray) -> np.ndarray:
    """Levels as Python ints, or None where none was given."""
    return levels.to_numpy(dtype=object, na_value=None)


def _links(rows: np.ndarray, sheets: np.ndarray, layout: Layout) -> distinct.Grouped:
    """A link to each row's person (their name cell, else e-mail cell), one per source row,
    grouped: each row's index into the links."""
    sheet_codes, sheet_names = pd.factorize(sheets)
    tabs = max(len(sheet_names), 1)
    codes, places = pd.factorize(rows.astype(np.int64) * tabs + sheet_codes)
    row_of, sheet_of = np.divmod(places, tabs)
    if len(sheet_names) == 1:  # one tab (the usual sheet): its links, in order, are all
        return codes.astype(np.int32), _tab_links(row_of.tolist(), sheet_names.tolist()[0],
                                                  layout)
    links: list[Link | None] = [None] * len(places)
    for sheet, name in enumerate(sheet_names.tolist()):
        at = np.flatnonzero(sheet_of == sheet)
        for place, link in zip(at.tolist(), _tab_links(row_of[at].tolist(), name, layout),
                               strict=True):
            links[place] = link
    return codes.astype(np.int32), links


def _tab_links(rows: list[int], sheet: str, layout: Layout) -> list[Link]:
    """The links to `rows` of one tab. On a tab read the usual way (people down) a field's
    cell is its column's letter and the row, so the letter is asked for once per tab."""
    field = "name" if layout.cell("name", 1, sheet) else "email"
    if layout.transposed or not layout.cell(field, 1, sheet):
        return [Link(layout.where(row), sheet, layout.cell("name", row, sheet)
                     or layout.cell("email", row, sheet) or f"A{row}") for row in rows]
    letter = layout.cell(field, 1, sheet)[:-1]  # "C1" -> "C"
    return [Link(f"row {row}", sheet, f"{letter}{row}") for row in rows]
