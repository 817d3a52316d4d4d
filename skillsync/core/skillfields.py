"""A matrix's skill columns, one by one, for the accident guard (pure).

In the `wide` layout every skill has a column of its own and `expertise` is built from all
of them, so an accident to one column (sorted alone, pasted a row off, cleared, deleted)
hides in a field built from many. The guard looks at each skill column as a field of its
own (aligned.SKILL): each person's level there. Only skills held by enough people last
time are looked at, and each person's levels are built only where a check looks.
"""

from __future__ import annotations

from skillsync.core import levels, matrix
from skillsync.core.aligned import SKILL, Aligned
from skillsync.core.history import Snapshot
from skillsync.core.model import Layout, column_letter
from skillsync.core.vocab import Vocabulary

RENAMED_SHARE = 0.9  # of the old column's people with the same level in the new one


def skill_headers(layout: Layout, vocabulary: Vocabulary | None
                  ) -> dict[str, tuple[str, str]]:
    """Skill -> (its column's header as typed, the column's letter) of a matrix; empty for
    other layouts (their skills are in a field's cells)."""
    if layout.name != "wide":
        return {}
    found: dict[str, tuple[str, str]] = {}
    for sheet in layout.sheets or (layout.sheet,):
        place = layout.places.get(sheet)
        for header, index in (place.skills.items() if place else ()):
            skill = (matrix.skill_of(header, vocabulary, levels.DEFAULT) if vocabulary
                     else " ".join(header.split()))
            found.setdefault(skill, (header, column_letter(place.first_col + index)))
    return found


def looked_at(previous: Snapshot, current: Snapshot, min_people: int) -> tuple[str, ...]:
    """The skills whose column is there both times, held by enough people last time."""
    return tuple(s for s in previous.columns.skills
                 if _there(s, previous, current) and previous.skills.get(s, 0) >= min_people)


def _there(skill: str, previous: Snapshot, current: Snapshot) -> bool:
    """Is the skill's column still there? Read as a skill column, or its header still
    standing over empty cells (a column with no level in it is not read as a skill's)."""
    if skill in current.columns.skills:
        return True
    header = _folded(previous.columns.skills[skill][0])
    return any(_folded(h) == header for h in current.columns.ignored)


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def names(snapshot: Snapshot) -> dict[str, str]:
    """SKILL + skill -> its column's header, as the findings name columns."""
    return {SKILL + s: header for s, (header, _) in snapshot.columns.skills.items()}


def holders(previous: Snapshot, skills: tuple[str, ...]) -> dict[str, int]:
    return {SKILL + s: previous.skills.get(s, 0) for s in skills}


def gone(previous: Snapshot, current: Snapshot, aligned: Aligned
         ) -> tuple[list[tuple[str, str, str, int]], list[str]]:
    """Skill columns no longer there: (skill, header, letter, people) for each one that
    had people, and notes for those empty or renamed (the same people with the same
    levels under a new skill's header)."""
    before, after = previous.columns.skills, current.columns.skills
    new = [s for s in after if s not in before]
    missing, notes = [], []
    for skill, (header, letter) in before.items():
        if _there(skill, previous, current):
            continue
        people = previous.skills.get(skill, 0)
        renamed = _renamed_to(aligned, skill, new)
        if renamed is not None:
            notes.append(f"The skill column '{header}' is now headed '{after[renamed][0]}' "
                         "with the same people and levels: read as the skill "
                         f"{renamed} from now on.")
        elif not people:
            notes.append(f"The skill column '{header}' is gone; nobody had a level there.")
        else:
            missing.append((skill, header, letter, people))
    return missing, notes


def _renamed_to(aligned: Aligned, skill: str, new: list[str]) -> str | None:
    """The new skill holding, person by person, the levels the old one held."""
    had = {i: level for i in range(len(aligned.keys))
           if (level := aligned.level_map(0, i).get(skill)) is not None} if new else {}
    for candidate in new:
        held = sum(1 for i in range(len(aligned.keys))
                   if candidate in aligned.level_map(1, i))
        same = sum(1 for i, level in had.items()
                   if aligned.level_map(1, i).get(candidate) == level)
        if had and same >= RENAMED_SHARE * len(had) and held <= len(had) / RENAMED_SHARE:
            return candidate
    return None
