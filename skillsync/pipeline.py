"""The one place where I/O meets the core: read, analyse, write tabs, render the digest."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import jinja2

from skillsync import __version__, digest, digest_files, paths
from skillsync.backends import Backend, WriteResult, open_backend
from skillsync.config import Config, for_source
from skillsync.core import analysis as core
from skillsync.core.headers import HeaderVocabulary, choose_inventory, layout_issues, locate
from skillsync.core.model import Grid, Layout
from skillsync.core.people import Rules
from skillsync.core.summary import SyncFacts
from skillsync.core.usertabs import read_aliases, read_not_same
from skillsync.core.vocab import Vocabulary
from skillsync.errors import ConfigError, NoInventory
from skillsync.report import Report


@dataclass
class Run:
    """Everything one sync produced, for the CLI and the mailer."""

    report: Report
    analysis: core.Analysis
    backend: Backend
    config: Config


def sync(source: str | Path, config: Config | Path | str | None = None, *,
         dry_run: bool = False, digest_path: Path | None = None, wait: float = 0.0,
         now: datetime | None = None) -> Report:
    """Read the inventory, check and dedupe it, write the summary tabs and the digest."""
    return run(source, config, write=not dry_run, dry_run=dry_run, digest_path=digest_path,
               wait=wait, now=now).report


def check(source: str | Path, config: Config | Path | str | None = None, *,
          now: datetime | None = None) -> Report:
    """Read, check and dedupe; write nothing at all."""
    return run(source, config, write=False, render=False, now=now).report


def run(source: str | Path, config: Config | Path | str | None = None, *, write: bool = True,
        dry_run: bool = False, render: bool = True, digest_path: Path | None = None,
        wait: float = 0.0, now: datetime | None = None) -> Run:
    """Everything a command does: read, analyse, render, then (if `write`) write the tabs.

    The digest is rendered and its file checked before any tab is written, so a broken
    template or an unwritable digest path stops the run with the sheet untouched.
    """
    config = config if isinstance(config, Config) else settings_for(source, config)
    now = now or datetime.now().astimezone()
    backend = open_backend(str(source), wait=wait, backups=config.backups,
                           credentials=config.google_credentials, writing=write,
                           limits=config.limits)
    try:
        result, facts = analyse(backend, config, now)
        tabs = core.build_tabs(result, facts, config.titles)
        report = _report(backend, result, facts, now, dry_run)
        report.settings = config.describe()
        rendered, target = _prepare_digest(report, result, config, backend, render, digest_path)
        written = backend.write(tabs) if write else _would_write(backend, tabs, dry_run)
    finally:
        backend.close()
    _record_write(report, written)
    if rendered is not None:
        report.digest = digest_files.write_files(rendered, target, config.digest_mode)
    return Run(report, result, backend, config)


def settings_for(source: str | Path, config: Path | str | None) -> Config:
    """The named settings file; else ./skillsync.toml; else skillsync.toml beside the
    workbook, where `skillsync init` puts one (trusted less: see config.for_source)."""
    return for_source(source, config)


def _prepare_digest(report: Report, result: core.Analysis, config: Config, backend: Backend,
                    render: bool, digest_path: Path | None):
    if not render:
        return None, None
    target = digest_path or config.digest or default_digest_path(backend)
    try:
        rendered = digest.render(report, result, config)
    except jinja2.TemplateError as exc:
        where = f" in {exc.name}" if getattr(exc, "name", None) else ""
        raise ConfigError(f"the digest template{where} does not work: {exc}") from exc
    digest_files.check_target(target)
    return rendered, target


def _record_write(report: Report, written: WriteResult) -> None:
    report.tabs_written = written.written
    report.tabs_skipped = written.conflicts
    report.tabs_stale = written.stale
    report.notes = written.notes
    report.backup = written.backup


def analyse(backend: Backend, config: Config, now: datetime) -> tuple[core.Analysis, SyncFacts]:
    """Read the inventory and the helper tabs, then run the pure core over them."""
    found = read_inventory(backend, config)
    vocabulary = base_vocabulary().with_aliases(
        {**config.aliases, **read_aliases(found.extras.get("aliases"))})
    not_same = read_not_same(found.extras.get("not_same")) | {
        frozenset(p.casefold() for p in pair) for pair in config.not_same}
    rules = Rules(today=now.date(), day_first=config.day_first,
                  expert_level=config.expert_level, stale_days=config.stale_days)
    result = core.analyse(found.grid, found.layout, vocabulary, rules, not_same, found.issues)
    facts = SyncFacts(now.replace(tzinfo=None), __version__, backend.source, result.rows_read,
                      core.checksum(found.grid, found.layout))
    return result, facts


@lru_cache(maxsize=1)
def base_vocabulary() -> Vocabulary:
    with paths.skills_file().open("rb") as handle:
        return Vocabulary.build(tomllib.load(handle))


@dataclass
class Inventory:
    grid: Grid
    layout: Layout
    extras: dict[str, Grid]  # the Aliases and Not duplicates tabs, when present
    issues: list  # guesses worth a warning (another inventory-like tab, no skills column)


def read_inventory(backend: Backend, config: Config) -> Inventory:
    """The inventory grid and its layout, plus the user-owned helper tabs when present."""
    names = backend.tab_names()
    folded = {n.casefold(): n for n in names}
    helpers = {"aliases": folded.get(config.source.aliases_tab.casefold()),
               "not_same": folded.get(config.source.not_duplicates_tab.casefold())}
    wanted_tab = config.source.tab
    if wanted_tab is not None and wanted_tab.casefold() not in folded:
        raise ConfigError(f"the tab '{wanted_tab}' named in the config does not exist; "
                          f"tabs are: {', '.join(names)}")
    candidates = ([folded[wanted_tab.casefold()]] if wanted_tab else
                  [n for n in names if n not in helpers.values()])
    grids = backend.read(candidates + [h for h in helpers.values() if h])
    vocabulary = HeaderVocabulary.build(config.source.headers)
    layouts = [found for n in candidates if n in grids
               if (found := locate(grids[n], vocabulary)) is not None]
    layout = choose_inventory(layouts)
    if layout is None:
        raise NoInventory(_no_inventory_message(candidates, wanted_tab))
    extras = {k: grids[v] for k, v in helpers.items() if v and v in grids}
    return Inventory(grids[layout.sheet], layout, extras, layout_issues(layout, layouts))


def _no_inventory_message(candidates: list[str], wanted: str | None) -> str:
    where = f"tab '{wanted}'" if wanted else f"any tab ({', '.join(candidates) or 'none'})"
    return (f"no header row with an e-mail column in {where}; add a header such as "
            "'Name | E-mail | Team | Skills', or map yours under [source.headers] in "
            "skillsync.toml")


def _would_write(backend: Backend, tabs, dry_run: bool) -> WriteResult:
    if not dry_run:
        return WriteResult()
    owned = set(backend.tab_names())
    titles = [t.title for t in tabs]
    taken = {n.casefold() for n in owned}
    return WriteResult(written=[t for t in titles if t.casefold() not in taken],
                       conflicts=[t for t in titles if t.casefold() in taken])


def _report(backend: Backend, result: core.Analysis, facts: SyncFacts, now: datetime,
            dry_run: bool) -> Report:
    return Report(
        source=backend.source,
        sheet=result.layout.sheet,
        header_row=result.layout.header_row,
        rows_read=result.rows_read,
        people=len(result.people),
        duplicates=result.duplicates,
        issues=result.issues,
        skills=result.skills,
        synced_at=now,
        version=__version__,
        dry_run=dry_run,
        checksum=facts.checksum,
    )


def default_digest_path(backend: Backend) -> Path:
    """Digests hold personal data, so by default they go to the private state folder."""
    tag = "".join(c if c.isalnum() else "-" for c in Path(backend.source).stem)[:60]
    return paths.private_subdir("digests") / f"{tag or 'sheet'}-digest.html"
