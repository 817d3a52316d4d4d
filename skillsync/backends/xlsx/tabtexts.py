"""Where the texts of the sync's own tabs go: the workbook's shared strings, or inline.

In the shared strings, each text is looked for among the table's own entries first, so a
sync appends only what is new; the texts are gathered once for all the tabs (`texts_of`).
A large table makes that costly: a hundred thousand people's holds about 10 MB, a
million's 160 MB, searched for every text at every sync and packed again whenever one
is appended or a tab's count changes (about 1.5 s and 2.5 s at a million). So from
INLINE_TABLE_BYTES on, our tabs write their texts inline, in their cells, as the second
process does (inline.py): the table is left as it is, but for its count the first night
(the cells of the tabs replaced that referred to it). A text only the shared strings carry
to every reader (NeedsSharedStrings: an _xHHHH_ code) is still written there, sought
first (those of every tab at once, when the first is met): the rest of its tab stays
inline.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator

from skillsync.backends.xlsx.inline import InlineTexts, NeedsSharedStrings
from skillsync.backends.xlsx.sheetparts import Stored, sheet_part
from skillsync.backends.xlsx.sheetxml import EXCEL_CELL_CHARS, Groups, SheetWriter
from skillsync.backends.xlsx.strings import StringTable
from skillsync.backends.xlsx.styles import StyleIds
from skillsync.backends.xlsx.xmltext import escaped_as_code, may_escape_among
from skillsync.backends.xlsx.zipparts import RawPart
from skillsync.core.tabs import Link, Tab, cut_to

INLINE_TABLE_BYTES = 1 << 20  # a shared-strings table (unpacked) from which texts go inline


class TabTexts:
    """The writer of our tabs' parts, their texts inline (`inline`, see the module's
    docstring) or in the shared strings, and the table as it is to be written."""

    def __init__(self, table_bytes: int, read_table: Callable[[], bytes | None],
                 styles: StyleIds, date1904: bool) -> None:
        """`table_bytes`: the table's size unpacked (0 when the workbook has none);
        `read_table`: its bytes, read when needed."""
        self.inline = table_bytes >= INLINE_TABLE_BYTES
        self._read, self._styles, self._date1904 = read_table, styles, date1904
        self._table: StringTable | None = None
        self._inline = SheetWriter(InlineTexts(), styles, date1904)
        self._shared: SheetWriter | None = None
        self._coming: dict[str, tuple[Tab, Groups]] = {}  # inline: see `expect`
        self._coded: set[str] = set()  # texts only the table carries, sought in it already
        self._gathered: dict[str, set[str]] = {}  # those of each tab to come, by title

    def expect(self, coming: list[tuple[Tab, Groups]]) -> None:
        """Inline: the tabs about to be rendered, with their columns grouped. The first of
        them holding a text only the table carries has those of all of them sought at once:
        one search of the table (160 MB at a million people), not one for each tab."""
        self._coming = {tab.title: (tab, groups) for tab, groups in coming}

    def seek_first(self, texts: dict[str, str], table: bytes | None) -> None:
        """In the shared strings: the table read (`table`) and searched for `texts`, every
        text the tabs about to be written hold."""
        assert not self.inline
        self._table = StringTable(table, 0, texts, reread=self._read)

    def render(self, part: str, tab: Tab, groups: Groups, replaced: Stored | None,
               sought: bool = True) -> RawPart:
        """`tab` as the packed part `part` (see sheet_part); `sought`: its texts were
        among those `seek_first` was given."""
        if self.inline:
            self._coming.pop(tab.title, None)
            try:
                return sheet_part(part, tab, groups, self._inline, replaced)
            except NeedsSharedStrings:
                return self._partly_shared(part, tab, groups, replaced)
        if not sought:
            self._seek(texts_of([tab], {tab.title: groups}))
        assert self._table is not None
        if self._shared is None:
            self._shared = SheetWriter(self._table, self._styles, self._date1904)
        return sheet_part(part, tab, groups, self._shared, replaced)

    def _partly_shared(self, part: str, tab: Tab, groups: Groups, replaced: Stored | None
                       ) -> RawPart:
        """`tab` inline but for its texts only the table carries, sought in it first (so
        found again, not appended, night after night) and written there; those of the
        tabs still to come (`expect`) are sought with them."""
        coded = self._gathered.pop(tab.title, None)
        if coded is None:
            coded = coded_texts(tab, groups)
        if not coded <= self._coded:
            for title, (other, its_groups) in self._coming.items():
                self._gathered[title] = coded_texts(other, its_groups)
            self._coming.clear()
            wanted = coded.union(*self._gathered.values())
            self._seek({text: text for text in wanted - self._coded})
            self._coded |= wanted
        strings = self._inline.strings
        assert isinstance(strings, InlineTexts)
        strings.table = self._table  # for this tab only
        try:
            return sheet_part(part, tab, groups, self._inline, replaced)
        finally:
            strings.table = None

    def dropped(self, references: int) -> None:
        """Cells of a tab replaced (by the second process) that referred to the table."""
        self._inline.strings.references_dropped += references

    def table(self) -> StringTable | None:
        """The shared strings to write, when anything of them changes."""
        dropped = self._inline.strings.references_dropped
        if dropped and self._table is None:
            self._seek({})  # only its count changes
        if self._table is not None:
            self._table.references_dropped += dropped
            self._inline.strings.references_dropped = 0
        return self._table

    def _seek(self, texts: dict[str, str]) -> None:
        if self._table is None:
            self._table = StringTable(self._read(), 0, texts, reread=self._read)
        else:
            self._table.seek(texts)


def texts_of(tabs: list[Tab], groups: dict[str, Groups]) -> dict[str, str]:
    """Every text our tabs will write, each mapped to itself (the object a tab holds, which
    the shared strings' index keeps): titles, and string or link cells (each distinct
    value of a column looked at once). Built as a dict here, where the texts are gathered
    anyway, so that the search of the table can copy it in C."""
    found: dict[str, str] = {}
    for tab in tabs:
        for texts in _column_texts(tab, groups[tab.title]):
            found.update(zip(texts, texts, strict=True))
    return _as_written(found)


def coded_texts(tab: Tab, groups: Groups) -> set[str]:
    """The texts of `tab` only the shared strings carry to every reader (an _xHHHH_
    code: xmltext.escaped_as_code), as written: each column's texts are looked through in
    blocks, in C, and only those that may be escaped at all are looked at one by one."""
    found = {text: text for texts in _column_texts(tab, groups)
             for text in may_escape_among(texts)}
    return set(filter(escaped_as_code, _as_written(found)))


def _column_texts(tab: Tab, groups: Groups) -> Iterator[list[str]]:
    """The texts of `tab`: its titles, then each column's distinct string or link cells."""
    yield [column.title for column in tab.columns]
    for _, values in groups:
        classes = set(map(type, values))
        if classes == {str}:  # most columns, and links' columns, are taken in C
            yield values
        elif classes == {Link}:
            yield list(map(operator.attrgetter("text"), values))
        else:
            yield [str(v) for v in values if isinstance(v, (str, Link))]


def _as_written(found: dict[str, str]) -> dict[str, str]:
    """The texts as the sheets hold them: one longer than a cell takes is written cut, so
    it is the cut form that is sought in the table (else it is appended again each sync)."""
    if max(map(len, found), default=0) <= EXCEL_CELL_CHARS // 2:  # UTF-16: none is cut
        return found
    for text in [t for t in found if len(t) > EXCEL_CELL_CHARS // 2]:
        cut = cut_to(text, EXCEL_CELL_CHARS)
        if cut != text:
            del found[text]
            found[cut] = cut
    return found
