"""Finding the data (spec §2): which row is the header and which column is which field."""

from __future__ import annotations

import pytest
from corekit import locate

from skillsync.core.headers import HeaderVocabulary, header_key
from skillsync.core.layouts.detect import Candidate, choose
from skillsync.core.layouts.table import SCAN_ROWS, Table
from skillsync.core.model import CellError, Grid

VOCABULARY = HeaderVocabulary.build()


def columns(rows: list[list], vocabulary: HeaderVocabulary = VOCABULARY, **grid) -> dict | None:
    layout = locate(Grid("Inventory", rows, **grid), vocabulary)
    return None if layout is None else layout.columns


# --------------------------------------------------------------------------- header cells


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Current project(s)", "currentprojects"),
        ("E-mail", "email"),
        ("  Full   NAME ", "fullname"),
        ("Success rate (%)", "successrate%"),
        ("Manager's e-mail", "managersemail"),
        ("Ｅ－ｍａｉｌ", "email"),
        ("—", ""),
    ],
    ids=["plural-s", "hyphen", "case-and-spaces", "percent-kept", "apostrophe", "fullwidth",
         "only-punctuation"],
)
def test_header_key(text, key):
    assert header_key(text) == key


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Name", "name"),
        ("Full Name", "name"),
        ("full name", "name"),
        ("FULL_NAME", "name"),
        ("Employee name", "name"),
        ("Email", "email"),
        ("E-mail", "email"),
        ("E-Mail Address", "email"),
        ("Email:", "email"),
        ("Work e-mail", "email"),
        ("Team", "team"),
        ("Department", "team"),
        ("Squad", "team"),
        ("Role", "role"),
        ("Job title", "role"),
        ("Manager e-mail", "manager"),
        ("Reports to", "manager"),
        ("Location", "location"),
        ("Office", "location"),
        ("Areas of Expertise", "expertise"),
        ("Skills", "expertise"),
        ("Skill set", "expertise"),
        ("Expertise (level 1-5)", "expertise"),
        ("Past projects", "past_projects"),
        ("Previous project(s)", "past_projects"),
        ("Success rate", "success_rate"),
        ("Success rate %", "success_rate"),
        ("Project success rate", "success_rate"),
        ("Current project(s)", "current_projects"),
        ("Current Projects", "current_projects"),
        ("Working on", "current_projects"),
        ("Want to learn next", "learn"),
        ("Want to learn", "learn"),
        ("Learning goals", "learn"),
        ("What do you want to learn next?", "learn"),
        ("Availability", "availability"),
        ("Capacity", "availability"),
        ("Last updated", "last_updated"),
        ("Last Update", "last_updated"),
        ("Timestamp", "last_updated"),
    ],
    ids=lambda v: v,
)
def test_match_known_spellings(text, field):
    found = VOCABULARY.match(text)
    assert found is not None and found[0] == field


@pytest.mark.parametrize(
    ("text", "strength"),
    [("E-mail", 2), ("Areas of Expertise", 2), ("What do you want to learn next?", 1),
     ("Skills I want to learn", 1)],
    ids=["exact", "exact-long", "contained", "contained-longest-wins"],
)
def test_match_strength(text, strength):
    found = VOCABULARY.match(text)
    assert found is not None and found[1] == strength


def test_contained_match_prefers_the_longest_spelling():
    # "skills" (expertise) and "want to learn" (learn) are both inside; the longer wins.
    assert VOCABULARY.match("Skills I want to learn") == ("learn", 1)


@pytest.mark.parametrize("text", ["Notes", "Comments", "", "   ", "#", "Project"],
                         ids=["notes", "comments", "empty", "spaces", "hash", "project"])
def test_match_nothing(text):
    assert VOCABULARY.match(text) is None


@pytest.mark.parametrize(
    ("extra", "text", "field"),
    [
        ({"email": ["Kontakt"]}, "kontakt", "email"),
        ({"name": ["Navn", "Fulde navn"]}, "Fulde-Navn", "name"),
        ({"expertise": ["Superpowers"]}, "SUPERPOWERS", "expertise"),
        ({"team": ["Department"]}, "Department", "team"),
        ({"location": ["Team"]}, "Team", "location"),
    ],
    ids=["new-email-alias", "forgiving-config-alias", "new-expertise-alias",
         "repeat-of-shipped", "config-wins-over-shipped"],
)
def test_build_with_extra_aliases(extra, text, field):
    assert HeaderVocabulary.build(extra).match(text)[0] == field


def test_build_with_extra_does_not_change_the_default():
    HeaderVocabulary.build({"email": ["Kontakt"]})
    assert HeaderVocabulary.build().match("Kontakt") is None


# --------------------------------------------------------------------------- locate


@pytest.mark.parametrize(
    ("rows", "header_row"),
    [
        ([["Name", "Email", "Team"], ["Ana", "ana@x.com", "Risk"]], 1),
        ([["DS skills inventory 2026"], ["Name", "Email", "Team"]], 2),
        ([["DS skills inventory 2026"],
          ["Please keep your row up to date; add your name and email"],
          [],
          ["Full Name", "E-mail", "Team", "Areas of Expertise"],
          ["Ana", "ana@x.com", "Risk", "NLP (4)"]], 4),
        ([[None, None], ["", ""], [None, "Name", "Email"]], 3),
        ([["Last updated: 2026-11-01", None, None], ["Owner", "ds-lead@x.com", None],
          ["Name", "E-mail", "Team", "Skills"]], 3),
        ([["Name", "Email"], ["Note: one row per person", ""],
          ["Name", "E-mail", "Team", "Skills"]], 3),
    ],
    ids=["first-row", "under-title", "title-notes-blank-above", "blank-rows-above",
         "metadata-above", "fullest-row-wins"],
)
def test_locate_finds_header_row(rows, header_row):
    layout = locate(Grid("Inventory", rows), VOCABULARY)
    assert layout is not None
    assert layout.header_row == header_row
    assert layout.sheet == "Inventory"
    assert "email" in layout.columns


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Full Name", "E-mail", "Areas of Expertise", "Current project(s)",
          "Want to learn next"],
         {"name": 0, "email": 1, "expertise": 2, "current_projects": 3, "learn": 4}),
        (["E-mail", "Name"], {"email": 0, "name": 1}),
        (["Name", "E-mail", "Team", "Role", "Manager e-mail", "Location", "Expertise",
          "Past projects", "Success rate", "Current projects", "Want to learn", "Availability",
          "Last updated"],
         {"name": 0, "email": 1, "team": 2, "role": 3, "manager": 4, "location": 5,
          "expertise": 6, "past_projects": 7, "success_rate": 8, "current_projects": 9,
          "learn": 10, "availability": 11, "last_updated": 12}),
        (["Data scientist", "Work email", "Squad", "Skill set", "Learning goals", "Hit rate",
          "As of"],
         {"name": 0, "email": 1, "team": 2, "expertise": 3, "learn": 4, "success_rate": 5,
          "last_updated": 6}),
        (["Name", CellError("#REF!"), "Email", 5, "Team"], {"name": 0, "email": 2, "team": 4}),
        (["Employee ID", "Employee Name", "Work E-mail", "Dept"],
         {"name": 1, "email": 2, "team": 3}),
        (["Email", "E-mail address", "Name"], {"email": 0, "name": 2}),
    ],
    ids=["spec-synonyms", "any-order", "every-field", "other-synonyms",
         "non-text-header-cells-skipped", "exact-beats-contained", "first-email-column-wins"],
)
def test_locate_maps_fields_to_columns(header, expected):
    assert columns([header]) == expected


def test_locate_keeps_header_text_and_ignored_columns():
    layout = locate(Grid("Inventory", [["  Full Name ", "E-mail", "Notes", "Comments", None]]),
                    VOCABULARY)
    assert layout.headers == {"name": "Full Name", "email": "E-mail"}
    assert layout.ignored == ("Notes", "Comments")


@pytest.mark.parametrize(
    ("rows", "grid", "header_row", "email_letter"),
    [
        ([["Name", "Email"]], {}, 1, "B"),
        ([["Title"], [None, "Name", "Email"]], {"first_row": 3}, 4, "C"),
        ([[None, "Name", "Email"]], {"first_row": 5, "first_col": 2}, 5, "D"),
        ([["Email", "Name"]], {"first_col": 27}, 1, "AA"),
    ],
    ids=["a1", "grid-starts-on-row-3", "grid-starts-at-B5", "grid-starts-at-AA"],
)
def test_locate_reports_sheet_coordinates(rows, grid, header_row, email_letter):
    layout = locate(Grid("Inventory", rows, **grid), VOCABULARY)
    assert layout.header_row == header_row
    assert layout.letter("email") == email_letter


@pytest.mark.parametrize(
    "rows",
    [
        [["Title"], ["Email"], ["ana@x.com"]],
        [["Name", "ana@x.com", "Risk"]],
        [],
        [[None, None], []],
        [["Kontakt", "Navn"], ["ana@x.com", "Ana"]],
    ],
    ids=["email-alone", "email-value-not-header", "empty-grid", "blank-grid",
         "unknown-language"],
)
def test_locate_without_a_column_saying_who_is_none(rows):
    assert locate(Grid("Inventory", rows), VOCABULARY) is None


def test_without_an_email_column_people_are_known_by_name():
    layout = locate(Grid("Inventory", [["Name", "Team", "Skills"], ["Ana", "Risk", "NLP"]]),
                    VOCABULARY)
    assert layout is not None and "email" not in layout.columns
    assert layout.columns == {"name": 0, "team": 1, "expertise": 2}


def test_a_column_of_addresses_is_the_email_column_whatever_its_header():
    rows = [["Kontakt", "Navn"], ["ana@x.com", "Ana"], ["bo@x.com", "Bo"]]
    assert columns(rows, HeaderVocabulary.build({"name": ["Navn"]})) == {"name": 1, "email": 0}


@pytest.mark.parametrize(
    ("extra", "header", "expected"),
    [
        ({"email": ["Kontakt"], "name": ["Navn"]}, ["Kontakt", "Navn"], {"email": 0, "name": 1}),
        ({"expertise": ["Superpowers"]}, ["Name", "Email", "Superpowers"],
         {"name": 0, "email": 1, "expertise": 2}),
        # "Email" now means team: no e-mail column is left, so people are known by name.
        ({"team": ["Email"]}, ["Name", "Email", "Team"], {"name": 0, "team": 1}),
    ],
    ids=["config-finds-email", "config-adds-field", "config-remaps-email-away"],
)
def test_locate_with_config_aliases(extra, header, expected):
    assert columns([header], HeaderVocabulary.build(extra)) == expected


def test_locate_scans_only_the_top_of_the_tab():
    filler = [[f"note {i}"] for i in range(SCAN_ROWS + 10)]
    assert locate(Grid("Inventory", [*filler, ["Name", "Email"]]), VOCABULARY) is None
    assert locate(Grid("Inventory", [*filler[:40], ["Name", "Email"]]),
                  VOCABULARY).header_row == 41


# --------------------------------------------------------------------------- choosing the tab


def _candidate(sheet: str, fields: int) -> Candidate:
    names = ["email", "name", "team", "expertise", "learn"][:fields]
    keys = frozenset(f"{sheet}{n}" for n in names)
    table = Table(sheet, 0, 1, 1, {n: i for i, n in enumerate(names)}, {n: n for n in names},
                  signature=keys)
    return Candidate("rows", table)


@pytest.mark.parametrize(
    ("candidates", "chosen"),
    [
        ([_candidate("Contacts", 2), _candidate("Inventory", 5)], "Inventory"),
        ([_candidate("Inventory", 5), _candidate("Old", 3)], "Inventory"),
        ([_candidate("First", 3), _candidate("Second", 3)], "First"),
        ([_candidate("Only", 2)], "Only"),
    ],
    ids=["most-fields-later", "most-fields-first", "tie-first-tab", "single"],
)
def test_choose_inventory(candidates, chosen):
    best, together, _ = choose(candidates)
    assert best.table.sheet == chosen and together == [best]


def test_choose_inventory_of_nothing_is_none():
    assert choose([]) == (None, [], [])


def test_tabs_with_the_same_columns_are_read_together():
    one, two = _candidate("Search", 4), _candidate("Vision", 4)
    same = Table("Vision", 0, 1, 1, one.table.fields, one.table.headers,
                 signature=one.table.signature)
    _best, together, others = choose([one, Candidate("rows", same), _candidate("Old", 3)])
    assert [c.table.sheet for c in together] == ["Search", "Vision"]
    assert others == ["Old"] and two.table.sheet == "Vision"


def test_rows_repeating_one_value_are_never_read_as_people_across():
    """Five copies of one row without addresses: the 'Current projects' row, P1 five times,
    is not a row of people's names, so the sheet stays the usual one-row-per-person table."""
    header = ["Name", "E-mail", "Team", "Skills", "Want to learn", "Current projects",
              "Success rate", "Manager", "Last updated"]
    row = ["Ana Lima", "n/a", "Search", "NLP (4), SQL", "Rust", "P1", 0.5, "", None]
    layout = locate(Grid("People", [header] + [list(row) for _ in range(5)]), VOCABULARY)
    assert layout is not None and layout.name == "rows" and layout.header_row == 1
