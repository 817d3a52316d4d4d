"""Tabs the organisation owns and skillsync only reads: Aliases and Not duplicates."""

from __future__ import annotations

from skillsync.core.cells import clean_text
from skillsync.core.emails import normalize_email
from skillsync.core.headers import header_key
from skillsync.core.model import Grid

ALIAS_HEADERS = {"alias", "aliases", "synonym", "spelling", "variant", "as typed", "typed"}
CANONICAL_HEADERS = {"canonical", "skill", "canonical skill", "means", "maps to", "standard name"}


def _header_columns(grid: Grid, left: set[str], right: set[str]) -> tuple[int, int, int] | None:
    """(header offset, left column, right column) of the first row naming both columns."""
    left_keys = {header_key(h) for h in left}
    right_keys = {header_key(h) for h in right}
    for offset, row in enumerate(grid.rows[:20]):
        keys = [header_key(clean_text(v)) for v in row]
        lefts = [i for i, k in enumerate(keys) if k in left_keys]
        rights = [i for i, k in enumerate(keys) if k in right_keys and i not in lefts]
        if lefts and rights:
            return offset, lefts[0], rights[0]
    return None


def read_aliases(grid: Grid | None) -> dict[str, str]:
    """Alias -> canonical pairs from an Aliases tab; rows missing either side are skipped."""
    if grid is None:
        return {}
    found = _header_columns(grid, ALIAS_HEADERS, CANONICAL_HEADERS)
    offset, left, right = found if found else (-1, 0, 1)
    pairs = {}
    for row in grid.rows[offset + 1:]:
        alias = clean_text(row[left]) if left < len(row) else ""
        target = clean_text(row[right]) if right < len(row) else ""
        if alias and target and alias.casefold() != "alias":
            pairs[alias] = target
    return pairs


def read_not_same(grid: Grid | None) -> set[frozenset[str]]:
    """Pairs of e-mails a person marked as different people."""
    if grid is None:
        return set()
    pairs = set()
    for row in grid.rows:
        emails = [normalize_email(clean_text(v)) for v in row[:3]]
        emails = [e for e in emails if "@" in e]
        if len(emails) >= 2 and emails[0] != emails[1]:
            pairs.add(frozenset(emails[:2]))
    return pairs
