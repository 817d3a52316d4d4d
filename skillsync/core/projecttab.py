"""The Projects tab: each current project, how many people are on it, who, their teams,
and the rows that name it.

The rows point at the sheet rows the projects were read from. When they come from
several tabs (team tabs read together, or a person on two of them), a bare number would
not say where to look, so each is written with its tab, as the Duplicates tab writes
them: "3 (Paris)", a tab's rows together.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from skillsync.core import intkeys, nameorder
from skillsync.core.cells import clean_text
from skillsync.core.itemtables import project_table
from skillsync.core.summary import listing, who_listing
from skillsync.core.tabs import Column, Kind, Tab

ROWS_SHOWN = 50
# The people's columns the tab is made of: what goes to another process, pickled.
SOURCES = ("name", "team", "current_projects", "project_origin", "rows", "sheet")


def from_people_named(people: pd.DataFrame, title: str) -> Tab:
    """`projects_tab`, the names sorted here: what another process is given (earlytabs.py).
    The last tab given there that takes the names' order: it lets the order go."""
    order = nameorder.of_names(people["name"].tolist(), keep=False)
    return projects_tab(people, title, order.places)



def projects_tab(people: pd.DataFrame, title: str, by_name: np.ndarray | None = None) -> Tab:
    table = project_table(people)
    spelt, spellings = pd.factorize(table["project"].to_numpy(dtype=object))
    # A project is named however its first listing spells it, counted whatever the case.
    folded, keys = pd.factorize(np.array([p.casefold() for p in spellings.tolist()],
                                         dtype=object))
    # Each row's project ignoring case, as factorizing the folded column would group it:
    # each folded key is first met where its first spelling is.
    grouped = (folded[spelt], keys)
    first_spelling = intkeys.first_places(folded, len(keys))
    who = who_listing(table, "key", by_name=by_name, grouped=grouped)
    teams = listing(table, "key", "team", limit=20, grouped=grouped)
    rows = _rows_listing(table, grouped)
    index = keys.tolist()
    frame = pd.DataFrame({
        "Project": spellings.take(first_spelling),
        "People": _people_per(table["person"].to_numpy(), folded[spelt], len(keys)),
        "Who": [who.get(k, "") for k in index],
        "Teams": [teams.get(k, "") for k in index],
        "Rows": [rows.get(k, "") for k in index],
    })
    frame = frame.sort_values(["People", "Project"], ascending=[False, True], kind="stable")
    columns = (Column("Project", width=30), Column("People", Kind.INT, 9),
               Column("Who", Kind.WRAP, 60), Column("Teams", width=30),
               Column("Rows", width=20))
    return Tab("projects", title, columns, frame.reset_index(drop=True))


def _rows_listing(table: pd.DataFrame, grouped: tuple[np.ndarray, np.ndarray]
                  ) -> dict[str, str]:
    """Each project's rows, in order; from several tabs, each with its tab ("3 (Paris)"),
    tab by tab (by name, ignoring case), in row order within each. The pairs are numbered (tab, then
    row) to be listed as numbers."""
    tab_codes, tabs = _tabs_by_name(table["tab"].to_numpy(dtype=object))
    if len(tabs) < 2:
        return listing(table, "key", "row", limit=ROWS_SHOWN, numeric=True, grouped=grouped)
    rows = table["row"].to_numpy(dtype=np.int64)
    span = int(rows.max()) + 1
    placed = table.assign(row=tab_codes * span + rows)
    return listing(placed, "key", "row", limit=ROWS_SHOWN, numeric=True, grouped=grouped,
                   show=_placed(tabs, span))


def _tabs_by_name(tabs: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Each row's tab as a number, the tabs numbered in name order ignoring case (as the
    Teams column sorts its names)."""
    codes, found = pd.factorize(tabs)
    order = sorted(range(len(found)), key=lambda at: (str(found[at]).casefold(), found[at]))
    rank = np.empty(len(found), dtype=np.int64)
    rank[order] = np.arange(len(found))
    return rank[codes], [found[at] for at in order]


def _placed(tabs: list[str], span: int) -> Callable[[int], str]:
    def show(code: int) -> str:
        tab, row = divmod(int(code), span)
        return f"{row} ({clean_text(tabs[tab])})"
    return show


def _people_per(person: np.ndarray, item: np.ndarray, items: int) -> np.ndarray:
    """How many people list each item: a person listing it twice ("Beacon; beacon") once."""
    pairs = intkeys.distinct(person.astype(np.int64) * max(items, 1) + item)
    return np.bincount(pairs % max(items, 1), minlength=items)
