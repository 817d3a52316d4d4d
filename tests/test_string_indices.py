"""A column's texts looked up in the shared strings together are those looked up one by one.

`StringTable.indices` puts the entries it appends in their places without looking each
text up again when every missing text is missing once (a column's distinct texts); a text
missing more than once takes the plain way. Both must give the very indices, entries and
counts that `index`, text by text, gives: on unicode, case-only differences, namesakes,
blanks, texts already in the table, and columns large enough to append thousands.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillsync.backends.xlsx.strings import StringTable

QUICK = settings(max_examples=300, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])
TABLE = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
         b'schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="4">'
         b"<si><t>Ana</t></si><si><t>ana</t></si><si><t>R&amp;D</t></si>"
         b"<si><r><t>rich</t></r></si></sst>")
SOME = ["Ana", "ana", "ANA", "R&D", "rich", "", " ", "Zoë", "Zoe\u0308", "😀", "_x0041_",
        "a\u0000b", "new", "New", "x" * 40_000]


def state(table: StringTable) -> tuple:
    return table.references, table._appended, table._index, table.render()


def same_as_one_by_one(columns: list[list[str]], wanted: list[str] | None = None) -> None:
    together = StringTable(TABLE, 0, wanted)
    alone = StringTable(TABLE, 0, wanted)
    for texts in columns:
        uses = [len(text) % 4 + 1 for text in texts]
        assert together.indices(texts, uses) == [alone.index(t, u)
                                                 for t, u in zip(texts, uses, strict=True)]
    assert state(together) == state(alone)


@QUICK
@given(columns=st.lists(st.lists(st.one_of(st.sampled_from(SOME), st.text(max_size=6)),
                                 max_size=12), max_size=4),
       distinct=st.booleans(), sought=st.booleans())
def test_columns_looked_up_together_are_looked_up_one_by_one(columns, distinct, sought):
    if distinct:  # as a column's distinct values come: each text once
        columns = [list(dict.fromkeys(texts)) for texts in columns]
    wanted = sorted({t for texts in columns for t in texts}) if sought else None
    same_as_one_by_one(columns, wanted)


def test_thousands_of_new_texts_between_known_ones():
    rng = random.Random(7)
    names = [f"Person {i} é" for i in range(20_000)]
    known = ["Ana", "ana", "R&D"] * 100
    first = names[:12_000] + known[:3]
    rng.shuffle(first)
    second = [*names[6_000:], "ANA", "Ana"]  # half already appended by the first column
    rng.shuffle(second)
    same_as_one_by_one([first, second])
    same_as_one_by_one([first, second], wanted=sorted({*first, *second}))


def test_a_text_missing_twice_takes_the_entry_of_its_first_place():
    same_as_one_by_one([["new", "Ana", "new", "other", "NEW", "other"], ["NEW", "new"]])
    table = StringTable(TABLE)
    assert table.indices(["b", "Ana", "b", "c"], [1, 1, 1, 1]) == [4, 0, 4, 5]
    assert table._appended == ["b", "c"]
