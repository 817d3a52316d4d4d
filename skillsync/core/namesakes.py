"""People with different e-mails but one name, proposed for a human to review (never
merged): blocked on the name key, so the work grows with the data, not its square."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from itertools import combinations
from typing import Any

import pandas as pd

from skillsync.core import origins, schema
from skillsync.core.dedupe import Duplicate, distinct_shown
from skillsync.core.model import Layout
from skillsync.core.names import initial_keys_given, numbered_namesakes

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
    source = _Source(people, records)
    keys = people["key"].tolist()
    proposals, seen = [], set()
    for members in _blocks(people["name"].tolist(), people["name_key"].tolist()):
        if not 1 < len(members) <= MAX_BLOCK:
            continue
        for group in _candidate_groups(keys, members, not_same):
            if frozenset(group) not in seen:
                seen.add(frozenset(group))
                proposals.append(_proposal(source, group, layout))
    return sorted(proposals, key=lambda d: d.rows)


class _Source:
    """The columns a proposal lists, as plain lists, and each person's source records: a
    proposal costs the size of its group, never a scan of the table."""

    def __init__(self, people: pd.DataFrame, records: pd.DataFrame | None) -> None:
        self.keys = people["key"].tolist()
        self.rows = people["rows"].tolist()
        self.sheets = people["sheet"].tolist()
        table = records if records is not None else people
        self.values = {name: table[name].tolist() for name in ("name", *schema.SCALAR_FIELDS)}
        self.records: dict[Any, list[int]] = defaultdict(list)
        for position, key in enumerate(table["key"].tolist()):
            self.records[key].append(position)

    def column(self, name: str, group: list[int]) -> list[Any]:
        """`name` of every source record of the people in `group`, person by person."""
        values = self.values[name]
        return [values[r] for person in group for r in self.records[self.keys[person]]]


def _blocks(names: list[str], name_keys: list[str]) -> list[list[int]]:
    """Indices of people sharing a name key; then those sharing surname and initial where
    one of them wrote only the initial."""
    blocks: dict[str, list[int]] = defaultdict(list)
    initialled: dict[str, list[int]] = defaultdict(list)
    written_short = set()  # people whose name is one full name and initials ('J. Smith')
    for index, (name, key) in enumerate(zip(names, name_keys, strict=True)):
        if key:
            blocks[key].append(index)
        shorts = initial_keys_given(name, key) if name else ()
        for short in shorts:
            initialled[short].append(index)
        if len(shorts) == 1:  # initial_keys gives one key exactly for such names
            written_short.add(index)
    pairs = []
    for members in initialled.values():
        if len(members) > MAX_BLOCK:
            continue  # a common surname and initial: no basis for a proposal
        short = [i for i in members if i in written_short]
        pairs.extend(sorted((a, b)) for a in short for b in members if b != a)
    unique = {tuple(p) for p in pairs}
    return [*blocks.values(), *(list(p) for p in sorted(unique))]


def _candidate_groups(keys: list[str], members: list[int], not_same) -> list[list[int]]:
    pairs = list(combinations(members, 2))
    allowed = [
        (a, b) for a, b in pairs
        if frozenset((keys[a], keys[b])) not in not_same
        and not numbered_namesakes(keys[a], keys[b])
    ]
    if len(allowed) == len(pairs):
        return [members]
    return [[a, b] for a, b in allowed]


def _proposal(source: _Source, group: list[int], layout: Layout) -> Duplicate:
    places = sorted((row, tab) for p in group
                    for tab, row in origins.located(source.rows[p], source.sheets[p]))
    names = distinct_shown(source.column("name", group))
    conflicts = {}
    for name in schema.SCALAR_FIELDS:
        distinct = distinct_shown(source.column(name, group))
        if len(distinct) > 1:
            conflicts[layout.headers.get(name, name)] = distinct
    reason = "same name " + " / ".join(f"'{n}'" for n in names)
    emails = [source.keys[p] for p in group]
    return Duplicate(tuple(r for r, _ in places), reason, "review",
                     tuple(k if "@" in k else "" for k in emails),
                     names, conflicts, tuple(s for _, s in places))
