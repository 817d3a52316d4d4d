"""Reading a source: the inventory in whatever layout it is kept, its helper tabs, and the
pure core run over them. The first steps of every command (see pipeline.run)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import pandas as pd

from skillsync import __version__, orgsteps, paths
from skillsync.backends import Backend
from skillsync.config import Config
from skillsync.core import analysis as core
from skillsync.core import layouts, levels, messages, when
from skillsync.core.checksum import checksum_of
from skillsync.core.headers import HeaderVocabulary, header_key
from skillsync.core.model import Grid, Layout
from skillsync.core.people import Rules, begin
from skillsync.core.summary import SyncFacts
from skillsync.core.usertabs import read_aliases, read_not_same
from skillsync.core.vocab import Vocabulary
from skillsync.errors import ConfigError, NoInventory
from skillsync.progress import Step, silent


def analyse(backend: Backend, config: Config, now: datetime, progress: Step = silent,
            people_known: Callable[[pd.DataFrame, Layout], Any] | None = None
            ) -> tuple[core.Analysis, SyncFacts]:
    """Read the inventory and the helper tabs, then run the pure core over them
    (`people_known`: see core.analysis.analyse)."""
    epoch = when.serial_epoch(getattr(backend, "date1904", False))  # xlsx files say
    found = read_inventory(backend, config, epoch)
    vocabulary, rules = found.vocabulary, rules_of(config, now, epoch)
    assert found.extract is not None
    # The slowest columns sent to be parsed elsewhere (a writer's second process) first,
    # so that they are parsed while the checksum is taken and the other columns parsed.
    begun = begin(found.extract, vocabulary, rules, getattr(backend, "elsewhere", None))
    progress("Checking")
    checksum = checksum_of(found.extract)  # of the cells as read, which can then go
    not_same = read_not_same(found.extras.get("not_same")) | {
        frozenset(p.casefold() for p in pair) for pair in config.not_same}
    # Handed over, not kept here: the core lets the records go once they are parsed.
    result = core.analyse(found.take_extract(), vocabulary, rules, not_same, begun,
                          people_known)
    result = orgsteps.answer(result, found.extras, config, backend.source, epoch)
    facts = SyncFacts(now.replace(tzinfo=None), __version__, backend.source, result.rows_read,
                      checksum)
    return result, facts


def rules_of(config: Config, now: datetime, epoch: date = when.EXCEL_EPOCH) -> Rules:
    """`epoch`: the day the workbook's serial 0 stands for (see when.serial_epoch)."""
    return Rules(today=now.date(), day_first=config.day_first,
                 expert_level=config.expert_level, stale_days=config.stale_days,
                 words=words_of(config), scale=config.levels.scale, epoch=epoch)


def words_of(config: Config) -> levels.Words:
    return levels.DEFAULT.with_extra(config.levels.words, config.levels.marks)


@lru_cache(maxsize=1)
def base_vocabulary() -> Vocabulary:
    with paths.skills_file().open("rb") as handle:
        return Vocabulary.build(tomllib.load(handle))


@dataclass
class Inventory:
    extract: layouts.Extract | None
    extras: dict[str, Grid]  # Aliases, Not duplicates, Staffing requests, Targets, when present
    vocabulary: Vocabulary  # the shipped one, with the settings' and the Aliases tab's

    def take_extract(self) -> layouts.Extract:
        """The extract, no longer held here, its tabs without their cells (the records
        carry what is read from them; the checksum must be taken before)."""
        extract, self.extract = self.extract, None
        assert extract is not None, "the extract was taken already"
        return replace(extract, grids={name: replace(grid, rows=[])
                                       for name, grid in extract.grids.items()})


def read_inventory(backend: Backend, config: Config, epoch: date = when.EXCEL_EPOCH
                   ) -> Inventory:
    """The inventory, read in whatever layout it is kept, plus the helper tabs (`epoch`:
    the day the workbook's serial 0 stands for)."""
    names = backend.tab_names()
    folded = {n.casefold(): n for n in names}
    helpers = {"aliases": folded.get(config.source.aliases_tab.casefold()),
               "not_same": folded.get(config.source.not_duplicates_tab.casefold()),
               **{k: folded.get(v.casefold()) for k, v in orgsteps.helper_tabs(config).items()}}
    wanted_tab = config.source.tab
    if wanted_tab is not None and wanted_tab.casefold() not in folded:
        raise ConfigError(f"the tab '{wanted_tab}' named in the config does not exist; "
                          f"tabs are: {', '.join(names)}")
    candidates = ([folded[wanted_tab.casefold()]] if wanted_tab else
                  [n for n in names if n not in helpers.values()])
    # Loaded before the read, which may wait for the sheet parsed on another thread: the
    # skills file is read meanwhile (half a second of a million-person sync), not after.
    base = base_vocabulary()
    grids = backend.read(candidates + [h for h in helpers.values() if h])
    extras = {k: grids[v] for k, v in helpers.items() if v and v in grids}
    vocabulary = base.with_aliases(
        {**config.aliases, **read_aliases(extras.get("aliases"))})
    options = layouts.Options(config.source.layout, wanted_tab, config.source.header_row,
                              words_of(config), vocabulary.known, epoch)
    found = layouts.read({n: grids[n] for n in candidates if n in grids},
                         HeaderVocabulary.build(config.source.headers), options)
    if isinstance(found, layouts.Unreadable):
        raise NoInventory(found.message)
    found.notes += unmatched_headers(config.source.headers, found.layout)
    return Inventory(found, extras, vocabulary)


def unmatched_headers(headers: Mapping[str, tuple[str, ...]], layout: Layout) -> list[str]:
    """A note for each field `[source.headers]` names whose headers the sheet has none of:
    a misspelt header would otherwise be passed over in silence."""
    return [messages.unmatched_header(field, spellings, layout.headers.get(field),
                                      layout.sheet)
            for field, spellings in headers.items() if spellings
            and header_key(layout.headers.get(field) or "") not in map(header_key, spellings)]
