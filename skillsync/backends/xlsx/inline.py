"""Texts written in their own cells (inline strings) rather than in the shared strings.

A second process rendering a tab (aside.py) cannot change the workbook's shared-strings
table, which is the sync's. Its texts go in their cells instead (`t="inlineStr"`), escaped
as the table's entries are (`xmltext.t_element`): Excel, LibreOffice, calamine and openpyxl
read such cells as they read shared ones (tests/test_sheet_xml.py holds each to the entry
the same cell would refer to).
"""

from __future__ import annotations

from skillsync.backends.xlsx import xmltext


class InlineTexts:
    """In place of a StringTable for SheetWriter: no text goes to the table. Counts the
    cells of the tabs replaced that referred to it, which the table's count loses."""

    references = 0  # never a cell referring to the table

    def __init__(self) -> None:
        self.references_dropped = 0


def cell(text: str) -> str:
    """A text cell's XML after its style: the text inline."""
    return f' t="inlineStr"><is>{xmltext.t_element(text)}</is></c>'


def cells(texts: list[str], style: int, then: str) -> list[bytes]:
    """Each distinct text of a column as its cell's XML after the reference, up to `then`
    (SheetWriter._text_cells): most texts are plain (nothing to escape, no space to keep)
    and go between fixed pieces; the rest through `cell`. A blank text is a blank cell."""
    opening, closing = f'" s="{style}" t="inlineStr"><is><t>', f"</t></is></c>{then}"
    blank = f'" s="{style}"/>{then}'
    odd = set(xmltext.may_escape_among(texts))
    odd.update(text for text in texts if "\n" in text or text.strip() != text)
    return [(blank if not text else opening + text + closing if text not in odd else
             f'" s="{style}"{cell(text)}{then}').encode() for text in texts]
