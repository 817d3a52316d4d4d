"""E-mail and text columns read at once, from copies of their cells (fields.email.column,
fields.text.column), against their cells read one by one and, for e-mails, by the full
rules: the same readings and problems, cell for cell, whatever the column holds (case
and spaces to undo, "Jane <jane@x>" and mailto: forms, characters that fold to ASCII,
invisible and control characters, the joining character itself, texts of a str
subclass, numbers, blanks, errors, duplicates)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from test_parse_columns import PROFILE, hostile_text
from test_parse_shortcuts import _plain_email, addresses

from skillsync.core import fields
from skillsync.core.model import CellError

odd_cells = st.sampled_from(["\u212a@x.com", "K@X.COM ", "jane@corp.example\x00", "\x00",
                             np.str_("ana@x.org"), np.str_(" Ana@X.org"), " \t ",
                             CellError("#N/A"), "Ana <ANA@x.org> ", "mailto:Ana@x.org",
                             "ana@x.org", "ANA@x.org", "é@x.org", "\u00a0ana@x.org",
                             "Ana  Lee <ana@x.org>", "Ana\tLee <ana@x.org>",
                             " mailto:  ana@x.org "])
columns = st.lists(st.one_of(addresses, odd_cells), max_size=30).map(
    lambda cells: cells + cells[:4])


@PROFILE
@given(columns)
def test_an_email_column_reads_as_its_cells_one_by_one(values):
    read = fields.email.column(values)
    assert read == [fields.email(value) for value in values]
    assert read == [_plain_email(value) for value in values]
    for (shown, key), _ in read:
        assert type(shown) is str and (key is None or type(key) is str)


def test_a_column_of_texts_only_takes_the_shortcut_where_the_full_rules_agree():
    values = ["ana@x.org", " Bo@X.org", "Cy <cy@x.org>", "mailto:DI@x.org", "\u212a@x.com",
              "ｅ@x.org", "x" * 250 + "@x.org", "a..b@x.org", "", "n/a",
              "Ana  Lee <ana@x.org>", "Ana\tLee <ana@x.org>", " mailto:  ana@x.org ",
              "Ana\x07 <ana@x.org>", "mailto:ana@x..org", "Bo <bo@x.org> <b@y.org>"] * 3
    assert fields.email.column(values) == [_plain_email(value) for value in values]


@PROFILE
@given(st.lists(st.one_of(hostile_text, odd_cells), max_size=30).map(
    lambda cells: cells + cells[:4]))
def test_a_text_column_read_from_copies_reads_as_its_cells_one_by_one(values):
    read = fields.text.column(values)
    assert read == [fields.text(value) for value in values]
    assert [type(shown) for shown, _ in read] == [str] * len(values)
