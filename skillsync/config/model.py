"""Settings as frozen dataclasses: what skillsync.toml can say, with the defaults."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from skillsync.config.org import OrgConfig
from skillsync.core.summary import DEFAULT_TITLES
from skillsync.limits import Limits
from skillsync.settingsfile import GIVEN
from skillsync.terminal import one_line

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_WAIT = 86_400.0  # --wait: a day at most


@dataclass(frozen=True)
class SourceConfig:
    tab: str | None = None
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aliases_tab: str = "Aliases"
    not_duplicates_tab: str = "Not duplicates"
    layout: str | None = None  # rows | wide | form | long | transposed; else detected
    header_row: int | None = None  # the header's row number; else found


@dataclass(frozen=True)
class LevelsConfig:
    words: dict[str, int] = field(default_factory=dict)  # extra level words -> 0..5
    marks: tuple[str, ...] = ()  # extra marks meaning "has it"
    scale: int | None = None  # the top of the sheet's numeric levels (4 for 1-4)


@dataclass(frozen=True)
class EmailConfig:
    smtp_host: str | None = None
    smtp_port: int = 587
    security: str = "starttls"
    username: str | None = None
    sender: str | None = None
    to: tuple[str, ...] = ()
    timeout: float = 30.0  # seconds, for connecting and for every answer of the server
    team_digests: bool = False
    nudges: bool = False
    ca_file: Path | None = None  # PEM CAs trusted besides the system's, for a private relay
    deadline: float = 600.0  # seconds for the whole send, however the server behaves


@dataclass(frozen=True)
class SiteConfig:
    dir: Path | None = None  # where `sync` writes the skills atlas (a static site)


@dataclass(frozen=True)
class HistoryConfig:
    database: Path | None = None  # default: history.sqlite3 in the private state folder
    keep_days: int = 90  # every sync is kept this long...
    keep_weekly: bool = True  # ...then one a week (false: none)
    vanished_share: float = 0.2  # hold back when this share of people vanished at once
    trend_syncs: int = 8  # syncs shown in the Trends tab, this one included


@dataclass(frozen=True)
class Config:
    source: SourceConfig = field(default_factory=SourceConfig)
    expert_level: int = 4
    levels: LevelsConfig = field(default_factory=LevelsConfig)
    aliases: dict[str, str] = field(default_factory=dict)
    not_same: tuple[tuple[str, str], ...] = ()
    day_first: bool = True
    stale_days: int = 180
    titles: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TITLES))
    digest: Path | None = None
    templates: Path | None = None
    backups: int = 7
    google_credentials: Path | None = None
    email: EmailConfig = field(default_factory=EmailConfig)
    site: SiteConfig = field(default_factory=SiteConfig)
    org: OrgConfig = field(default_factory=OrgConfig)  # [staffing], [mentoring], [privacy]
    history: HistoryConfig = field(default_factory=HistoryConfig)
    path: Path | None = None  # the file this came from
    origin: str | None = None  # GIVEN, CURRENT_FOLDER or BESIDE; None: no file
    limits: Limits = field(default_factory=Limits)
    digest_mode: int = 0o600

    def describe(self) -> str | None:
        """Which settings file was used, for the report."""
        if self.path is None:
            return None
        return f"{one_line(os.fsdecode(self.path))} ({self.origin or GIVEN})"
