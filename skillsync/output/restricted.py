"""The restricted workbook: the figures `[privacy] restricted` keeps out of the shared sheet.

Written only when `[privacy] restricted_workbook` names a path, after every sync that
writes: a private workbook (0600, created on first use) holding the Shortlist with scores
and success rates, the Risks with availability, and success rates per skill and per team
with no minimum group size. The same safe writer as the inventory's is used (lock files,
change detection, atomic swap), and only its own tabs change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import xlsxwriter

from skillsync.core.orgtabs import risks_tab, shortlist_tab
from skillsync.core.orgview import Staffing
from skillsync.core.tabs import Column, Kind, Tab
from skillsync.errors import ConfigError

NOTHING_HIDDEN: frozenset[str] = frozenset()


def tabs(answers: Staffing) -> list[Tab]:
    """Everything restricted, for the few who may see it."""
    names = answers.names
    return [shortlist_tab(answers, names, "Shortlist (restricted)", NOTHING_HIDDEN),
            risks_tab(answers, names, "Risks (restricted)", NOTHING_HIDDEN),
            rates_tab(answers)]


def rates_tab(answers: Staffing) -> Tab:
    rows = []
    for kind, rates in (("skill", answers.by_skill), ("team", answers.by_team)):
        for group in sorted(rates.reporting, key=lambda g: (-rates.reporting[g], g.casefold())):
            rows.append([kind, group, rates.reporting[group], rates.median[group]])
    columns = (Column("By", width=8), Column("Skill or team", width=30),
               Column("People reporting", Kind.INT, 16),
               Column("Success rate (median)", Kind.PERCENT, 20))
    frame = pd.DataFrame(rows, columns=[c.title for c in columns], dtype=object)
    return Tab("success_rates", "Success rates", columns, frame)


def write(path: Path, answers: Staffing, source: str) -> Path:
    """Write the restricted tabs into `path` (created, private, when missing)."""
    from skillsync.backends.excel import ExcelBackend

    if not path.exists():
        _create(path, source)
    backend = ExcelBackend(path, backups=0)
    try:
        written = tabs(answers)
        backend.write(written, backend.plan(written))
    finally:
        backend.close()
    return path


def _create(path: Path, source: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(descriptor)  # the file exists, private, before xlsxwriter fills it
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet("About")
        sheet.write(0, 0, f"Restricted figures for {Path(source).name}: keep this workbook "
                          "to the people allowed to see them.")
        sheet.write(1, 0, "Written by skillsync on each sync; edits to its tabs are replaced.")
        sheet.set_column(0, 0, 100)
        book.close()
    except OSError as exc:
        raise ConfigError(f"cannot create the restricted workbook {path} "
                          f"({exc.strerror or exc}); check [privacy] restricted_workbook") from exc
