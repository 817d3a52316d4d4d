"""What a piece of work asks for, read from the skills as someone typed them: a staffing
request's Skills cell, or `skillsync match --skills`.

Read as a skills list is read (the same vocabulary and typo folding), with one
difference: a request is often written as a phrase or a sentence ("We need someone who
knows Spark and Kafka", "Looking for a person with NLP (4)"). A person's own list keeps
such a text out, since "I have never used Spark" would claim Spark (see prose.py); a
request only asks, so the known skills it mentions are what it asks for, and the
caller says which were read from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from skillsync.core import fields, levels, prose
from skillsync.core.staffing import Required
from skillsync.core.vocab import Vocabulary, skill_key

MAX_TEXT = 2000  # characters read of what is asked: a list of skills, not a document


@dataclass(frozen=True)
class Resolved:
    """Skill names as typed, read through the vocabulary: what was asked, what was not known."""

    skills: tuple[Required, ...]
    unknown: tuple[str, ...] = ()
    folded: tuple[tuple[str, str], ...] = ()  # (typo as typed, the skill it was read as)
    # (a phrase that is no skill, the known skills it mentions, read as asked for)
    mentioned: tuple[tuple[str, tuple[str, ...]], ...] = ()


def resolve(text: str, vocabulary: Vocabulary, held_skills: Iterable[str],
            min_level: int | None = None) -> Resolved:
    """'NLP (4), pytorch' -> the required skills, with the same vocabulary and typo folding
    as the sync; a level written beside a skill is that skill's minimum. An unknown spelling
    someone in the sheet lists the same way is kept; a phrase that mentions known skills
    asks for them; the rest are returned as unknown."""
    text = text[:MAX_TEXT]
    parsed, _ = fields.skills(vocabulary, levels.DEFAULT)(text)
    as_held = {skill_key(s): s for s in held_skills}
    typed = {skill_key(t): t for t in _typed_parts(text, vocabulary)}
    wanted: dict[str, Required] = {}
    unknown: list[str] = []
    phrases = [(part.strip(), None) for part, sentence in _parts(text) if sentence]
    for skill, level, _ in parsed.items:
        if skill in parsed.unknown and skill_key(skill) not in as_held:
            if prose.mentioned_skills(skill, vocabulary):
                phrases.append((skill, level))
            else:
                unknown.append(skill)
            continue
        skill = as_held.get(skill_key(skill), skill)
        shown = next((t for k, t in typed.items() if vocabulary.canonical(t) == skill), skill)
        wanted.setdefault(skill, Required(skill, shown, level or min_level))
    mentioned = tuple(_ask_mentioned(phrases, vocabulary, min_level, wanted))
    return Resolved(tuple(wanted.values()), tuple(unknown), parsed.folded, mentioned)


def _ask_mentioned(phrases: list[tuple[str, int | None]], vocabulary: Vocabulary,
                   min_level: int | None, wanted: dict[str, Required]
                   ) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each phrase with the known skills it mentions, those added to `wanted` (a level
    written beside the phrase is theirs)."""
    for phrase, level in phrases:
        named = tuple(prose.mentioned_skills(phrase, vocabulary))
        if named:
            for skill in named:
                wanted.setdefault(skill, Required(skill, skill, level or min_level))
            yield phrase, named


def _parts(text: str) -> list[tuple[str, bool]]:
    """The cell's parts with whether each is a sentence (which the list reading leaves out)."""
    return list(prose.parts(text)) if prose.may_speak(text) else []


def _typed_parts(text: str, vocabulary: Vocabulary) -> list[str]:
    """The skill names as typed, each in the vocabulary's own spelling ("nlp" -> "NLP")."""
    spelled = {skill_key(s): s for s, _ in vocabulary.spellings}
    names = (part.split("(")[0].strip() for part in vocabulary.splitter.split(text))
    return [spelled.get(skill_key(name), name) for name in names if name and len(name) <= 40]
