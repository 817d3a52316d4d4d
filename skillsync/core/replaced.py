"""Rows a newer row of the same person replaced: nothing in them is read, so nothing
found in them is reported.

When every row of a person is dated and one is newest, that row is the person, and a
form's latest answer stands for the earlier ones (dedupe.merge_by_email). A problem found
in an older row would ask its owner to fix a cell the tool does not read (a success rate
that is no number, a missing team, a reminder to date it), and say of a skill it left
out that it "is kept as typed" or "was read as Python". So those problems go, and each
spelling is reported again from the rows still read: one typed in them as well keeps its
issue, counting and pointing at those rows alone. The Duplicates tab still lists the
older row, and a value it disagrees on still says to delete it.
"""

from __future__ import annotations

from collections.abc import Collection

from skillsync.core import spellings
from skillsync.core.codes import Code
from skillsync.core.model import Issue, Layout
from skillsync.core.people import Collector, RowsResult
from skillsync.core.vocab import Vocabulary

SPELLING_CODES = frozenset({Code.UNKNOWN_SKILL, Code.SKILL_SPELLING})


def problems_read(rows: RowsResult, replaced: Collection[tuple[str, int]], layout: Layout,
                  vocabulary: Vocabulary) -> tuple[list[Issue], dict[str, list[int]]]:
    """The read's issues and unknown skills (spelling -> sheet rows), without what was
    found in the `replaced` rows, each (tab, sheet row)."""
    if not replaced or rows.spelled is None or rows.places is None:
        return rows.issues, rows.unknown_skills
    places = rows.places
    gone = {at for at, place in enumerate(zip(places.sheets, places.rows, strict=True))
            if place in replaced}
    kept = [issue for issue in rows.issues if issue.code not in SPELLING_CODES
            and (issue.sheet or layout.sheet, issue.row) not in replaced]
    typed = spellings.without_records(rows.spelled, gone)
    out = Collector(layout)
    spellings.report(typed, vocabulary, out, places)
    return [*kept, *out.issues], spellings.unknown_rows(typed, places)
