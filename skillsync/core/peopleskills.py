"""The People × Skills tab: the tidy table, one row per person and skill, with a filter.

The Skills tab's "Who" list is capped (a cell holds 32,767 characters), so in a large
organisation "who knows Python?" is a filter on this tab instead. It is the largest tab
(several rows per person), so it is built column by column, each column grouped once by
distinct value: the sort works on integer ranks of the distinct values, each source row
gets one Link, shared by every skill read from it, and the columns stay grouped
(categorical) so the writer renders each distinct value once without grouping again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from skillsync.core import distinct, nameorder
from skillsync.core.model import Layout
from skillsync.core.tabs import MAX_ROWS, Column, Kind, Link, Tab, too_many_rows

COLUMNS = (Column("Skill", width=28), Column("Name", width=24), Column("E-mail", width=28),
           Column("Team", width=18), Column("Level", Kind.INT, 8),
           Column("As written", width=12), Column("Kind", width=16),
           Column("Row", Kind.LINK, 10))


def people_skills_tab(tidy: pd.DataFrame, layout: Layout, title: str) -> Tab:
    if len(tidy) >= MAX_ROWS:
        return too_large(len(tidy), title)
    grouped = {name: distinct.group(tidy[name].to_numpy(dtype=object))
               for name in ("skill", "name", "email", "team", "written", "kind")}
    grouped["row"] = _links(tidy["row"].to_numpy(), tidy["sheet"].to_numpy(dtype=object),
                            layout)
    order = _order(tidy, grouped)

    def ordered(name: str) -> pd.Categorical | np.ndarray:
        codes, found = grouped[name]
        return distinct.categorical(codes[order], found)

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


def too_large(rows: int, title: str) -> Tab:
    """The tab when its rows would not fit a spreadsheet tab: nothing to write, and why
    (the tidy table is then not built for it at all; see analysis.build_tabs)."""
    frame = pd.DataFrame({column.title: [] for column in COLUMNS})
    return Tab("people_skills", title, COLUMNS, frame, omitted=too_many_rows(rows))


def _order(tidy: pd.DataFrame, grouped: dict[str, distinct.Grouped]) -> np.ndarray:
    """By kind, skill (ignoring case), level (highest first, none last), then name
    (ignoring case); rows alike keep their order."""
    level = tidy["level"].to_numpy(dtype=float, na_value=np.nan)
    highest_first = np.where(np.isnan(level), np.inf, -level)
    keys = [nameorder.folded_places(*grouped[name]) for name in ("name", "skill", "kind")]
    keys.insert(1, highest_first)
    return np.lexsort(keys)  # stable; the last key sorts first


def _kind_shown(kind: str) -> str:
    return "wants to learn" if kind == "learn" else "has"


def _levels(levels: pd.Series) -> np.ndarray:
    """Levels as Python ints, or None where none was given."""
    return levels.to_numpy(dtype=object, na_value=None)


def _links(rows: np.ndarray, sheets: np.ndarray, layout: Layout) -> distinct.Grouped:
    """A link to each row's person (their name cell, else e-mail cell), one per source row,
    grouped: each row's index into the links."""
    sheet_codes, sheet_names = pd.factorize(sheets)
    codes, places = pd.factorize(rows.astype(np.int64) * max(len(sheet_names), 1)
                                 + sheet_codes)
    links = []
    for place in places.tolist():
        row, sheet = divmod(place, max(len(sheet_names), 1))
        name = sheet_names[sheet]
        links.append(Link(layout.where(row), name, layout.cell("name", row, name)
                          or layout.cell("email", row, name) or f"A{row}"))
    return codes.astype(np.int32), links
