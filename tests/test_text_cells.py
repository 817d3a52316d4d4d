"""A column's text cells rendered together are the cells rendered one by one.

`SheetWriter._text_cells` looks a column's distinct texts up in the shared strings
together, setting a blank text aside; it must give the very cells, and leave the table
with the very entries, indices and reference count, that rendering each text on its own
(`_cell`) gives, whatever the texts: blank once or several times, repeated, differing in
case only, past what a cell holds.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sheet_xml import hostile_text

from skillsync.backends.xlsx.sheetxml import SheetWriter
from skillsync.backends.xlsx.strings import StringTable
from skillsync.backends.xlsx.styles import StyleIds

QUICK = settings(max_examples=300, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])
STYLES = StyleIds(header=1, top=2, wrap=3, percent=4, date=5, datetime=6, link=7)
TABLE = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
         b'schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'
         b"<si><t>Ana</t></si><si><t>ana</t></si><si><t>R&amp;D</t></si></sst>")
TEXTS = ["", "", "Ana", "ANA", "ana", "R&D", "r&d", "\u00e9", "e\u0301", "😀", "x" * 32_767,
         "y" * 40_000, "y" * 32_767, " ", "\t"]


def writers() -> tuple[SheetWriter, SheetWriter]:
    return (SheetWriter(StringTable(TABLE), STYLES), SheetWriter(StringTable(TABLE), STYLES))


def one_by_one(writer: SheetWriter, texts: list[str], uses: list[int], then: str
               ) -> list[bytes]:
    return [f'"{writer._cell(text, STYLES.top, used)}{then}'.encode()
            for text, used in zip(texts, uses, strict=True)]


def table_state(writer: SheetWriter) -> tuple:
    strings = writer.strings
    return strings.references, strings._appended, strings._index, strings.render()


@QUICK
@given(texts=st.lists(st.one_of(st.sampled_from(TEXTS), hostile_text), max_size=12),
       data=st.data())
def test_texts_rendered_together_are_the_texts_rendered_one_by_one(texts, data):
    uses = data.draw(st.lists(st.integers(1, 5), min_size=len(texts), max_size=len(texts)))
    together, alone = writers()
    then = '<c r="B'
    assert together._text_cells(list(texts), uses, STYLES.top, then) == one_by_one(
        alone, texts, uses, then)
    assert table_state(together) == table_state(alone)


def test_a_column_with_one_blank_anywhere():
    for at in range(4):
        texts = ["Ana", "Zoë", "new"]
        texts.insert(at, "")
        together, alone = writers()
        uses = [1, 2, 3, 4]
        assert together._text_cells(texts, uses, STYLES.top, "</row>") == one_by_one(
            alone, texts, uses, "</row>")
        assert table_state(together) == table_state(alone)
    together, alone = writers()
    assert together._text_cells([""], [7], STYLES.top, "</row>") == one_by_one(
        alone, [""], [7], "</row>")
    assert table_state(together) == table_state(alone)
