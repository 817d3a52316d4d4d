"""What a level column's header says besides its skill: the scale it states ("Python
[1-4]", "rating 0-5") and that it holds levels ("Python level", "SQL (yes/no)")."""

from __future__ import annotations

import re

from skillsync.core.levels import Scale

_SCALE_TEXT = re.compile(r"(?<!\d)([01])\s*(?:-|–|—|to|\.\.)\s*(\d{1,2})(?!\d)")


_TRAILING_BRACKET = re.compile(r"[\[(]([^\[\]()]{1,40})[\])]\s*+$")  # starts at a bracket


def without_scale(header: str) -> str:
    """'Python [1-4]' -> 'Python': a header's bracket stating the scale (read by
    `scale_in`) is not part of the skill's name."""
    found = _TRAILING_BRACKET.search(header)
    if found is None or found.start() == 0 or scale_in(found.group(1)) is None:
        return header
    return header[:found.start()].rstrip()


# "Python level", "SQL (proficiency)", "Spark - skill level": a level column's header
# naming its skill, then that it holds levels.
# The word after a space, a spaced dash, a colon or a bracket: not "C-level", "entry-level".
_HEADER_LEVEL_WORD = re.compile(r"(?<=\S)(?:\s+[-–:]?\s*|\s*[-–:]\s+|:\s*|\s*[(\[]\s*)"
                         r"[(\[]?\s*(?:skill\s+|self[- ]?assessed\s+)?"
                         r"(?:level|proficiency|rating|score|lvl|yes\s*/\s*no|y\s*/\s*n)"
                         r"\s*[)\]]?\s*\??\s*$|(?<=\w)\s*\?+\s*$", re.IGNORECASE)


def without_level_word(header: str) -> str:
    """'Python level' -> 'Python', 'SQL (yes/no)' -> 'SQL', 'Spark?' -> 'Spark'; a header
    that is only the word stays as it is."""
    return _HEADER_LEVEL_WORD.sub("", header)


def skill_in_header(header: str) -> str:
    """What a level column's header says beyond its scale and its level word: 'Python
    level [1-4]' -> 'Python'."""
    return without_level_word(without_scale(header))


def scale_in(text: str) -> Scale | None:
    """A scale stated in a header or legend: "[1-4]", "rating 0-5", "1 to 10"."""
    found = _SCALE_TEXT.search(text[:200])
    if not found:
        return None
    top = float(found.group(2))
    return Scale(top) if top >= 2 else None
