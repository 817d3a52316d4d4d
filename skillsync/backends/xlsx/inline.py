"""Texts written in their own cells (inline strings) rather than in the shared strings.

A second process rendering a tab (aside.py) cannot change the workbook's shared-strings
table, which is the sync's. Its texts go in their cells instead (`t="inlineStr"`), escaped
as the table's entries are (`xmltext.t_element`), which Excel, LibreOffice, calamine and
openpyxl read as they read shared ones (tests/test_sheet_xml.py holds each cell to the
entry it would refer to). All but one thing: openpyxl (and so pandas) does not decode an
_xHHHH_ code in an inline string, as it does in a shared one. A text that needs one (a
character XML cannot carry, a literal _xHHHH_) raises NeedsSharedStrings instead, and
the tab is rendered by the sync: when its own tabs are inline too (a large table, see
tabtexts.py), still inline but for those texts, which it writes in the shared strings (an
InlineTexts given the table); else every text in the shared strings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from skillsync.backends.xlsx import xmltext

if TYPE_CHECKING:
    from skillsync.backends.xlsx.strings import StringTable


class NeedsSharedStrings(ValueError):
    """A text whose _xHHHH_ code only shared strings carry to every reader."""

    def __init__(self) -> None:
        super().__init__("a text needs an _xHHHH_ code, which only shared strings carry "
                         "to every reader")


class InlineTexts:
    """In place of a StringTable for SheetWriter: texts go in their cells. A text only the
    shared strings carry goes to `table` when one is given (sought there already, see
    tabtexts.py), else raises NeedsSharedStrings. Counts the cells written that refer to
    the table, and those of the tabs replaced that referred to it, which its count loses."""

    def __init__(self, table: StringTable | None = None) -> None:
        self.table = table
        self.references = 0
        self.references_dropped = 0

    def cell(self, text: str, uses: int = 1) -> str:
        """A text cell's XML after its style (`uses` cells hold it)."""
        if xmltext.escaped_as_code(text):
            return self._shared(text, uses)
        return f' t="inlineStr"><is>{xmltext.t_element(text)}</is></c>'

    def cells(self, texts: list[str], uses: list[int], style: int, then: str) -> list[bytes]:
        """Each distinct text of a column (`uses[i]` cells hold the i-th) as its cell's XML
        after the reference, up to `then` (SheetWriter._text_cells): most texts are plain
        (nothing to escape, no space to keep) and go between fixed pieces; the rest
        through `cell`. A blank text is a blank cell."""
        opening, closing = f'" s="{style}" t="inlineStr"><is><t>', f"</t></is></c>{then}"
        blank = f'" s="{style}"/>{then}'
        odd = set(xmltext.may_escape_among(texts))
        odd.update(text for text in texts if "\n" in text or text.strip() != text)
        return [(blank if not text else opening + text + closing if text not in odd else
                 f'" s="{style}"{self.cell(text, used)}{then}').encode()
                for text, used in zip(texts, uses, strict=True)]

    def _shared(self, text: str, uses: int) -> str:
        if self.table is None:
            raise NeedsSharedStrings()
        self.references += uses
        return f' t="s"><v>{self.table.index(text, uses)}</v></c>'
