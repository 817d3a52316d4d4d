"""Levels as people write them, read onto one documented scale.

skillsync's scale is 1-5: 1 beginner, 2 basic, 3 intermediate, 4 advanced, 5 expert.
A sheet may use another scale (0-5 where 0 means "does not have it", 1-4, 1-10, "4/5");
its numbers are mapped onto 1-5 keeping their order, and the text as written is kept
beside the level. Words ("advanced", "expert") and marks ("x", "✓", "yes") are read too.
A number, a level word or a mark is never a skill.

Everything here works on short strings: callers cut cell text before it gets here, and
every pattern is anchored and free of nested repetition, so the work is linear.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property, lru_cache

TOP = 5  # skillsync's own scale is 1..TOP

# Word -> level on skillsync's scale; 0 means "does not have it".
DEFAULT_WORDS: Mapping[str, int] = {
    **dict.fromkeys(("none", "no", "n/a", "na", "nil", "not at all", "no knowledge",
                     "no experience", "not applicable", "not interested", "no interest",
                     "keine", "kein", "aucun", "aucune", "ninguno", "ninguna", "geen",
                     "nessuno", "nenhum"), 0),
    **dict.fromkeys(("beginner", "novice", "aware", "awareness", "elementary", "learning",
                     "entry", "entry level", "entry-level", "fundamental", "fundamentals",
                     "junior", "newbie", "starter", "anfänger", "débutant", "debutant",
                     "principiante", "beginnend", "iniciante"), 1),
    **dict.fromkeys(("basic", "familiar", "some", "limited", "advanced beginner",
                     "some experience", "low", "lo", "grundkenntnisse", "grundlagen",
                     "notions", "élémentaire", "elementaire", "básico", "basico", "base",
                     "basis", "di base"), 2),
    **dict.fromkeys(("intermediate", "good", "competent", "working", "working knowledge",
                     "moderate", "medium", "med", "practitioner", "solid", "mid", "mid-level",
                     "mid level", "average", "fair", "ok", "okay", "mittel", "gut",
                     "intermédiaire", "intermediaire", "intermedio", "bon", "bueno",
                     "gemiddeld", "intermédio"), 3),
    **dict.fromkeys(("advanced", "proficient", "strong", "very good", "high", "senior",
                     "skilled", "experienced", "confident", "fortgeschritten", "sehr gut",
                     "avancé", "avance", "confirmé", "confirme", "très bon", "avanzado",
                     "gevorderd", "avanzato", "avançado"), 4),
    **dict.fromkeys(("expert", "master", "mastery", "excellent", "guru", "specialist",
                     "authority", "very high", "exceptional", "outstanding", "experte",
                     "experto", "esperto", "especialista", "meister", "maîtrise",
                     "maitrise"), 5),
}
# Marks meaning "has it", with no level.
DEFAULT_MARKS = frozenset({"x", "✓", "✔", "☑", "✅", "yes", "y", "true", "●", "•", "*",
                           "has", "have", "+", "interested", "very interested",
                           "somewhat interested", "want to learn", "wanted"})
# Marks meaning "does not have it": a cross, or a box left empty in a ticked column.
NO_MARKS = frozenset({"✗", "✘", "❌", "✕", "❎", "☐"})
NOTHING = frozenset({"", "-", "--", "—", "–", ".", "0", "n/a", "na", "none", "no", "nil",
                     "null", "false", "n", "?", "tbd", *NO_MARKS})


class Kind(StrEnum):
    LEVEL = "level"  # a level on the sheet's scale
    HAS = "has"  # a mark: has the skill, level not given
    NONE = "none"  # explicitly does not have it (0, "none", "-")
    BLANK = "blank"  # nothing written
    OTHER = "other"  # not a level at all (a skill name, a sentence)


@dataclass(frozen=True, slots=True)
class Reading:
    """One level as written: what it is, its number on the sheet's scale, and the text."""

    kind: Kind
    number: float | None = None  # on the sheet's scale (words are already on 1..5)
    of: float | None = None  # the scale's top when written with it, as in "4/5"
    word: bool = False  # read from a word: already on skillsync's scale
    written: str = ""
    # "L3", "Level 3": a level in a skill's column or after a skill, but the same code
    # names a career step or a floor, so it alone never makes a column one of levels.
    coded: bool = False


@dataclass(frozen=True)
class Words:
    """Level words and marks (configurable: `[levels] words`, `[levels] marks`)."""

    levels: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_WORDS))
    marks: frozenset[str] = DEFAULT_MARKS

    def with_extra(self, words: Mapping[str, int], marks: tuple[str, ...] = ()) -> Words:
        merged = {**self.levels, **{k.casefold(): v for k, v in words.items()}}
        return Words(merged, self.marks | {m.casefold() for m in marks})

    def with_named(self, named: Sequence[tuple[str, float]]) -> Words:
        """These words and those a sheet's legends number that they lack ("3 = can teach",
        each with its level on the five-point scale: `on_five`): a cell saying one is a
        level, read at its legend's number where the scale is that legend's (Scale.level),
        else at this level."""
        lacking = {word: int(level) for word, level in named if word not in self.levels}
        return self.with_extra(lacking) if lacking else self

    @cached_property
    def readings(self) -> dict[object, Reading]:
        """Cells read with these words so far (see `read`): a sheet repeats its cells, and
        finding the header reads the same sample cells once per candidate row."""
        return {}


DEFAULT = Words()
_NUMBER = re.compile(r"^\d{1,3}(?:[.,]\d{1,2})?$")
_OUT_OF = re.compile(r"^(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:/|of|out of)\s*(\d{1,3})$")
_PERCENT = re.compile(r"^(\d{1,6})\s*%$")  # past 100 no level, but said to be: past_its_top
# "4 - Advanced", "4 (advanced)", "3: expert": the number is the level on the sheet's scale.
_NUMBER_AND_WORD = re.compile(
    r"^(\d{1,2}(?:[.,]\d)?)\s*(?:[-–—:=(]\s*)?([a-z][a-z' -]{1,30}?)\s*\)?$")
_STARS = re.compile(r"^([★*]{1,10})\s*([☆✩]{0,10})$")
_CELL_LEVEL_WORD = re.compile(r"^(?:level|lvl|lv|l)\s*[:.]?\s*(\d{1,2})$")
_SPACES = re.compile(r"\s+")
# "4+", "3+/5": at least 4, at least 3 of five; the plus adds nothing to the number. One
# digit, 1 to 5: "10+" is years of experience as often as a level, and read as one it
# would put the whole sheet on a 1-10 scale.
_AT_LEAST = re.compile(r"(?<![\d.,])([1-5]) ?\+(?= ?(?:$|/|of |out of ))")
MAX_LEVEL_TEXT = 40  # longer text is never a level
MAX_BARE_LEVEL = 10


READINGS_KEPT = 50_000  # distinct cells remembered per Words; past it the memory starts afresh


def read(value: object, words: Words = DEFAULT) -> Reading:
    """What a cell or fragment says as a level (see Kind); each distinct text or number
    is read once per `words` (a Reading is immutable, so one can stand for every cell)."""
    kind = value.__class__
    if (kind is not str and kind is not float and kind is not int) or (
            kind is str and len(value) > 200):  # type: ignore[arg-type]
        return _read(value, words)
    # 1, 1.0 and True are equal as keys but not alike here; NaN is never equal to itself.
    key = value if kind is str else (kind, value)
    memory = words.readings
    found = memory.get(key)
    if found is None:
        if len(memory) >= READINGS_KEPT:
            memory.clear()
        found = _read(value, words)
        if value == value:
            memory[key] = found
    return found


def _read(value: object, words: Words) -> Reading:
    if value is None or isinstance(value, bool):
        return Reading(Kind.HAS if value is True else Kind.BLANK, written=_written(value))
    if isinstance(value, (int, float)):
        return _from_number(float(value), None, str(_plain(value)))
    text = _SPACES.sub(" ", str(value)).strip()
    if len(text) > MAX_LEVEL_TEXT:
        return Reading(Kind.OTHER, written=text[:MAX_LEVEL_TEXT])
    return _from_text(text, words)


def _from_text(text: str, words: Words) -> Reading:
    folded = text.casefold().strip(" .!")
    if not folded:
        return Reading(Kind.BLANK)
    if folded in words.levels:
        level = words.levels[folded]
        return Reading(Kind.NONE if level == 0 else Kind.LEVEL, level, None, True, text)
    if folded in NOTHING:
        return Reading(Kind.NONE, written=text)
    if folded in words.marks:
        return Reading(Kind.HAS, written=text)
    return _numeric_text(folded, text, words)


def _numeric_text(folded: str, text: str, words: Words) -> Reading:
    if "+" in folded:
        folded = _AT_LEAST.sub(r"\1", folded)
    if _NUMBER.match(folded):
        return _from_number(float(folded.replace(",", ".")), None, text)
    both = _NUMBER_AND_WORD.match(folded)
    if both and both.group(2).strip() in words.levels:  # "4 - Advanced", not "4 - NLP"
        return _from_number(float(both.group(1).replace(",", ".")), None, text)
    found = _CELL_LEVEL_WORD.match(folded)
    if found:
        return replace(_from_number(float(found.group(1)), None, text), coded=True)
    stars = _STARS.match(folded)
    if stars:  # "★★★☆☆": the filled stars out of all drawn, else out of five
        drawn = len(stars.group(1)) + len(stars.group(2))
        return _from_number(float(len(stars.group(1))), float(max(drawn, TOP)), text)
    out_of = _OUT_OF.match(folded)
    if out_of:
        top = float(out_of.group(2))
        return _from_number(float(out_of.group(1).replace(",", ".")), top, text)
    percent = _PERCENT.match(folded)
    if percent:
        return _from_number(float(percent.group(1)), 100.0, text)
    return Reading(Kind.OTHER, written=text)


def _from_number(number: float, of: float | None, written: str) -> Reading:
    # Past 10 a bare number is an ID, a year or a count, not a level.
    limit = of if of is not None else MAX_BARE_LEVEL
    bad = not math.isfinite(number) or number < 0 or number > limit
    if bad or (of is not None and not 0 < of <= 100):
        return Reading(Kind.OTHER, written=written)
    if number == 0:
        return Reading(Kind.NONE, written=written)
    return Reading(Kind.LEVEL, number, of, False, written)


USUAL_TOPS = frozenset({3.0, 4.0, 5.0, 10.0, 100.0})  # the tops ratings are written out of


def past_its_top(text: str) -> Reading | None:
    """'6/5', '7 of 5', '120%': a rating past the top written beside it, as a level (one
    no scale takes, so that it is reported), for text after a known skill only: not a
    cell, where '12/5' may be a date, nor after another name ("AWS cert (9/5)")."""
    folded = _SPACES.sub(" ", text).strip().casefold()
    percent = _PERCENT.match(folded)
    if percent is not None and float(percent.group(1)) > 100:
        return Reading(Kind.LEVEL, float(percent.group(1)), 100.0, False, text.strip())
    found = _OUT_OF.match(folded)
    if found is None:
        return None
    number, top = float(found.group(1).replace(",", ".")), float(found.group(2))
    if top not in USUAL_TOPS or not top < number:
        return None  # "Java 11/8", "Support 24/7": a version, hours
    return Reading(Kind.LEVEL, number, top, False, text.strip())


def _plain(value: int | float) -> int | float:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _written(value: object) -> str:
    return "" if value is None else str(value)


def is_level_like(value: object, words: Words = DEFAULT) -> bool:
    """Whether a cell holds a level, a mark or an explicit 'no' (never a skill name)."""
    return read(value, words).kind is not Kind.OTHER


@dataclass(frozen=True)
class Scale:
    """How a sheet writes numeric levels: its top (5 for 1-5, 4 for 1-4, 10 for 1-10; 1
    for fractions such as Excel percentages), or `binary` when 1 just means "has it".

    `named`: the sheet's legend's (word, number) pairs, "3 = strong" as ("strong", 3.0).
    The legend says what its words mean on this sheet, so such a word reads as its number
    would, not as the word table has it ("strong" is 4 of five there)."""

    top: float = TOP
    binary: bool = False
    named: tuple[tuple[str, float], ...] = ()

    @cached_property
    def _numbers_of_words(self) -> dict[str, float]:
        return dict(self.named)

    def level(self, reading: Reading) -> int | None:
        """The level on skillsync's 1-5 scale; None for a mark, or a number off the scale."""
        if reading.kind is not Kind.LEVEL or reading.number is None or self.binary:
            return None
        number = reading.number
        if reading.word:
            number = self._numbers_of_words.get(word_key(reading.written)) if self.named else None
            if number is None:
                return int(reading.number)
        top = reading.of or self.top
        if number > top:
            return None
        if top == 1:  # a share: 25% basic ... 100% expert
            return max(1, min(TOP, math.floor(1 + number * (TOP - 1) + 0.5)))
        return to_five(number, top)


def on_five(scale: Scale) -> tuple[tuple[str, float], ...]:
    """The words a legend numbers, each with its level on the five-point scale."""
    return tuple((word, float(to_five(number, scale.top))) for word, number in scale.named)


def word_key(text: str) -> str:
    """A level word as the word table and a legend hold it: "Very  Good!" -> "very good"."""
    return _SPACES.sub(" ", text).casefold().strip(" .!")


@lru_cache(maxsize=1024)
def to_five(number: float, top: float) -> int:
    """1..top onto 1..5 by a straight line, rounded half up, so order survives.

    1-4 becomes 1, 2, 4, 5; 1-10 becomes 1, 1, 2, 2, 3, 3, 4, 4, 5, 5 (0-based scales
    reach here without their 0, which means "does not have it").
    """
    if top <= 1:
        return TOP
    if top == TOP:
        return max(1, min(TOP, math.floor(number + 0.5)))
    position = 1 + (max(number, 1) - 1) * (TOP - 1) / (top - 1)
    return max(1, min(TOP, math.floor(position + 0.5)))


def guess_scale(numbers: list[float]) -> Scale:
    """The scale a column or sheet of numeric levels is written on.

    The highest numbers written decide between the common scales (3, 4, 5, 10): a
    team whose best rating is 4 on a 1-5 sheet would look like 1-4, so 4 is taken as a
    1-4 scale only when a legend or a header says so (see `Scale` from `scale_in`). A
    1-10 sheet has several ratings past 5: a stray one (a typo "7" among 1-5 ratings)
    would read everyone's 5 as a 3, so it is a level off the five-point scale instead.
    """
    whole = [n for n in numbers if n > 0]
    if not whole:
        return Scale()
    top = max(whole)
    if top <= 1:
        # Only 1s: a mark in number form; shares below 1: percentages as Excel keeps them.
        return Scale(binary=True) if all(n == 1 for n in whole) else Scale(1.0)
    above = sum(1 for n in whole if n > TOP)
    if above < max(TEN_POINT_CELLS, TEN_POINT_SHARE * len(whole)):
        return Scale()
    return Scale(10.0)


TEN_POINT_CELLS = 2  # ratings past 5 that make a 1-10 sheet, at the least
TEN_POINT_SHARE = 0.05  # and of all ratings


FIVE = Scale()
