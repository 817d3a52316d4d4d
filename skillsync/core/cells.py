"""Reading one cell: text, lists, e-mails. Pure and cached where values repeat.
Dates and timestamps: core/when.py; success rates: core/ratecells.py."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import Any

from skillsync.core import memos
from skillsync.core.model import CellError

CACHED_LENGTH = 1000  # longer texts are not worth remembering (and would fill the caches)
BLANK_WORDS = frozenset({"", "-", "--", "—", "n/a", "na", "none", "null", "nil", "tbd", "?", "."})
# What ends a list item or a list ("Python, SQL, etc.", "SQL etc."), not a name: "etc" in
# small letters or with its dot; "Etc" and "ETC" may name a team or a project.
_LIST_END = re.compile(r"(?:^|\s)(?:etc\.*|(?i:etc|e\.t\.c)\.+)$")
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")  # zero-width, soft hyphen
# Control characters other than tab and line breaks: never meant in a cell, and a terminal
# or a CSV reader would act on them (colours, a window title, a bell). Also the bidi
# embeddings, overrides and isolates, which make "\u202enohtyp" show as "python" (the
# marks U+200E/U+200F, which right-to-left names use, stay). The invisible zero-width
# space, word joiner, byte order mark and soft hyphen, pasted in from web pages, which made
# "Ana\u200b Lima" another name than "Ana Lima" (the joiners U+200C/U+200D, which scripts
# and emoji need, stay). And halves of surrogate pairs, which no file, page or mail can
# encode.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff"
                      "\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Patterns that see cell text are linear: possessive runs that stop at the next delimiter,
# so a failed match never rescans what it read (a crafted cell must not take minutes).
# List separators; a "/" right after "<" is markup ("</script>"), not a separator.
# A "/" between digits is a level ("4/5"), not a separator.
# " and " is tried only where a run of spaces starts, and the run is taken whole, so a
# long run of spaces costs its length once, not its square.
_SEPARATOR_CHARS = ",;|\t\n\r\u2022\u25aa\u2023\u25e6\u25cf"
# Written from the "/" on (the context looked behind it), so the regex engine jumps from
# one candidate character to the next instead of trying every alternative everywhere.
_SLASH = r"/(?:(?<![<\d]/)|(?<=\d/)(?!\d))"
_SPLIT = re.compile(rf"[{_SEPARATOR_CHARS}]|{_SLASH}|(?<!\s)\s++and\s+", re.IGNORECASE)
# Cells without " and " or "</" (nearly all): the same separators, " and " aside.
_AND_WORD = re.compile(r"\sand\s", re.IGNORECASE)
_SPLIT_PLAIN = re.compile(rf"[{_SEPARATOR_CHARS}]|{_SLASH}")
_NOT_ASCII_SEPARATORS = re.compile(f"[{''.join(c for c in _SEPARATOR_CHARS if ord(c) > 127)}]")
_SPACES = re.compile(r"\s+")


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return len(value) < 8 and value.strip().casefold() in BLANK_WORDS
    return isinstance(value, float) and math.isnan(value)


def raw_text(value: Any) -> str:
    """A cell as text, line breaks kept (they separate list items). Numbers lose a trailing .0."""
    if type(value) is not str:
        if value is None or isinstance(value, CellError):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    if not value.isprintable():  # a fast test; line breaks and tabs fail it too
        value = _CONTROL.sub("", value)
    # ASCII text is already in NFKC form; normalising only the rest saves most of the work.
    return (value if value.isascii() else unicodedata.normalize("NFKC", value)).strip()


def clean_text(value: Any) -> str:
    """Text as shown in one line: NFKC, surrounding and repeated spaces folded."""
    return " ".join(raw_text(value).split())


def fold(text: str) -> str:
    """A key that ignores case and spacing, for grouping what people typed (remembered:
    the same spellings and teams are folded again and again)."""
    return _fold(text) if len(text) <= CACHED_LENGTH else _folded(text)


def _folded(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


_fold = memos.per_value(maxsize=65536)(_folded)


_BRACKET = re.compile(r"\([^()]*+\)")  # innermost brackets; a failed match stops at "("
_INNER_SEPARATOR = re.compile(r"[,;/\n]|\band\b", re.IGNORECASE)


_HIDDEN = re.compile(r"\x00(\d+)\x00")
_SEPARATOR_WORDS = (",", ";", "/", "\n", " and ")
CACHE_LIMIT = 200_000  # distinct cells remembered; past it the cache starts afresh


class Splitter:
    """Splits multi-valued cells on , ; / new lines, bullets and ' and '.

    Separators inside brackets ("NLP (4/5)") and inside protected terms (from the
    vocabulary, such as "A/B testing", and "n/a") do not split. Most cells contain neither,
    so the costly shielding pattern only runs where a separator it guards is present.
    """

    def __init__(self, protected: tuple[str, ...] = ()) -> None:
        terms = sorted({*protected, "n/a"}, key=len, reverse=True)
        words = "|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in terms)
        self._shield = re.compile(rf"{_BRACKET.pattern}|{words}", re.IGNORECASE)
        self.terms_pattern = re.compile(words, re.IGNORECASE)  # the terms alone
        guarded = sorted({s for t in terms for s in _SEPARATOR_WORDS if s in t.lower()})
        self._guarded = re.compile("|".join(map(re.escape, guarded)) or "(?!)", re.IGNORECASE)
        # Lower-cased, when all are ASCII (a term is then found in ASCII text as a substring)
        self.terms = tuple(t.lower() for t in terms) if all(t.isascii() for t in terms) else None
        self._cache: dict[str, tuple[str, ...]] = {}
        self._tidied: dict[str, str] = {}  # raw item -> as kept ("" when blank)
        memos.holding(self)  # its cells can go once the sheet is read

    def split(self, text: str) -> tuple[str, ...]:
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[text] = self._split(text)
        return found

    def tidy(self, part: str) -> str:
        """`tidy_item(part)`, remembered: items recur across cells ("Python (4)")."""
        found = self._tidied.get(part)
        if found is None:
            if len(self._tidied) >= CACHE_LIMIT:
                self._tidied.clear()
            found = self._tidied[part] = tidy_item(part)
        return found

    def forget(self) -> None:
        """Let the cells split so far go (see core/memo.py)."""
        self._cache.clear()
        self._tidied.clear()

    def _split(self, text: str) -> tuple[str, ...]:
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        kept: list[str] = []
        if self._shielded(text) or ("(" in text and _bracket_holds_separator(text)):
            def hide(match: re.Match[str]) -> str:
                found = match.group(0)
                if found.startswith("(") and not _INNER_SEPARATOR.search(found):
                    return found  # brackets with nothing to shield
                kept.append(found)
                return f"\x00{len(kept) - 1}\x00"

            text = self._shield.sub(hide, text)
        plain = "</" not in text and ("and" not in text.lower() or not _AND_WORD.search(text))
        tidied = self._tidied  # items recur across cells ("Python (4)"): tidied once each
        if len(tidied) >= CACHE_LIMIT:
            tidied.clear()
        items = []
        for part in split_on_separators(text) if plain else _SPLIT.split(text):
            if kept and "\x00" in part:
                part = _HIDDEN.sub(lambda m: kept[int(m.group(1))], part)
            found = tidied.get(part)
            if found is None:
                found = tidied[part] = tidy_item(part)
            if found:
                items.append(found)
        return tuple(items)

    def _shielded(self, text: str) -> bool:
        """Whether a protected term may be in `text` ("4/5" has a separator a term holds,
        but no term). Plain ASCII text is searched for the terms themselves; other text
        keeps the broader test, as the pattern's case-insensitive matching reaches past
        ASCII."""
        if not self._guarded.search(text):
            return False
        if self.terms is None or not text.isascii():
            return True
        return any(map(text.lower().__contains__, self.terms))


def tidy_item(part: str) -> str:
    """One list item as kept: spaces folded, surrounding dots gone; "" when blank or a
    placeholder ("TBC", "various")."""
    part = " ".join(part.split())
    if "etc" in part or "e.t.c" in part or "ETC." in part or "Etc." in part:
        # "SQL etc.": the list ends, the item is SQL
        part = _LIST_END.sub("", part)
    part = part.strip(" .")
    return "" if not part or is_blank(part) or placeholder(part) else part


# Items standing in for a list rather than in it: still to come, or too many to say.
# Read as skills, each was an unknown skill of its own.
PLACEHOLDERS = frozenset({
    "tbc", "tba", "to be confirmed", "to be added", "to be updated", "to be completed",
    "to follow", "to do", "todo", "pending", "later", "coming soon", "various", "misc",
    "miscellaneous", "others", "and others", "more", "and more", "lots", "many", "several",
    "new joiner", "new starter", "n.a.", "not applicable", "not sure", "unknown"})


def placeholder(item: str) -> bool:
    """Whether a list item only holds a list's place ("TBC", "various"). A remark ("see my
    CV") is not one: read as a sentence, it is warned about (prose.py)."""
    return len(item) <= 30 and item.casefold() in PLACEHOLDERS


def split_on_separators(text: str) -> list[str]:
    """`_SPLIT.split(text)` for text without " and " or "</"; without a "/" either, the
    separators become commas and `str.split` does the rest, in C."""
    if "/" not in text:
        return to_commas(text).split(",")
    return _SPLIT_PLAIN.split(text)


def to_commas(text: str) -> str:
    """Every list separator of `_SEPARATOR_CHARS` made a comma (`str.replace` runs in C
    at memory speed; `str.translate` looks each character up in a dict)."""
    text = (text.replace(";", ",").replace("|", ",").replace("\t", ",").replace("\n", ",")
            .replace("\r", ","))
    return text if text.isascii() else _NOT_ASCII_SEPARATORS.sub(",", text)


def _bracket_holds_separator(text: str) -> bool:
    """Whether some "(...)" holds a list separator, as in "NLP (4/5)"; most cells have none."""
    return any(_INNER_SEPARATOR.search(m.group(0)) for m in _BRACKET.finditer(text))


@lru_cache(maxsize=64)
def splitter(protected: tuple[str, ...] = ()) -> Splitter:
    return Splitter(protected)


def split_items(text: str, protected: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Split a multi-valued cell (see Splitter); `protected` terms are kept whole."""
    return splitter(protected).split(text)


def looks_like_formula(text: str) -> bool:
    """Text a spreadsheet would run as a formula if it were typed or pasted in."""
    return (len(text) > 1 and text[0] in "=+@") or text.startswith("-=")
