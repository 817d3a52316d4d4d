"""The tabs about the sheet and the run itself: Data Issues, Duplicates and Sync, each row
linked back to the cell it is about."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from skillsync.core.cells import clean_text
from skillsync.core.codes import label
from skillsync.core.dedupe import Duplicate
from skillsync.core.emails import shown_email
from skillsync.core.model import Issue, Layout, Severity
from skillsync.core.summary import SyncFacts
from skillsync.core.tabs import Column, Kind, Link, Tab, capped_list, capped_names


def issues_tab(issues: Sequence[Issue], layout: Layout, title: str) -> Tab:
    ordered = sorted(issues, key=lambda i: (i.row or 0, i.severity != Severity.ERROR, i.code))
    frame = pd.DataFrame({
        "Where": [_link(i.cell, i.row, layout, i.sheet) for i in ordered],
        "Column": [i.column or "" for i in ordered],
        "Severity": [str(i.severity) for i in ordered],
        "Problem": [label(i.code) for i in ordered],
        "How to fix": [i.message for i in ordered],
        "E-mail": [shown_email(i.email) for i in ordered],
    })
    columns = (Column("Where", Kind.LINK, 20), Column("Column", width=20),
               Column("Severity", width=10), Column("Problem", width=32),
               Column("How to fix", Kind.WRAP, 80), Column("E-mail", width=28))
    return Tab("issues", title, columns, frame)


def _link(cell: str | None, row: int | None, layout: Layout, sheet: str | None = None
          ) -> Link | str:
    if row is None:
        return ""
    target = cell or f"A{row}"
    # People across are in columns of the inventory's tabs only: a Staffing requests
    # tab beside them still has a row per request.
    read = not sheet or sheet == layout.sheet or sheet in layout.sheets
    where = layout.where(row) if read else f"row {row}"
    # On another tab than the inventory's first, the tab is named as the Duplicates tab
    # names it ("row 3 (London)"): the link alone would not say so.
    text = where if not sheet or sheet == layout.sheet else f"{where} ({clean_text(sheet)})"
    return Link(text, sheet or layout.sheet, target)


ROWS_LISTED = 200  # rows, e-mails or names of one duplicate listed in its cell; then a count


def duplicates_tab(duplicates: Sequence[Duplicate], layout: Layout, title: str) -> Tab:
    key = "email" if "email" in layout.columns else "name"

    def first(d: Duplicate) -> Link:
        sheet = d.sheets[0] if d.sheets else layout.sheet
        cell = layout.cell(key, d.rows[0], sheet) or f"A{d.rows[0]}"
        return Link(layout.where(d.rows[0]), sheet, cell)

    frame = pd.DataFrame({
        "Action": [d.action for d in duplicates],
        "Why": [d.reason for d in duplicates],
        "First row": [first(d) for d in duplicates],
        "Rows": [capped_list(list(d.places), ROWS_LISTED) for d in duplicates],
        "E-mails": [capped_list(list(d.emails), ROWS_LISTED) for d in duplicates],
        "Names": [capped_names(list(d.names), ROWS_LISTED) for d in duplicates],
        "Conflicting values": [
            "; ".join(f"{k}: {' / '.join(v)}" for k, v in d.conflicts.items())
            for d in duplicates
        ],
    })
    columns = (Column("Action", width=10), Column("Why", Kind.WRAP, 40),
               Column("First row", Kind.LINK, 10), Column("Rows", width=14),
               Column("E-mails", Kind.WRAP, 40), Column("Names", width=30),
               Column("Conflicting values", Kind.WRAP, 50))
    return Tab("duplicates", title, columns, frame)


def sync_tab(facts: SyncFacts, layout: Layout, counts: Mapping[str, int], title: str) -> Tab:
    items: list[tuple[str, object]] = [
        ("Synced at", facts.synced_at),
        ("skillsync version", facts.version),
        ("Source", facts.source),
        ("Inventory tab", layout.sheet),
        ("Header row", layout.header_row),
        ("Rows read", facts.rows_read),
        *counts.items(),
        ("Source checksum (sha256 of the inventory's values)", facts.checksum),
    ]
    frame = pd.DataFrame({"What": [k for k, _ in items], "Value": [v for _, v in items]})
    columns = (Column("What", width=48), Column("Value", width=70))
    return Tab("sync", title, columns, frame)

