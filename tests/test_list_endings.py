""""etc." ends a list; it names no skill nor project ("Python, SQL, etc." listed a skill
"etc", and "SQL etc." an unknown skill "SQL etc")."""

from __future__ import annotations

import pytest

from skillsync.core import cells, fields
from skillsync.reading import base_vocabulary


@pytest.mark.parametrize("cell", ["Python, SQL, etc.", "Python, SQL etc.", "Python; SQL; etc",
                                  "Python, SQL, ETC", "Python\nSQL\ne.t.c."])
def test_etc_ends_a_list_cell_by_cell_and_column_at_once(cell):
    parse = fields.skills(base_vocabulary())
    assert [s for s, _, _ in parse(cell)[0].items] == ["Python", "SQL"]
    at_once = fields.skills(base_vocabulary()).column([cell] * 3000 + ["SQL (3)"])
    assert at_once[0] == parse(cell)


def test_etc_alone_is_blank_and_inside_a_word_is_kept():
    assert cells.is_blank("etc") and cells.is_blank("etc.")
    assert cells.tidy_item("Netc") == "Netc" and cells.tidy_item("etcd") == "etcd"
    assert fields.item_list("Atlas, Beacon, etc.")[0] == ("Atlas", "Beacon")
