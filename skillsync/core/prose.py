"""A skills list item that is a sentence, not a skill: "I have worked with Python for years".

Kept as typed it would count as a skill of its own, and the Skills tab would list the
sentence beside Python. So an unknown item of several words that names known skills is
read as those skills, and one long enough to be a sentence is not a skill even when it
names none; either way the row is told to list its skills. A shorter unknown item naming
no known skill ("Design of experiments") stays a skill of its own, as typed.
"""

from __future__ import annotations

from skillsync.core.vocab import Vocabulary, skill_key

PROSE_WORDS = 4  # an unknown item of this many words naming known skills is prose
SENTENCE_WORDS = 7  # and one of this many is prose even naming none
SPELLING_WORDS = 4  # the most words of a known spelling looked for in it
# A word this short names a skill only written with a capital ("Go", "R", "C", "SQL"):
# "go", "c" and "r" are words of a sentence far more often than skills.
SHORT_WORD = 3
_AROUND = "\"'“”‘’([{"  # quotes and brackets around a word, not part of it
_AFTER = ",.;:!?)]}\"'“”‘’"


def prose_skills(text: str, vocabulary: Vocabulary) -> list[str] | None:
    """The known skills a sentence-like item names, each once, in order; None when the
    item does not read as a sentence (it is then read as before: a skill as typed)."""
    words = [w.lstrip(_AROUND).rstrip(_AFTER) for w in text.split()]
    words = [w for w in words if w]
    if len(words) < PROSE_WORDS:
        return None
    found = _named(words, vocabulary)
    return found if found or len(words) >= SENTENCE_WORDS else None


def _named(words: list[str], vocabulary: Vocabulary) -> list[str]:
    """The known skills in `words`, the longest spelling first at each place."""
    found: dict[str, None] = {}
    at = 0
    while at < len(words):
        for size in range(min(SPELLING_WORDS, len(words) - at), 0, -1):
            skill = _skill_of(words[at:at + size], vocabulary)
            if skill is not None:
                found.setdefault(skill)
                at += size
                break
        else:
            at += 1
    return list(found)


def _skill_of(words: list[str], vocabulary: Vocabulary) -> str | None:
    if len(words) == 1 and len(words[0]) <= SHORT_WORD and words[0].islower():
        return None
    return vocabulary.by_key.get(skill_key(" ".join(words)))
