"""skillsync.toml into frozen dataclasses. Secrets never live here, only in the environment.

`model` declares the settings, `tables` reads a file's tables into them, `files` finds the
file a run uses and decides how far it is trusted.
"""

from skillsync.config.files import check_wait, confine, for_source, load
from skillsync.config.model import (
    MAX_WAIT,
    Config,
    EmailConfig,
    HistoryConfig,
    LevelsConfig,
    Limits,
    SiteConfig,
    SourceConfig,
)
from skillsync.config.tables import KNOWN, parse
from skillsync.settingsfile import BESIDE, CURRENT_FOLDER, DEFAULT_FILE, GIVEN, MAX_FILE_BYTES

__all__ = ["BESIDE", "CURRENT_FOLDER", "DEFAULT_FILE", "GIVEN", "KNOWN", "MAX_FILE_BYTES",
           "MAX_WAIT", "Config", "EmailConfig", "HistoryConfig", "LevelsConfig", "Limits",
           "SiteConfig", "SourceConfig", "check_wait", "confine", "for_source", "load",
           "parse"]
