"""What a run produced besides the tabs, and the report assembled from it once the run
is over (see pipeline.run)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillsync import history
from skillsync.backends import WriteResult
from skillsync.config import Config
from skillsync.core import analysis as core
from skillsync.core.summary import SyncFacts
from skillsync.report import Report

if TYPE_CHECKING:
    from skillsync.output.mail import Delivery


@dataclass(frozen=True)
class Outputs:
    """What a run produced besides the tabs: the digest file, the atlas, the mail."""

    digest: Path | None = None
    site: tuple[str, Path | None] | None = None  # (what to say, the atlas folder written)
    delivery: Delivery | None = None  # None: nothing was mailed
    restricted: Path | None = None  # the workbook holding restricted figures, if written
    history: history.Section = field(default_factory=history.Section)



def assemble(result: core.Analysis, facts: SyncFacts, written: WriteResult, config: Config,
             outputs: Outputs, *, now: datetime, dry_run: bool) -> Report:
    """The run's report, built once from what each step produced."""
    layout = result.layout
    notes, extra = list(result.notes), {}
    if outputs.site is not None:
        line, folder = outputs.site
        notes.append(line)
        extra["site"] = str(folder) if folder else None
    if outputs.restricted is not None:
        notes.append(f"Restricted figures: {outputs.restricted}")
        extra["restricted_workbook"] = str(outputs.restricted)
    notes += outputs.history.notes
    delivery = outputs.delivery
    extra.update(outputs.history.extra)
    return Report(
        source=facts.source, layout=layout.name, sheet=layout.sheet,
        sheets=layout.sheets or (layout.sheet,), header_row=layout.header_row,
        rows_read=result.rows_read, people=len(result.people),
        duplicates=tuple(result.duplicates), issues=tuple(result.issues),
        skills=result.skills, synced_at=now, version=facts.version,
        checksum=facts.checksum, dry_run=dry_run, written=written.written,
        plan=None if outputs.history.held_back else written.plan,  # nothing was, nor would be
        held_back=outputs.history.held_back,
        notes=tuple(notes), digest=outputs.digest, backup=written.backup,
        settings=config.describe(), mail=delivery.lines if delivery else (),
        mail_failure=delivery.failure if delivery else None, extra=extra,
        later=functools.partial(_staffing_section, result.staffing),
    )


def _staffing_section(answers: Any) -> dict[str, Any]:
    """The report's "staffing" section, built (and its module loaded) only when the report
    is asked for as a dict (`--json`)."""
    from skillsync.output.staffing import report_section

    return report_section(answers)
