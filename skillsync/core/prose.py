"""A skills list item that is a sentence, not a skill: "I have worked with Python for years".

Kept as typed it would count as a skill of its own, and the Skills tab would list the
sentence beside Python. Nor can the skills it names be taken: "I have never used Spark",
"see my CV" (an alias of Computer Vision), "Stan is my manager". So a sentence is not
read at all, and one warning asks for a list, naming the known skills it mentions as
suggestions. An item is a sentence when it is unknown, has several words, and speaks in
the first person ("I", "my", "we"); any other unknown item ("Design of experiments",
"Markov Chain Monte Carlo") stays a skill of its own, as typed.
"""

from __future__ import annotations

from skillsync.core.vocab import Vocabulary, skill_key

PROSE_WORDS = 4  # a sentence has this many words at least
# Words of a sentence about oneself, in the languages the header vocabulary knows; no
# skill's name is one of them.
FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll", "im", "ive", "me", "my",
                          "mine", "myself", "we", "we're", "we've", "our", "us", "ich",
                          "mein", "meine", "mich", "mir", "je", "j'ai", "moi", "mon",
                          "yo", "ik", "mijn", "eu", "meu", "minha", "io"})
SPELLING_WORDS = 4  # the most words of a known spelling looked for in it
# A word this short names a skill only written with a capital ("Go", "R", "C", "SQL"):
# "go", "c" and "r" are words of a sentence far more often than skills.
SHORT_WORD = 3
_AROUND = "\"'“”‘’([{"  # quotes and brackets around a word, not part of it
_AFTER = ",.;:!?)]}\"'“”‘’"


def mentioned_skills(text: str, vocabulary: Vocabulary) -> list[str] | None:
    """The known skills a sentence mentions, each once, in order, as suggestions; None
    when the item is not a sentence (it is then read as before: a skill as typed)."""
    words = [w.lstrip(_AROUND).rstrip(_AFTER) for w in text.split()]
    words = [w for w in words if w]
    if len(words) < PROSE_WORDS or not any(w.casefold() in FIRST_PERSON for w in words):
        return None
    return _named(words, vocabulary)


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
