"""`skillsync history`: the stored syncs of a source, and the changes between two of them."""

from __future__ import annotations

from typing import Any

from skillsync.config import Config
from skillsync.core.history import VALUES_SHOWN, Changes, Member, diff
from skillsync.errors import ConfigError
from skillsync.history.places import database_of, source_key
from skillsync.history.store import Entry, open_store
from skillsync.output.capped import joined
from skillsync.output.changes import clip, describe


def entries(source: str, config: Config, limit: int | None = None) -> list[Entry]:
    """The stored syncs of `source`, newest first (none when nothing is stored yet)."""
    path, wal = database_of(config)
    with open_store(path, wal=wal, create=False) or _Empty() as store:
        return store.entries(source_key(source), limit) if store else []


def between(source: str, config: Config, first: int, second: int) -> Changes:
    """What changed from stored sync `first` to stored sync `second`."""
    for number in (first, second):
        if not 0 < number < 2**63:
            raise ConfigError(f"#{number} is not a stored sync's number; `skillsync history "
                              f"{source}` lists them")
    path, wal = database_of(config)
    key = source_key(source)
    with open_store(path, wal=wal, create=False) or _Empty() as store:
        snapshots = [store.load(key, n) if store else None for n in (first, second)]
    for number, snapshot in zip((first, second), snapshots, strict=True):
        if snapshot is None:
            raise ConfigError(f"no stored sync #{number} of {source}; `skillsync history "
                              f"{source}` lists the stored ones")
    return diff(*snapshots)


class _Empty:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def entry_lines(source: str, found: list[Entry]) -> list[str]:
    if not found:
        return [f"No syncs of {source} are recorded yet; each `skillsync sync` records one."]
    lines = [f"Syncs of {source}, newest first:"]
    for e in found:
        held = ("  held back" if e.held_back else
                "  accepted (--accept-changes)" if e.status == "accepted" else "")
        lines.append(f"  #{e.id:<5} {e.taken_at:%Y-%m-%d %H:%M}  {e.people:>6} people  "
                     f"{e.joined} joined, {e.left} left, {e.changed} changed  "
                     f"checksum {e.checksum[:12]}{held}")
    return lines


def change_lines(first: int, second: int, changes: Changes) -> list[str]:
    lines = [f"From sync #{first} to sync #{second}: {len(changes.joined)} joined, "
             f"{len(changes.left)} left, {len(changes.changed)} changed."]
    if changes.joined:
        lines.append("Joined: " + joined(list(map(_shown, changes.joined))))
    if changes.left:
        lines.append("Left: " + joined(list(map(_shown, changes.left))))
    lines += [f"  {_shown(change.who)}: {describe(change, VALUES_SHOWN)}"
              for change in changes.changed]
    return lines


def _shown(who: Member) -> str:
    """A person as a reader knows them, with the e-mail that tells namesakes apart:
    "Ana Lima (ana@x.org)"; the JSON keeps the e-mail alone (`label`)."""
    if who.name and who.email:
        return f"{clip(who.name, 60)} ({clip(who.email, 80)})"
    return clip(who.label, 80)


def diff_dict(first: int, second: int, changes: Changes) -> dict[str, Any]:
    return {"from": first, "to": second, **changes.as_dict()}
