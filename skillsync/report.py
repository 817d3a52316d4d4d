"""The outcome of a sync or check, as the CLI prints it and automation reads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from skillsync.core.dedupe import Duplicate
from skillsync.core.messages import counted
from skillsync.core.model import Issue, Severity


@dataclass
class Report:
    source: str
    sheet: str
    header_row: int
    rows_read: int
    people: int
    duplicates: list[Duplicate]
    issues: list[Issue]
    skills: dict[str, int]
    synced_at: datetime
    version: str
    tabs_written: list[str] = field(default_factory=list)
    tabs_skipped: list[str] = field(default_factory=list)  # a person's tab has our name
    tabs_stale: list[str] = field(default_factory=list)  # ours, under a name no longer used
    notes: list[str] = field(default_factory=list)  # what else the writer wants said
    digest: Path | None = None
    backup: Path | None = None
    dry_run: bool = False
    checksum: str = ""
    mail: list[str] = field(default_factory=list)  # what was sent, one line each
    settings: str | None = None  # the settings file used, and where it was found

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.issues) - self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "rows_read": self.rows_read,
            "people": self.people,
            "duplicates": [d.as_dict() for d in self.duplicates],
            "issues": [i.as_dict() for i in self.issues],
            "skills": self.skills,
            "tabs_written": self.tabs_written,
            "tabs_skipped": self.tabs_skipped,
            "tabs_stale": self.tabs_stale,
            "notes": self.notes,
            "digest": str(self.digest) if self.digest else None,
            "dry_run": self.dry_run,
            "synced_at": self.synced_at.isoformat(timespec="seconds"),
            "version": self.version,
            "checksum": self.checksum,
            "mail": self.mail,
            "settings": self.settings,
        }

    def summary_lines(self) -> list[str]:
        """The human summary the CLI prints."""
        merged = sum(1 for d in self.duplicates if d.action == "merged")
        review = len(self.duplicates) - merged
        lines = [
            f"Read {counted(self.rows_read, 'row')} from '{self.sheet}' (header on row "
            f"{self.header_row}) of {self.source}",
            f"{counted(self.people, 'person', 'people')} · {counted(len(self.skills), 'skill')} · "
            f"{counted(self.errors, 'error')} · {counted(self.warnings, 'warning')} · "
            f"{counted(merged, 'repeated e-mail')} merged · "
            f"{counted(review, 'possible duplicate')} to review",
        ]
        if self.tabs_written:
            verb = "Would write" if self.dry_run else "Wrote"
            lines.append(f"{verb} tabs: {', '.join(self.tabs_written)}")
        for title in self.tabs_skipped:
            lines.append(f"Skipped tab '{title}': a tab with that name is not skillsync's; "
                         "rename yours or set another name under [tabs] in skillsync.toml")
        for title in self.tabs_stale:
            lines.append(f"Tab '{title}' was written by skillsync under an earlier name and is "
                         "no longer updated; delete it when you no longer need it")
        lines.extend(self.notes)
        if self.digest:
            lines.append(f"Digest: {self.digest}")
        if self.backup:
            lines.append(f"Backup of the previous workbook: {self.backup}")
        lines.extend(self.mail)
        if self.settings:
            lines.append(f"Settings: {self.settings}")
        return lines
