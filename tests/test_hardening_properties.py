"""Properties over cell parsing, checking and dedupe (issue 11, tests): whatever a cell
holds, parsing raises nothing; dedupe never loses a source row; and merging does not
depend on the order of the rows.
"""

from __future__ import annotations

from datetime import date, datetime

from corekit import analyse, locate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillsync.core import cells, emails, fields, ratecells, skillitems, when
from skillsync.core.model import CellError, Grid, Issue
from skillsync.core.people import Rules
from skillsync.reading import base_vocabulary

RULES = Rules(today=date(2026, 11, 27), stale_days=180)
HEADER = ["Name", "E-mail", "Team", "Skills", "Want to learn", "Current projects",
          "Success rate", "Manager e-mail", "Last updated"]
PROFILE = settings(max_examples=150, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Anything a reader hands over: text of every kind (controls, markup, separators, very
# long), numbers of every kind (NaN, infinities, huge), booleans, dates, error cells.
any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list("<>@(),;/:= \n\t.-_%&#x1234567890aAndN\x1b\u200b")),
            max_size=60),
    st.sampled_from(["n/a", "-", "NLP (4)", "SQL: 9", "=HYPERLINK(\"x\")", "<script>",
                     "a@b.c", "Jane <jane@x.com>", "mailto:A@B.COM", "85%", "1e309", "nan",
                     "(" * 50, "a and b", "x" * 40_000]),
)
any_cell = st.one_of(
    any_text, st.none(), st.booleans(), st.integers(), st.floats(),
    st.floats(allow_nan=False, allow_infinity=False), st.dates(), st.datetimes(),
    st.builds(CellError, st.sampled_from(["#N/A", "#REF!", "#DIV/0!", "=A1+1"])),
)


@PROFILE
@given(any_cell)
def test_no_cell_value_makes_a_parser_raise(value):
    vocabulary = base_vocabulary()
    parsers = [fields.text, fields.email, fields.manager, fields.item_list,
               fields.skills(vocabulary), fields.rate(True), fields.rate(False),
               fields.last_updated(RULES.today, True, 180),
               fields.last_updated(RULES.today, False, None)]
    for parse in parsers:
        _, problems = parse(value)
        assert all(isinstance(code, str) and isinstance(message, str)
                   for code, _, message in problems)
    assert isinstance(cells.is_blank(value), bool)
    when.parse_date(value)
    ratecells.parse_rate(value, True)
    text = cells.raw_text(value)
    for item in cells.split_items(text):
        skillitems.parse(item, base_vocabulary().known)
    emails.email_problem(emails.normalize_email(text))


@PROFILE
@given(st.lists(st.lists(any_cell, min_size=0, max_size=len(HEADER)), max_size=8))
def test_checking_any_sheet_gives_issues_never_exceptions(rows):
    grid = Grid("People", [HEADER, *rows])
    layout = locate(grid)
    assert layout is not None
    result = analyse(grid, layout, base_vocabulary(), RULES)
    assert all(isinstance(i, Issue) and i.message for i in result.issues)
    assert result.rows_read <= len(rows)


# People drawn from a small pool, so the same e-mail (in other spellings) comes back.
EMAILS = ["ana@x.com", " ANA@x.com", "mailto:ana@x.com", "Ana <ana@x.com>", "wei@x.com",
          "wei@x.com ", "kofi@y.org", "n/a", "", "not-an-address"]
NAMES = ["Ana Lima", "ana lima", "Lima, Ana", "Wei Zhang", "Zhang Wei", "Kofi", ""]
person = st.tuples(
    st.sampled_from(NAMES), st.sampled_from(EMAILS), st.sampled_from(["Search", "search ", ""]),
    st.sampled_from(["NLP (4), SQL", "nlp (5)", "CV", "", "PyTorch; k8s"]),
    st.sampled_from(["Rust", "", "JAX, Rust"]), st.sampled_from(["P1", "P2", ""]),
    st.sampled_from([0.5, "80%", "", "high"]), st.sampled_from(["boss@x.com", ""]),
    st.sampled_from([date(2026, 1, 1), date(2026, 6, 1), datetime(2026, 3, 1), None]),
)


def people_of(rows: list[tuple]):
    grid = Grid("People", [HEADER, *[list(r) for r in rows]])
    layout = locate(grid)
    return analyse(grid, layout, base_vocabulary(), RULES)


@PROFILE
@given(st.lists(person, min_size=1, max_size=12))
def test_dedupe_never_loses_a_source_row(rows):
    result = people_of(rows)
    keyed = {2 + i for i, r in enumerate(rows) if not emails.email_problem(
        emails.normalize_email(cells.clean_text(r[1]))) and any(r)}
    held = [row for rows_of in result.people["rows"] for row in rows_of]
    assert sorted(held) == sorted(set(held)), "a row belongs to two people"
    assert set(held) == keyed, "a row with a usable e-mail is in nobody"
    merged = {r for d in result.duplicates if d.action == "merged" for r in d.rows}
    assert merged <= set(held)


def summary(rows: list[tuple]) -> dict:
    """What merging decides, as sets: independent of which row came first."""
    result = people_of(rows)
    found = {}
    for person_row in result.people.to_dict("records"):
        found[person_row["key"]] = (
            len(person_row["rows"]),
            frozenset(person_row["expertise"]) if person_row["expertise"] else frozenset(),
            frozenset(person_row["learn"]), frozenset(person_row["current_projects"]),
            person_row["last_updated"],
        )
    conflicts = {(d.emails, frozenset((k, frozenset(v)) for k, v in d.conflicts.items()))
                 for d in result.duplicates if d.action == "merged"}
    return {"people": found, "conflicts": conflicts,
            "issues": sorted((i.code, i.column or "") for i in result.issues)}


@PROFILE
@given(st.lists(person, min_size=2, max_size=10).flatmap(
    lambda rows: st.tuples(st.just(rows), st.permutations(rows))))
def test_merging_does_not_depend_on_row_order(pair):
    rows, shuffled = pair
    assert summary(rows) == summary(list(shuffled))
