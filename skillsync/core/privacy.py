"""Restricted fields kept out of everything the whole organisation sees.

`[privacy] restricted` names fields (success_rate, score, availability) whose per-person
values must not appear in org-wide outputs: the tool's tabs in the shared sheet, the
digest, team digests and the JSON report. They still feed the ranking. The staffing tabs
leave them out as they are built (orgtabs.py, `hidden`); this module removes the values the
rest of a sync would otherwise repeat: a problem message quoting a restricted cell ("Success
rate 130% is above 100%") and the values two rows of one person disagree on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from skillsync.core.codes import label
from skillsync.core.dedupe import Duplicate
from skillsync.core.model import Issue

WITHHELD = "(restricted)"
FIELDS_IN_SHEET = ("success_rate", "availability")  # restrictable fields that are columns


def restricted_headers(layout: Any, restricted: Iterable[str]) -> set[str]:
    """The inventory's header texts of the restricted columns."""
    return {layout.headers[f] for f in restricted
            if f in FIELDS_IN_SHEET and f in getattr(layout, "headers", {})}


def redact(analysis: Any, restricted: frozenset[str]) -> Any:
    """The analysis with restricted values gone from its issues and duplicates."""
    headers = restricted_headers(analysis.layout, restricted)
    if not headers:
        return analysis
    issues = [_issue(i) if i.column in headers else i for i in analysis.issues]
    duplicates = [_duplicate(d, headers) for d in analysis.duplicates]
    return dataclasses.replace(analysis, issues=issues, duplicates=duplicates)


def _issue(issue: Issue) -> Issue:
    message = (f"{label(issue.code)} in '{issue.column}'; the value is restricted, so it is "
               "not repeated here — open the cell to see it.")
    return dataclasses.replace(issue, message=message)


def _duplicate(duplicate: Duplicate, headers: set[str]) -> Duplicate:
    if not headers & duplicate.conflicts.keys():
        return duplicate
    conflicts = {k: ((WITHHELD,) if k in headers else v) for k, v in duplicate.conflicts.items()}
    return dataclasses.replace(duplicate, conflicts=conflicts)
