"""What one column of a table holds, judged by its header and by the cells below it
(their shares of levels, addresses, names and skill lists: cellshares.py).

The cells decide where headers are silent or misleading: a column of levels is a skill
whatever its header says ("Deep Learning" is not the learning-wishes column), a column of
addresses is the e-mail column, a column of person names is the name column, a column of
skill lists is expertise ("Which languages do you use?" in a form).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from skillsync.core import levelheaders, levels
from skillsync.core.headers import HeaderVocabulary, header_key
from skillsync.core.levels import Kind, Words
from skillsync.core.model import CellError

LEVEL_SHARE = 0.8  # share of a column's filled cells that must be levels
# Headers of level-like columns that are not skills: counts, years, ids, scores, notes.
NOT_SKILLS = frozenset({
    "id", "no", "number", "count", "years", "year", "age", "grade", "band", "size",
    "total", "sum", "average", "avg", "mean", "score", "rank", "order", "index", "salary",
    "headcount", "fte", "hours", "days", "months", "weeks", "level", "overall", "row",
    "proficiency", "description", "rating", "category", "assessment", "assessed",
    "legend", "key", "scale", "note", "notes", "comment", "comments", "remarks",
})
# Fields whose cells may look like levels ("50%", "4"); any other field's column holding
# levels is a skill whose name merely contains a field's word ("Deep Learning").
NUMERIC_FIELDS = frozenset({"success_rate", "availability", "last_updated"})
LONG_SKILL = frozenset({"skill", "skillname", "competency", "competence", "technology",
                        "tool", "toolname", "capability", "skillarea", "expertisearea",
                        "technicalskill", "skilltitle"})
LONG_LEVEL = frozenset({"level", "proficiency", "proficiencylevel", "skilllevel", "rating",
                        "selfrating", "selfassessment", "score", "competencylevel",
                        "expertiselevel", "levelofexpertise", "experiencelevel"})
# "Primary skill | Level | Secondary skill | Level", "Skill 1 | Skill 2".
PAIRED_SKILL = re.compile(r"^(?:(?:primary|secondary|tertiary|main|top|other|additional|"
                          r"core|first|second|third|fourth|fifth)skill|skill\d{1,2})$")
PAIRED_LEVEL = re.compile(r"^(?:level|proficiency|rating|skilllevel|score)\d{0,2}$")
GIVEN_NAMES = frozenset({"firstname", "givenname", "forename", "prenom", "prénom", "vorname",
                         "nombre", "voornaam"})
FAMILY_NAMES = frozenset({"lastname", "surname", "familyname", "nom", "nomdefamille",
                          "nachname", "familienname", "apellido", "apellidos", "achternaam",
                          "cognome"})
# Words of a header over wishes, and over more of what people can do, in the languages
# the header vocabulary knows (German, French, Spanish, Italian, Portuguese, Dutch).
LEARN_WORDS = re.compile(r"learn|interest|grow|develop|wish|goal|explore|want|aspir|upskill"
                         r"|curious|interes|int[ée]r[êe]t|lernen|ziel|wunsch|wünsch"
                         r"|apprend|souhait|aprend|deseo|impar|leren|doel|objectif|objetivo"
                         r"|obiettiv|desir|target|\bgaps?\b|missing|lacking", re.IGNORECASE)
# "develop" is a wish in "Skills to develop", "Development areas", "Areas for development",
# but "development" or "developer" just before a word for what people use or know only
# says which kind: "Development tools", "Software development skills" are expertise.
# Such a word is not read as a wish; the header's other words still are ("Development
# tools to learn").
_DEVELOPMENT_KIND = re.compile(r"develop(?:ment|er)s?[\W_]+(?=tool|stack|language|"
                               r"framework|skill|librar|platform|environment|technolog|"
                               r"expertise|knowledge|experience)", re.IGNORECASE)
# Words that hold a wish word without being one: a field of work ("Machine learning",
# "Software development") names what people do, and "Skills developed" what they did.
_NOT_WISHES = re.compile(r"(?:deep|machine|reinforcement|statistical|transfer|federated|"
                         r"representation|supervised|ensemble|active|online|meta)[\W_]*"
                         r"learning|learning[\W_]*analytics|(?:software|web|app|application|front[\W_]*end|"
                         r"back[\W_]*end|full[\W_]*stack|game|mobile|product|model)[\W_]*"
                         r"development|(?<!to be )developed", re.IGNORECASE)
# A header saying a column holds what people can do: a second list of skills ("More
# skills", "Tools", "Languages") is expertise only under such a header, as a column
# of notes or certificates may also name skills.
EXPERTISE_WORDS = re.compile(r"skill|expert|competen|comp[ée]ten|kompeten|know|tech|stack|"
                             r"tool|language|framework|abilit|strength|proficien|capabilit|"
                             r"special|experience|can do|good at|domain|kenntnis|f[äa]hig|"
                             r"werkzeug|sprache|outil|connaissance|savoir|langage|"
                             r"conocimiento|herramienta|habilidad|lenguaje|conoscenz|"
                             r"strument|linguagg|ferrament|vaardig|kennis", re.IGNORECASE)
_ADDRESS = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[a-z]{2,24}$", re.IGNORECASE)
Known = Callable[[str], bool]


@dataclass(frozen=True)
class Context:
    """What judging columns needs: header spellings, level words, the skill vocabulary."""

    headers: HeaderVocabulary
    words: Words = levels.DEFAULT
    known: Known | None = None  # whether a text names a known skill


def wishes(header: str) -> bool:
    """Whether a header says its column holds skills people want to learn."""
    return bool(LEARN_WORDS.search(_NOT_WISHES.sub(" ", _DEVELOPMENT_KIND.sub(" ", header))))


def list_kinds(texts: dict[int, str], expertise_read: bool
                    ) -> tuple[tuple[tuple[int, str], ...], tuple[str, ...]]:
    """The columns listing skills that no header claimed, each read as wishes when its
    header says so, as expertise when it says skills (or when the sheet has no other
    skills column: its skills column, renamed); and the headers of those left unread."""
    kinds, unread = [], []
    for c, text in texts.items():
        if wishes(text):
            kinds.append((c, "learn"))
        elif EXPERTISE_WORDS.search(text) or not expertise_read:
            kinds.append((c, "expertise"))
            expertise_read = True
        else:
            unread.append(text)
    return tuple(kinds), tuple(unread)


def is_address(text: str) -> bool:
    return bool(_ADDRESS.match(text.strip()))


def column(body: Sequence[list[Any]], index: int) -> list[Any]:
    return [row[index] for row in body if index < len(row)]


def filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return not (isinstance(value, float) and value != value)


def evidence(body: Sequence[list[Any]], index: int) -> list[Any]:
    """A column's filled cells; error cells (#N/A, a formula saved without its value) say
    nothing about what the column holds."""
    return [v for v in column(body, index) if filled(v) and not isinstance(v, CellError)]


_COUNTING = re.compile(r"^\s*(?:[#%№]|no\.\s|number\s+of\b|count\s+of\b)", re.IGNORECASE)


def counts(header: str) -> bool:
    """'# skills', '% done', 'Number of projects': a header over a count, not the field."""
    return bool(_COUNTING.match(header))


def not_a_skill(header: str, words: Words = levels.DEFAULT, known: Known | None = None
                ) -> bool:
    """Headers of level-like columns that count or note something, and headers that are
    themselves a level, a mark or a legend line ("0 = none"): never a skill. A known
    skill's name before a level word ("Python level", `known`) is one."""
    tokens = set(re.findall(r"[a-z0-9]+", header.casefold()))
    if tokens & NOT_SKILLS and known is not None and len(header) <= 120:
        named = levelheaders.skill_in_header(header)
        if named != header and known(named):
            return False
    return (bool(tokens & NOT_SKILLS) or len(header) > 120 or "@" in header
            or counts(header)
            or levels.read(header, words).kind is not Kind.OTHER)


def claim_fields(texts: dict[int, str], vocabulary: HeaderVocabulary, reserved: set[int],
                 levelled: set[int]) -> tuple[dict[str, int], dict[str, str]]:
    """field -> column for the header cells naming a field (exact spellings first)."""
    claims = []
    for index, text in texts.items():
        if index in reserved:
            continue
        found = vocabulary.match(text)
        partial = found is not None and (found[1] < 2 or counts(text))
        if partial and index in levelled and found[0] not in NUMERIC_FIELDS:
            continue  # "Deep Learning" or "# skills" over numbers: not that field
        if found:
            claims.append((-found[1], index, found[0], text))
    fields: dict[str, int] = {}
    headers: dict[str, str] = {}
    for _, index, name, text in sorted(claims):
        if name not in fields and index not in fields.values():
            fields[name], headers[name] = index, text
    return fields, headers


def name_parts(texts: dict[int, str], taken: set[int]) -> tuple[int, int] | None:
    """(given name column, family name column) when the name is split in two."""
    given = next((c for c, t in texts.items() if c not in taken
                  and header_key(t) in GIVEN_NAMES), None)
    family = next((c for c, t in texts.items() if c not in taken
                   and header_key(t) in FAMILY_NAMES), None)
    return (given, family) if given is not None and family is not None else None


def paired_skills(texts: dict[int, str], taken: set[int]) -> tuple[tuple[int, int | None], ...]:
    """Columns naming one skill each per person, each with the level column after it."""
    pairs = []
    for index, text in sorted(texts.items()):
        if index in taken or not PAIRED_SKILL.match(header_key(text)):
            continue
        after = texts.get(index + 1)
        level = index + 1 if after and PAIRED_LEVEL.match(header_key(after)) else None
        pairs.append((index, level))
    # One skill column is a pair only with its level beside it ("Primary skill | Level").
    return tuple(pairs) if len(pairs) >= 2 or (pairs and pairs[0][1] is not None) else ()
