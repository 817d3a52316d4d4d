"""The shared-strings table: reuse an entry when the text is already there, else append."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from itertools import compress, repeat

import numpy as np

from skillsync.backends.xlsx import xmlscan, xmltext
from skillsync.backends.xlsx.tableindex import plain_string_index
from skillsync.backends.xlsx.zipparts import Packed, pack_ahead

EMPTY_TABLE = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               b'count="0" uniqueCount="0"></sst>')


# Our entries are encoded this many at a time: a million people's run appends millions,
# never held as one string and its bytes at once.
ENTRIES_PIECE = 50_000


class StringTable:
    """Find-or-append over an existing sst part; existing entries keep their indices."""

    def __init__(self, sst: bytes | None, references_dropped: int = 0,
                 wanted: Collection[str] | None = None,
                 reread: Callable[[], bytes] | None = None) -> None:
        """`wanted`, the texts about to be written, lets a large table be searched for
        just those instead of being indexed whole. With `reread`, the table's bytes are
        let go once indexed and read again to render: an inventory's table can be tens
        of megabytes, not needed while the tabs are written."""
        original = sst if sst is not None else EMPTY_TABLE
        self.created = sst is None
        self._index, self._count = plain_string_index(original, wanted)
        self._original = None if reread is not None and sst is not None else original
        self._reread = reread
        self._appended: list[str] = []
        self.references = 0  # cells written that refer to an entry
        # cells of the tabs replaced that referred to one, which the table's count loses
        self.references_dropped = references_dropped

    def index(self, text: str, uses: int = 1) -> int:
        """The entry for `text`, which `uses` cells refer to (the table counts them)."""
        self.references += uses
        found = self._index.get(text)
        if found is None:
            found = self._count + len(self._appended)
            self._index[text] = found
            self._appended.append(text)
        return found

    def indices(self, texts: list[str], uses: list[int]) -> list[int]:
        """`index` of each of `texts`, which `uses[i]` cells refer to, in that order (the
        entries appended are those `index` would append, text by text)."""
        self.references += sum(uses)
        found = list(map(self._index.get, texts))  # most texts are there: looked up in C
        if None not in found:
            return found
        missing = list(compress(texts, map(operator.is_, found, repeat(None))))
        start, known = self._count + len(self._appended), len(self._index)
        self._index.update(zip(missing, range(start, start + len(missing)), strict=True))
        if len(self._index) - known < len(missing):  # a text missing more than once: each
            missing = list(dict.fromkeys(missing))  # takes the entry of its first place
            self._index.update(zip(missing, range(start, start + len(missing)), strict=True))
            self._appended += missing
            return list(map(self._index.get, texts))
        # Each missing text once (a column's distinct texts): they take the next entries
        # in order, put in their places (None, as floats NaN) without a second lookup.
        self._appended += missing
        placed = np.array(found, dtype=np.float64)
        placed[np.isnan(placed)] = np.arange(start, start + len(missing))
        return placed.astype(np.int64).tolist()

    def seek(self, texts: Collection[str]) -> None:
        """Look for more texts among the table's own entries (those of a tab the table
        was not made for): found, they are reused, not appended again."""
        found, _ = plain_string_index(self.original, texts)
        for text, at in found.items():
            self._index.setdefault(text, at)

    @property
    def changed(self) -> bool:
        return self.created or bool(self._appended) or self.references != self.references_dropped

    @property
    def original(self) -> bytes:
        """The table as the workbook holds it."""
        if self._original is not None:
            return self._original
        assert self._reread is not None
        return self._reread()

    def render(self) -> bytes:
        """The table with our entries appended and its counts brought up to date."""
        return b"".join(self.pieces())

    def pieces(self, ahead: PackedEntries | None = None
               ) -> tuple[bytes | memoryview | Packed, ...]:
        """`render`'s bytes in pieces, the table's own entries as views of it: a million
        people's table is 160 MB, packed and checked a piece at a time, never copied whole.
        `ahead`: those entries packed ahead (`packed_entries`), standing in their place.

        The root's tags come from xmlscan, so an <sst> inside a comment is not edited."""
        original = self.original if ahead is None else ahead.before
        root = xmlscan.root(original)
        if root.local != b"sst":
            raise ValueError("shared strings part has no <sst> root")
        prefix = root.prefix
        added = [xmltext.si_entries(self._appended[start:start + ENTRIES_PIECE], prefix)
                 .encode("utf-8") for start in range(0, len(self._appended), ENTRIES_PIECE)]
        tag = original[root.start:root.end]
        head = _with_counts(tag, len(root.name) + 1, self._total_count(tag),
                            self._count + len(self._appended))
        if root.kind == "empty":  # <sst .../> with no entries
            head = head[:-2].rstrip() + b">"
            body = b"".join(added) + f"</{prefix}sst>".encode()
            return (original[: root.start] + head + body + original[root.end:],)
        if ahead is not None:
            return (original[: root.start], head, ahead.entries, *added, ahead.after)
        close = xmlscan.root_end(original)
        assert close is not None  # a start tag always has its end tag in a parsed part
        view = memoryview(original)  # the table may be large: slices, no copy
        return (view[: root.start], head, view[root.end: close.start], *added,
                view[close.start:])

    def _total_count(self, head: bytes) -> int | None:
        """The cells referring to the table after this write; None when the table does not
        say how many did before (the attribute is optional): it is then left out, not
        guessed (the entries' number is no count of the cells)."""
        found = re.search(rb'(?<![\w:.-])count\s*=\s*["\'](\d{1,12})["\']', head)
        if found is None:
            return None
        return max(int(found.group(1)) - self.references_dropped, 0) + self.references


@dataclass(frozen=True)
class PackedEntries:
    """A table part's own entries packed ahead, and the part's bytes around them."""

    before: bytes  # up to the end of the root's start tag
    entries: Packed
    after: bytes  # from the root's end tag on


def packed_entries(sst: bytes) -> PackedEntries | None:
    """The entries of a table part packed ahead, to stand in the amended part (see
    StringTable.pieces); None when the part holds none. Packing is deflate, which lets
    go of the interpreter: it is done on a second thread while the table is searched."""
    root = xmlscan.root(sst)
    close = xmlscan.root_end(sst) if root.local == b"sst" else None
    if close is None:
        return None
    return PackedEntries(sst[:root.end], pack_ahead(memoryview(sst)[root.end:close.start]),
                         sst[close.start:])


def _with_counts(head: bytes, name_end: int, count: int | None, unique: int) -> bytes:
    """The root tag with its count attributes set (`count` None: left as it is, absent);
    `name_end` is where the tag name ends."""
    for name, value in ((b"count", count), (b"uniqueCount", unique)):
        if value is None:
            continue
        pattern = rb'(?<![\w:.-])' + name + rb'\s*=\s*(?:"\d*"|\'\d*\')'
        replacement = name + b'="' + str(value).encode() + b'"'
        if re.search(pattern, head):
            head = re.sub(pattern, replacement, head, count=1)
        else:
            head = head[:name_end] + b" " + replacement + head[name_end:]
    return head
