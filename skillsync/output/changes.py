"""The digest's "What changed since the last sync": a few summary lines, then one line per
person who changed, cut at the digest's list length like its other lists."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence

import pandas as pd

from skillsync.core.history import Changes, Member, Memory, PersonChange
from skillsync.core.integrity import FIELD_NAMES
from skillsync.core.messages import counted
from skillsync.output.capped import clip, listed

LINE_CHARS = 300
SKILLS_SHOWN = 5


def change_lines(memory: Memory | None, people: pd.DataFrame, team: str | None,
                 limit: int) -> list[str]:
    """The section's lines: empty on a first sync; for a team's digest, its people only."""
    changes = memory.changes if memory is not None else None
    if changes is None or changes.since is None:
        return []
    keys = None if team is None else set(people.loc[people["team"] == team, "key"])

    def ours(who: Member, change: PersonChange | None = None) -> bool:
        moved = change is not None and change.team is not None and team in change.team
        return keys is None or who.key in keys or who.team == team or moved

    joined = [m for m in changes.joined if ours(m)]
    left = [m for m in changes.left if ours(m)]
    changed = [c for c in changes.changed if ours(c.who, c)]
    since = changes.since.strftime("%Y-%m-%d %H:%M")
    if not (joined or left or changed):
        return [f"Nothing changed since the last sync ({since})."]
    lines = [f"Since {since}: {counted(len(joined), 'person', 'people')} joined, "
             f"{len(left)} left, {len(changed)} changed their row."]
    if joined:
        lines.append(f"Joined: {listed([_name(m) for m in joined])}")
    if left:
        lines.append(f"Left: {listed([_name(m) for m in left])}")
    if team is None:
        lines.extend(_skill_lines(changes))
    lines.extend(clip(f"{_name(c.who)}: {describe(c)}", LINE_CHARS) for c in changed[:limit])
    if len(changed) > limit:
        lines.append(f"and {len(changed) - limit} more changed their row (`skillsync "
                     "history SOURCE --diff` lists every change).")
    return lines


# The fields whose old value a digest shows. A former name is not for a message that may
# go to the whole organisation (a name changed on marriage or transition); `history
# --diff`, run by whoever keeps the sheet, shows it (VALUES_SHOWN).
DIGEST_VALUES = ("role",)


def describe(change: PersonChange, shown: Collection[str] = DIGEST_VALUES) -> str:
    """What changed in a person's row, in a few words; the old and new value of the
    fields in `shown` (of VALUES_SHOWN), the others only named."""
    parts = []
    if change.email:
        parts.append(f"e-mail {clip(change.email[0], 60)} → {clip(change.email[1], 60)}")
    values = [(f, a, b) for f, a, b in change.values if f in shown]
    parts += [f"{FIELD_NAMES.get(f, f).lower()} {moved(a, b)}" for f, a, b in values]
    if change.skills_added:
        parts.append(f"added {listed(change.skills_added)}")
    if change.skills_dropped:
        parts.append(f"dropped {listed(change.skills_dropped)}")
    parts += [f"{clip(s, 40)} {_level(a)} → {_level(b)}" for s, a, b in change.levels[:4]]
    if change.team:
        parts.append(f"team {moved(*change.team)}")
    if change.projects_added:
        parts.append(f"new project {listed(change.projects_added)}")
    if change.projects_dropped:
        parts.append(f"project ended {listed(change.projects_dropped)}")
    told = {"email", "expertise", "team", "past_projects", "current_projects",
            *(f for f, _, _ in values)}
    rest = [FIELD_NAMES.get(f, f).lower() for f in change.fields if f not in told]
    if rest:
        parts.append(f"{_joined(rest)} changed")
    return "; ".join(parts) or "row changed"


def _skill_lines(changes: Changes) -> list[str]:
    lines = []
    if changes.grown:
        lines.append("Held by more people: " + _moves(changes.grown))
    if changes.shrunk:
        lines.append("Held by fewer people: " + _moves(changes.shrunk))
    return lines


def _moves(moves: Sequence[tuple[str, int, int]]) -> str:
    shown = ", ".join(f"{clip(s, 40)} {a} → {b}" for s, a, b in moves[:SKILLS_SHOWN])
    return shown + (f" +{len(moves) - SKILLS_SHOWN} more (see the Trends tab)"
                    if len(moves) > SKILLS_SHOWN else "")


def _name(who: Member) -> str:
    return clip(who.name or who.email or who.key, 60)


def _level(level: int | None) -> str:
    return "no level" if level is None else str(level)


def moved(before: str, after: str) -> str:
    """'before → after', each side clipped, '(none)' when empty, and set apart when it is
    written right to left: else the two sides and the arrow read as one right-to-left run,
    and the arrow points from the new value to the old."""
    return f"{_isolated(clip(before or '(none)', 40))} → {_isolated(clip(after or '(none)', 40))}"


def _isolated(text: str) -> str:
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return f"\u2068{text}\u2069"  # first strong isolate ... pop directional isolate
    return text


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
