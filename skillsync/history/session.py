"""The history's step in a run: the run lock, the memory of the last good sync, the
accident guard, and the record of this run.

`pipeline.run` opens a `Session` around the part of a run that touches the source, asks
it to `recall` once the sheet is analysed (changes, trends, staleness, the guard's
verdict), writes nothing when it says `held`, has it `remember` the run afterwards, and
takes its `section` of the report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from skillsync import events
from skillsync.config import Config
from skillsync.core.analysis import Analysis
from skillsync.core.history import (
    ACCEPTED,
    GOOD,
    HELD,
    Changes,
    Draft,
    Memory,
    Snapshot,
    diff,
    draft,
    snapshot_of,
)
from skillsync.core.integrity import Guard, Verdict, evaluate
from skillsync.core.skillfields import skill_headers
from skillsync.core.staleness import stale_rows
from skillsync.core.summary import SyncFacts
from skillsync.errors import HeldBack
from skillsync.history import outlook
from skillsync.history.lock import Holder, run_lock
from skillsync.history.places import database_of, locks_folder, source_key
from skillsync.history.records import Lines
from skillsync.history.schema import pack_later
from skillsync.history.store import open_store

if TYPE_CHECKING:  # the mailer and the alert load only when a run mails (see `deliver`)
    from skillsync.output.mail import Delivery
    from skillsync.output.mailplan import Sync

@dataclass(frozen=True)
class Section:
    """What the history adds to a run's report: notes, the JSON fields, and the lines
    saying why the run was held back (empty when it was not)."""

    notes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    held_back: tuple[str, ...] = ()


@dataclass
class Recall:
    """What the history knew and concluded for this run. The people themselves are not
    kept: this run's are packed at once (a few MB for 100,000 people, not hundreds), so
    writing the tabs afterwards needs no more memory than before the history existed."""

    people_before: int  # at the last good sync
    # Without its people (they are in `packed`); None when not drafted: nothing to
    # compare with in a run that stores nothing.
    current: Snapshot | None
    # This run's people, packed (the bytes when called: see schema.pack_later), and how
    # many they are: to store.
    packed: tuple[Callable[[], bytes], int] | None
    changes: Changes
    verdict: Verdict = field(default_factory=Verdict)


class Session:
    def __init__(self, source: str, config: Config, now: datetime, *, wait: float = 0.0,
                 lock: bool = False, guard: bool = False, accept: bool = False,
                 advise: bool = False, refuse: str | None = None) -> None:
        self.source = source
        self.key = source_key(source)
        self.config = config
        self.now = now if now.tzinfo else now.astimezone()  # a naive time is local
        self.wait = wait
        self.lock = lock  # this run writes: it takes the lock and is recorded
        self.guard = guard
        self.accept = accept
        self.advise = advise  # `check`: say what the guard concludes; hold nothing
        self.refuse = refuse  # a command that stops rather than be held back ("site")
        self.recalled: Recall | None = None
        self.stored: int | None = None
        self.crashed: Holder | None = None
        self._stack = ExitStack()
        self.accept_command = outlook.rerun("sync", source, config, "--accept-changes")

    def __enter__(self) -> Session:
        if self.lock:
            self.crashed = self._stack.enter_context(run_lock(
                locks_folder(self.config), self.key, wait=self.wait, now=self.now))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    @property
    def held(self) -> bool:
        return bool(self.recalled and self.guard and self.recalled.verdict.hold
                    and not (self.accept or self.advise))

    def recall(self, result: Analysis, facts: SyncFacts) -> tuple[Analysis, SyncFacts]:
        """Compare with the last good run: the facts gain the changes and the trend, the
        analysis the rows stale by history, and the session the guard's verdict."""
        path, wal = database_of(self.config)
        with open_store(path, wal=wal, create=self.lock) or nullcontext() as store:
            if store is not None and self.lock:
                store.ensure_writable()  # else the tabs would be written, the run not kept
            elif store is None or not store.has_good(self.key):
                # Nothing to compare this run with, and it is not stored: its snapshot
                # would be drafted only to be thrown away (a check of a new sheet).
                return self._unremembered(result, facts)
            drafted = draft(result.people, result.layout)
            lines = Lines(*drafted, packing=self.lock)  # dumped once: compared, then stored
            previous = store.last_good(self.key, lines)
            points = store.points(self.key, self.config.history.trend_syncs - 1)
        return self._compared(result, facts, drafted, lines, previous, points)

    def _compared(self, result: Analysis, facts: SyncFacts, drafted: Draft, lines: Lines,
                  previous: Snapshot | None, points: list[tuple[datetime, dict[str, int]]]
                  ) -> tuple[Analysis, SyncFacts]:
        """`recall` once this run is drafted and the last good run read beside it."""
        skills = result.skills  # a group-by over every skill held: once
        current = snapshot(result, self.now, previous, facts, skills, drafted)
        changes = diff(previous, current)
        guard = Guard(self.config.history.vanished_share)
        verdict = evaluate(previous, current, guard, changes) if self.guard else Verdict()
        before = len(previous.people) if previous else None
        # Compared: the last run's people go before this run's are kept packed, or both
        # are held at once, which is where a nightly sync of a large sheet peaked (the
        # lines packed as they were compared are bytes: a few MB for 100,000 people).
        del previous
        packed = (pack_later(current.people, lines), len(current.people)) if self.lock else None
        self._recalled(Recall(before or 0, replace(current, people={}), packed, changes,
                              verdict))
        if before is not None:
            stale = stale_rows(result.people, current, result.layout, self.now.date(),
                               self.config.stale_days)
            result = replace(result, issues=[*result.issues, *stale]) if stale else result
        memory = Memory(changes, (*points, (facts.synced_at, skills)))
        return result, replace(facts, history=memory)

    def _unremembered(self, result: Analysis, facts: SyncFacts
                      ) -> tuple[Analysis, SyncFacts]:
        """`recall` with no good run to compare with, in a run that stores nothing: what
        comparing this run with nothing concludes, without drafting its snapshot."""
        changes = Changes(None, None)
        self._recalled(Recall(0, None, None, changes, Verdict()))
        memory = Memory(changes, ((facts.synced_at, result.skills),))
        return result, replace(facts, history=memory)

    def _recalled(self, recalled: Recall) -> None:
        """Keep what was recalled, say so, and stop here if a command refuses to be held."""
        self.recalled = recalled
        verdict = recalled.verdict
        _announce(self.key, recalled.changes, verdict, "would_hold" if self.advise else
                  "held" if self.held else "accepted")
        if self.refuse and self.held:
            raise HeldBack(outlook.refusal(verdict, outlook.rerun("check", self.source,
                                                                  self.config), self.refuse))

    def settle(self) -> None:
        """This run's people packed (their packing went on while the tabs were built): a
        failure there stops the run now, before the workbook is written, not after."""
        if self.recalled is not None and self.recalled.packed is not None:
            later, people = self.recalled.packed
            packed = later()
            self.recalled.packed = (lambda: packed, people)

    def remember(self) -> None:
        """Record this run (when it writes): held back, accepted, or good; then prune."""
        if not self.lock or self.recalled is None:
            return
        recalled = self.recalled
        assert recalled.current is not None  # a run that stores is always drafted
        status = HELD if self.held else ACCEPTED if recalled.verdict.hold else GOOD
        history = self.config.history
        path, wal = database_of(self.config)
        with open_store(path, wal=wal) as store:
            self.stored = store.save(self.key, recalled.current, recalled.changes, status,
                                     [f.as_dict() for f in recalled.verdict.findings],
                                     recalled.packed and (recalled.packed[0](),
                                                          recalled.packed[1]))
            store.prune(self.key, self.now, history.keep_days, history.keep_weekly)
        events.emit("history.stored", source=self.key, run=self.stored, status=status)

    def deliver(self, sync: Sync, *, dry_run: bool, now: datetime) -> Delivery:
        """The digest and the rest, as usual; when held back, only the alert instead."""
        from skillsync.history import alert
        from skillsync.output import mail

        if not self.held or self.recalled is None:
            return mail.deliver(sync, dry_run=dry_run, now=now)
        shown = alert.view(sync.facts, self.recalled.verdict, self.accept_command,
                           self.recalled.people_before, len(sync.analysis.people))
        return alert.deliver(self.config, shown, dry_run=dry_run, now=now)

    def section(self, dry_run: bool) -> Section:
        """The report's part from the history: the changes, the guard's verdict and the
        lock's news."""
        if self.recalled is None:
            return Section()
        if self.advise:
            return self._advice()
        recalled = self.recalled
        notes = list(recalled.verdict.notes)
        if self.crashed:
            notes.append(f"A previous sync ({self.crashed}) ended without finishing; its run "
                         "lock was taken over.")
        if recalled.verdict.hold and not self.held and self.guard:
            notes.append("Went ahead as asked (--accept-changes) although: " + "; ".join(
                f.label for f in recalled.verdict.findings) + ".")
        extra: dict[str, Any] = {
            "changes": recalled.changes.as_dict(),
            "held_back": self._held_dict() if self.held else None,
            "history": {"run": self.stored, "previous_run": recalled.changes.since_id,
                        "database": str(database_of(self.config)[0])},
        }
        held = (outlook.held_lines(recalled.verdict, self.accept_command, dry_run)
                if self.held else ())
        return Section(tuple(notes), extra, held)

    def _advice(self) -> Section:
        """`check`'s part: the changes and the guard's verdict, in words and in JSON."""
        assert self.recalled is not None
        changes, verdict = self.recalled.changes, self.recalled.verdict
        extra = {"changes": changes.as_dict(), "held_back": None,
                 "guard": outlook.as_dict(changes, verdict, self.accept_command),
                 "history": {"run": None, "previous_run": changes.since_id,
                             "database": str(database_of(self.config)[0])}}
        return Section(tuple(outlook.lines(changes, verdict, self.accept_command)), extra)

    def _held_dict(self) -> dict[str, Any]:
        assert self.recalled is not None
        return {"reasons": [f.as_dict() for f in self.recalled.verdict.findings],
                "accept": self.accept_command}


def snapshot(result: Analysis, now: datetime, previous: Snapshot | None = None,
             facts: SyncFacts | None = None, skills: dict[str, int] | None = None,
             drafted: Draft | None = None) -> Snapshot:
    """What a run remembers of the sheet `result` read (a matrix's skill columns too)."""
    return snapshot_of(result.people, result.layout,
                       result.skills if skills is None else skills, taken_at=now,
                       previous=previous, checksum=facts.checksum if facts else "",
                       version=facts.version if facts else "", rows_read=result.rows_read,
                       skill_columns=skill_headers(result.layout, result.vocabulary),
                       drafted=drafted)


def _announce(source: str, changes: Changes, verdict: Verdict, outcome: str) -> None:
    """`outcome` of a verdict that holds: held, accepted, or would_hold (`check`)."""
    events.emit("history.compared", source=source, previous_run=changes.since_id,
                joined=len(changes.joined), left=len(changes.left),
                changed=len(changes.changed))
    if verdict.hold:
        events.emit(f"sync.{outcome}", logging.INFO if outcome == "accepted" else
                    logging.WARNING, source=source,
                    reasons=[f.as_dict() for f in verdict.findings])
