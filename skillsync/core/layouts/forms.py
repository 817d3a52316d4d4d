"""Form exports: grid questions put the skill in the header.

Google Forms writes `Rate yourself [Python]`; a scale may sit in the brackets instead, with
the skill after a colon (`Rate yourself: Python [1-5]`); Microsoft Forms writes
`How would you rate your skills?.Python`. A question asked for two or more skills, whose
answers are levels, is a grid.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from skillsync.core import levels
from skillsync.core.headers import header_key
from skillsync.core.layouts.columns import LEVEL_SHARE, evidence, wishes
from skillsync.core.levels import Kind, Words

FORM_COLUMNS = frozenset({"timestamp", "starttime", "completiontime", "submittedat",
                          "submissiontime", "lastmodifiedtime"})
_BRACKETED = re.compile(r"^(?P<q>[^\[\]]{0,300}?)\s*\[(?P<s>[^\[\]]{1,120})\]\s*$")
_DOTTED = re.compile(r"^(?P<q>[^.]{3,300}?[?:])\s*\.(?P<s>[^.]{1,120})$")
_SCALE_ONLY = re.compile(r"^\s*\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\s*$")


@dataclass(frozen=True)
class SkillColumn:
    index: int  # 0-based position in a grid row
    header: str  # the skill as the header writes it
    kind: str = "expertise"  # or "learn"
    group: str = ""  # the category written above it, if any
    question: str = ""  # a form's question, for grid columns


def grid_questions(texts: dict[int, str], body: Sequence[list[Any]],
                   words: Words) -> dict[int, SkillColumn]:
    """Form grid columns: the skill sits in the header after the question. In a form's
    export (a Timestamp column) a question asked for one skill is a grid too; elsewhere
    it takes two ("Notes [internal]" is no question)."""
    least = 1 if any(header_key(t) in FORM_COLUMNS for t in texts.values()) else 2
    parsed = {c: found for c, t in texts.items() if (found := question(t))}
    asked: dict[str, int] = {}
    for asking, _ in parsed.values():
        asked[asking] = asked.get(asking, 0) + 1
    columns = {}
    for index, (asking, skill) in parsed.items():
        values = evidence(body, index)
        levelled = sum(levels.read(v, words).kind is not Kind.OTHER for v in values)
        if asked[asking] >= least and levelled >= LEVEL_SHARE * len(values):
            kind = "learn" if wishes(asking) else "expertise"
            columns[index] = SkillColumn(index, skill, kind, question=asking)
    return columns


def question(header: str) -> tuple[str, str] | None:
    """(question, skill) of a grid header, or None."""
    found = _BRACKETED.match(header) or _DOTTED.match(header)
    if not found:
        return None
    asking, inside = found.group("q").strip(), found.group("s").strip()
    if _SCALE_ONLY.match(inside):  # "Rate yourself: Python [1-5]"
        head, sep, skill = asking.rpartition(":")
        return (head.strip(), skill.strip()) if sep and skill.strip() else None
    return (asking, inside) if asking else None
