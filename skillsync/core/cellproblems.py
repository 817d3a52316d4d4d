"""What a field parser gives for a cell: its meaning, and the problems found in it, each a
(code, severity, message) triple without a row (people.py adds where the cell is)."""

from __future__ import annotations

from typing import Any

from skillsync.core import cells, messages
from skillsync.core.codes import Code
from skillsync.core.model import Severity

Problem = tuple[str, Severity, str]
Parsed = tuple[Any, tuple[Problem, ...]]
NO_PROBLEMS: tuple[Problem, ...] = ()
_FORMULA_STARTS = frozenset("=+@-")


def cell_error(value: Any) -> tuple[Problem, ...]:
    return ((Code.CELL_ERROR, Severity.ERROR, messages.cell_error(value.code)),)


def formula(text: str) -> tuple[Problem, ...]:
    """A text a spreadsheet would run as a formula, flagged."""
    if text and text[0] in _FORMULA_STARTS and cells.looks_like_formula(text):
        return ((Code.FORMULA_TEXT, Severity.WARNING, messages.formula_text(text)),)
    return NO_PROBLEMS
