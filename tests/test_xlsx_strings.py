"""The shared-strings table: found or appended, and rendered the same whether its bytes
were kept or read again for rendering."""

from __future__ import annotations

import pytest
from lxml import etree

from skillsync.backends.xlsx.strings import StringTable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TABLES = [
    (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" '
     'count="5" uniqueCount="3"><si><t>Name</t></si><si><t xml:space="preserve"> Ana </t>'
     '</si><si><r><t>rich</t></r></si></sst>').encode(),
    f'<sst xmlns="{MAIN}" count="0" uniqueCount="0"/>'.encode(),
    f'<x:sst xmlns:x="{MAIN}"><!-- <sst> --><x:si><x:t>Name</x:t></x:si></x:sst>'.encode(),
]


def _fill(table: StringTable) -> list[int]:
    return [table.index("Name", 3), table.index(" Ana "), table.index("Search & <Ranking>"),
            table.index("Name")]


@pytest.mark.parametrize("sst", TABLES)
def test_a_table_read_again_to_render_renders_as_one_kept(sst):
    kept = StringTable(sst, 1, {"Name", " Ana ", "Search & <Ranking>"})
    reads = []
    again = StringTable(sst, 1, {"Name", " Ana ", "Search & <Ranking>"},
                        reread=lambda: reads.append(1) or sst)
    assert _fill(kept) == _fill(again)
    assert reads == []  # nothing read again until the table is rendered
    assert again.render() == kept.render()
    assert reads == [1]
    root = etree.fromstring(again.render())
    texts = ["".join(si.itertext()) for si in root.iterchildren(f"{{{MAIN}}}si")]
    assert "Search & <Ranking>" in texts and texts.count("Name") == 1


def test_a_new_table_needs_nothing_read_again():
    table = StringTable(None, reread=lambda: pytest.fail("there is no table to read"))
    assert table.index("Python") == 0
    assert b"<si><t>Python</t></si>" in table.render()
