"""Columns parsed in another process while this one parses the rest (see people.begin).

Parsing is the largest part of reading a large sheet, one column at a time on one core,
and columns do not depend on each other. The writer's second process (the Excel writer:
backends/xlsx/aside.py) is idle until it is given its tab, so the slowest columns are
sent to it as soon as the records are found, and their meanings are taken when they are
reached. What is sent is a pure function with its inputs; what comes back is checked to
be one meaning per value, or the column is parsed here after all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from skillsync.core import distinct, fields, schema
from skillsync.core.cellproblems import Parsed
from skillsync.core.skillcells import SkillCell, Skills

# Where work can be sent: given a pure function and what to call it, a function that
# returns its result later (None when it could not be had), or None at once when there is
# nowhere to send it.
Elsewhere = Callable[[Callable[[], Any], str], Callable[[], Any] | None]
# The slowest columns per value, whose meanings travel back quickly; e-mails and names,
# parsed here meanwhile, keep this process as busy as the other.
SENT_FIELDS = ("expertise", "learn", *schema.PROJECT_FIELDS)
SENT_VALUES = 20_000  # distinct values of a column worth sending


@dataclass(frozen=True)
class Distinct:
    """A column's values to parse: each distinct one once (`codes`: each cell's value),
    or, when nearly every cell differs, every cell's (`codes` None)."""

    values: Sequence[Any]
    codes: np.ndarray | None

    @classmethod
    def of(cls, cells: list[Any]) -> Distinct:
        if distinct.mostly_distinct(cells):
            return cls(cells, None)
        codes, found = distinct.group(cells)
        return cls(found, codes)


@dataclass(frozen=True)
class Sent:
    """A column grouped, and maybe sent elsewhere to be parsed (`result`)."""

    column: Distinct
    result: Callable[[], Any] | None = None

    def parsed(self, parser: Callable) -> list[Parsed]:
        """The column's meanings and problems, from elsewhere if they came back whole,
        else parsed here."""
        found = self.result() if self.result else None
        if isinstance(found, list) and len(found) == len(self.column.values):
            return received(parser, found)
        return fields.parse_all(parser, self.column.values)


def send(cells: dict[str, list[Any]], parsers: dict[str, Callable],
         elsewhere: Elsewhere) -> dict[str, Sent]:
    """The columns of SENT_FIELDS with SENT_VALUES distinct values or more, each sent
    elsewhere to be parsed; once one cannot be, the rest are parsed here."""
    sent: dict[str, Sent] = {}
    for name in SENT_FIELDS:
        found = cells.get(name)
        if found is None or len(found) < SENT_VALUES:
            continue
        column = Distinct.of(found)
        if len(column.values) < SENT_VALUES:
            sent[name] = Sent(column)  # grouped already, not grouped again
            continue
        result = elsewhere(partial(sendable, parsers[name], column.values),
                           f"parsing the {name} column")
        sent[name] = Sent(column, result)
        if result is None:  # nowhere to send it
            break
    return sent


def sendable(parser: Callable, values: Sequence[Any]) -> list[Parsed]:
    """`fields.parse_all`, as it is sent back: a skills cell as a plain tuple, which
    pickles four times faster than the named one (100,000 cells: 0.07 s, not 0.25)."""
    parsed = fields.parse_all(parser, values)
    if isinstance(parser, Skills):
        return [(tuple(cell), problems) for cell, problems in parsed]
    return parsed


def received(parser: Callable, parsed: list[Any]) -> list[Parsed]:
    """What `sendable` sent, as `fields.parse_all` gives it."""
    if isinstance(parser, Skills):
        make = SkillCell._make
        return [(make(cell), problems) for cell, problems in parsed]
    return parsed
