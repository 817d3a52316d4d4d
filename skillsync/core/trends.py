"""The Trends tab: people per skill at each of the last syncs, the biggest movers first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from skillsync.core.tabs import Column, Kind, Tab

if TYPE_CHECKING:
    from skillsync.core.analysis import Analysis
    from skillsync.core.summary import SyncFacts

Point = tuple[datetime, Mapping[str, int]]  # when, {skill: people}


def tab(facts: SyncFacts, analysis: Analysis, title: str) -> Tab:
    """The Trends tab of a run: the remembered syncs and this one, or this one alone."""
    memory = facts.history
    points = memory.points if memory is not None and memory.points else (
        (facts.synced_at, analysis.skills),)
    return trends_tab(points, title)


def trends_tab(points: Sequence[Point], title: str) -> Tab:
    """One row per skill: the change over the window, then its count at each sync (oldest
    left, this sync right). Rows: the most grown and the most shrunk first (by how far
    they moved), then the most held. Syncs that found the same counts as the one before
    share its column (headed with the first of them), so re-syncing an unchanged sheet
    leaves the tab as it was."""
    points = distinct(points)
    skills = sorted({s for _, counts in points for s in counts})
    first = points[0][1] if points else {}
    last = points[-1][1] if points else {}
    change = {s: last.get(s, 0) - first.get(s, 0) for s in skills}
    ordered = sorted(skills, key=lambda s: (-abs(change[s]), -change[s], -last.get(s, 0),
                                            s.casefold()))
    labels = column_labels([when for when, _ in points])
    frame = pd.DataFrame({"Skill": ordered, "Change": [change[s] for s in ordered]})
    for label, (_, counts) in zip(labels, points, strict=True):
        frame[label] = [int(counts.get(s, 0)) for s in ordered]
    columns = (Column("Skill", width=30), Column("Change", Kind.INT, 9),
               *(Column(label, Kind.INT, 17) for label in labels))
    heat = (2, len(columns) - 1) if labels else None
    return Tab("trends", title, columns, frame, heat)


def distinct(points: Sequence[Point]) -> list[Point]:
    kept: list[Point] = []
    for when, counts in points:
        if not kept or dict(kept[-1][1]) != dict(counts):
            kept.append((when, counts))
    return kept


def column_labels(times: Sequence[datetime]) -> list[str]:
    """One header per sync, its time to the minute; a repeated minute gets a number."""
    labels: list[str] = []
    for when in times:
        label = when.strftime("%Y-%m-%d %H:%M")
        n = 2
        while label in labels or label in ("Skill", "Change"):
            label = f"{when.strftime('%Y-%m-%d %H:%M')} ({n})"
            n += 1
        labels.append(label)
    return labels
