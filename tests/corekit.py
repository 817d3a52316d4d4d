"""The pure core driven on one hand-made grid, as the pipeline drives it on a workbook's tabs.

The core reads every tab it is given; these helpers give it one, so table-driven unit tests
stay one line per case.
"""

from __future__ import annotations

from collections.abc import Collection

from skillsync.core import analysis, layouts
from skillsync.core import checksum as checksum_module
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.model import Grid, Layout
from skillsync.core.people import RowsResult, Rules, read_records
from skillsync.core.vocab import Vocabulary
from skillsync.reading import base_vocabulary

HEADERS = HeaderVocabulary.build()


def extract(grid: Grid, vocabulary: HeaderVocabulary = HEADERS,
            options: layouts.Options | None = None) -> layouts.Extract | None:
    found = layouts.read({grid.name: grid}, vocabulary, options)
    return None if isinstance(found, layouts.Unreadable) else found


def locate(grid: Grid, vocabulary: HeaderVocabulary = HEADERS) -> Layout | None:
    """The layout of the inventory in `grid`, or None when it holds none."""
    found = extract(grid, vocabulary)
    return found.layout if found else None


def read_rows(grid: Grid, layout: Layout | None, vocabulary: Vocabulary | None,
              rules: Rules) -> RowsResult:
    found = extract(grid)
    assert found is not None and (layout is None or found.layout == layout)
    return read_records(found, vocabulary or base_vocabulary(), rules)


def analyse(grid: Grid, layout: Layout | None, vocabulary: Vocabulary | None, rules: Rules,
            not_same: Collection[frozenset[str]] = ()) -> analysis.Analysis:
    found = extract(grid)
    assert found is not None
    return analysis.analyse(found, vocabulary or base_vocabulary(), rules, not_same)


def checksum(grid: Grid, layout: Layout) -> str:
    return checksum_module.checksum(grid, layout)
