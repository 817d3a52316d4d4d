"""Where texts already are in a workbook's shared-strings table, so a write reuses them.

Tables as Excel writes them are read by text patterns, a piece at a time; a table with
markup a pattern could miscount is read by a parser instead.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from lxml import etree

from skillsync.backends.xlsx.package import PARSER
from skillsync.backends.xlsx.sought import SoughtTexts
from skillsync.backends.xlsx.xmltext import ooxml_unescape, unescape_chars

# <si>...</si> with no other <si> inside; possessive, so a part without closing tags
# still costs one pass.
_SI = re.compile(rb"<(?:\w+:)?si>((?:[^<]++|<(?!/?(?:\w+:)?si[\s/>]))*+)</(?:\w+:)?si>"
                 rb"|<(?:\w+:)?si\s*/>")
_PLAIN = re.compile(
    rb"^<(?:\w+:)?t(?:\s+xml:space=\"preserve\")?>([^<]*)</(?:\w+:)?t>$|^<(?:\w+:)?t\s*/>$")


def plain_string_index(sst: bytes, wanted: Collection[str] | None = None
                       ) -> tuple[dict[str, int], int]:
    """{text: first index} for the table's plain (unformatted) strings, and the entry count.

    Only plain entries can be reused for our text; rich-text entries are counted, not matched.
    Tables as Excel writes them (no prefix, no empty <si/>) take a fast path, which with
    `wanted` looks only for those texts, as we would write them, without unescaping the rest.
    A table with comments, CDATA, processing instructions or unusual <si> tags is counted
    by a parser instead: a text pattern would count an <si> inside CDATA and shift every
    index we write.
    """
    kind = _table_kind(sst)
    if kind == "parsed":
        return _parsed_strings(sst)
    if kind == "excel":
        return _plain_strings_fast(sst, wanted)
    index: dict[str, int] = {}
    count = 0
    for count, match in enumerate(_SI.finditer(sst), start=1):
        body = match.group(1)
        plain = _PLAIN.match(body) if body is not None else None
        if plain is not None or body is None:
            raw = (plain.group(1) if plain is not None else None) or b""
            index.setdefault(ooxml_unescape(raw.decode("utf-8")), count - 1)
    return index, count


_ODD_SI = re.compile(rb"<si(?!>)")  # an <si that is not a bare <si> start tag


def _table_kind(sst: bytes) -> str:
    """"excel": entries as Excel writes them, each a bare <si> (the fast path); "patterned":
    entries a text pattern still counts exactly (an empty <si/>); "parsed": markup a
    pattern could miscount (comments, CDATA, processing instructions, prefixed or unusual
    <si> tags), or every '<' in the table would not start a tag a pattern can count."""
    start = sst.find(b"?>") + 2 if sst.startswith(b"<?xml") else 0  # after the declaration
    if (_holds_rare(sst, b"<!", start) or _holds_rare(sst, b"<?", start)
            or _holds(sst, b":si", start)):
        return "parsed"
    if _ODD_SI.search(sst, start) is None:  # every <si after the declaration is a bare <si>
        head = sst[:start + 4]  # holds whatever <si/> or :si> starts before that
        excel = b"<si>" in sst and b"<si/>" not in head and b":si>" not in head
        return "excel" if excel else _patterned_or_parsed(sst, start)
    if sst.count(b"<si", start) != sst.count(b"<si>", start) + sst.count(b"<si/>", start):
        return "parsed"
    excel = b"<si>" in sst and b"<si/>" not in sst and b":si>" not in sst
    return "excel" if excel else _patterned_or_parsed(sst, start)


def _patterned_or_parsed(sst: bytes, start: int) -> str:
    """The pattern (_SI) ends an entry at `</si>` only: an end tag with spaces (`</si >`)
    would merge two entries and shift every index after them, so such a table is
    parsed. (The fast path splits at start tags, which it has checked are all bare.)"""
    ends = sst.count(b"</si", start)
    return "patterned" if ends == sst.count(b"</si>", start) else "parsed"


def _holds(data: bytes, token: bytes, start: int) -> bool:
    return data.find(token, start) >= 0


def _holds_rare(data: bytes, token: bytes, start: int) -> bool:
    """`_holds`, for a token whose last byte ('!', '?') text seldom holds: that byte's
    places, found at memchr speed (a search for the whole token stops at every '<'), are
    looked at one by one; past a few hundred, the token is searched for whole."""
    offset = len(token) - 1
    at = data.find(token[-1:], start + offset)
    for _ in range(_PLACES_LOOKED_AT):
        if at < 0:
            return False
        if data.startswith(token, at - offset):
            return True
        at = data.find(token[-1:], at + 1)
    return _holds(data, token, start)


_PLACES_LOOKED_AT = 256


def _parsed_strings(sst: bytes) -> tuple[dict[str, int], int]:
    root = etree.fromstring(sst, PARSER)
    index: dict[str, int] = {}
    count = 0
    for child in root:
        if not isinstance(child.tag, str) or etree.QName(child).localname != "si":
            continue
        count += 1
        parts = [c for c in child if isinstance(c.tag, str)]
        if not parts:
            index.setdefault("", count - 1)
        elif len(parts) == 1 and etree.QName(parts[0]).localname == "t":
            index.setdefault(unescape_chars(parts[0].text or ""), count - 1)
    return index, count


_SI_TEXT = re.compile(r'<si>(?:<t(?: xml:space="preserve")?>([^<]*)</t></si>)?')


def _plain_strings_fast(sst: bytes, wanted: Collection[str] | None
                        ) -> tuple[dict[str, int], int]:
    # A piece of the table at a time, cut where an entry starts, so a large table is
    # never held as one list of its entries.
    if wanted is not None:
        return _sought_fast(sst, SoughtTexts(wanted))
    # In the regex engine: each <si> gives its plain text, or "" when it is rich text (or
    # empty, which we never need to reuse). Bytes that are not UTF-8 become lone
    # surrogates, which no text we write holds.
    index: dict[str, int] = {}
    position = start = 0
    while start < len(sst):
        end = sst.find(b"<si>", start + _PIECE)
        end = len(sst) if end < 0 else end
        entries = _SI_TEXT.findall(sst[start:end].decode("utf-8", "surrogateescape"))
        for at, entry in enumerate(entries, start=position):
            if entry:
                index.setdefault(ooxml_unescape(entry), at)
        position += len(entries)
        start = end
    return index, position


def _sought_fast(sst: bytes, sought: SoughtTexts) -> tuple[dict[str, int], int]:
    """The sought texts in a table as Excel writes it (every <si> a bare start tag, so
    one an entry): split at its `<si>` tags, what follows each is looked up as it is, in
    bytes (a plain entry is `<t>form</t></si>`; rich text, or anything else, is no key),
    never decoded or matched by a pattern."""
    keys = sought.entry_keys()
    position, start = 0, sst.find(b"<si>")
    while 0 <= start < len(sst):
        end = sst.find(b"<si>", start + _PIECE)
        end = len(sst) if end < 0 else end
        entries = sst[start + len(b"<si>"):end].split(b"<si>")
        if end == len(sst):  # the last entry ends where the table does
            last = entries[-1]
            entries[-1] = last[:last.rfind(b"</si>") + len(b"</si>")]
        sought.find(entries, position, keys)
        position += len(entries)
        start = end
    return sought.index(), position


_PIECE = 1 << 22  # bytes of the shared-strings table searched at a time
