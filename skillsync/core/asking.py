"""What a piece of work asks for, read from the skills as someone typed them: a staffing
request's Skills cell, or `skillsync match --skills`.

Read as a skills list is read, with the same vocabulary and typo folding. A cell that
holds a sentence ("We need someone who knows Spark and Kafka") asks for nothing at all:
what a sentence mentions is not what it asks for ("We need Python, but not Spark"), the
list around it may be part of it ("We need Spark, Kafka and SQL"), and one wrong skill
would leave the request with nobody. It is returned with the known skills it mentions,
for one warning to name.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    # The text, when it holds a sentence (then nothing of it is read), and the known
    # skills it mentions: for a warning to name, never asked for.
    sentence: str = ""
    mentioned: tuple[str, ...] = ()
    cut: bool = False  # the text was longer than MAX_TEXT: only its start was read


def resolve(text: str, vocabulary: Vocabulary, held_skills: Iterable[str],
            min_level: int | None = None) -> Resolved:
    """'NLP (4), pytorch' -> the required skills, with the same vocabulary and typo folding
    as the sync; a level written beside a skill is that skill's minimum. An unknown spelling
    someone in the sheet lists the same way is kept; the rest are returned as unknown. A
    cell holding a sentence asks for nothing (see the module's docstring)."""
    cut, text = len(text) > MAX_TEXT, text[:MAX_TEXT]
    if any(said for _, said in _parts(text)):
        return Resolved((), sentence=" ".join(text.split()), cut=cut,
                        mentioned=tuple(prose.mentioned_skills(text, vocabulary)))
    parsed, _ = fields.skills(vocabulary, levels.DEFAULT)(text)
    as_held = {skill_key(s): s for s in held_skills}
    typed = {skill_key(t): t for t in _typed_parts(text, vocabulary)}
    wanted: dict[str, Required] = {}
    unknown = []
    for skill, level, _ in parsed.items:
        if skill in parsed.unknown:
            if skill_key(skill) not in as_held:
                unknown.append(skill)
                continue
            skill = as_held[skill_key(skill)]
        shown = next((t for k, t in typed.items() if vocabulary.canonical(t) == skill), skill)
        wanted.setdefault(skill, Required(skill, shown, level or min_level))
    return Resolved(tuple(wanted.values()), tuple(unknown), parsed.folded, cut=cut)


def _parts(text: str) -> list[tuple[str, bool]]:
    """The cell's parts with whether each is a sentence (which the list reading leaves out)."""
    return list(prose.parts(text)) if prose.may_speak(text) else []


def _typed_parts(text: str, vocabulary: Vocabulary) -> list[str]:
    """The skill names as typed, each in the vocabulary's own spelling ("nlp" -> "NLP")."""
    spelled = {skill_key(s): s for s, _ in vocabulary.spellings}
    names = (part.split("(")[0].strip() for part in vocabulary.splitter.split(text))
    return [spelled.get(skill_key(name), name) for name in names if name and len(name) <= 40]
