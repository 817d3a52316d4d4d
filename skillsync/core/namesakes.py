"""People with different e-mails but one name, proposed for a human to review (never
merged): blocked on the name key, so the work grows with the data, not its square."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from itertools import chain, combinations, pairwise
from typing import Any

import numpy as np
import pandas as pd

from skillsync.core import messages, origins, schema
from skillsync.core.dedupe import Duplicate
from skillsync.core.model import Layout
from skillsync.core.names import initial_keys_given, numbered_namesakes, without_number
from skillsync.core.shown import distinct_by_group, shown_values

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
    # No group is found twice: the blocks on a name key are apart, and every initialled
    # pair holds someone without one (_blocks).
    groups = [group for members in _blocks(people["name"].tolist(),
                                           people["name_key"].tolist())
              if 1 < len(members) <= MAX_BLOCK
              for group in _candidate_groups(keys, members, not_same)]
    if not groups:
        return []
    source = _Source(people, records, {p for group in groups for p in group})
    return sorted(_proposals(source, groups, layout), key=lambda d: d.rows)


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
        found = _holding(table["key"], set(self.keys.values()))
        self.shown = {name: np.array(shown_values(_picked(table[name], found)), dtype=object)
                      for name in ("name", *schema.SCALAR_FIELDS)}
        self.records: dict[Any, list[int]] = defaultdict(list)
        for position, key in enumerate(_picked(table["key"], found)):
            self.records[key].append(position)

    def records_of(self, groups: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """The source records of each group's people, person by person, all groups one
        after the other: (each record's position in the `shown` columns, its group)."""
        found = [[r for person in group for r in self.records[self.keys[person]]]
                 for group in groups]
        sizes = np.fromiter(map(len, found), dtype=np.intp, count=len(found))
        at = np.fromiter(chain.from_iterable(found), dtype=np.intp, count=int(sizes.sum()))
        return at, np.repeat(np.arange(len(groups)), sizes)


def _holding(column: pd.Series, wanted: set[Any]) -> np.ndarray:
    """Where `column` holds one of `wanted`: by a set's lookup in C when they are texts
    (a million keys against a few hundred thousand: a tenth of `isin`'s time)."""
    if not all(type(key) is str for key in wanted):
        return np.flatnonzero(column.isin(list(wanted)).to_numpy())
    values = column.tolist()
    return np.flatnonzero(np.fromiter(map(wanted.__contains__, values), dtype=bool,
                                      count=len(values)))


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
    """The block as one group, or, when some of its pairs are ruled out, each pair left.
    Each address is split once, not once for every pair it is in (a block of 20 has 190)."""
    if len(members) == 2:  # most blocks (266,000 of them at a million people)
        return [] if _pair_ruled_out(keys[members[0]], keys[members[1]], not_same) \
            else [members]
    addresses = [_split_address(keys[m]) for m in members]
    allowed = [(a, b) for (a, split_a), (b, split_b)
               in combinations(zip(members, addresses, strict=True), 2)
               if not _ruled_out(keys[a], keys[b], split_a, split_b, not_same)]
    if len(allowed) == len(members) * (len(members) - 1) // 2:  # none ruled out
        return [members]
    return [[a, b] for a, b in allowed]


def _ruled_out(key_a: str, key_b: str, split_a: tuple[tuple[str, str], str],
               split_b: tuple[tuple[str, str], str], not_same) -> bool:
    """Whether two people are numbered namesakes or marked "not the same person", given
    their keys and their addresses split (`_split_address`)."""
    (stem_a, local_a), (stem_b, local_b) = split_a, split_b
    return ((stem_a == stem_b and local_a != local_b)  # numbered namesakes
            or (bool(not_same) and frozenset((key_a, key_b)) in not_same))


def _pair_ruled_out(key_a: str, key_b: str, not_same) -> bool:
    """`_ruled_out` for one pair, its addresses not split ahead (each is in this pair
    alone)."""
    return (numbered_namesakes(key_a, key_b)
            or (bool(not_same) and frozenset((key_a, key_b)) in not_same))


def _split_address(key: str) -> tuple[tuple[str, str], str]:
    """((domain, local part without its number), local part): two addresses are numbered
    namesakes (`names.numbered_namesakes`) exactly when their first halves are equal and
    their local parts are not."""
    local, _, domain = key.partition("@")
    return (domain, without_number(local)), local


def _proposals(source: _Source, groups: list[list[int]], layout: Layout) -> list[Duplicate]:
    """A proposal for each group. The names and the values the group's records disagree on
    are found for all groups at once, field by field: a proposal then only gathers them."""
    at, group = source.records_of(groups)
    names = distinct_by_group(source.shown["name"][at], group, len(groups))[1]
    conflicts: list[dict[str, tuple[str, ...]]] = [{} for _ in groups]
    for name in schema.SCALAR_FIELDS:
        header = layout.headers.get(name, name)
        disagreeing, values = distinct_by_group(source.shown[name][at], group, len(groups),
                                                least=2)
        for place, distinct in zip(disagreeing.tolist(), values, strict=True):
            conflicts[place][header] = distinct
    return [_proposal(source, members, found, disagree)
            for members, found, disagree in zip(groups, names, conflicts, strict=True)]


def _proposal(source: _Source, group: list[int], names: tuple[str, ...],
              conflicts: dict[str, tuple[str, ...]]) -> Duplicate:
    places = sorted([(row, tab) for p in group
                     for tab, row in origins.located(source.rows[p], source.sheets[p])])
    rows, tabs = zip(*places, strict=True)
    emails = tuple(key if "@" in key else "" for key in map(source.keys.__getitem__, group))
    return Duplicate(rows, messages.same_name(names), "review", emails,
                     names, conflicts, tabs)
