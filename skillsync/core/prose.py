"""A skills list item that is a sentence, not a skill: "I have worked with Python for years".

Kept as typed it would count as a skill of its own, and the Skills tab would list the
sentence beside Python. Nor can the skills it names be taken: "I have never used Spark",
"see my CV" (an alias of Computer Vision), "Stan is my manager". So a sentence is not
read at all, and one warning asks for a list, naming the known skills it mentions as
suggestions. A sentence is a part of a cell, between commas, semicolons or new lines (not
"and": "I have never used Spark and Kafka" is one), of two words or more that speaks in
the first person ("I", "my", "we"), after a listed item and a dash if one comes first
("Python (4) — I've used it for years"); any other unknown item ("Design of
experiments", "Markov Chain Monte Carlo") stays a skill of its own, as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillsync.core.vocab import Vocabulary, skill_key

PROSE_WORDS = 2  # "my CV" is about oneself already
# Words of a sentence about oneself, in the languages the header vocabulary knows; no
# skill's name is one of them (written in capitals, US, EU or ME is an abbreviation).
FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself", "we",
                          "we're", "we've", "our", "us", "ich", "mein", "meine", "mich",
                          "mir", "je", "j'ai", "moi", "ik", "mijn", "meu", "minha"})
# "Type I error", "Phase I trials": a Roman numeral, not the first person.
_NUMERAL_BEFORE_I = frozenset({"type", "phase", "tier", "level", "class", "grade", "part",
                               "stage", "world", "war", "series"})
# Where a sentence in a list ends: a new line, a semicolon, a comma, a bullet. "and" and
# "/" do not end one ("I have never used Spark and Kafka" is one sentence).
_PARTS = re.compile(r"[\n;,•|]+")
# A dash between words: the first one ends a listed item that a sentence follows
# ("Python (4) — I've used it for years"), never a sentence ("I have 3 - 5 years", "We -
# the team - use it") nor an item ("Python - expert", "Java (3 - 4)", scikit-learn).
_DASH = re.compile(r"\s*—\s*|\s[-–]+\s")
SPELLING_WORDS = 4  # the most words of a known spelling looked for in it
# A word this short names a skill only written with a capital ("Go", "R", "C", "SQL"):
# "go", "c" and "r" are words of a sentence far more often than skills.
SHORT_WORD = 3
_AROUND = "\"'“”‘’([{"  # quotes and brackets around a word, not part of it
_AFTER = ",.;:!?)]}\"'“”‘’"


def parts(text: str) -> Iterator[tuple[str, bool]]:
    """A cell's parts between the separators a sentence ends at, each with whether it is
    a sentence about oneself."""
    for part in _PARTS.split(text):
        if part.strip():
            yield from _after_dash(part)


def _after_dash(part: str) -> Iterator[tuple[str, bool]]:
    """A part, or, where a sentence follows listed items after a dash, the items and the
    sentence: cut at the last dash before which nothing speaks and every bracket is
    closed, and after which a sentence still follows. So "Python (4) - SQL (3) - I use
    both" lists "Python (4) - SQL (3)" (read as two items: skillitems.join_parts) and
    "Python - expert - I use it daily" Python at its level, while "Java (3 - 4) - I use
    it" is never cut inside its bracket, nor "I use Python - never Spark" at all."""
    if not is_sentence(_words(part)):
        yield part, False
        return
    cut = None
    for dash in _DASH.finditer(part):
        item = part[:dash.start()]
        if may_speak(item):
            break  # a longer item speaks too
        if item.strip() and item.count("(") == item.count(")") \
                and is_sentence(_words(part[dash.end():])):
            cut = dash
    if cut is None:
        yield part, True
    else:
        yield part[:cut.start()], False
        yield part[cut.end():], True


def may_speak(text: str) -> bool:
    """Whether a text holds a word of the first person: a cell that may hold a sentence,
    or a list item that may be part of one (a cell split at "and")."""
    return any(w.casefold().replace("’", "'") in FIRST_PERSON for w in _words(text))


def is_sentence(words: list[str]) -> bool:
    """Whether the words speak of oneself: a word of the first person, not in capitals
    (an abbreviation) nor a Roman one after "Type"."""
    if len(words) < PROSE_WORDS:
        return False
    for at, word in enumerate(words):
        folded = word.casefold().replace("’", "'")
        if folded not in FIRST_PERSON or (len(word) > 1 and word.isupper()):
            continue
        if folded == "i" and at and words[at - 1].casefold() in _NUMERAL_BEFORE_I:
            continue
        return True
    return False


def mentioned_skills(text: str, vocabulary: Vocabulary) -> list[str]:
    """The known skills a sentence mentions, each once, in order: suggestions only."""
    return _named(_words(text), vocabulary)


def _words(text: str) -> list[str]:
    words = [w.lstrip(_AROUND).rstrip(_AFTER) for w in text.split()]
    return [w for w in words if w]


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
