"""Rule 5 of the mentor pairs (see mentoring.py): with `prefer_other_teams`, each wish is
served one at a time, by the least loaded free mentor from another team, someone from the
learner's own team only when nobody else is free."""

from __future__ import annotations

import heapq
from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skillsync.core.mentoring import _Mentors


class Chooser:
    """One heap per skill of (load, -level, person, row); entries whose load went stale
    are refreshed when they surface, so each choice costs a few heap operations."""

    def __init__(self, free: _Mentors, teams: list[str], max_mentees: int) -> None:
        self.teams = teams  # each row's team, folded
        self.max = max_mentees
        self.load: dict[int, int] = defaultdict(int)
        self.heaps: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
        for row, (person, skill, level) in enumerate(zip(
                free.person.tolist(), free.skill.tolist(), free.level.tolist(), strict=True)):
            self.heaps[skill].append((0, -level, person, row))
        for heap in self.heaps.values():
            heapq.heapify(heap)

    def choose(self, skill: int, team: str) -> int:
        """The row of the mentor for a learner from `team` (folded), -1 when none is free."""
        heap = self.heaps.get(skill)
        if not heap:
            return -1
        loads = self.load
        kept, chosen, fallback = [], None, None
        while heap:
            entry = heapq.heappop(heap)
            load, level, person, row = entry
            if load != loads[person]:
                heapq.heappush(heap, (loads[person], level, person, row))
                continue
            if load >= self.max:
                continue  # full for good
            if team and self.teams[row] == team:
                kept.append(entry)
                fallback = fallback or entry
            else:
                chosen = entry
                break
        chosen = chosen or fallback
        for entry in kept:
            if entry is not chosen:
                heapq.heappush(heap, entry)
        if chosen is None:
            return -1
        _, level, person, row = chosen
        loads[person] += 1
        if loads[person] < self.max:
            heapq.heappush(heap, (loads[person], level, person, row))
        return row
