"""Texts looked for among a shared-strings table's entries, as quickly as a set lookup."""

from __future__ import annotations

from collections.abc import Collection
from itertools import compress

from skillsync.backends.xlsx import xmltext


class SoughtTexts:
    """Texts sought in a table by the form we would write them in (`xmltext.text`): most
    are written as they are; the few escaped are sought by their form. An escaped form
    holds '&' or '_x', which a text written as it is never holds, so forms never clash."""

    def __init__(self, texts: Collection[str]) -> None:
        """`texts` may be a dict of each text to itself (as `tabtexts.texts_of` gives them): it
        is then copied in C rather than built."""
        # form -> the text itself: the index found keeps the texts the tabs hold already,
        # not a copy of each read from the table
        self.forms = (dict(texts) if isinstance(texts, dict)
                      else dict(zip(texts, texts, strict=True)))
        escaped = list(xmltext.may_escape_among(self.forms))
        for text in escaped:
            del self.forms[text]
        self.forms.update((xmltext.text(t), t) for t in escaped)
        self.forms.pop("", None)  # an empty entry is never reused
        self._found: list[str] = []  # texts found, in the table's order (again if repeated)
        self._places: list[int] = []  # where each was found

    def entry_keys(self) -> dict[bytes, str]:
        """Each form as a plain entry of a table as Excel writes it holds it after its
        `<si>` (its <t>, kept spaces or not, and the entry's end), to the text: a table
        split at its `<si>` tags is searched with one lookup a piece, nothing decoded."""
        keys: dict[bytes, str] = {}
        for form, text in self.forms.items():
            written = form.encode("utf-8", "surrogatepass")  # (escaped: no lone surrogate)
            keys[b"<t>" + written + b"</t></si>"] = text
            keys[b'<t xml:space="preserve">' + written + b"</t></si>"] = text
        return keys

    def find(self, entries: list[str] | list[bytes], position: int,
             keys: dict[bytes, str] | None = None) -> None:
        """Note the texts among `entries`, the table's entries from `position` on: their
        texts, or with `keys` (`entry_keys`) what follows each entry's `<si>`."""
        # One lookup an entry gives the text itself, or None; no text is empty, so the
        # texts found and their places are picked out in C by truthiness.
        texts = list(map((self.forms if keys is None else keys).get, entries))
        self._found += filter(None, texts)
        self._places += compress(range(position, position + len(texts)), texts)

    def index(self) -> dict[str, int]:
        """{text: where it first is in the table} for the texts found."""
        return dict(zip(reversed(self._found), reversed(self._places), strict=True))
