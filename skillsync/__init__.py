"""skillsync: know your data-science skill pool from the shared inventory sheet.

Everything a library user needs is importable from here::

    import skillsync
    report = skillsync.sync("skills-inventory.xlsx")
    table = skillsync.export("skills-inventory.xlsx")   # one row per (person, skill)

Heavy parts (pandas, the backends) load on first use, so `skillsync --version` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from skillsync.errors import (
    ConfigError,
    CredentialsError,
    HeldBack,
    MailError,
    NoInventory,
    NotAWorkbook,
    RemoteError,
    SkillsyncError,
    SourceBusy,
    SourceChanged,
    SourceError,
    SourceNotFound,
)

__version__ = "0.2.0"

# name -> module it lives in, imported when first asked for
_LAZY = {
    "sync": "skillsync.pipeline",
    "check": "skillsync.pipeline",
    "digest": "skillsync.pipeline",
    "export": "skillsync.pipeline",
    "match": "skillsync.pipeline",
    "Report": "skillsync.report",
    "Issue": "skillsync.core.model",
    "Severity": "skillsync.core.model",
    "Code": "skillsync.core.codes",
    "Duplicate": "skillsync.core.dedupe",
    "Config": "skillsync.config",
    "load_config": "skillsync.config",
    "WritePlan": "skillsync.backends",
}
_RENAMED = {"digest": "digest_only", "load_config": "load"}

__all__ = [
    "Code", "Config", "ConfigError", "CredentialsError", "Duplicate", "HeldBack", "Issue",
    "MailError",
    "NoInventory", "NotAWorkbook", "RemoteError", "Report", "Severity", "SkillsyncError",
    "SourceBusy", "SourceChanged", "SourceError", "SourceNotFound", "WritePlan",
    "__version__", "check", "digest", "export", "load_config", "match", "sync",
]

if TYPE_CHECKING:
    from skillsync.backends import WritePlan
    from skillsync.config import Config
    from skillsync.config import load as load_config
    from skillsync.core.codes import Code
    from skillsync.core.dedupe import Duplicate
    from skillsync.core.model import Issue, Severity
    from skillsync.pipeline import check, export, match, sync
    from skillsync.pipeline import digest_only as digest
    from skillsync.report import Report


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'skillsync' has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name]), _RENAMED.get(name, name))
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(__all__) | set(globals()))
