"""The outcome of a run, as the CLI prints it and automation reads it.

A `Report` is assembled once, when the run is over, from what it produced; nothing
changes it afterwards. Its exit code is the CLI's: data problems are not failures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from skillsync.backends import WritePlan
from skillsync.core.dedupe import Duplicate
from skillsync.core.messages import counted
from skillsync.core.model import Issue, Severity
from skillsync.errors import EXIT_HELD, EXIT_OK, EXIT_SOURCE

ISSUES_SHOWN = 20  # problems `check` prints; --json lists them all


@dataclass(frozen=True)
class Report:
    source: str
    layout: str  # rows | wide | form | long | transposed
    sheet: str
    sheets: tuple[str, ...]  # every tab read
    header_row: int
    rows_read: int
    people: int
    duplicates: tuple[Duplicate, ...]
    issues: tuple[Issue, ...]
    skills: dict[str, int]
    synced_at: datetime
    version: str
    checksum: str = ""
    dry_run: bool = False
    plan: WritePlan | None = None  # what writing the tabs did (or, dry, would do)
    written: bool = False
    notes: tuple[str, ...] = ()  # how the sheet was read, and what the writer said
    digest: Path | None = None
    backup: Path | None = None
    settings: str | None = None  # the settings file used, and where it was found
    mail: tuple[str, ...] = ()  # what was sent, one line each
    mail_failure: str | None = None  # why some mail was not sent (exit code 3)
    extra: dict[str, Any] = field(default_factory=dict)  # further sections, by name
    # Sections built only when the JSON is asked for: the staffing lists reach hundreds of
    # thousands of entries at a large organisation, and the text report never shows them.
    later: Callable[[], dict[str, Any]] | None = field(default=None, repr=False, compare=False)
    held_back: tuple[str, ...] = ()  # why nothing was written (exit code 4), one line each

    @property
    def errors(self) -> int:
        return self._count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self._count(Severity.WARNING)

    @property
    def notes_count(self) -> int:
        return self._count(Severity.NOTE)

    def _count(self, severity: Severity) -> int:
        return sum(1 for i in self.issues if i.severity == severity)

    @property
    def exit_code(self) -> int:
        if self.held_back:
            return EXIT_HELD
        return EXIT_SOURCE if self.mail_failure else EXIT_OK

    @property
    def tabs_written(self) -> list[str]:
        """Tabs written, or with --dry-run the tabs a sync would write."""
        if self.plan is None or not (self.written or self.dry_run):
            return []
        return list(self.plan.writes)

    @property
    def target(self) -> str | None:
        """Where the tabs go when not into the source (a companion workbook)."""
        return self.plan.target if self.plan else None

    def as_dict(self) -> dict[str, Any]:
        plan = self.plan or WritePlan()
        return {
            "source": self.source,
            "layout": self.layout,
            "sheet": self.sheet,
            "tabs_read": list(self.sheets),
            "header_row": self.header_row,
            "rows_read": self.rows_read,
            "people": self.people,
            "duplicates": [d.as_dict() for d in self.duplicates],
            "issues": [i.as_dict() for i in self.issues],
            "skills": self.skills,
            "tabs_written": self.tabs_written,
            "tabs_skipped": [title for title, _ in plan.skip],
            "tabs_stale": list(plan.stale),
            "target": self.target,
            "notes": [*self.notes, *plan.notes],
            "digest": str(self.digest) if self.digest else None,
            "backup": str(self.backup) if self.backup else None,
            "settings": str(self.settings) if self.settings else None,
            "dry_run": self.dry_run,
            "synced_at": self.synced_at.isoformat(timespec="seconds"),
            "version": self.version,
            "checksum": self.checksum,
            "mail": list(self.mail),
            **(self.later() if self.later else {}),
            **self.extra,
        }

    def summary_lines(self) -> list[str]:
        """The human summary the CLI prints."""
        lines = [self._read_line(), self._counts_line(), *self.held_back]
        lines.extend(self._tab_lines())
        lines.extend(self.notes)
        if self.plan:
            lines.extend(self.plan.notes)
        if self.digest:
            lines.append(f"Digest: {self.digest}")
        if self.backup:
            lines.append(f"Backup of the previous workbook: {self.backup}")
        lines.extend(self.mail)
        if self.settings:
            lines.append(f"Settings: {self.settings}")
        return lines

    def _read_line(self) -> str:
        tabs = (f"'{self.sheet}'" if len(self.sheets) <= 1
                else f"{len(self.sheets)} tabs ({', '.join(repr(s) for s in self.sheets)})")
        return (f"Read {counted(self.rows_read, 'row')} from {tabs} (header on row "
                f"{self.header_row}; layout: {self.layout}) of {self.source}")

    def _counts_line(self) -> str:
        merged_ones = [d for d in self.duplicates if d.action == "merged"]
        merged, review = len(merged_ones), len(self.duplicates) - len(merged_ones)
        # Without an e-mail column people are merged by name: their duplicates show none.
        shared = ("repeated name" if merged_ones and not any(e for d in merged_ones
                                                             for e in d.emails)
                  else "repeated e-mail")
        parts = [counted(self.people, "person", "people"), counted(len(self.skills), "skill"),
                 counted(self.errors, "error"), counted(self.warnings, "warning")]
        if self.notes_count:
            parts.append(counted(self.notes_count, "note"))
        parts += [f"{counted(merged, shared)} merged",
                  f"{counted(review, 'possible duplicate')} to review"]
        return " · ".join(parts)

    def _tab_lines(self) -> list[str]:
        lines = []
        if self.tabs_written:
            verb = "Would write" if self.dry_run else "Wrote"
            into = f" into {self.target}" if self.target else ""
            lines.append(f"{verb} tabs{into}: {', '.join(self.tabs_written)}")
        for title, why in (self.plan.skip if self.plan else ()):
            lines.append(f"Skipped tab '{title}': {why}; rename yours or set another name "
                         "under [tabs] in skillsync.toml" if "not skillsync's" in why
                         else f"Skipped tab '{title}': {why}")
        for title in (self.plan.stale if self.plan else ()):
            lines.append(f"Tab '{title}' was written by skillsync under an earlier name and is "
                         "no longer updated; delete it when you no longer need it")
        return lines

    def issue_lines(self, limit: int = ISSUES_SHOWN) -> list[str]:
        """The problems, errors first, as `check` lists them under the summary."""
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
        ordered = sorted(self.issues, key=lambda i: (order.get(i.severity, 3), i.row or 0))
        lines = [f"  {_where(issue)} {issue.column or ''} [{issue.severity}] {issue.message}"
                 for issue in ordered[:limit]]
        if len(ordered) > limit:
            lines.append(f"  and {len(ordered) - limit} more (errors first; --json lists "
                         "them all)")
        return lines


def _where(issue: Issue) -> str:
    if issue.column is None and issue.cell:
        place = f"cell {issue.cell}"
    else:
        place = f"row {issue.row}" if issue.row else "sheet"
    return f"'{issue.sheet}' {place}" if issue.sheet else place
