"""The skill vocabulary: canonical names, their aliases, and fuzzy suggestions for the rest."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from skillsync.core import memos
from skillsync.core.cells import Splitter

# Spacing, hyphens, dots, apostrophes, and invisible characters pasted along (zero-width
# joiners, soft hyphens, byte-order marks).
_IGNORED = re.compile("[\\s\\-_.'’\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_BRACKETED = re.compile(r"\(([^()]{0,200})\)")  # no nesting, bounded: linear on any text
# "Java 8", "Python 3.11", "Spark 3.5+" (that version or later)
_VERSION = re.compile(r"\s+v?\d{1,4}(?:\.\d{1,4}){0,3}\+?$")
_VENDOR = re.compile(r"^(?:microsoft|ms|apache|google|amazon|aws|azure|ibm|oracle)\s+",
                     re.IGNORECASE)
_SEPARATORS = re.compile(r"[,;/\n]|\band\b", re.IGNORECASE)
SUGGESTION_CUTOFF = 85.0
SUGGESTED_LENGTH = 100  # no known spelling is longer; a longer text gets no suggestion
_SPELLINGS = (("isation", "ization"), ("elling", "eling"), ("optimis", "optimiz"))


def skill_key(text: str) -> str:
    """The matching key: case, spacing, hyphens, dots and a plural 's' ignored."""
    return _cached_key(text) if len(text) <= SUGGESTED_LENGTH * 10 else _skill_key(text)


@memos.per_value(maxsize=65536)
def _cached_key(text: str) -> str:
    return _skill_key(text)


def _skill_key(text: str) -> str:
    key = _IGNORED.sub("", unicodedata.normalize("NFKC", text).casefold())
    for british, american in _SPELLINGS:
        key = key.replace(british, american)
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    return key


# Hashed by identity (eq=False), so parsed cells can be cached per vocabulary.
@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Maps any known spelling to one canonical skill name."""

    by_key: Mapping[str, str]  # skill_key(spelling) -> canonical
    category: Mapping[str, str] = field(default_factory=dict)  # canonical -> category
    spellings: tuple[tuple[str, str], ...] = ()  # (spelling, canonical), for suggestions

    @classmethod
    def build(cls, groups: Mapping[str, Mapping[str, Iterable[str]]]) -> Vocabulary:
        """From {category: {canonical: [aliases]}} as in the shipped skills.toml."""
        by_key: dict[str, str] = {}
        category: dict[str, str] = {}
        spellings: list[tuple[str, str]] = []
        for group, skills in groups.items():
            for canonical, aliases in skills.items():
                category[canonical] = group
                for spelling in (canonical, *aliases):
                    by_key[skill_key(spelling)] = canonical
                    spellings.append((spelling, canonical))
        return cls(by_key, category, tuple(spellings))

    def with_aliases(self, aliases: Mapping[str, str]) -> Vocabulary:
        """A copy extended by alias -> canonical pairs; a pair overrides the shipped mapping.

        The canonical side may itself be a known spelling ("k8s" -> "kube" works) or a new
        skill the organisation names.
        """
        by_key = dict(self.by_key)
        category = dict(self.category)
        spellings = list(self.spellings)
        for alias, target in aliases.items():
            canonical = by_key.get(skill_key(target), target.strip())
            by_key.setdefault(skill_key(canonical), canonical)
            by_key[skill_key(alias)] = canonical
            category.setdefault(canonical, "organisation")
            spellings.append((alias, canonical))
        return Vocabulary(by_key, category, tuple(spellings))

    def canonical(self, text: str) -> str | None:
        """The canonical name for a spelling, or None when the skill is unknown.

        Also found through the name's parts: "Natural Language Processing (NLP)", a version
        ("Java 8"), a vendor's name before the product ("Microsoft Power BI")."""
        found = self.by_key.get(skill_key(text))
        if found is not None or len(text) > 300:
            return found
        for candidate in _variants(text):
            found = self.by_key.get(skill_key(candidate)) if candidate else None
            if found:
                return found
        return None

    def suggest(self, text: str) -> str | None:
        """The nearest canonical skill for an unknown spelling, if one is close enough."""
        if len(text) > SUGGESTED_LENGTH:
            return None
        return _suggest(self.spellings, text)

    def typo_of(self, text: str) -> str | None:
        """The known skill an unknown spelling is a typo of ('Pyhton' -> 'Python'), or None.

        Strong enough to be right, weak enough not to guess: the key must be at least five
        letters, within one edit (a swap counts as one) of exactly one known skill, two
        edits from nine letters on, and start with the same letter.
        """
        key = skill_key(text)
        cache = self._typo_cache
        if key not in cache:
            if len(cache) > 65536:
                cache.clear()
            cache[key] = _typo(self._keys_near(len(key)), self.by_key, key)
        return cache[key]

    def _keys_near(self, length: int) -> tuple[str, ...]:
        """The keys a key of `length` letters can be a typo of: an edit changes the length
        by one at most, so only keys within as many letters as edits allowed can be close
        enough. In their order, so the closest are found and tied as among all keys."""
        near = self._near_cache.get(length)
        if near is None:
            allowed = _edits_allowed(length)
            near = self._near_cache[length] = tuple(
                k for k in self._keys if abs(len(k) - length) <= allowed)
        return near

    @cached_property
    def _near_cache(self) -> dict[int, tuple[str, ...]]:
        return {}

    def known(self, text: str) -> bool:
        """Whether `text` names a skill, by spelling or as a clear typo. Remembered: finding
        the table asks it of the same sample cells for every header row it tries."""
        cache = self._known_cache
        found = cache.get(text)
        if found is None:
            if len(cache) > 65536:
                cache.clear()
            found = cache[text] = (self.canonical(text) is not None
                                   or self.typo_of(text) is not None)
        return found

    @cached_property
    def _typo_cache(self) -> dict[str, str | None]:
        return {}

    @cached_property
    def _known_cache(self) -> dict[str, bool]:
        return {}

    def forget(self) -> None:
        """Let the cells split and the spellings looked up so far go (see core/memos.py)."""
        self.splitter.forget()
        self._typo_cache.clear()
        self._known_cache.clear()

    @cached_property
    def _keys(self) -> tuple[str, ...]:
        return tuple(k for k in self.by_key if len(k) >= TYPO_MIN)

    @cached_property
    def splitter(self) -> Splitter:
        """Splits list cells without breaking this vocabulary's spellings apart."""
        return Splitter(self.protected_terms)

    @cached_property
    def protected_terms(self) -> tuple[str, ...]:
        """Spellings that contain a list separator ("A/B testing") and must not be split."""
        terms = {s for s, _ in self.spellings if _SEPARATORS.search(s)}
        return tuple(sorted(terms, key=len, reverse=True))


TYPO_MIN = 5


def _variants(text: str) -> list[str]:
    """Shorter spellings of a skill name to try when the whole is not known."""
    found = []
    if "(" in text:
        found.append(_BRACKETED.sub("", text).strip())
        found.extend(_BRACKETED.findall(text))
    for name in (text, *found[:1]):
        found.append(_VERSION.sub("", name))
        found.append(_VENDOR.sub("", name))
    return [f for f in found if f and f != text]


def _edits_allowed(length: int) -> int:
    return 1 if length < 9 else 2


def _typo(keys: tuple[str, ...], by_key: Mapping[str, str], key: str) -> str | None:
    if len(key) < TYPO_MIN or len(key) > 60:
        return None
    allowed = _edits_allowed(len(key))
    close = process.extract(key, keys, scorer=OSA.distance, score_cutoff=allowed, limit=8)
    if not close:
        return None
    best = min(distance for _, distance, _ in close)
    found = {by_key[k] for k, distance, _ in close if distance == best and k[0] == key[0]}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=8192)
def _suggest(spellings: tuple[tuple[str, str], ...], text: str) -> str | None:
    # One- and two-letter spellings ("R", "ML") match inside almost any word; leave them out.
    usable = [(s.casefold(), c) for s, c in spellings if len(s) >= 3]
    best = process.extractOne(
        text.casefold(), [s for s, _ in usable], scorer=fuzz.WRatio,
        score_cutoff=SUGGESTION_CUTOFF,
    )
    return usable[best[2]][1] if best else None
