"""Where a person's rows, skills and wishes were read: `rows`, `origin` and `learn_origin`.

A person's `rows` are plain sheet rows on their own tab (`sheet`, the tab of their first
row, so the first is always plain); only a merged person's rows on another tab are
(tab, row) pairs. Everyone on one tab keeps the tuple of ints they were read with.

A record's skills usually all come from its own row, and a person's from their first
row: that common case is one shared, empty map, OWN_ROW (a map per person would hold a
hundred thousand of them). Otherwise `origin` maps a skill to its source, the first
record naming it: a sheet row on the person's own tab (their `sheet`, the tab of their
first row), or a (tab, row) pair when it was read on another tab (a person on two team
tabs). Only those few skills carry the tab's name; everything else stays a plain row.
`learn_origin` is the same for the skills a person wants to learn, and `project_origin`
for their current projects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np

Origin = int | tuple[str, int]  # a row on the person's own tab, or (another tab, row)


class _OwnRow(Mapping[str, int]):
    """The one empty map OWN_ROW: pickled by name, so it stays the one after a trip to
    another process (backends/xlsx/aside.py)."""

    __slots__ = ()

    def __getitem__(self, skill: str) -> int:
        raise KeyError(skill)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __reduce__(self) -> str:
        return "OWN_ROW"

    def __repr__(self) -> str:
        return "OWN_ROW"


OWN_ROW: Mapping[str, int] = _OwnRow()


def places(rows: Iterable[tuple[int, ...]], sheets: Iterable[str], sheet: str
           ) -> tuple[Origin, ...]:
    """The rows of a person merged from records (`rows` and `sheets` each record's), their
    own tab being `sheet`: a row on another tab keeps that tab's name."""
    return tuple(row if at == sheet else (at, row)
                 for found, at in zip(rows, sheets, strict=True) for row in found)


def located(rows: Iterable[Origin], sheet: str) -> list[tuple[str, int]]:
    """Each of a person's `rows` (or sources) as (tab, row), their own tab being `sheet`."""
    return [row if isinstance(row, tuple) else (sheet, row) for row in rows]


def merged(origins: Iterable[Mapping[str, int]], rows: Iterable[int],
           sheets: Iterable[str], expertise: Iterable[tuple], kept: tuple,
           sheet: str) -> dict[str, Origin]:
    """Each kept skill's source for a person merged from several records: the first
    record naming it. A record's origin holds rows on its own tab (`sheets`); `sheet` is
    the person's own tab, and a skill read on another one keeps that tab's name."""
    found: dict[str, Origin] = {}
    for origin, row, at, items in zip(origins, rows, sheets, expertise, strict=True):
        pairs = origin.items() if origin else ((s, int(row)) for s, _, _ in items)
        for skill, source in pairs:
            if skill not in found:
                found[skill] = source if at == sheet else (at, source)
    return {skill: found[skill] for skill, _, _ in kept if skill in found}


def listed(rows: Iterable[int], sheets: Iterable[str], lists: Iterable[tuple[str, ...]],
           kept: tuple[str, ...], sheet: str, first: int) -> Mapping[str, Origin]:
    """Each kept name's source (a wish, a current project) for a person merged from
    records (`rows`, `sheets` and `lists` each record's): the first record naming it.
    OWN_ROW when all come from their first row (`first`, on `sheet`), as a merged
    person's mostly do."""
    found: dict[str, Origin] = {}
    for row, at, names in zip(rows, sheets, lists, strict=True):
        for name in names:
            found.setdefault(name, int(row) if at == sheet else (at, int(row)))
    sources = {name: found[name] for name in kept if name in found}
    return OWN_ROW if all(s == first for s in sources.values()) else sources


def rows_and_tabs(held: Sequence[tuple], origins: Sequence[Mapping[str, Origin]],
                  firsts: Sequence[int], *, named: bool = False
                  ) -> tuple[list[int], dict[int, str]]:
    """The source row of every expertise item (with `named`, of every wish: a skill's
    name), person by person, and, by position in that list, the tab of the few read on
    another tab than their person's."""
    rows: list[int] = []
    elsewhere: dict[int, str] = {}
    for items, origin, first in zip(held, origins, firsts, strict=True):
        if not origin:
            rows.extend([first] * len(items))
            continue
        for item in items:
            source = origin.get(item if named else item[0], first)
            if isinstance(source, tuple):
                elsewhere[len(rows)] = source[0]
                source = source[1]
            rows.append(source)
    return rows, elsewhere


def rows_of_names(lists: Sequence[tuple[str, ...]], sources: Sequence[Mapping[str, Origin]],
                  firsts: Sequence[int]) -> np.ndarray:
    """The source row of every name listed (a current project), person by person, without
    its tab: each person's first row, but where their `sources` say otherwise (the few
    merged people whose names came from a later row)."""
    listed = np.fromiter(map(len, lists), dtype=np.intp, count=len(lists))
    rows = np.asarray(firsts, dtype=np.int64).repeat(listed)
    ends = np.cumsum(listed)
    for at in np.flatnonzero([source is not OWN_ROW for source in sources]).tolist():
        found = sources[at]
        rows[ends[at] - listed[at]:ends[at]] = [
            _row_alone(found.get(name, firsts[at])) for name in lists[at]]
    return rows


def tabs_of_names(lists: Sequence[tuple[str, ...]], sources: Sequence[Mapping[str, Origin]],
                  sheets: Sequence[str]) -> np.ndarray:
    """The tab of every name listed, as `rows_of_names` gives their rows: each person's own
    tab (`sheets`), but where their `sources` name another."""
    listed = np.fromiter(map(len, lists), dtype=np.intp, count=len(lists))
    tabs = np.asarray(sheets, dtype=object).repeat(listed)
    ends = np.cumsum(listed)
    for at in np.flatnonzero([source is not OWN_ROW for source in sources]).tolist():
        found = sources[at]
        tabs[ends[at] - listed[at]:ends[at]] = [
            _tab_of(found.get(name), sheets[at]) for name in lists[at]]
    return tabs


def _tab_of(source: Origin | None, own: str) -> str:
    return source[0] if isinstance(source, tuple) else own


def _row_alone(source: Origin) -> int:
    return source[1] if isinstance(source, tuple) else source
