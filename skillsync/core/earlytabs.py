"""The tabs that depend on the people alone, begun as soon as the people are known.

A writer that builds tabs in a second process (the Excel writer: backends/xlsx/aside.py)
has that process idle from the moment it has parsed its columns until it is given a tab.
Meanwhile this process merges the rows, proposes same-name pairs, builds the skill tables,
works out the staffing answers and recalls the history. People × Skills and Projects need
none of that: they are offered as soon as the rows are merged into people (their names'
order sorted there: see analysis.names_sent, nameorder.of_names); Duplicates once the
same-name pairs are proposed. None of them depends on what the history adds, so all are
begun before it is recalled. At 100,000 people (the hand-kept bench sheet) the other
process has People × Skills about 0.8 s sooner, and this one no longer spends a quarter
of a second on the Projects tab; at a million people, about a second and a half.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import pandas as pd

from skillsync.core import peopleskills, projecttab, schema
from skillsync.core.analysis import duplicates_tab
from skillsync.core.model import Layout
from skillsync.core.tabs import MAX_ROWS, Aside, Tab


class EarlyTabs:
    """The tabs begun early, by key, for `build_tabs` to take (`begun`). `aside_now`: whether
    the writer still builds tabs in its second process, asked when they are offered (a
    process that could not be started leaves them to be built in turn, after the history
    is recalled and only if the run writes)."""

    def __init__(self, titles: Mapping[str, str], aside: Aside,
                 aside_now: Callable[[], bool]) -> None:
        self.titles = titles
        self.aside = aside
        self.aside_now = aside_now
        self.begun: dict[str, Tab] = {}

    def people_known(self, people: pd.DataFrame, layout: Layout) -> None:
        """People × Skills and Projects offered: see core.analysis.analyse."""
        if not self.aside_now():
            return
        self.begun["people_skills"] = people_skills(people, layout,
                                                    self.titles["people_skills"], self.aside)
        self.begun["projects"] = projects(people, self.titles["projects"],
                                          partial(self.aside, early=True))

    def analysed(self, analysis: Any) -> dict[str, Tab]:
        """Duplicates offered too, once the analysis holds them; every tab begun."""
        if not self.aside_now():
            return self.begun
        self.begun["duplicates"] = duplicates_tab(analysis, self.titles["duplicates"],
                                                  partial(self.aside, early=True))
        return self.begun


def people_skills(people: pd.DataFrame, layout: Layout, title: str, aside: Aside) -> Tab:
    """People × Skills offered, as large as the tidy table (past a tab's rows it is not
    even built): the first tab the writer is given, whatever else it is given later."""
    rows = int(peopleskills.rows_each(people).sum())
    if rows >= MAX_ROWS:
        return peopleskills.too_large(rows, title)
    # Only the columns the tidy table is made of: what goes to another process, pickled.
    build = partial(peopleskills.from_people_named, people[list(schema.TIDY_SOURCES)],
                    layout, title)
    return aside("people_skills", title, rows, build)


def projects(people: pd.DataFrame, title: str, aside: Aside) -> Tab:
    """The Projects tab offered; its size is the projects people list, which its building
    goes through (its rows, the distinct projects, are far fewer)."""
    listed = sum(map(len, people["current_projects"].tolist()))
    build = partial(projecttab.from_people_named, people[list(projecttab.SOURCES)], title)
    return aside("projects", title, listed, build)
