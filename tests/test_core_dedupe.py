"""Deduplicating (spec §6): one person per e-mail; same-name pairs proposed for review."""

from __future__ import annotations

import math
from datetime import date

import pytest
from corekit import analyse, locate, read_rows

from skillsync.core.dedupe import merge_by_email
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.model import Grid, Severity
from skillsync.core.names import name_key, numbered_namesakes
from skillsync.core.namesakes import propose_same_name
from skillsync.core.people import Rules

RULES = Rules(today=date(2026, 11, 27))
HEADER = ["Name", "Email", "Team", "Skills", "Past projects", "Current projects",
          "Want to learn", "Success rate", "Role", "Last updated"]
FIELDS = ["name", "email", "team", "skills", "past", "current", "learn", "rate", "role",
          "updated"]


def shipped_vocabulary():
    """The packaged skills.toml vocabulary (skillsync.sync was renamed skillsync.pipeline)."""
    try:
        from skillsync.sync import base_vocabulary
    except ImportError:
        from skillsync.reading import base_vocabulary
    return base_vocabulary()


def person(name: str, email: str, **values) -> list:
    """One sheet row under HEADER; unknown keyword names are a test bug."""
    assert set(values) <= set(FIELDS), set(values) - set(FIELDS)
    return [name, email, *(values.get(f, "") for f in FIELDS[2:])]


def run(*rows: list, not_same=(), header=HEADER, rules=RULES):
    grid = Grid("Inventory", [list(header), *rows])
    layout = locate(grid, HeaderVocabulary.build())
    return analyse(grid, layout, shipped_vocabulary(), rules, not_same)


def reviews(analysis):
    return [d for d in analysis.duplicates if d.action == "review"]


def merges(analysis):
    return [d for d in analysis.duplicates if d.action == "merged"]


# --------------------------------------------------------------------------- name keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zhang, Wei", "Wei Zhang"),
        ("wei ZHANG", "Wei Zhang"),
        ("Jean-Luc Picard", "Picard, Jean Luc"),
        ("Søren Østergaard", "Soren Ostergaard"),
        ("Łukasz Nowak", "Lukasz Nowak"),
        ("Nowak, Łukasz", "lukasz nowak"),
        ("José García", "Jose Garcia"),
        ("Đorđe Petrović", "Dorde Petrovic"),
        ("Björn Ænes", "Bjorn Aenes"),
        ("Bob Smith", "Robert Smith"),
        ("Bobby smith", "Smith, Rob"),
        ("Mike Ross", "Michael Ross"),
        ("Liz Taylor", "Elizabeth Taylor"),
        ("Kate O'Brien", "Catherine O'Brien"),
        ("John A. Smith", "John Smith"),
        ("Ｊｏｈｎ Ｓｍｉｔｈ", "John Smith"),
        ("  John   SMITH ", "john smith"),
    ],
    ids=["comma-swap", "case", "hyphen-and-swap", "o-slash", "l-stroke", "l-stroke-swapped",
         "accents", "d-stroke", "ae-ligature", "nickname-bob", "nickname-bobby-rob",
         "nickname-mike", "nickname-liz", "nickname-kate", "initial-dropped", "fullwidth",
         "spaces"],
)
def test_name_key_same_person_like_name(a, b):
    assert name_key(a) == name_key(b) != ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("John Smith", "Jane Smith"),
        ("John Smith", "John Smithson"),
        ("Ana Lima", "Ana Lima Costa"),
        ("Wei Zhang", "Wei Zhao"),
    ],
    ids=["other-first-name", "longer-surname", "extra-surname", "other-surname"],
)
def test_name_key_different_names(a, b):
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize("name", ["Madonna", "Ng", "", "A. B.", "  ", "1234"],
                         ids=["mononym", "two-letters", "empty", "initials", "spaces", "digits"])
def test_name_key_empty_when_not_person_like(name):
    assert name_key(name) == ""


def test_name_key_transliterates_cyrillic_into_one_token():
    assert name_key("Ольга Иванова") == name_key("Olga Ivanova")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("john.smith@x.com", "john.smith2@x.com", True),
        ("john.smith1@x.com", "john.smith2@x.com", True),
        ("john.smith@x.com", "john.smith02@x.com", True),
        ("john.smith@x.com", "john.smith2@y.com", False),
        ("john.smith@x.com", "jsmith@x.com", False),
        ("john.smith@x.com", "john.smith@x.com", False),
        ("john.smith@x.com", "john.smith@gmail.com", False),
    ],
    ids=["plain-vs-2", "1-vs-2", "plain-vs-02", "other-domain", "other-stem", "same-address",
         "same-local-other-domain"],
)
def test_numbered_namesakes(a, b, expected):
    assert numbered_namesakes(a, b) is expected
    assert numbered_namesakes(b, a) is expected


# --------------------------------------------------------------------------- merge by e-mail


@pytest.mark.parametrize(
    "spellings",
    [
        ("ana@x.com", "ANA@X.COM"),
        ("ana@x.com", "  ana@x.com  "),
        ("ana@x.com", "mailto:ana@x.com"),
        ("ana@x.com", "MAILTO:Ana@X.com"),
        ("ana@x.com", "ａｎａ@ｘ.com"),
        ("Ana@X.com", " mailto:ANA@x.com ", "ａｎａ@x.COM"),
    ],
    ids=["case", "spaces", "mailto", "mailto-upper", "fullwidth-nfkc", "three-spellings"],
)
def test_equal_emails_after_normalising_are_one_person(spellings):
    rows = [person("Ana Lima", e, team="Risk") for e in spellings]
    result = run(*rows, person("Bo Chen", "bo@x.com", team="Risk"))
    assert len(result.people) == 2
    [merged] = merges(result)
    assert merged.rows == tuple(range(2, 2 + len(spellings)))
    assert merged.emails == ("ana@x.com",)
    assert merged.conflicts == {}
    assert reviews(result) == []
    assert result.people.loc[0, "rows"] == merged.rows


def test_merge_unions_list_fields():
    result = run(
        person("Ana Lima", "ana@x.com", team="Risk", skills="NLP (3), Python",
               past="Churn", current="Pricing", learn="CV"),
        person("Ana Lima", "ANA@x.com", team="Risk", skills="NLP (5), SQL",
               past="Churn; Fraud", current="Search", learn="CV, RL"),
    )
    [ana] = result.people.to_dict("records")
    assert ana["expertise"] == (("Natural Language Processing", 5, "5"), ("Python", None, ""),
                                ("SQL", None, ""))
    assert ana["past_projects"] == ("Churn", "Fraud")
    assert ana["current_projects"] == ("Pricing", "Search")
    assert ana["learn"] == ("Computer Vision", "Reinforcement Learning")
    assert ana["team"] == "Risk"
    assert ana["rows"] == (2, 3)
    # NLP at 3 on one row and 5 on the other: the higher is read, and the rows disagree.
    [merged] = merges(result)
    assert merged.conflicts == {"Skills": ("Natural Language Processing 3",
                                           "Natural Language Processing 5")}
    [issue] = [i for i in result.issues if i.code == "conflict"]
    assert (issue.row, issue.column) == (2, "Skills")
    assert "the higher level is read (Natural Language Processing 5)" in issue.message


@pytest.mark.parametrize(
    ("first", "second", "header", "conflict", "field", "kept"),
    [
        ({"team": "Risk"}, {"team": "Ops"}, "Team", ("Risk", "Ops"), "team", ""),
        ({"rate": "80%"}, {"rate": "90%"}, "Success rate", ("80%", "90%"), "success_rate",
         math.nan),
        ({"role": "Senior DS"}, {"role": "Lead DS"}, "Role", ("Senior DS", "Lead DS"), "role",
         ""),
    ],
    ids=["team", "success-rate", "role"],
)
def test_disagreeing_scalars_are_flagged_never_guessed(first, second, header, conflict, field,
                                                       kept):
    result = run(person("Ana Lima", "ana@x.com", **first),
                 person("Ana Lima", "ana@x.com", **second))
    [merged] = merges(result)
    assert merged.conflicts == {header: conflict}
    value = result.people.loc[0, field]
    if isinstance(kept, float):
        assert math.isnan(value)  # not 85%: never averaged
    else:
        assert value == kept
    [issue] = [i for i in result.issues if i.code == "conflict"]
    letter = "ABCDEFGHIJ"[HEADER.index(header)]
    assert (issue.row, issue.column, issue.severity, issue.cell, issue.email) == (
        2, header, Severity.WARNING, f"{letter}2", "ana@x.com")
    assert "row 2" in issue.message and "row 3" in issue.message
    assert "delete" in issue.message


@pytest.mark.parametrize(
    ("first", "second", "field", "expected"),
    [
        ({"team": "Risk"}, {"team": ""}, "team", "Risk"),
        ({"team": ""}, {"team": "Risk"}, "team", "Risk"),
        ({"team": "Risk"}, {"team": "  Risk "}, "team", "Risk"),
        ({"rate": "85%"}, {"rate": 0.85}, "success_rate", 0.85),
        ({"rate": "85%"}, {"rate": ""}, "success_rate", 0.85),
    ],
    ids=["blank-second", "blank-first", "spaces-differ", "rate-spellings", "rate-blank"],
)
def test_agreeing_or_missing_scalars_are_no_conflict(first, second, field, expected):
    result = run(person("Ana Lima", "ana@x.com", **first),
                 person("Ana Lima", "ana@x.com", **second))
    [merged] = merges(result)
    assert merged.conflicts == {}
    assert [i for i in result.issues if i.code == "conflict"] == []
    assert result.people.loc[0, field] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("dates", "teams", "kept"),
    [
        ((date(2026, 1, 1), date(2026, 3, 1)), ("Risk", "Ops"), "Ops"),
        ((date(2026, 3, 1), date(2026, 1, 1)), ("Risk", "Ops"), "Risk"),
        (("2026-03-01", 46023), ("Risk", "Ops"), "Risk"),
        ((date(2026, 1, 1), None), ("Risk", "Ops"), "Risk"),
        ((date(2026, 1, 1), date(2026, 1, 1)), ("Risk", "Ops"), ""),
        ((None, None), ("Risk", "Ops"), ""),
    ],
    ids=["later-row-newer", "earlier-row-newer", "text-vs-serial", "only-one-dated",
         "same-date-no-guess", "no-dates-no-guess"],
)
def test_last_updated_breaks_the_tie(dates, teams, kept):
    result = run(person("Ana Lima", "ana@x.com", team=teams[0], updated=dates[0]),
                 person("Ana Lima", "ana@x.com", team=teams[1], updated=dates[1]))
    assert result.people.loc[0, "team"] == kept
    [merged] = merges(result)
    assert merged.conflicts == {"Team": teams}  # still shown, even when resolved
    [issue] = [i for i in result.issues if i.code == "conflict"]
    if kept:
        assert f"('{kept}')" in issue.message
    else:
        assert "will not guess" in issue.message


def test_merged_person_keeps_every_source_row_and_name():
    result = run(person("Ana Lima", "ana@x.com"), person("Bo Chen", "bo@x.com"),
                 person("A. Lima", "ana@x.com"), person("Ana Lima", "ANA@x.com"))
    [merged] = merges(result)
    assert merged.rows == (2, 4, 5)
    assert merged.names == ("Ana Lima", "A. Lima")
    assert merged.reason == "same e-mail ana@x.com"
    assert list(result.people["key"]) == ["ana@x.com", "bo@x.com"]


def test_each_skill_of_a_merged_person_points_at_the_row_that_named_it():
    """People × Skills links every skill to its own source row: the first row naming it,
    whether the person has one row or several."""
    from skillsync.core import schema

    result = run(person("Ana Lima", "ana@x.com", skills="Python, SQL"),
                 person("Bo Chen", "bo@x.com", skills="Docker"),
                 person("Ana Lima", "ana@x.com", skills="SQL, Spark"),
                 person("Cy Diaz", "cy@x.com"))
    tidy = schema.tidy(result.people)
    held = tidy[tidy["kind"] == "expertise"]
    rows = dict(zip(zip(held["email"], held["skill"], strict=True), held["row"].tolist(),
                    strict=True))
    assert rows == {("ana@x.com", "Python"): 2, ("ana@x.com", "SQL"): 2,
                    ("ana@x.com", "Spark"): 4, ("bo@x.com", "Docker"): 3}


# --------------------------------------------------------------------------- same-name review


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wei Zhang", "Zhang, Wei"),
        ("ana lima", "ANA LIMA"),
        ("Søren Østergaard", "Soren Ostergaard"),
        ("Łukasz Nowak", "Lukasz Nowak"),
        ("Bob Smith", "Robert Smith"),
        ("Mike Ross", "Michael Ross"),
        ("José García", "Garcia, Jose"),
    ],
    ids=["swapped", "case", "o-slash", "l-stroke", "nickname-bob", "nickname-mike",
         "accents-swapped"],
)
def test_same_name_different_emails_proposed_for_review(a, b):
    result = run(person(a, "first@x.com", team="Risk"),
                 person("Bo Chen", "bo@x.com", team="Risk"),
                 person(b, "second@y.com", team="Ops"))
    assert len(result.people) == 3  # never merged
    [proposal] = reviews(result)
    assert proposal.action == "review"
    assert proposal.rows == (2, 4)
    assert proposal.emails == ("first@x.com", "second@y.com")
    assert set(proposal.names) == {a, b}
    assert proposal.conflicts == {"Team": ("Risk", "Ops")}
    assert merges(result) == []


@pytest.mark.parametrize(
    ("a", "b", "email_a", "email_b"),
    [
        ("John Smith", "Jane Smith", "john@x.com", "jane@x.com"),
        ("Madonna", "Madonna", "m1@x.com", "m2@y.com"),
        ("John Smith", "John Smith", "john.smith@x.com", "john.smith2@x.com"),
        ("John Smith", "Smith, John", "john.smith1@x.com", "john.smith2@x.com"),
        ("", "", "a@x.com", "b@x.com"),
    ],
    ids=["different-names", "mononym", "numbered-namesakes", "numbered-namesakes-swapped",
         "no-names"],
)
def test_not_proposed(a, b, email_a, email_b):
    result = run(person(a, email_a), person(b, email_b))
    assert result.duplicates == []
    assert len(result.people) == 2


def test_numbered_addresses_on_other_domains_are_still_proposed():
    result = run(person("John Smith", "john.smith@x.com"),
                 person("John Smith", "john.smith2@y.com"))
    [proposal] = reviews(result)
    assert proposal.emails == ("john.smith@x.com", "john.smith2@y.com")


@pytest.mark.parametrize(
    "pair",
    [
        frozenset({"ana@x.com", "ana.lima@y.com"}),
        frozenset({"ana.lima@y.com", "ana@x.com"}),
    ],
    ids=["as-listed", "other-order"],
)
def test_pairs_marked_not_the_same_person_are_not_proposed_again(pair):
    rows = (person("Ana Lima", "ana@x.com"), person("Lima, Ana", "ana.lima@y.com"))
    assert len(reviews(run(*rows))) == 1
    assert reviews(run(*rows, not_same={pair})) == []


def test_proposal_lists_all_source_rows_of_a_merged_person():
    result = run(person("Ana Lima", "ana@x.com", team="Risk"),
                 person("Bo Chen", "bo@x.com"),
                 person("Ana Lima", "ANA@x.com", team="Risk"),
                 person("Lima, Ana", "ana.lima@y.com", team="Ops"))
    [proposal] = reviews(result)
    assert proposal.rows == (2, 4, 5)
    assert proposal.emails == ("ana@x.com", "ana.lima@y.com")
    assert proposal.names == ("Ana Lima", "Lima, Ana")
    assert proposal.conflicts == {"Team": ("Risk", "Ops")}
    assert proposal.as_dict()["rows"] == [2, 4, 5]


def test_proposal_lists_conflicting_values_of_an_unresolved_merged_person():
    result = run(person("John Smith", "a@x.com", team="A"),
                 person("John Smith", "A@x.com", team="B"),
                 person("Smith, John", "b@y.com", team="C"))
    [proposal] = reviews(result)
    assert proposal.rows == (2, 3, 4)
    assert set(proposal.conflicts.get("Team", ())) == {"A", "B", "C"}


def test_not_same_pair_is_not_proposed_again_inside_a_larger_group():
    result = run(person("John Smith", "a@x.com"), person("John Smith", "b@x.com"),
                 person("John Smith", "c@x.com"),
                 not_same={frozenset({"a@x.com", "b@x.com"})})
    together = [d for d in reviews(result) if {"a@x.com", "b@x.com"} <= set(d.emails)]
    assert together == []
    assert any("c@x.com" in d.emails for d in reviews(result))


def test_numbered_namesakes_are_not_proposed_together_through_a_third_address():
    result = run(person("John Smith", "john.smith@x.com"),
                 person("John Smith", "john.smith2@x.com"),
                 person("Smith, John", "jsmith@gmail.com"))
    together = [d for d in reviews(result)
                if {"john.smith@x.com", "john.smith2@x.com"} <= set(d.emails)]
    assert together == []
    assert reviews(result), "jsmith@gmail.com should still be proposed with one of them"


# --------------------------------------------------------------------------- scale


def _token(prefix: str, number: int) -> str:
    letters = ""
    for _ in range(5):
        number, rest = divmod(number, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[rest]
    return prefix + letters


def test_blocked_candidate_search_finds_planted_duplicates_among_100000_people():
    # Surnames start with "q" and first names with "z", both unique per person, so no two
    # generated people share a name key, whatever the token order or nickname folding.
    crowd = [[f"{_token('z', i * 7919)} {_token('q', i)}".title(), f"p{i}@corp.com", f"T{i % 40}",
              "Python (3), SQL", "", "", "NLP", "", "", ""]
             for i in range(100_000)]
    planted = [
        person("Wei Zhang", "wei.zhang@corp.com", team="A"),       # review with the next
        person("Zhang, Wei", "wzhang@gmail.com", team="B"),
        person("Søren Østergaard", "soren@corp.com"),               # review with the next
        person("Soren Ostergaard", "s.ostergaard@corp.com"),
        person("Ana Lima", "ana.lima@corp.com"),                    # merged with the next
        person("Ana Lima", " ANA.LIMA@corp.com "),
        person("John Smith", "john.smith@corp.com"),                # numbered: not proposed
        person("John Smith", "john.smith2@corp.com"),
    ]
    first = 2 + len(crowd)
    result = run(*crowd, *planted)

    assert result.rows_read == 100_008
    assert len(result.people) == 100_007
    assert [(d.action, d.rows) for d in merges(result)] == [("merged", (first + 4, first + 5))]
    assert [(d.rows, d.emails) for d in reviews(result)] == [
        ((first, first + 1), ("wei.zhang@corp.com", "wzhang@gmail.com")),
        ((first + 2, first + 3), ("soren@corp.com", "s.ostergaard@corp.com")),
    ]
    assert reviews(result)[0].conflicts == {"Team": ("A", "B")}

    marked = {frozenset({"soren@corp.com", "s.ostergaard@corp.com"})}
    again = propose_same_name(result.people, result.layout, marked)
    assert [d.emails for d in again] == [("wei.zhang@corp.com", "wzhang@gmail.com")]


def test_propose_same_name_on_merged_people_frame():
    grid = Grid("Inventory", [HEADER,
                              person("Wei Zhang", "w@x.com", team="A"),
                              person("Zhang, Wei", "W@x.com", team="A"),
                              person("Wei Zhang", "wei@y.com", team="B")])
    layout = locate(grid, HeaderVocabulary.build())
    merged = merge_by_email(read_rows(grid, layout, shipped_vocabulary(), RULES).frame, layout)
    assert list(merged.people["name_key"]) == ["wei zhang", "wei zhang"]
    [proposal] = propose_same_name(merged.people, layout, set())
    assert (proposal.action, proposal.rows, proposal.emails) == (
        "review", (2, 3, 4), ("w@x.com", "wei@y.com"))
    assert proposal.conflicts == {"Team": ("A", "B")}


_NAME_PARTS = ["John", "J.", "Smith", "smith", "Dr", "O'Brien", "Müller", "Mueller", "Bob",
               "Robert", "刘", "玉", "-", " ", ",", "a", "Zhang", "Wei", "Łukasz", "Ж", "Jr",
               "Anne-Marie", "X", "Søren", "Ng"]


def test_initial_keys_read_from_the_name_key_agree_with_reading_the_name():
    """Same-name blocking takes a name's initial keys from its name key where it can
    (names.initial_keys_given): they must be the keys the name itself gives."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from skillsync.core.names import initial_keys, initial_keys_given

    @settings(max_examples=3000)
    @given(st.lists(st.sampled_from(_NAME_PARTS), min_size=1, max_size=5).map(" ".join))
    def check(name):
        given_keys = initial_keys_given(name, name_key(name))
        assert sorted(given_keys) == sorted(initial_keys(name))

    check()


def test_a_row_a_newer_one_replaced_is_not_asked_to_be_dated():
    """The merge says to delete the outdated row; a reminder to date it would contradict
    that. The newest row, old too, still gets its reminder."""
    from skillsync.core.codes import Code

    result = run(person("Ana Lima", "ana@x.com", skills="SQL", rate="80%", updated="2026-01-05"),
                 person("Bo Chen", "bo@x.com", skills="SQL", updated="2026-01-05"),
                 person("Ana Lima", "ANA@x.com", skills="SQL", rate="90%",
                        updated="2026-02-01"),
                 rules=Rules(today=date(2026, 11, 27), stale_days=180))
    stale = sorted(i.row for i in result.issues if i.code == Code.STALE_ROW)
    assert stale == [3, 4]  # Bo's row and Ana's newest, not Ana's replaced row 2
    [conflict] = [i for i in result.issues if i.code == Code.CONFLICT]
    assert conflict.row == 2 and "delete the outdated row" in conflict.message


@pytest.mark.parametrize(
    ("dates", "expected"),
    [(("2026-01-05", "2026-02-01"), {"Atlas": "4", "Borealis": "4"}),
     (("", ""), {"Atlas": "2", "Borealis": "4"})],
    ids=["newest-row-wins", "rows-joined"])
def test_the_projects_tab_points_each_project_at_the_row_that_named_it(dates, expected):
    """A merged person's current projects come from their newest row, or from every row
    when none is newest: the Projects tab's Rows name the row each project was read from,
    not the person's first row."""
    from skillsync.core.projecttab import projects_tab

    result = run(person("Ana Lima", "ana@x.com", current="Atlas", updated=dates[0]),
                 person("Bo Chen", "bo@x.com", current="Cosmos"),
                 person("Ana Lima", "ANA@x.com", current="Atlas, Borealis",
                        updated=dates[1]))
    frame = projects_tab(result.people, "Projects").frame
    rows = dict(zip(frame["Project"], frame["Rows"], strict=True))
    assert rows == {**expected, "Cosmos": "3"}


def test_a_project_one_person_lists_twice_counts_them_once():
    from skillsync.core.projecttab import projects_tab

    result = run(person("Bo Chen", "bo@x.com", current="Beacon; beacon"),
                 person("Ana Lima", "ana@x.com", current="Beacon"))
    [row] = projects_tab(result.people, "Projects").frame.to_dict("records")
    assert (row["Project"], row["People"], row["Who"]) == ("Beacon", 2, "Ana Lima; Bo Chen")
