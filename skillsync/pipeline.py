"""The one place where I/O meets the core: read, analyse, write tabs, render, mail.

`run` wires the steps; each step is a small function here or a module of its own. The
library's entry points (`sync`, `check`, `digest`, `export`) are thin calls of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pandas as pd

from skillsync import history, orgsteps
from skillsync.allocator import gc_paused
from skillsync.backends import Linker, WriteResult, open_backend
from skillsync.config import Config, for_source
from skillsync.core import analysis as core
from skillsync.core import memos
from skillsync.core.earlytabs import EarlyTabs
from skillsync.core.summary import SyncFacts
from skillsync.errors import ConfigError, SourceChanged
from skillsync.outcome import Outputs, assemble
from skillsync.progress import Step, silent
from skillsync.reading import analyse
from skillsync.report import Report

# What only some runs use (the digest's templates, the mailer, the atlas) loads in the step
# that uses it: a `check` renders, mails and publishes nothing, and starts without them.
if TYPE_CHECKING:
    from skillsync.output.mailplan import Sync

Settings = Config | Path | str | None


@dataclass(frozen=True)
class Run:
    """Everything one run produced: the report, and the analysis behind it."""

    report: Report
    analysis: core.Analysis


def sync(source: str | Path, config: Settings = None, *, dry_run: bool = False,
         digest_path: Path | None = None, wait: float = 0.0, send: bool = False,
         now: datetime | None = None, site_dir: Path | None = None,
         accept_changes: bool = False, progress: Step = silent) -> Report:
    """Read the inventory, check and dedupe it, write the summary tabs and the digest;
    with `send`, mail the digest and nudges (`dry_run` writes and sends nothing); with
    `site_dir` or `[site] dir`, write the skills atlas there too (not in a dry run: the
    atlas is published, so a dry run only says where it would go). A dry run's digest is
    a preview in the state folder, unless `digest_path` names one: the digest a sync left
    there, or where `[digest]` publishes it, is not replaced. A sheet that looks damaged
    since the last good sync is held back (exit code 4) unless `accept_changes`."""
    config = config if isinstance(config, Config) else settings_for(source, config)
    if dry_run and digest_path is None:
        digest_path = _digest_files().default_path(str(source), preview=True)
    return run(source, config, write=not dry_run, dry_run=dry_run, digest_path=digest_path,
               wait=wait, send=send, now=now, site_dir=site_dir or config.site.dir,
               accept_changes=accept_changes, progress=progress).report


def site_only(source: str | Path, config: Settings = None, *, out: Path | None = None,
              now: datetime | None = None, accept_changes: bool = False) -> Report:
    """Write the skills atlas (to `out`, else `[site] dir`) without writing the sheet.
    Guarded like a sync: a sheet that looks damaged since the last good sync publishes
    nothing (HeldBack, exit code 4) unless `accept_changes`."""
    config = config if isinstance(config, Config) else settings_for(source, config)
    folder = out or config.site.dir
    if folder is None:
        raise ConfigError("say where the atlas goes: skillsync site SOURCE --out FOLDER, "
                          "or dir under [site] in skillsync.toml")
    return run(source, config, write=False, render=False, now=now, site_dir=folder,
               accept_changes=accept_changes, refuse="site").report


def check(source: str | Path, config: Settings = None, *,
          now: datetime | None = None, progress: Step = silent) -> Report:
    """Read, check and dedupe; write nothing at all. The report says what changed since
    the last good sync and whether the guard would hold the next sync back (JSON
    "guard"); the check itself still exits 0."""
    return run(source, config, write=False, render=False, now=now, advise=True,
               progress=progress).report


def digest_only(source: str | Path, config: Settings = None, *, out: Path | None = None,
                send: bool = False, dry_run: bool = False,
                now: datetime | None = None, progress: Step = silent) -> Report:
    """Render (and mail) the digest without writing the sheet."""
    return run(source, config, write=False, digest_path=out, send=send or dry_run,
               mail_dry_run=dry_run, now=now, progress=progress).report


def export(source: str | Path, config: Settings = None, *,
           now: datetime | None = None, progress: Step = silent) -> pd.DataFrame:
    """The tidy table behind every number: one row per (person, skill), see schema.tidy."""
    return run(source, config, write=False, render=False, now=now,
               progress=progress).analysis.tidy


def prepare_mail(source: str | Path, config: Settings = None, *,
                 now: datetime | None = None) -> Sync:
    """What mailing a run's digest needs, read without writing anything."""
    config = config if isinstance(config, Config) else settings_for(source, config)
    now = now or datetime.now().astimezone()
    memo = history.Session(str(source), config, now)  # reads the history, guards nothing
    result, facts, _, link, _, _ = _sheet_steps(str(source), config, now, memo, write=False,
                                                render=False, digest_path=None, wait=0.0)
    return _mail_input(result, facts, config, link)


def match(source: str | Path, skills: str, config: Settings = None, *,
          min_level: int | None = None, any_skill: bool = False, team: str | None = None,
          available: bool = False, top: int | None = 10,
          now: datetime | None = None) -> orgsteps.Matches:
    """People for a piece of work, best first (see core/staffing.py); writes nothing.
    The result is a sequence of candidates; its `as_list()` is the --json list."""
    result = run(source, config, write=False, render=False, now=now).analysis
    return orgsteps.match(result, skills, min_level=min_level, any_skill=any_skill, team=team,
                          available=available, top=top)


def run(source: str | Path, config: Settings = None, *, write: bool = True,
        dry_run: bool = False, render: bool = True, digest_path: Path | None = None,
        wait: float = 0.0, send: bool = False, mail_dry_run: bool | None = None,
        now: datetime | None = None, site_dir: Path | None = None,
        accept_changes: bool = False, advise: bool = False,
        refuse: str | None = None, progress: Step = silent) -> Run:
    """Everything a command does: read, analyse, render, write the tabs, mail; each step
    is said to `progress` as it begins (the command line shows it on a terminal).

    The digest is rendered and its file checked before any tab is written, so a broken
    template or an unwritable digest path stops the run with the sheet untouched; a mail
    that cannot work is refused before the sheet is even read.
    """
    config = config if isinstance(config, Config) else settings_for(source, config)
    now = now or datetime.now().astimezone()
    mail_dry_run = dry_run if mail_dry_run is None else mail_dry_run
    _preflight(config, send=send, mail_dry_run=mail_dry_run, site_dir=site_dir)
    memo = history.Session(str(source), config, now, wait=wait, lock=write,
                           guard=write or dry_run or render or advise or bool(refuse),
                           accept=accept_changes, advise=advise, refuse=refuse)
    with gc_paused(), memo:
        result, facts, written, link, rendered, target = _sheet_steps_retrying(
            str(source), config, now, memo, write=write, render=render,
            digest_path=digest_path, wait=wait, plan=write or dry_run, progress=progress)
        memo.remember()
    kept = not memo.held  # a held-back run publishes nothing but the alert
    if send:
        progress("Mailing")
    outputs = Outputs(
        digest=(_digest_files().write_files(rendered, target, config.digest_mode)
                if rendered and kept else None),
        site=_site(result, facts, link, config, site_dir, dry_run, kept),
        delivery=(memo.deliver(_mail_input(result, facts, config, link),
                               dry_run=mail_dry_run, now=now) if send else None),
        restricted=(orgsteps.write_restricted(result, config, facts.source)
                    if write and kept else None),
        history=memo.section(dry_run))
    report = assemble(result, facts, written, config, outputs, now=now, dry_run=dry_run)
    return Run(report, result)


def _preflight(config: Config, *, send: bool, mail_dry_run: bool,
               site_dir: Path | None) -> None:
    """Mail that cannot work, or an atlas folder or settings it cannot use, stop the run
    before the sheet is read."""
    if send:
        from skillsync.output import mail

        mail.preflight(config, dry_run=mail_dry_run)
    if site_dir is not None:
        from skillsync import site as atlas

        atlas.check_target(site_dir)
        atlas.restricted_of(config)


def _site(result: core.Analysis, facts: SyncFacts, link: Linker, config: Config,
          folder: Path | None, dry_run: bool, kept: bool = True
          ) -> tuple[str, Path | None] | None:
    if folder is None:
        return None
    if not kept:  # a held-back sync publishes nothing
        return ("Dry run: a sync would be held back, so the atlas would not be written"
                if dry_run else "Held back: the atlas was not written"), None
    if dry_run:
        from skillsync.site import check_target

        return f"Dry run: the atlas would be written to {check_target(folder)}", None
    written = publish_site(result, facts, link, config, folder)
    return f"Atlas: {written / 'index.html'}", written


CHANGED_ATTEMPTS = 3  # whole cycles when a remote workbook changed before our upload


def _sheet_steps_retrying(*args, **kwargs):
    """`_sheet_steps`, again on the new version when the backend's conditional upload found
    the workbook changed since its read (a 412 from Microsoft 365); a bounded number of
    times, then the backend's "changed while syncing; try later" stands."""
    for attempt in range(1, CHANGED_ATTEMPTS + 1):
        try:
            return _sheet_steps(*args, **kwargs)
        except SourceChanged as exc:
            if not getattr(exc, "retry_whole_run", False) or attempt == CHANGED_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def publish_site(result: core.Analysis, facts: SyncFacts, link: Linker, config: Config,
                 folder: Path) -> Path:
    """The skills atlas, from the analysis, showing only what org-wide outputs may show."""
    from skillsync import site as atlas

    return atlas.publish(result, folder, facts, link, restricted=atlas.restricted_of(config),
                         templates=config.templates)


def _sheet_steps(source: str, config: Config, now: datetime, memo: history.Session, *,
                 write: bool, render: bool, digest_path: Path | None, wait: float,
                 plan: bool = False, progress: Step = silent):
    """Everything that needs the open source: read, analyse, plan, render, write. The
    tabs are built only to be written or, in a dry run, to show what would be; `check`,
    `match`, `export`, `site` and `digest` plan with the tabs' titles alone (at 100,000
    people building the tabs is a fifth of a check's time)."""
    progress("Reading")
    backend = open_backend(source, wait=wait, backups=config.backups,
                           credentials=config.google_credentials, writing=write,
                           limits=config.limits)
    try:
        aside = getattr(backend, "aside", None) if write else None
        # Begun early only where a second process builds them (see core/earlytabs.py).
        aside_now = partial(getattr, backend, "builds_aside", False)
        early = EarlyTabs(config.titles, aside, aside_now) if aside and aside_now() else None
        result, facts = analyse(backend, config, now, progress,
                                early.people_known if early else None)
        memos.forget(result.vocabulary)  # the sheet is read: its parsing memos can go
        begun = early.analysed(result) if early else {}  # dropped if the guard holds back
        result, facts = memo.recall(result, facts)  # changes, trends; the accident guard
        progress("Summarising")
        tabs = (core.build_tabs(result, facts, config.titles, begun, aside) if plan or write
                else core.outline_tabs(result, config.titles))
        planned = backend.plan(tabs)
        rendered, target = (_digest_files().prepare(facts, result, config, backend.source,
                                                    digest_path) if render else (None, None))
        if write and not memo.held:
            memo.settle()  # a failure packing the run stops it before the write
            progress("Writing")
        written = (backend.write(tabs, planned) if write and not memo.held
                   else WriteResult(planned))
        return result, facts, written, backend.linker(), rendered, target
    finally:
        backend.close()


def _digest_files() -> ModuleType:
    from skillsync.output import digest_files  # its templates load only for a digest

    return digest_files


def _mail_input(result: core.Analysis, facts: SyncFacts, config: Config,
                link: Linker) -> Sync:
    from skillsync.output.mailplan import Sync  # the mailer loads only when mail is sent

    return Sync(result, facts, config, link)


def settings_for(source: str | Path, config: Path | str | None) -> Config:
    """The named settings file; else ./skillsync.toml; else skillsync.toml beside the
    workbook, where `skillsync init` puts one (trusted less: see config.for_source)."""
    return for_source(source, config)
