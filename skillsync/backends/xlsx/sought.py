"""Texts looked for among a shared-strings table's entries, as quickly as a set lookup."""

from __future__ import annotations

from collections.abc import Collection
from itertools import compress

import numpy as np

from skillsync.backends.xlsx import xmltext


class SoughtTexts:
    """Texts sought in a table by the form we would write them in (`xmltext.text`): most
    are written as they are; the few escaped are sought by their form. An escaped form
    holds '&' or '_x', which a text written as it is never holds, so forms never clash."""

    def __init__(self, texts: Collection[str]) -> None:
        escaped = list(filter(xmltext.may_escape, texts))
        # form -> the text itself: the index found keeps the texts the tabs hold already,
        # not a copy of each read from the table
        self.forms = dict(zip(texts, texts, strict=True))
        for text in escaped:
            self.forms.pop(text, None)
        self.forms.update((xmltext.text(t), t) for t in escaped)
        self.forms.pop("", None)  # an empty entry is never reused

    def find(self, entries: list[str], position: int, index: dict[str, int]) -> None:
        """Put in `index` where each text not yet found first appears in `entries`, the
        table's entries from `position` on; a text found is sought no more."""
        sought = np.fromiter(map(self.forms.__contains__, entries), dtype=bool,
                             count=len(entries))
        at = (np.flatnonzero(sought) + position).tolist()
        first = dict(zip(reversed(list(compress(entries, sought))), reversed(at), strict=True))
        index.update(zip(map(self.forms.pop, first), first.values(), strict=True))
