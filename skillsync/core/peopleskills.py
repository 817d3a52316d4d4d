"""The People × Skills tab: the tidy table, one row per person and skill, with a filter.

The Skills tab's "Who" list is capped (a cell holds 32,767 characters), so in a large
organisation "who knows Python?" is a filter on this tab instead.
"""

from __future__ import annotations

import pandas as pd

from skillsync.core.model import Layout
from skillsync.core.tabs import Column, Kind, Link, Tab


def people_skills_tab(tidy: pd.DataFrame, layout: Layout, title: str) -> Tab:
    ordered = tidy.sort_values(["kind", "skill", "level", "name"],
                               ascending=[True, True, False, True], kind="stable",
                               key=_sort_key)
    frame = pd.DataFrame({
        "Skill": ordered["skill"].to_numpy(),
        "Name": ordered["name"].to_numpy(),
        "E-mail": ordered["email"].to_numpy(),
        "Team": ordered["team"].to_numpy(),
        "Level": [None if pd.isna(v) else int(v) for v in ordered["level"].tolist()],
        "As written": ordered["written"].to_numpy(),
        "Kind": ["wants to learn" if k == "learn" else "has" for k in ordered["kind"]],
        "Row": [Link(layout.where(int(r)), s, layout.cell("name", int(r), s)
                     or layout.cell("email", int(r), s) or f"A{int(r)}")
                for r, s in zip(ordered["row"].tolist(), ordered["sheet"].tolist(),
                                strict=True)],
    })
    columns = (Column("Skill", width=28), Column("Name", width=24),
               Column("E-mail", width=28), Column("Team", width=18),
               Column("Level", Kind.INT, 8), Column("As written", width=12),
               Column("Kind", width=16), Column("Row", Kind.LINK, 10))
    return Tab("people_skills", title, columns, frame.reset_index(drop=True))


def _sort_key(column: pd.Series) -> pd.Series:
    return column.str.casefold() if column.dtype == object or str(column.dtype) == "str" \
        else column
