"""Whose row an issue is on, against the plain ways it was worked out: each issue
without an e-mail is given the key of the record at its place (tab and row), and a
spelling is one person's only when every row using it is theirs."""

from __future__ import annotations

from itertools import compress

from hypothesis import given, settings
from hypothesis import strategies as st

from skillsync.core import people, rowchecks, spellings
from skillsync.core.codes import Code
from skillsync.core.model import Issue, Layout, Severity

FIRST = "People"
tabs = st.sampled_from([FIRST, "Ads team", "ADS TEAM", "Ümlaut"])
keys = st.sampled_from([None, "", "ana@x.com", "bo@x.com", "Ana@x.com", "é@x.com"])
records = st.lists(st.tuples(tabs, st.integers(1, 8), keys), max_size=12)
issues = st.lists(st.tuples(st.one_of(st.none(), tabs), st.one_of(st.none(), st.integers(0, 9)),
                            st.sampled_from([None, "", "set@x.com"])), max_size=12)


def _plain_attach(record, issue_list, first):
    """rowchecks._attach_emails as one lookup of (tab, row) pairs."""
    places = zip(record["sheet"], record["row"], strict=True)
    by_row = dict(compress(zip(places, record["key"], strict=True), record["key"]))
    return [i if i.email or (i.sheet or first, i.row) not in by_row
            else rowchecks._with_email(i, by_row[(i.sheet or first, i.row)]) for i in issue_list]


@settings(max_examples=400, deadline=None)
@given(records, issues, st.booleans())
def test_issues_get_the_key_of_their_row_as_by_tab_and_row(found, wanted, one_tab):
    if one_tab:  # the usual sheet: every record on one tab, maybe not the first
        found = [(found[0][0] if found else FIRST, row, key) for _, row, key in found]
    record = {"sheet": [t for t, _, _ in found], "row": [r for _, r, _ in found],
              "key": [k for _, _, k in found]}
    out = people.Collector(Layout(FIRST, 1, {"name": 0}, {"name": "Name"}))
    out.issues = [Issue(row, None, Code.MISSING_NAME, Severity.WARNING, "m", None, email, tab)
                  for tab, row, email in wanted]
    before = list(out.issues)
    expected = _plain_attach(record, before, FIRST)
    rowchecks._attach_emails(record, out)
    assert out.issues == expected
    for now, was, plain in zip(out.issues, before, expected, strict=True):
        assert (now is was) == (plain is was)  # an issue left alone is the same issue


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 6), st.sampled_from(["expertise", "learn", None])),
                min_size=1, max_size=10),
       st.lists(keys, min_size=7, max_size=7))
def test_a_spelling_is_ones_own_when_every_row_using_it_is(uses, key_of_record):
    owners = {key_of_record[at] for at, _ in uses}
    expected = owners.pop() if len(owners) == 1 else None
    assert spellings._sole_owner(uses, key_of_record) == expected
