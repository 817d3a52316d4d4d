"""A header whose words lie over two rows is read as one header: neither row alone is
taken for it (the lower one would then be read as a person), and no column is lost."""

from __future__ import annotations

from datetime import date

import pytest
from corekit import HEADERS, extract

from skillsync.core import analysis, layouts
from skillsync.core.layouts import headerrows
from skillsync.core.model import Grid
from skillsync.core.people import Rules
from skillsync.reading import base_vocabulary

PEOPLE = [["Ana Lima", "ana@corp.com", "Search", "Python 4, SQL", "Search revamp", "80%"],
          ["Bo Chen", "bo@corp.com", "Vision", "SQL 3, PyTorch 5", "Image tags", "70%"],
          ["Cy Dee", "cy@corp.com", "Vision", "NLP", "Chatbot", "90%"]]
FIELDS = {"name": 0, "email": 1, "team": 2, "expertise": 3, "current_projects": 4,
          "success_rate": 5}


def read(rows: list[list], merged: tuple = ()) -> dict:
    found = extract(Grid("People", rows, merged=merged))
    assert found is not None
    return found


def test_words_split_over_two_rows_are_one_header():
    found = read([[None, None, None, None, "Current", "Success"],
                  ["Name", "E-mail", "Team", "Skills", "projects", "rate"], *PEOPLE])
    assert found.layout.columns == FIELDS
    assert found.layout.headers["current_projects"] == "Current projects"
    assert found.layout.header_row == 2 and len(found.records.rows) == 3


def test_a_merged_band_names_the_columns_under_it():
    """'Projects' merged over 'Past' and 'Current'; 'Skills' over 'Current' and 'Want to
    learn': the two 'Current' columns are told apart by their band."""
    rows = [["Person", None, None, "Skills", None, "Projects", None, "Last"],
            ["Name", "E-mail", "Team", "Current", "Want to learn", "Past", "Current",
             "updated"],
            ["Ana Lima", "ana@corp.com", "Search", "Python 4, SQL", "Rust", "Churn model",
             "Search revamp", "2026-11-02"],
            ["Bo Chen", "bo@corp.com", "Vision", "SQL 3", "MLOps", "Image tagging",
             "Search revamp", "2026-11-30"]]
    merged = ((1, 1, 1, 3), (1, 4, 1, 5), (1, 6, 1, 7))
    found = read(rows, merged=merged)
    assert found.layout.columns == {"name": 0, "email": 1, "team": 2, "learn": 4,
                                    "past_projects": 5, "current_projects": 6,
                                    "last_updated": 7}
    assert len(found.records.rows) == 2
    # 'Current' under 'Skills' names no field; it lists skills, read as the skills column
    vocabulary = base_vocabulary()
    known = extract(Grid("People", rows, merged=merged), HEADERS,
                    layouts.Options(known=vocabulary.known))
    assert known is not None
    people = analysis.analyse(known, vocabulary, Rules(today=date(2026, 12, 1))).people
    ana = people[people["name"] == "Ana Lima"].iloc[0]
    assert [s for s, _, _ in ana["expertise"]] == ["Python", "SQL"]
    assert list(ana["learn"]) == ["Rust"] and list(ana["current_projects"]) == ["Search revamp"]


def test_a_complete_header_never_absorbs_the_first_person():
    """Without an e-mail column, a first person of texts joined to the header would name
    more fields ('Notes' over 'Available from June'); that person stays a person."""
    rows = [["Name", "Team", "Skills", "Want to learn", "Notes"],
            ["Ana Lima", "Search", "Python (5), SQL (4)", "Rust", "Available from June"],
            ["Bo Chen", "Vision", "PyTorch (4)", "Go", ""],
            ["Cy Dee", "Vision", "NLP", "Spark", ""]]
    found = read(rows)
    assert found.layout.header_row == 1 and len(found.records.rows) == 3


def test_bands_over_skill_names_leave_the_names_alone():
    """A 'Skills' band and a 'Want to learn' band over skill names: the skills are the
    names as typed, never 'Skills Python'."""
    rows = [["Name", "Email", "Team", "Skills", None, "Want to learn", None],
            [None, None, None, "Python", "SQL", "Python", "SQL"],
            ["Ana Lima", "ana@corp.com", "Search", 4, 3, None, None],
            ["Bo Chen", "bo@corp.com", "Vision", 2, None, None, "x"],
            ["Cy Dee", "cy@corp.com", "Vision", 5, 4, None, None]]
    merged = ((1, 4, 1, 5), (1, 6, 1, 7), (1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 2, 3))
    assert headerrows.joined_header(Grid("People", rows, merged=merged), 0, HEADERS) is None
    skills = set(read(rows, merged).layout.places["People"].skills)
    assert skills and all(not name.startswith(("Skills", "Want")) for name in skills)


@pytest.mark.parametrize("top", [["Team skills inventory 2026"], ["Person", None, None]])
def test_a_title_or_band_over_known_headers_changes_nothing(top):
    rows = [top, ["Name", "E-mail", "Team", "Skills", "Current projects", "Success rate"],
            *PEOPLE]
    assert headerrows.joined_header(Grid("People", rows), 0, HEADERS) is None
    assert read(rows).layout.columns == FIELDS
