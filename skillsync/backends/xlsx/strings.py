"""The shared-strings table: reuse an entry when the text is already there, else append."""

from __future__ import annotations

import re

from skillsync.backends.xlsx import xmltext
from skillsync.backends.xlsx.package import plain_string_index

EMPTY_TABLE = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               b'count="0" uniqueCount="0"></sst>')
_ROOT = re.compile(rb"<((?:\w+:)?)sst\b[^>]*?(/?)>")


class StringTable:
    """Find-or-append over an existing sst part; existing entries keep their indices."""

    def __init__(self, sst: bytes | None, references_dropped: int = 0,
                 wanted: set[str] | None = None) -> None:
        """`wanted`, the texts about to be written, lets a large table be searched for
        just those instead of being indexed whole."""
        self.original = sst if sst is not None else EMPTY_TABLE
        self.created = sst is None
        forms = None if wanted is None else {
            xmltext.text(t).encode("utf-8"): t for t in wanted}
        self._index, self._count = plain_string_index(self.original, forms)
        self._appended: list[str] = []
        self._references = 0
        self._references_dropped = references_dropped

    def index(self, text: str, uses: int = 1) -> int:
        """The entry for `text`, which `uses` cells refer to (the table counts them)."""
        self._references += uses
        found = self._index.get(text)
        if found is None:
            found = self._count + len(self._appended)
            self._index[text] = found
            self._appended.append(text)
        return found

    @property
    def changed(self) -> bool:
        return self.created or bool(self._appended) or self._references != self._references_dropped

    def render(self) -> bytes:
        """The table with our entries appended and its counts brought up to date."""
        root = _ROOT.search(self.original)
        if root is None:
            raise ValueError("shared strings part has no <sst> root")
        prefix = root.group(1).decode()
        added = "".join(f"<{prefix}si>{xmltext.t_element(t, prefix)}</{prefix}si>"
                        for t in self._appended).encode("utf-8")
        head = _with_counts(root.group(0), self._total_count(root.group(0)),
                            self._count + len(self._appended))
        if root.group(2):  # <sst .../> with no entries
            head = head[:-2] + b">"
            body = added + f"</{prefix}sst>".encode()
            return self.original[: root.start()] + head + body + self.original[root.end():]
        close = self.original.rindex(f"</{prefix}sst>".encode())
        original = memoryview(self.original)  # the table may be large: slices, one copy
        return b"".join((original[: root.start()], head, original[root.end(): close], added,
                         original[close:]))

    def _total_count(self, head: bytes) -> int:
        found = re.search(rb'\bcount="(\d+)"', head)
        before = int(found.group(1)) if found else self._count
        return max(before - self._references_dropped, 0) + self._references


def _with_counts(head: bytes, count: int, unique: int) -> bytes:
    for name, value in ((b"count", count), (b"uniqueCount", unique)):
        pattern = rb'\b' + name + rb'="\d+"'
        replacement = name + b'="' + str(value).encode() + b'"'
        if re.search(pattern, head):
            head = re.sub(pattern, replacement, head, count=1)
        else:
            head = head.replace(b"sst", b"sst " + replacement, 1)
    return head
