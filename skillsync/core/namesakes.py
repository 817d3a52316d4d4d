"""People with different e-mails but one name, proposed for a human to review (never
merged): blocked on the name key, so the work grows with the data, not its square."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from itertools import combinations, pairwise
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from skillsync.core import origins, schema
from skillsync.core.dedupe import Duplicate
from skillsync.core.model import Layout
from skillsync.core.names import initial_keys_given, numbered_namesakes
from skillsync.core.shown import distinct_of_shown, shown_values

# People sharing one name key. Past this many it is a common name ("Wei Zhang" in a large
# organisation), not a duplicate, and a proposal of dozens of rows would help nobody.
MAX_BLOCK = 20


def propose_same_name(people: pd.DataFrame, layout: Layout,
                      not_same: Collection[frozenset[str]],
                      records: pd.DataFrame | None = None) -> list[Duplicate]:
    """People with different e-mails but one name key, proposed for review (never merged).

    Candidates are blocked on the name key (and, for names written with an initial such
    as "J. Smith", on surname and initial), so the work grows with the data, not its
    square. A block is proposed as one group; when some of its pairs are ruled out (marked
    "not the same person", or numbered namesake addresses) each remaining pair is proposed
    alone, so a ruled-out pair never reappears inside a bigger group. With the records
    frame, the conflicting values listed come from every source record, merged ones too.
    """
    keys = people["key"].tolist()
    groups, seen = [], set()
    for members in _blocks(people["name"].tolist(), people["name_key"].tolist()):
        if not 1 < len(members) <= MAX_BLOCK:
            continue
        for group in _candidate_groups(keys, members, not_same):
            if frozenset(group) not in seen:
                seen.add(frozenset(group))
                groups.append(group)
    if not groups:
        return []
    source = _Source(people, records, {p for group in groups for p in group})
    return sorted((_proposal(source, group, layout) for group in groups),
                  key=lambda d: d.rows)


class _Source:
    """What a proposal lists of the people proposed (`wanted`, by position in `people`):
    their keys, rows and tabs, and the values of their source records, picked out of the
    tables once for those people only: a proposal costs the size of its group, never a
    scan of the table."""

    def __init__(self, people: pd.DataFrame, records: pd.DataFrame | None,
                 wanted: set[int]) -> None:
        positions = sorted(wanted)
        self.keys = dict(zip(positions, _picked(people["key"], positions), strict=True))
        self.rows = dict(zip(positions, _picked(people["rows"], positions), strict=True))
        self.sheets = dict(zip(positions, _picked(people["sheet"], positions), strict=True))
        table = records if records is not None else people
        # The source records of the people wanted, in table order, found by their key.
        found = np.flatnonzero(table["key"].isin(list(set(self.keys.values()))).to_numpy())
        self.shown = {name: shown_values(_picked(table[name], found))
                      for name in ("name", *schema.SCALAR_FIELDS)}
        self.records: dict[Any, list[int]] = defaultdict(list)
        for position, key in enumerate(_picked(table["key"], found)):
            self.records[key].append(position)

    def taker(self, group: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
        """What picks, out of a column of the source records, the values of the people in
        `group`, person by person: found once for all the fields of a proposal."""
        at = [r for person in group for r in self.records[self.keys[person]]]
        return itemgetter(*at) if len(at) > 1 else lambda column: (column[at[0]],)

    def distinct(self, name: str, take: Callable[[list[Any]], tuple[Any, ...]]
                 ) -> tuple[str, ...]:
        """The values of `name` that `take` picks (see `taker`), each once, as a reader
        sees them."""
        return distinct_of_shown(take(self.shown[name]))


def _picked(column: pd.Series, positions: Sequence[int] | np.ndarray) -> list[Any]:
    """The values of `column` at `positions`, as the plain values `tolist` gives."""
    return column.iloc[np.asarray(positions, dtype=np.intp)].tolist()


def _blocks(names: list[str], name_keys: list[str]) -> list[list[int]]:
    """Indices of people sharing a name key (a key only one person has is no block); then
    those sharing surname and initial where one of them wrote only the initial. Keys are
    numbered once (factorize) and the people sharing one gathered by a sort on the
    numbers, not one list append per person."""
    codes, keys = pd.factorize(np.asarray(name_keys, dtype=object), use_na_sentinel=False)
    unnamed = pd.isna(keys) | (keys == "")  # no name: a blank or missing key
    sizes = np.bincount(codes, minlength=len(keys))
    sizes[unnamed] = 0  # never a block
    blocks = _grouped(np.flatnonzero(sizes[codes] > 1), codes)  # keys in order first met
    keyless = np.flatnonzero(unnamed[codes]).tolist()
    return [*blocks, *_initialled_pairs(names, keyless, codes, keys)]


def _grouped(positions: np.ndarray, codes: np.ndarray) -> list[list[int]]:
    """`positions` cut into one list per code, codes in ascending order, positions too."""
    if not len(positions):
        return []
    order = positions[np.argsort(codes[positions], kind="stable")]
    bounds = [0, *(np.flatnonzero(np.diff(codes[order])) + 1).tolist(), len(order)]
    flat = order.tolist()  # sliced as a list: a block is a few people, an array costs more
    return [flat[start:end] for start, end in pairwise(bounds)]


def _initialled_pairs(names: list[str], unkeyed: list[int], codes: np.ndarray,
                      keys: np.ndarray) -> list[list[int]]:
    """Pairs of people sharing surname and initial where one wrote only the initial
    ('J. Smith'), sorted. Only a name without a key (`unkeyed`) can be written so: when
    there is none (the usual sheet), nobody else's initial keys are worked out at all."""
    keyless = {i: initial_keys_given(names[i], "") for i in unkeyed if names[i]}
    written_short = {i for i, shorts in keyless.items() if len(shorts) == 1}
    wanted = {short for i in written_short for short in keyless[i]}
    if not wanted:
        return []
    initialled: dict[str, list[int]] = defaultdict(list)
    for i, shorts in keyless.items():
        for short in shorts:
            if short in wanted:
                initialled[short].append(i)
    for members in _sharing_a_surname(codes, keys, {w.partition(" ")[0] for w in wanted}):
        key = keys[codes[members[0]]]
        for short in initial_keys_given(names[members[0]], key):
            if short in wanted:
                initialled[short].extend(members)
    pairs = set()
    for members in initialled.values():
        if len(members) > MAX_BLOCK:
            continue  # a common surname and initial: no basis for a proposal
        short = [i for i in members if i in written_short]
        pairs.update((min(a, b), max(a, b)) for a in short for b in members if b != a)
    return [list(p) for p in sorted(pairs)]


def _sharing_a_surname(codes: np.ndarray, keys: np.ndarray, surnames: set[str]
                       ) -> list[list[int]]:
    """The people of each two-name key one of whose names is in `surnames` (the only
    keys whose initial keys can meet those of a name written with an initial)."""
    near = [code for code, key in enumerate(keys.tolist())
            if isinstance(key, str) and not {*key.split(" ", 2)[:2]}.isdisjoint(surnames)]
    return _grouped(np.flatnonzero(np.isin(codes, near)), codes)


def _candidate_groups(keys: list[str], members: list[int], not_same) -> list[list[int]]:
    pairs = list(combinations(members, 2))
    allowed = [
        (a, b) for a, b in pairs
        if not (not_same and frozenset((keys[a], keys[b])) in not_same)
        and not numbered_namesakes(keys[a], keys[b])
    ]
    if len(allowed) == len(pairs):
        return [members]
    return [[a, b] for a, b in allowed]


def _proposal(source: _Source, group: list[int], layout: Layout) -> Duplicate:
    places = sorted((row, tab) for p in group
                    for tab, row in origins.located(source.rows[p], source.sheets[p]))
    take = source.taker(group)
    names = source.distinct("name", take)
    conflicts = {}
    for name in schema.SCALAR_FIELDS:
        distinct = source.distinct(name, take)
        if len(distinct) > 1:
            conflicts[layout.headers.get(name, name)] = distinct
    reason = "same name " + " / ".join(f"'{n}'" for n in names)
    emails = [source.keys[p] for p in group]
    return Duplicate(tuple(r for r, _ in places), reason, "review",
                     tuple(k if "@" in k else "" for k in emails),
                     names, conflicts, tuple(s for _, s in places))
