"""The one place where I/O meets the core: read, analyse, write tabs, render the digest."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from skillsync import __version__, digest, paths
from skillsync.backends import Backend, WriteResult, open_backend
from skillsync.config import Config, load
from skillsync.core import analysis as core
from skillsync.core.headers import HeaderVocabulary, choose_inventory, locate
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
    config = config if isinstance(config, Config) else load(Path(config) if config else None)
    now = now or datetime.now().astimezone()
    backend = open_backend(str(source), wait=wait, backups=config.backups,
                           credentials=config.google_credentials)
    try:
        result, facts = analyse(backend, config, now)
        tabs = core.build_tabs(result, facts, config.titles)
        written = backend.write(tabs) if write else _would_write(backend, tabs, dry_run)
    finally:
        backend.close()
    report = _report(backend, result, facts, written, now, dry_run)
    if render:
        report.digest = digest.write_files(
            digest.render(report, result, config), digest_path or config.digest
            or default_digest_path(backend))
    return Run(report, result, backend, config)


def analyse(backend: Backend, config: Config, now: datetime) -> tuple[core.Analysis, SyncFacts]:
    """Read the inventory and the helper tabs, then run the pure core over them."""
    grid, layout, extras = read_inventory(backend, config)
    vocabulary = base_vocabulary().with_aliases(
        {**config.aliases, **read_aliases(extras.get("aliases"))})
    not_same = read_not_same(extras.get("not_same")) | {
        frozenset(p.casefold() for p in pair) for pair in config.not_same}
    rules = Rules(today=now.date(), day_first=config.day_first,
                  expert_level=config.expert_level, stale_days=config.stale_days)
    result = core.analyse(grid, layout, vocabulary, rules, not_same)
    facts = SyncFacts(now.replace(tzinfo=None), __version__, backend.source, result.rows_read,
                      core.checksum(grid, layout))
    return result, facts


@lru_cache(maxsize=1)
def base_vocabulary() -> Vocabulary:
    with paths.skills_file().open("rb") as handle:
        return Vocabulary.build(tomllib.load(handle))


def read_inventory(backend: Backend, config: Config) -> tuple[Grid, Layout, dict[str, Grid]]:
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
    return grids[layout.sheet], layout, extras


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


def _report(backend: Backend, result: core.Analysis, facts: SyncFacts, written: WriteResult,
            now: datetime, dry_run: bool) -> Report:
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
        tabs_written=written.written,
        tabs_skipped=written.conflicts,
        backup=written.backup,
        dry_run=dry_run,
        checksum=facts.checksum,
    )


def default_digest_path(backend: Backend) -> Path:
    """Digests hold personal data, so by default they go to the private state folder."""
    tag = "".join(c if c.isalnum() else "-" for c in Path(backend.source).stem)[:60]
    return paths.private_subdir("digests") / f"{tag or 'sheet'}-digest.html"
