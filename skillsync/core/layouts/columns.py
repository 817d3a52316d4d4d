"""What one column of a table holds, judged by its header and by the cells below it.

The cells decide where headers are silent or misleading: a column of levels is a skill
whatever its header says ("Deep Learning" is not the learning-wishes column), a column of
addresses is the e-mail column, a column of person names is the name column, a column of
skill lists is expertise ("Which languages do you use?" in a form).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from skillsync.core import cells, levelheaders, levels
from skillsync.core.headers import HeaderVocabulary, header_key
from skillsync.core.levels import Kind, Words
from skillsync.core.model import CellError

LEVEL_SHARE = 0.8  # share of a column's filled cells that must be levels
# ... in a known skill's column beside enough others holding levels: a small team's
# "SQL" column with one cell of "ask me" among four is the matrix's, the cell reported.
MATRIX_LEVEL_SHARE = 0.6
EMAIL_SHARE = 0.8
NAME_SHARE = 0.8
SKILL_LIST_SHARE = 0.6  # share of a column's list items that must be known skills
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
_NAME_TEXT = re.compile(r"^[^\W\d_][^\d@=+]{0,58}[^\W\d_]$")
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


def holds_levels(body: Sequence[list[Any]], index: int, words: Words,
                 share: float = LEVEL_SHARE, coded: bool = False) -> bool:
    """Whether `share` of the column's filled cells are levels; codes such as "L3" count
    only with `coded` (a column named as a skill: elsewhere they are career steps)."""
    counts = body.counts if isinstance(body, Sample) else None
    if counts is not None and counts.covers(body) and counts.words is words:
        cells, plain, codes = counts.levels(index)
        found = cells[body.stop] - cells[body.start]
        levelled = plain[body.stop] - plain[body.start]
        if coded:
            levelled += codes[body.stop] - codes[body.start]
        return bool(found) and levelled >= share * found
    values = evidence(body, index)
    readings = [levels.read(v, words) for v in values]
    return bool(values) and sum(_level_evidence(r, coded) for r in readings) >= (
        share * len(values))


def levels_at_most(body: Sequence[list[Any]], index: int, words: Words, top: float) -> bool:
    """Whether no number in the column is past `top` (12 weeks, 14 as a rank), and none is
    written out of another top (80%, 7/10)."""
    for value in evidence(body, index):
        found = levels.read(value, words)
        if found.kind is Kind.LEVEL and not found.word and (
                found.of not in (None, top) or (found.of is None and (found.number or 0) > top)):
            return False
        number = _plain_number(value) if found.kind is Kind.OTHER else None
        if number is not None and number > top:
            return False
    return True


def _plain_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        return None


def _level_evidence(reading: levels.Reading, coded: bool) -> bool:
    return reading.kind is not Kind.OTHER and (coded or not reading.coded)


def holds_addresses(body: Sequence[list[Any]], index: int) -> bool:
    values = [str(v) for v in evidence(body, index)]
    return len(values) >= 2 and sum("@" in v for v in values) >= EMAIL_SHARE * len(values)


def holds_names(body: Sequence[list[Any]], index: int, known: Known | None = None) -> bool:
    """Mostly distinct texts of one to five words, without digits or '@', that are not
    skill names: people's names."""
    values = [str(v).strip() for v in evidence(body, index)]
    if len(values) < 3 or not all(isinstance(v, str) for v in evidence(body, index)):
        return False
    namelike = [v for v in values if _NAME_TEXT.match(v) and len(v.split()) <= 5]
    skills = sum(1 for v in values if known(v)) if known else 0
    # Names repeat in a long export (a row per skill), so "mostly distinct" is loose.
    return (len(namelike) >= NAME_SHARE * len(values) and skills < 0.3 * len(values)
            and len(set(values)) >= max(3, 0.2 * len(values)))


def holds_skill_lists(body: Sequence[list[Any]], index: int, known: Known | None) -> bool:
    """Cells listing skills ("Python, SQL; Spark"), most of them known ones."""
    if known is None:
        return False
    counts = body.counts if isinstance(body, Sample) else None
    if counts is not None and counts.covers(body) and counts.known is known:
        listed, known_items = counts.lists(index)
        hits = known_items[body.stop] - known_items[body.start]
        return hits >= 3 and hits >= SKILL_LIST_SHARE * (listed[body.stop] - listed[body.start])
    items = [item for v in evidence(body, index) if isinstance(v, str)
             for item in cells.split_items(v[:2000])]
    hits = sum(1 for item in items if known(item))
    return hits >= 3 and hits >= SKILL_LIST_SHARE * len(items)


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


class Sample(list):
    """The rows under a candidate header (a list of them, as every test of a column takes),
    knowing where they are in their tab, so that the tab's running counts can answer for
    them (`TabCounts`)."""

    def __init__(self, rows: Sequence[list[Any]], start: int, stop: int,
                 counts: TabCounts | None = None) -> None:
        super().__init__(rows[start:stop])
        self.start, self.stop, self.counts = start, start + len(self), counts


class TabCounts:
    """Running counts down each column of a tab's first rows: cells that are evidence,
    levels, skill-list items and known skills among them. Finding a table judges the
    columns under each of up to SCAN_ROWS header rows, and the samples of neighbouring
    header rows share all but a row: each cell is judged once, and a sample's count is the
    difference of two running totals (`holds_levels`, `holds_skill_lists`)."""

    def __init__(self, rows: Sequence[list[Any]], reach: int, context: Context) -> None:
        self.rows = rows[:reach]
        self.words, self.known = context.words, context.known
        self._levels: dict[int, tuple[list[int], list[int], list[int]]] = {}
        self._lists: dict[int, tuple[list[int], list[int]]] = {}

    def covers(self, sample: Sample) -> bool:
        return sample.stop <= len(self.rows)

    def levels(self, index: int) -> tuple[list[int], list[int], list[int]]:
        """(evidence cells, level cells, coded level cells such as "L3") of column
        `index` in the rows above each row."""
        if index not in self._levels:
            cells = [_evidence(row[index]) if index < len(row) else False for row in self.rows]
            words = self.words
            readings = [levels.read(row[index], words) if found else None
                        for found, row in zip(cells, self.rows, strict=True)]
            self._levels[index] = (
                _running(cells),
                _running([r is not None and _level_evidence(r, False) for r in readings]),
                _running([r is not None and r.coded and r.kind is not Kind.OTHER
                          for r in readings]))
        return self._levels[index]

    def lists(self, index: int) -> tuple[list[int], list[int]]:
        """(skill-list items, known skills among them) of column `index`, running."""
        if index not in self._lists:
            known = self.known
            assert known is not None
            listed, hits = [], []
            for row in self.rows:
                value = row[index] if index < len(row) else None
                items = (cells.split_items(value[:2000])
                         if isinstance(value, str) and _evidence(value) else [])
                listed.append(len(items))
                hits.append(sum(1 for item in items if known(item)))
            self._lists[index] = (_running(listed), _running(hits))
        return self._lists[index]


def _evidence(value: Any) -> bool:
    return filled(value) and not isinstance(value, CellError)


def _running(counts: Sequence[int]) -> list[int]:
    return list(accumulate(map(int, counts), initial=0))
