"""Issues made with their row's e-mail as they are found (once the people's keys are
known) against the plain way: every issue found without one, then given the key of the
record at its place (tab and row). Hostile sheets: rows without or with unusable
e-mails, names as keys, several tabs, the same row number on two tabs, problems in
every column, a manager column collapsed into one issue, unknown skills."""

from __future__ import annotations

from datetime import date
from itertools import compress

from hypothesis import given, settings
from hypothesis import strategies as st

from skillsync.core import layouts
from skillsync.core.codes import Code
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.model import Grid, Issue
from skillsync.core.people import Rules, read_records
from skillsync.reading import base_vocabulary

HEADERS = ["Name", "E-mail", "Team", "Skills", "Success rate", "Last updated", "Manager"]
OWN_OWNERS = {Code.SKILL_SPELLING, Code.UNKNOWN_SKILL}  # spelling issues name their owner
cell = {
    "Name": st.sampled_from(["Ana Lima", "", "Bo", "=cmd", "Zoë", None]),
    "E-mail": st.sampled_from(["ana@x.org", "ANA@x.org ", "bo@x.org", "", "n/a", "bad@",
                               "Cy <cy@x.org>", "é@x.org", None]),
    "Team": st.sampled_from(["Search", "", None, "search "]),
    "Skills": st.sampled_from(["Python (4)", "Pyhton", "Made-up thing", "SQL (9)", "", None]),
    "Success rate": st.sampled_from([0.5, "high", "", "120%", None]),
    "Last updated": st.sampled_from([date(2026, 5, 1), date(2030, 1, 1), "someday", None,
                                     date(2020, 1, 1)]),
    "Manager": st.sampled_from(["lead@x.org", "Lead Person", "", None]),
}
rows = st.lists(st.fixed_dictionaries(cell), min_size=1, max_size=12)


def _grid(name: str, found: list[dict], headers: list[str]) -> Grid:
    return Grid(name, [headers, *[[r[h] for h in headers] for r in found]])


def _plainly_attached(issues: list[Issue], frame, first: str) -> list[Issue]:
    places = zip(frame["sheet"], frame["row"], strict=True)
    keys = [k if isinstance(k, str) else None for k in frame["key"]]  # None reads as NaN
    by_place = dict(compress(zip(places, keys, strict=True), keys))
    found = []
    for issue in issues:
        key = by_place.get((issue.sheet or first, issue.row))
        if issue.code not in OWN_OWNERS and not issue.email and key:
            issue = Issue(issue.row, issue.column, issue.code, issue.severity, issue.message,
                          issue.cell, key, issue.sheet)
        found.append(issue)
    return found


@settings(max_examples=150, deadline=None)
@given(rows, rows, st.booleans(), st.booleans())
def test_issues_carry_the_email_of_their_row_as_when_given_it_after(first, second, two_tabs,
                                                                     by_name):
    headers = [h for h in HEADERS if not (by_name and h == "E-mail")]
    grids = {"People": _grid("People", first, headers)}
    if two_tabs:
        grids["Ads team"] = _grid("Ads team", second, headers)
    extract = layouts.read(grids, HeaderVocabulary.build(), None)
    if isinstance(extract, layouts.Unreadable):
        return
    result = read_records(extract, base_vocabulary(), Rules(today=date(2026, 6, 1),
                                                             stale_days=365))
    unattached = [Issue(i.row, i.column, i.code, i.severity, i.message, i.cell,
                        i.email if i.code in OWN_OWNERS else None, i.sheet)
                  for i in result.issues]
    assert result.issues == _plainly_attached(unattached, result.frame,
                                              extract.layout.sheet)


def test_a_spelling_several_people_use_is_nobodys_to_fix():
    people = [{**{h: "" for h in HEADERS}, "Name": name, "E-mail": email, "Team": "Search",
               "Skills": "Pyhton, Zqxwv"} for name, email in (("Ana", "ana@x.org"),
                                                              ("Bo", "bo@x.org"))]
    extract = layouts.read({"People": _grid("People", people, HEADERS)},
                           HeaderVocabulary.build(), None)
    result = read_records(extract, base_vocabulary(), Rules(today=date(2026, 6, 1)))
    spelling = [i for i in result.issues if i.code in OWN_OWNERS]
    assert {i.code for i in spelling} == OWN_OWNERS
    assert [i.email for i in spelling] == [None] * len(spelling)
