"""The [staffing], [mentoring] and [privacy] sections of skillsync.toml.

Read by skillsync.config through its typed reader (so unknown keys are refused like everywhere
else) into one frozen `OrgConfig`; `settings(config)` turns it into the pure core's
`orgview.Settings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from skillsync.core.orgview import RESTRICTABLE, Settings
from skillsync.core.when import EXCEL_EPOCH
from skillsync.errors import ConfigError

KNOWN: dict[str, set[str]] = {
    "staffing": {"requests_tab", "targets_tab", "shortlist_size"},
    "mentoring": {"max_mentees", "min_level", "prefer_other_teams"},
    "privacy": {"restricted", "min_group", "restricted_workbook", "leads"},
}


@dataclass(frozen=True)
class OrgConfig:
    requests_tab: str = "Staffing requests"
    targets_tab: str = "Targets"
    shortlist_size: int = 5  # candidates per person a request needs
    max_mentees: int = 3
    mentor_level: int | None = None  # None: the expert level
    prefer_other_teams: bool = False
    restricted: frozenset[str] = frozenset()
    min_group: int = 3
    restricted_workbook: Path | None = None  # where restricted figures may be written
    leads: tuple[str, ...] = ()  # who gets the digest with restricted figures


def read(reader: Any, config_path: Path | None) -> OrgConfig:
    """The three sections, checked; `reader` is config._Reader."""
    restricted = reader.get("privacy", "restricted", [], list)
    unknown = [f for f in restricted if f not in RESTRICTABLE]
    if unknown or not all(isinstance(f, str) for f in restricted):
        raise ConfigError(f"{reader.where}: [privacy] restricted lists fields from "
                          f"{', '.join(RESTRICTABLE)}; {unknown[0] if unknown else restricted!r}"
                          " is not one")
    leads = reader.get("privacy", "leads", [], list)
    if not all(isinstance(a, str) and "@" in a for a in leads):
        raise ConfigError(f"{reader.where}: [privacy] leads is a list of e-mail addresses")
    has_level = "min_level" in reader.table("mentoring")
    workbook = reader.path("privacy", "restricted_workbook", config_path)
    if workbook is not None and workbook.suffix.lower() != ".xlsx":
        raise ConfigError(f"{reader.where}: [privacy] restricted_workbook must name an .xlsx "
                          f"file, not {workbook.name}")
    return OrgConfig(
        requests_tab=reader.text("staffing", "requests_tab", "Staffing requests"),
        targets_tab=reader.text("staffing", "targets_tab", "Targets"),
        shortlist_size=reader.integer("staffing", "shortlist_size", 5, 1, 50),
        max_mentees=reader.integer("mentoring", "max_mentees", 3, 1, 50),
        mentor_level=reader.integer("mentoring", "min_level", 4, 1, 5) if has_level else None,
        prefer_other_teams=reader.boolean("mentoring", "prefer_other_teams", False),
        restricted=frozenset(restricted),
        min_group=reader.integer("privacy", "min_group", 3, 1, 1000),
        restricted_workbook=workbook,
        leads=tuple(leads),
    )


def settings(config: Any, epoch: date = EXCEL_EPOCH) -> Settings:
    """The core's settings from a loaded config.Config (`epoch`: the day the workbook's
    serial 0 stands for)."""
    org: OrgConfig = config.org
    return Settings(expert_level=config.expert_level, mentor_level=org.mentor_level,
                    max_mentees=org.max_mentees, prefer_other_teams=org.prefer_other_teams,
                    shortlist_size=org.shortlist_size, restricted=org.restricted,
                    min_group=org.min_group, day_first=config.day_first, epoch=epoch)
