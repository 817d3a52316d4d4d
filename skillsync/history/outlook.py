"""What `skillsync check` says the history knows: the changes since the last good sync,
and whether the next sync would be held back by the accident guard, and why.

`check` writes nothing (no tab, no run recorded, no history created), so this is advice:
the check itself exits 0; `sync --dry-run` is the way to get exit code 4 in a script.
"""

from __future__ import annotations

import os
import shlex
from typing import Any

import pandas as pd

from skillsync.config import GIVEN, Config
from skillsync.core.history import Changes, Memory
from skillsync.core.integrity import Verdict
from skillsync.output.changes import change_lines

CHANGES_LISTED = 10  # people whose changes are spelled out; --json lists every one
_NO_PEOPLE = pd.DataFrame({"key": [], "team": []})


def rerun(command: str, source: str, config: Config, *flags: str) -> str:
    """The command line that runs `command` again on this source with these settings, quoted
    for a shell: the accept hint must work when pasted, spaces and --config included."""
    settings = (["--config", os.fsdecode(config.path)]
                if config.path is not None and config.origin in (None, GIVEN) else [])
    if source.startswith("-"):  # a file named like an option: its path, not an option
        source = f"./{source}"
    return shlex.join(["skillsync", command, source, *settings, *flags])


def lines(changes: Changes, verdict: Verdict, accept: str) -> list[str]:
    """The text: what changed, then the guard's verdict with its evidence."""
    if changes.since is None:
        return ["History: no good sync of this source is recorded yet, so there is nothing "
                "to compare with; the next sync is the first one remembered."]
    since = f"#{changes.since_id}, " if changes.since_id is not None else ""
    head = [f"History: compared with the last good sync ({since}"
            f"{changes.since:%Y-%m-%d %H:%M})."]
    told = change_lines(Memory(changes), _NO_PEOPLE, None, CHANGES_LISTED)
    return head + [f"  {line}" for line in told] + verdict_lines(verdict, accept)


def verdict_lines(verdict: Verdict, accept: str) -> list[str]:
    if not verdict.hold:
        return ["Guard: the next sync would go through; nothing looks damaged since the last "
                "good sync."] + [f"  {note}" for note in verdict.notes]
    found = [f"  {f.label} [{f.code}]: {f.message} To fix: {f.hint}."
             for f in verdict.findings]
    return ["Guard: the next sync would be held back (exit code 4), because the sheet looks "
            "damaged since the last good sync:", *found,
            *(f"  {note}" for note in verdict.notes),
            f"If the changes are meant: {accept}"]


def as_dict(changes: Changes, verdict: Verdict, accept: str) -> dict[str, Any]:
    """The --json "guard" object: `would_hold`, each reason (code, label, message, rows,
    examples, fix), the notes, and the command that goes ahead anyway."""
    return {"compared_with": changes.since_id,
            "since": changes.since.isoformat(timespec="seconds") if changes.since else None,
            "would_hold": verdict.hold,
            "codes": [f.code for f in verdict.findings],
            "reasons": [f.as_dict() for f in verdict.findings],
            "notes": list(verdict.notes),
            "accept": accept if verdict.hold else None}


PUBLISHED = {"site": "the atlas"}  # what each publishing command would have published


def refusal(verdict: Verdict, check: str, command: str) -> str:
    """The one line a publishing command stops with when the guard would hold a sync."""
    why = "; ".join(f"{f.label} [{f.code}]" for f in verdict.findings)
    what = PUBLISHED.get(command, "nothing")
    return (f"{what} was not published: the sheet looks damaged since the last good sync "
            f"({why}); "
            f"`{check}` shows the evidence; if the changes are meant, run "
            f"`skillsync {command}` again with --accept-changes")


def held_lines(verdict: Verdict, accept: str, dry_run: bool) -> tuple[str, ...]:
    head = ("A sync would be held back" if dry_run else
            "Held back: nothing was written; the tabs keep their last good content")
    lines = [f"{head} (exit code 4), because the sheet looks damaged since the last good "
             "sync:"]
    lines += [f"  {f.label} [{f.code}]: {f.message} To fix: {f.hint}."
              for f in verdict.findings]
    lines.append(f"If the changes are meant: {accept}")
    return tuple(lines)
