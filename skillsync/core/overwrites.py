"""Values overwritten where they stand: the patterns of a delete, a fill or a paste (pure).

Among the people present both times (aligned.py):
- cleared: many who had a value in a column now have none (its cells deleted, the header
  left standing);
- filled: one value now fills an unbroken run of rows whose people held many different
  values before, and a row beside or inside the run already held it (a cell dragged
  down, or pasted over a range);
- pasted: a column now holds, row by row, what another column held last time while that
  column kept it (one column copied over another).
Only the people whose value changed are looked at; whole rows moved by a re-sort are no
evidence of a fill.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skillsync.core.aligned import SKILL, Aligned, Pattern, empty
from skillsync.core.history import KEPT

# The share of a column's values (of the people who had one last time) that may be
# emptied in one night, per field. Who a person is and what they know are not blanked by
# people: a fifth of such a column emptied at once is a selection deleted by mistake.
# Wishes are met, availability and rates are reset, in waves: half. Current projects end
# for a whole team, or everyone, at quarter end: never held (None), only noted.
CLEARED_SHARE: dict[str, float | None] = {
    "name": 0.2, "team": 0.2, "role": 0.2, "manager": 0.2, "location": 0.2,
    "expertise": 0.2, "past_projects": 0.2,
    "learn": 0.5, "availability": 0.5, "success_rate": 0.5,
    "current_projects": None,
}
# A matrix's skill column: people drop a skill now and then; a column cleared drops it
# for everyone, so half its holders at once is the mark.
SKILL_CLEARED_SHARE = 0.5

# Fields a fill is looked for in. A skill list, a project history and a rate are a
# person's own: a run of rows with one of them is no edit. A team too, when the run's
# people came from FILL_MIN_SOURCES teams or more (renaming one team, or merging one into
# another, changes people of one or two). Current projects and availability are left out:
# a whole department may rightly move onto one project, or one working pattern, at once.
FILL_FIELDS = ("team", "expertise", "past_projects", "success_rate")
FILL_MIN_SOURCES = 3
# One value for a whole team is a normal edit in these (a title, a manager, an office, a
# wish, a matrix skill's level after a training); the same value run down the rows of
# FILL_MIN_SOURCES teams or more is a fill.
SPREAD_FIELDS = ("role", "manager", "location", "learn")

PASTE_FIELDS = tuple(f for f in KEPT if f != "success_rate")  # comparable as text
PASTED_SHARE = 0.5  # of the people whose value changed in the column pasted over
SKILL_PASTED_SHARE = 0.9  # the same for a matrix's skill columns, empty cells included


def cleared(aligned: Aligned, had: Mapping[str, int], min_people: int) -> list[Pattern]:
    """Columns emptied for many; `had`: field -> people with a value there last time, for
    the fields read both times (a column gone is said by the column check)."""
    found = []
    for name, holders in had.items():
        share = SKILL_CLEARED_SHARE if name.startswith(SKILL) else CLEARED_SHARE.get(name)
        if share is None or not holders:
            continue
        emptied = [i for i in aligned.changed.get(name, [])
                   if empty(aligned.now(i, name)) and not empty(aligned.was(i, name))]
        if len(emptied) >= min_people and len(emptied) >= share * holders:
            found.append(Pattern("cleared", (name,), tuple(emptied), (None,) * len(emptied),
                                 total=holders))
    return found


ENDED_NOTED = 0.2  # of the people with current projects: noted when theirs all ended


def ended(aligned: Aligned, had: Mapping[str, int], min_people: int) -> int:
    """How many people's current projects all ended, when many did (noted, never held)."""
    holders = had.get("current_projects", 0)
    count = sum(1 for i in aligned.changed.get("current_projects", [])
                if empty(aligned.now(i, "current_projects")))
    return count if count >= min_people and count >= ENDED_NOTED * holders else 0


def filled(aligned: Aligned, min_people: int) -> list[Pattern]:
    found = []
    for name in (*FILL_FIELDS, *SPREAD_FIELDS, *aligned.skills):
        changed = aligned.in_place(name)
        if len(changed) < min_people:
            continue
        groups: dict[Any, list[int]] = {}
        for i in changed:
            value = aligned.now(i, name)
            if not empty(value):
                groups.setdefault(hashable(value), []).append(i)
        spread = _teams if name not in FILL_FIELDS else _sources
        for value, group in groups.items():
            if (len(group) >= min_people and spread(aligned, name, group)
                    >= FILL_MIN_SOURCES):
                source = _filled_run(aligned, name, value, group)
                if source is not None:
                    found.append(Pattern("filled", (name,), tuple(group),
                                         (source,) * len(group)))
                    break
    return found


def _sources(aligned: Aligned, name: str, group: list[int]) -> int:
    return len({hashable(aligned.was(i, name)) for i in group})


def _teams(aligned: Aligned, name: str, group: list[int]) -> int:
    """The teams the run's people were in (none counted when the sheet has no teams)."""
    return len({t for i in group if (t := aligned.before.value(i, "team"))})


def _filled_run(aligned: Aligned, name: str, value: Any, group: list[int]) -> int | None:
    """Where the value came from, when `group` is one unbroken run of rows now holding
    it (on one tab) and a row next to or inside the run held it before and still does;
    else None."""
    members, first, last = set(group), group[0], group[-1]
    tab = aligned.tabs[first]
    source = None
    for i in range(max(first - 1, 0), min(last + 2, len(aligned.keys))):
        inside = first <= i <= last
        if inside and (aligned.tabs[i] != tab or hashable(aligned.now(i, name)) != value):
            return None  # broken: other values among the rows
        if (source is None and i not in members and aligned.tabs[i] == tab
                and hashable(aligned.was(i, name)) == value
                and hashable(aligned.now(i, name)) == value):
            source = i
    return source if source is not None else _anywhere(aligned, name, value, members)


def _anywhere(aligned: Aligned, name: str, value: Any, members: set[int]) -> int | None:
    """A row elsewhere that held the value and still does (a cell copied from afar)."""
    for i in range(len(aligned.keys)):
        if (i not in members and hashable(aligned.was(i, name)) == value
                and hashable(aligned.now(i, name)) == value):
            return i
    return None


def pasted(aligned: Aligned, min_people: int) -> list[Pattern]:
    """Columns copied over another: text columns over text columns, and a matrix's skill
    columns over each other (a level is compared as its number)."""
    return (_pasted_among(aligned, PASTE_FIELDS, min_people, PASTED_SHARE, False)
            + _pasted_among(aligned, aligned.skills, min_people, SKILL_PASTED_SHARE, True))


def _pasted_among(aligned: Aligned, fields: tuple[str, ...], min_people: int,
                  share: float, blanks: bool) -> list[Pattern]:
    """`blanks`: an empty cell copied counts (a level column pasted over another empties
    the cells the copy had empty; few levels make a match by chance common otherwise)."""
    found = []
    for target in fields:
        changed = aligned.changed.get(target, [])
        if len(changed) < min_people or target == "name":  # names: see shifts.rekeyed
            continue
        now = {i: items(target, aligned.now(i, target)) for i in changed}
        for source in fields:
            hits = [] if source == target else _copied(aligned, now, source, blanks)
            copied = sum(1 for i in hits if now[i])  # blanks alike are weak evidence
            if (len(hits) >= share * len(changed)
                    and copied >= max(min_people, len(hits) / 3)):
                found.append(Pattern("pasted", (target,), tuple(hits), tuple(hits),
                                     other=source))
                break
    return found


def _copied(aligned: Aligned, now: dict[int, frozenset[str]], source: str,
            blanks: bool) -> list[int]:
    """The people whose value now is `source`'s value last time, `source` unchanged."""
    kept = set(aligned.changed.get(source, ()))
    positions = list(now)
    sample = positions[:: max(1, len(positions) // 40)]  # most columns are not it
    if sum(1 for i in sample if _holds(aligned, now[i], i, source, kept, blanks)
           ) < len(sample) / 4:
        return []
    return [i for i in positions if _holds(aligned, now[i], i, source, kept, blanks)]


def _holds(aligned: Aligned, value: frozenset[str], i: int, source: str,
           kept: set[int], blanks: bool) -> bool:
    return ((blanks or bool(value)) and i not in kept
            and value == items(source, aligned.was(i, source)))


def items(name: str, value: Any) -> frozenset[str]:
    """A value as comparable across columns: its texts, folded (a skill list's skills
    without their levels; a text as a list of one)."""
    if value is None or value == "":
        return frozenset()
    if isinstance(value, list | tuple):
        return frozenset((v[0] if isinstance(v, list | tuple) else str(v)).casefold()
                         for v in value)
    return frozenset((str(value).casefold(),))


def hashable(value: Any) -> Any:
    if type(value) is list:  # values are tuples as stored; lists only from a caller
        return tuple(hashable(v) for v in value)
    return value
