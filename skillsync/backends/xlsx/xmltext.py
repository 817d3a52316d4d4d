"""Escaping text for SpreadsheetML, including the characters XML itself cannot carry, and
reading back the text of a shared-strings entry found without an XML parser."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice

# Characters XML cannot carry (and a carriage return, which a parser would turn into a new
# line, and lone surrogates, which UTF-8 cannot encode): written as _xHHHH_, as Excel does.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LOOKS_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_CONTROL_ATTR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PLAIN_ATTR = re.compile(r'[\x00-\x1f&<>"\ud800-\udfff\ufffe\uffff]')  # all `attr` changes


_ESCAPING_CHAR = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_PLAIN_TEXT = re.compile(_ESCAPING_CHAR.pattern + "|_x")
# A match (truthy) where `text` may change the value; None where it is written as it is.
may_escape = _PLAIN_TEXT.search
_BLOCK = 512  # texts looked through with one search of their join


def may_escape_among(texts: Iterable[str]) -> Iterator[str]:
    """The texts `may_escape` matches, in order. Few texts need escaping, so a block of
    them is searched at once, joined by a new line (which escaping leaves alone and no
    "_x" can span), for a character and for "_x" apart (two quick scans, where one search
    for either is slow); only a block with a match is searched text by text."""
    them = iter(texts)
    while block := list(islice(them, _BLOCK)):
        joined = "\n".join(block)
        if "_x" in joined or _ESCAPING_CHAR.search(joined):
            yield from filter(may_escape, block)


def escaped_as_code(value: str) -> bool:
    """Whether `text` writes part of `value` as an _xHHHH_ code (a character XML cannot
    carry, or a literal _xHHHH_ kept as one)."""
    return bool(_CONTROL.search(value) or _LOOKS_ESCAPED.search(value))


def text(value: str) -> str:
    """Element text: XML-escaped; control characters as _xHHHH_, and a literal _xHHHH_ kept."""
    if _PLAIN_TEXT.search(value) is None:
        return value  # most text needs nothing
    value = _LOOKS_ESCAPED.sub(r"_x005F_\1", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)


def attr(value: str) -> str:
    """Attribute value in double quotes; control characters cannot appear there at all."""
    if _PLAIN_ATTR.search(value) is None:
        return value  # most values need nothing
    value = _CONTROL_ATTR.sub("", value)
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
            .replace("\t", "&#9;"))


def t_element(value: str, prefix: str = "") -> str:
    """<t> with xml:space="preserve" where surrounding spaces or new lines must survive."""
    space = ' xml:space="preserve"' if value != value.strip() or "\n" in value else ""
    return f"<{prefix}t{space}>{text(value)}</{prefix}t>"


def si_entries(values: list[str], prefix: str = "") -> str:
    """`<si>` + `t_element(value)` + `</si>` for each value, in order. Most values need no
    escaping and no xml:space: a block of such values, checked with a few searches of
    their join, is written in one join."""
    opening, closing = f"<{prefix}si><{prefix}t>", f"</{prefix}t></{prefix}si>"
    pieces = []
    for start in range(0, len(values), _BLOCK):
        block = values[start:start + _BLOCK]
        joined = "\n".join(block)
        if (joined.count("\n") == len(block) - 1 and "_x" not in joined
                and not _ESCAPING_CHAR.search(joined)
                and list(map(str.strip, block)) == block):  # strip gives back each unchanged
            pieces.append(opening + (closing + opening).join(block) + closing)
        else:
            pieces += (f"<{prefix}si>{t_element(v, prefix)}</{prefix}si>" for v in block)
    return "".join(pieces)


def quote_sheet(name: str) -> str:
    """A sheet name as it appears in a formula reference: 'It''s here'!A1."""
    return "'" + name.replace("'", "''") + "'"


_ESCAPED_CHAR = re.compile(r"_x([0-9A-Fa-f]{4})_")


_REFERENCE = re.compile(r"&(?:#(\d{1,7})|#x([0-9A-Fa-f]{1,6})|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def ooxml_unescape(text: str) -> str:
    """An entry's text as XML gives it (every reference read once, in one pass: '&amp;#65;'
    is '&#65;', never 'A'), then OOXML's _xHHHH_ escapes."""
    if "&" in text:
        text = _REFERENCE.sub(_referenced, text)
    return unescape_chars(text)


def _referenced(match: re.Match[str]) -> str:
    decimal, hexadecimal, name = match.groups()
    if name:
        return _NAMED[name]
    return _char(int(decimal) if decimal else int(hexadecimal, 16), match)


def unescape_chars(text: str) -> str:
    return _ESCAPED_CHAR.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _char(code: int, match: re.Match[str]) -> str:
    return chr(code) if code <= 0x10FFFF else match.group(0)
