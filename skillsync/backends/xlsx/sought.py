"""Texts looked for among a shared-strings table's entries, as quickly as a set lookup."""

from __future__ import annotations

from collections.abc import Collection
from itertools import compress

import numpy as np

from skillsync.backends.xlsx import xmltext


class SoughtTexts:
    """Texts sought in a table by the form we would write them in (`xmltext.text`): most
    are written as they are; the few escaped are sought by their form and told apart by it
    (an escaped form holds '&' or '_x', which a text written as it is never holds)."""

    def __init__(self, texts: Collection[str]) -> None:
        escaped = list(filter(xmltext.may_escape, texts))
        self.escaped = {xmltext.text(t): t for t in escaped}  # its form -> the text
        self.forms = set(texts).difference(escaped)
        self.forms.update(self.escaped)
        self.forms.discard("")  # an empty entry is never reused

    def find(self, entries: list[str], position: int, index: dict[str, int]) -> None:
        """Put in `index` where each text not yet found first appears in `entries`, the
        table's entries from `position` on; a text found is sought no more."""
        sought = np.fromiter(map(self.forms.__contains__, entries), dtype=bool,
                             count=len(entries))
        at = (np.flatnonzero(sought) + position).tolist()
        first = dict(zip(reversed(list(compress(entries, sought))), reversed(at), strict=True))
        self.forms.difference_update(first)
        for form in first.keys() & self.escaped.keys():
            index[self.escaped.pop(form)] = first.pop(form)
        index.update(first)
