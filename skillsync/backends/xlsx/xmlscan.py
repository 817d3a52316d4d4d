"""Where the tags of an XML part really are, for edits made as text insertions.

A regular expression over a part's bytes also finds `</sheets>` inside a comment, a
CDATA section or a processing instruction. This lexer walks the markup the way a parser
does — comments, CDATA, processing instructions and quoted attribute values are skipped
as wholes — so the positions it gives are real element boundaries. It is linear in the
part's size, and every edit made at its positions is checked again with lxml afterwards
(see edits.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A start, end or empty-element tag; quoted values may hold '>' and are taken whole.
_TAG = re.compile(rb'<(/?)([^\s/>"\'=<!?]+)((?:[^>"\'<]++|"[^"<]*+"|\'[^\'<]*+\')*+)>')
PROLOG_LIMIT = 65_536  # bytes before the root element; a real part needs a few dozen


class MarkupError(ValueError):
    """The bytes are not markup this lexer can walk (the part is damaged)."""


@dataclass(frozen=True)
class Tag:
    kind: str  # "start", "end" or "empty"
    name: bytes  # qualified name as written, e.g. b"x:sheets"
    start: int
    end: int  # one past the closing '>'
    depth: int  # 0 for the root element

    @property
    def local(self) -> bytes:
        return self.name.rpartition(b":")[2]

    @property
    def prefix(self) -> str:
        head = self.name.rpartition(b":")[0]
        return head.decode() + ":" if head else ""


# One token at a time: a comment, CDATA, a processing instruction, a declaration, or a tag.
_TOKEN = re.compile(rb'<!--(?:[^-]++|-(?!->))*+-->|<!\[CDATA\[(?:[^\]]++|\](?!\]>))*+\]\]>'
                    rb'|<\?(?:[^?]++|\?(?!>))*+\?>|<!|' + _TAG.pattern)


def tags(xml: bytes) -> Iterator[Tag]:
    """Every element tag, in order, with its depth; anything else is skipped whole."""
    position, depth = 0, 0
    while True:
        at = xml.find(b"<", position)
        if at < 0:
            return
        match = _TOKEN.match(xml, at)
        if match is None or match.group(0) == b"<!":
            raise MarkupError(_unreadable(xml, at))
        position = match.end()
        name = match.group(2)
        if name is None:  # a comment, CDATA or processing instruction
            continue
        if match.group(1):
            depth -= 1
            yield Tag("end", name, at, position, depth)
        elif match.group(3).rstrip().endswith(b"/"):
            yield Tag("empty", name, at, position, depth)
        else:
            yield Tag("start", name, at, position, depth)
            depth += 1


def _unreadable(xml: bytes, at: int) -> str:
    if xml.startswith(b"<!DOCTYPE", at) or xml.startswith(b"<!ENTITY", at):
        return "a document type declaration (<!DOCTYPE>) is not allowed"
    return f"unreadable or unterminated markup at byte {at}"


def root(xml: bytes) -> Tag:
    """The root element's start tag (or its empty tag)."""
    for tag in tags(xml):
        return tag
    raise MarkupError("no root element")


def root_end(xml: bytes) -> Tag | None:
    """The root element's end tag; None when the root is an empty element.

    Only comments, processing instructions and spaces may follow the root, so the end is
    found by peeling those off the tail: the cost is the tail's, not the part's.
    """
    first = root(xml)
    if first.kind == "empty":
        return None
    end = len(xml.rstrip())
    while xml.endswith((b"-->", b"?>"), 0, end):
        opening = b"<!--" if xml.endswith(b"-->", 0, end) else b"<?"
        start = xml.rfind(opening, first.end, end)
        if start < 0:
            raise MarkupError("unreadable markup after the root element")
        end = len(xml[:start].rstrip())
    close = xml.rfind(b"</", first.end, end)
    tail = xml[close + 2:end - 1].rstrip() if close >= 0 and xml.endswith(b">", 0, end) else b""
    if tail != first.name:
        raise MarkupError("the root element is not closed")
    return Tag("end", first.name, close, end, 0)


def children(xml: bytes, local: bytes) -> list[tuple[Tag, Tag | None]]:
    """(start or empty tag, end tag or None) of the root's children named `local`."""
    found: list[tuple[Tag, Tag | None]] = []
    open_child: Tag | None = None
    for tag in tags(xml):
        if tag.depth != 1 or tag.local != local:
            continue
        if tag.kind == "empty":
            found.append((tag, None))
        elif tag.kind == "start":
            open_child = tag
        elif open_child is not None:
            found.append((open_child, tag))
            open_child = None
    return found


def has_doctype(head: bytes) -> bool:
    """Whether the prolog (the bytes before the root element) declares a document type.

    OOXML forbids DTDs; entity declarations are how "billion laughs" files work.
    """
    position = 0
    while True:
        at = head.find(b"<", position)
        if at < 0:
            return len(head) >= PROLOG_LIMIT  # a prolog this long is not a real part
        if head.startswith(b"<!DOCTYPE", at) or head.startswith(b"<!ENTITY", at):
            return True
        if head.startswith(b"<!--", at) or head.startswith(b"<?", at):
            end = head.find(b"-->" if head[at + 1] == 0x21 else b"?>", at + 2)
            if end < 0:
                return len(head) >= PROLOG_LIMIT
            position = end + 2
            continue
        return False
