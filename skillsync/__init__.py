"""skillsync: know your data-science skill pool from the shared inventory sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from skillsync.errors import SkillsyncError

__version__ = "0.1.0"
__all__ = ["Report", "SkillsyncError", "__version__", "check", "match", "sync"]

if TYPE_CHECKING:
    from skillsync.pipeline import check, match, sync
    from skillsync.report import Report


def __getattr__(name: str) -> Any:
    # pandas is heavy; `skillsync --version` and `--help` should not pay for it.
    if name in ("sync", "check", "match"):
        from skillsync import pipeline

        return getattr(pipeline, name)
    if name == "Report":
        from skillsync.report import Report

        return Report
    raise AttributeError(name)
