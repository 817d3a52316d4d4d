"""Columns read at once, each against the same cells read one by one.

A skills or projects column's plain cells are split together (core/splitcolumn.py) and
put together from their items at once; every other cell is read the cell-by-cell way.
Each test reads hostile columns (unicode, NFKC-changing text, brackets holding
separators, protected terms such as "A/B testing", " and ", bullets, new lines, markup,
formulas, errors, numbers, blanks, duplicates, case-only differences) both ways and
checks the two agree cell for cell.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillsync.core import cells, distinct, fields, memos, splitcolumn
from skillsync.core.model import CellError
from skillsync.core.vocab import Vocabulary
from skillsync.reading import base_vocabulary

PROFILE = settings(max_examples=300, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_PIECES = ["SQL", "sql", "Python (4)", "PYTHON", "4", "4/5", "/", " / ", "5", ",", ", ",
           ";", "|", "\t", "\n", "\r", "\u2022", " ", "  ", "and", " and ", "AND", "pandas",
           "<", "</b>", "<b>", "A/B testing", "a/b TESTING", "xA/B testing", "A/B testingx",
           "CI/CD", "PL/SQL", "n/a", "N/A", "1/2/3", "é", "ﬁ", "Ⅳ", "(", ")", "(4/5)",
           "(advanced)", "(SQL and R)", "(x, y)", "[4]", ".", "-", "none", "?", "NLP (4)",
           "NLP (0)", "Spark & Hugging face", "R&D", "C++", "Pyhton", "Pyhton (3)",
           "Made-up skill", "\u200b", "\u00a0", "\x1f", "\x00", "\x02", "\x04", "=SUM(A1)",
           "+1", "@x", " =x", "★★★", "0", "Docker - 5", "Fraud detection: 3", "SQL: 9",
           "advanced SQL", "Project 12", "Atlas; Beacon", "python 2", "SQL - 5", "SQL (1)",
           " - ", " – ", "—", "SQL (5) - Spark (2)", "Java (3 - 4)", "Python - SQL"]
hostile_text = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=10).map("".join),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(list(",;/|\n\t ()&+-:.aAnNdD45<>=@\u2022é\x00\x1f")),
            max_size=40),
)
any_cell = st.one_of(hostile_text, hostile_text, hostile_text, st.none(), st.integers(),
                     st.floats(), st.builds(CellError, st.just("#N/A")))
columns = st.lists(any_cell, max_size=25).flatmap(
    lambda cells_: st.permutations(cells_ + cells_[:3]))  # a few cells twice
TERMS = (("A/B testing", "CI/CD", "PL/SQL"), ("Sales and ops", "x, y"), ("4/x",), ("x/4",),
         ("a/x<",), ("(x)/y",), ("ﬁ/x",), ("K/x",), ())
# Cells where a term beside a "/", a bracket or a case-folding letter reads differently
# unless each rule is kept.
NEAR_TERMS = ["SQL, 1/4/x", "SQL, x/4/5", "SQL, a/x</5", "SQL, (x)/y, z", "SQL, \u212a/x",
              "SQL, k/x/y", "SQL, a/b testing/5", "SQL, 2/a/b testing", "SQL; x, y/z",
              "Sales and ops, SQL", "SQL (a/b testing)", "ﬁ/x, fi/x, FI/X, SQL"]


def _vocabulary(terms: tuple[str, ...]) -> Vocabulary:
    """The shipped vocabulary with `terms` as extra spellings (protected when they hold a
    separator)."""
    return base_vocabulary().with_aliases({t: t for t in terms})


def _splits_as_one_by_one(values: list, terms: tuple[str, ...]) -> None:
    splitter = cells.Splitter(_vocabulary(terms).protected_terms)
    split = splitcolumn.split_column(splitter, values)
    for row, items in zip(split.rows.tolist(), split.cells(), strict=True):
        assert items == splitter.split(cells.raw_text(values[row])), values[row]
        assert not cells.is_blank(values[row])
        assert not fields._formula(cells.raw_text(values[row]))
    assert len(split.rows) == len(set(split.rows.tolist()))


@PROFILE
@given(columns, st.sampled_from(TERMS))
def test_a_column_splits_as_its_cells_split_one_by_one(values, terms):
    _splits_as_one_by_one(values, terms)


def test_cells_beside_protected_terms_split_as_one_by_one():
    for terms in TERMS:
        _splits_as_one_by_one(NEAR_TERMS, terms)


@PROFILE
@given(columns, st.booleans())
def test_the_cells_split_together_are_the_long_ascii_texts(values, texts_only):
    """Whatever a column holds (a cell holding the CELL_END, unicode, surrogates, empty
    texts), the cells read together are the ASCII texts long enough not to be blank
    words, each asked on its own."""
    if texts_only:
        values = [v if type(v) is str else "\ud800" for v in values]
    found, texts, joined = splitcolumn._candidates(values)
    expected = [type(v) is str and v.isascii() and len(v) >= splitcolumn.SHORTEST
                for v in values]
    assert found.tolist() == expected
    assert list(texts) == [v for v, kept in zip(values, expected, strict=True) if kept]
    assert joined == splitcolumn.CELL_END.join(texts)


@PROFILE
@given(columns, st.sampled_from(TERMS))
def test_a_skills_column_reads_as_its_cells_read_one_by_one(values, terms):
    vocabulary = _vocabulary(terms)
    memos.forget(vocabulary)
    at_once = fields.skills(vocabulary).column(values)
    memos.forget(vocabulary)
    parse = fields.skills(vocabulary)
    _same_skill_cells(at_once, [parse(value) for value in values])


def _same_skill_cells(at_once: list, one_by_one: list) -> None:
    """The cells read at once are the cells read one by one, each a SkillCell (a named
    tuple would equal a plain tuple of the same parts)."""
    assert at_once == one_by_one
    for (cell, problems), (alone, _) in zip(at_once, one_by_one, strict=True):
        assert type(cell) is fields.SkillCell and type(alone) is fields.SkillCell
        assert (cell.items, cell.unknown, cell.folded) == (alone.items, alone.unknown,
                                                           alone.folded)
        assert type(problems) is tuple


def test_a_long_column_of_mostly_plain_cells():
    """Enough cells that the shared items, the odd cells and the plain ones all mix."""
    vocabulary = base_vocabulary()
    pieces = ["Python (4)", "SQL / dbt 4/5", "Pyhton (3)", "Made-up skill (2)",
              "A/B testing (3)", "NLP (0)", "SQL (1), sql (5)", "4", "Spark & Hugging face",
              "Excel\\nbasic Forecasting", "Tableau [2]"]
    values = [f"{pieces[i % 11]}, {pieces[(i * 7) % 11]} | {pieces[(i * 3) % 11]}"
              for i in range(3000)]
    values[5::97] = [None] * len(values[5::97])
    at_once = fields.skills(vocabulary).column(values)
    parse = fields.skills(vocabulary)
    _same_skill_cells(at_once, [parse(value) for value in values])
    assert sum(1 for cell, _ in at_once if cell.unknown) > 100  # spellings among the cells
    assert sum(1 for cell, _ in at_once if cell.folded) > 100


@PROFILE
@given(columns)
def test_a_projects_column_reads_as_its_cells_read_one_by_one(values):
    assert fields.item_list.column(values) == [fields.item_list(value) for value in values]


def test_projects_listed_twice_in_a_cell_are_kept_once():
    values = ["Atlas; Beacon, Atlas", "Atlas; Beacon, atlas", "Atlas, Atlas, Atlas",
              "Beacon 12; Beacon 12 /Beacon 12", "Atlas, Beacon"]
    assert fields.item_list.column(values) == [fields.item_list(value) for value in values]
    assert fields.item_list.column(values)[0] == (("Atlas", "Beacon"), ())


WRITTEN_ADDRESSES = ["Jane Doe <jane@x.com>", "Jane  Doe <jane@x.com>", "<jane@x.com>",
                     "mailto:JANE@X.COM ", " MailTo: jane@x.com", "mailto:<jane@x.com>",
                     "Jane <mailto:jane@x.com>", "Jane <jane@x..com>", "Jane <jane@x>",
                     "Jane\\t<jane@x.com>", "Jane <jane@x.com>\\n", "Jane <é@x.com>",
                     "Jane <a@b.co> <c@d.co>", "mailto:", "<>", "Jane <JANE@X.COM>"]


@PROFILE
@given(st.lists(st.one_of(st.sampled_from(WRITTEN_ADDRESSES), hostile_text), max_size=6)
       .map(" ".join))
def test_written_addresses_read_as_the_full_rules_read_them(value):
    for text in (value, f"Jane <{value}>", f"mailto:{value}"):
        assert fields.email(text) == fields._email(text), text


def test_addresses_in_names_and_links_read_as_the_full_rules_read_them():
    for text in WRITTEN_ADDRESSES:
        assert fields.email(text) == fields._email(text), text


NAMES = ["Ana Lima", "Ana  Lima", " Ana Lima", "Ana Lima ", "Ana\tLima", "Ana\nLima",
         "Ana Lima\x1f", "=Ana Lima", "-Ana Lima", "+1 555 0100", "@ana lima", "n/a",
         "none    ", "Zoë Lima", "ﬁona Lima", "Ana Lima\u00a0", "Search and Ads", "A"]


@PROFILE
@given(st.lists(st.one_of(st.sampled_from(NAMES), any_cell), max_size=20))
def test_a_text_column_reads_as_its_cells_read_one_by_one(values):
    assert fields.text.column(values) == [fields.text(value) for value in values]


def test_names_needing_cleaning_read_as_one_by_one():
    values = [*NAMES, *NAMES]
    assert fields.text.column(values) == [fields.text(value) for value in values]


@PROFILE
@given(st.lists(st.one_of(st.sampled_from(["a", "A", "a ", "é", "e\u0301", "", "nan", "None",
                                           "1", "NaN", "<NA>"]), st.text(max_size=4)),
                max_size=30))
def test_a_column_of_texts_groups_in_order_of_first_appearance(values):
    codes, found = distinct.group(values)
    assert found == list(dict.fromkeys(values))
    assert all(type(value) is str for value in found)
    assert [found[c] for c in codes.tolist()] == values
    assert codes.dtype == np.int32
