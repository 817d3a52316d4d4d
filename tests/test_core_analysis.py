"""Checking and summarising (spec §5 and §7): problems as data, and the summary tabs.

Every number asserted on the tabs is traceable to the hand-made inventory INVENTORY below.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from corekit import analyse, checksum, locate

from skillsync.core.analysis import build_tabs, stray_cells
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.model import CellError, Grid, Severity
from skillsync.core.people import Rules
from skillsync.core.summary import DEFAULT_TITLES, SyncFacts
from skillsync.core.tabs import Link

TODAY = date(2026, 11, 27)
RULES = Rules(today=TODAY)
SYNCED = datetime(2026, 11, 27, 9, 30)


def shipped_vocabulary():
    """The packaged skills.toml vocabulary (skillsync.sync was renamed skillsync.pipeline)."""
    try:
        from skillsync.sync import base_vocabulary
    except ImportError:
        from skillsync.reading import base_vocabulary
    return base_vocabulary()


HEADER = ["Full Name", "E-mail", "Team", "Areas of Expertise", "Current project(s)",
          "Want to learn next", "Success rate"]
INVENTORY = [
    ["DS Skills Inventory"],                                                          # row 1
    ["Keep your own row up to date", None, None],                                     # row 2
    [None, None, None],                                                               # row 3
    HEADER,                                                                           # row 4
    ["Ana Lima", "ana@x.com", "Risk", "NLP (5), Python (3)", "Churn", "CV", "80%"],  # row 5
    ["Bo Chen", "bo@x.com", "Risk", "Python (4), SQL", "Churn; Pricing", "NLP", "90%"],
    ["Cy Diaz", "cy@x.com", "Ops", "SQL (2), CV (4)", "pricing", "NLP, Spark", ""],  # row 7
    ["Lima, Ana", "ana.lima@y.com", "Ops", "", "", "", ""],                          # row 8
    ["Ed Fox", "", "Ops", "Python (5)", "Churn", "", ""],                             # row 9
    ["Dee Eve", "DEE@x.com", "", "Kubernetes admin (4)", "", "", ""],                     # row 10
    ["Dee Eve", "mailto:dee@x.com", "", "Python", "Churn", "", ""],                   # row 11
]


def run(rows, rules: Rules = RULES, not_same=(), **grid):
    sheet = Grid("Inventory", [list(r) for r in rows], **grid)
    layout = locate(sheet, HeaderVocabulary.build())
    assert layout is not None
    return sheet, layout, analyse(sheet, layout, shipped_vocabulary(), rules, not_same)


def tabs_for(rows, rules: Rules = RULES):
    sheet, layout, result = run(rows, rules)
    facts = SyncFacts(SYNCED, "9.9.9", "inventory.xlsx", result.rows_read,
                      checksum(sheet, layout))
    return {tab.key: tab for tab in build_tabs(result, facts)}, result


def records(tab) -> list[dict]:
    return tab.frame.to_dict("records")


def by(tab, column: str) -> dict:
    return {r[column]: r for r in records(tab)}


@pytest.fixture(scope="module")
def built():
    return tabs_for(INVENTORY)


# --------------------------------------------------------------------------- analyse


def test_analyse_counts_people_rows_and_duplicates(built):
    _, result = built
    assert result.layout.header_row == 4
    assert result.rows_read == 7  # rows 5..11
    assert list(result.people["key"]) == [
        "ana@x.com", "bo@x.com", "cy@x.com", "ana.lima@y.com", "dee@x.com"]
    assert list(result.people["rows"]) == [(5,), (6,), (7,), (8,), (10, 11)]
    assert result.counts() == {
        "People": 5,
        "Rows without a usable e-mail": 1,
        "Duplicate e-mails merged": 1,
        "Possible duplicates to review": 1,
        "Errors": 1,
        "Warnings": 3,
        "Notes": 0,
    }
    assert result.skills == {"Python": 3, "SQL": 2, "Computer Vision": 1, "Kubernetes admin": 1,
                             "Natural Language Processing": 1}
    assert result.unknown_skills == {"Kubernetes admin": [10]}


def test_problems_are_data_with_sheet_row_header_text_code_severity_and_fix(built):
    _, result = built
    found = sorted((i.row, i.column, i.code, str(i.severity), i.cell)
                   for i in result.issues)
    assert found == [
        (9, "E-mail", "missing-email", "error", "B9"),
        (10, "Areas of Expertise", "unknown-skill", "warning", "D10"),
        (10, "Team", "missing-team", "warning", "C10"),
        (11, "Team", "missing-team", "warning", "C11"),
    ]
    missing = next(i for i in result.issues if i.code == "missing-email")
    assert "left out of the people count" in missing.message
    assert missing.as_dict() == {"row": 9, "column": "E-mail", "code": "missing-email",
                                 "severity": "error", "message": missing.message,
                                 "sheet": None}
    unknown = next(i for i in result.issues if i.code == "unknown-skill")
    assert "did you mean 'Kubernetes'" in unknown.message


def test_every_row_issue_carries_the_rows_email(built):
    _, result = built
    by_code = {(i.row, i.code): i.email for i in result.issues}
    assert by_code[(10, "missing-team")] == "dee@x.com"
    # A spelling only this person uses is theirs to fix.
    assert by_code[(10, "unknown-skill")] == "dee@x.com"


@pytest.mark.parametrize(
    ("email", "code"),
    [
        ("", "missing-email"),
        ("n/a", "missing-email"),
        ("ana at x dot com", "invalid-email"),
        ("ana@x", "invalid-email"),
        ('=HYPERLINK("mailto:a@x.com")', "invalid-email"),
    ],
    ids=["blank", "n-a", "words", "no-domain-dot", "formula-text"],
)
def test_row_without_usable_email_is_reported_and_not_counted(email, code):
    _, _, result = run([["Name", "Email", "Team"],
                        ["Bo Chen", "bo@x.com", "Risk"],
                        ["Ana Lima", email, "Risk"]])
    assert list(result.people["key"]) == ["bo@x.com"]
    assert result.rows_read == 2
    [issue] = [i for i in result.issues if i.row == 3]
    assert (issue.code, issue.severity, issue.column, issue.cell) == (
        code, Severity.ERROR, "Email", "B3")
    assert result.counts()["People"] == 1
    assert result.counts()["Rows without a usable e-mail"] == 1


def test_error_cell_email_counts_as_row_without_usable_email():
    _, _, result = run([["Name", "Email", "Team"],
                        ["Bo Chen", "bo@x.com", "Risk"],
                        ["Ana Lima", CellError("#N/A"), "Risk"]])
    assert list(result.people["key"]) == ["bo@x.com"]
    assert [(i.row, i.code) for i in result.issues] == [(1, "no-skills-column"),
                                                         (3, "cell-error")]
    assert result.counts()["Rows without a usable e-mail"] == 1


@pytest.mark.parametrize(
    ("grid", "header_row", "first_data_row", "email_cell"),
    [
        ({}, 4, 5, "B6"),
        ({"first_row": 3}, 6, 7, "B8"),
        ({"first_row": 2, "first_col": 3}, 5, 6, "D7"),
    ],
    ids=["a1", "grid-from-row-3", "grid-from-C2"],
)
def test_issue_rows_and_cells_are_as_the_user_sees_the_sheet(grid, header_row,
                                                              first_data_row, email_cell):
    rows = [["Title"], [], [], ["Name", "Email", "Team"], ["Ana Lima", "ana@x.com", "Risk"],
            ["Bo Chen", "not an e-mail", "Risk"]]
    _, layout, result = run(rows, **grid)
    assert layout.header_row == header_row
    [issue] = [i for i in result.issues if i.code != "no-skills-column"]
    assert (issue.row, issue.cell) == (first_data_row + 1, email_cell)
    assert result.people["rows"].iloc[0] == (first_data_row,)


def test_bad_rows_never_stop_the_sync():
    header = ["Name", "Email", "Team", "Role", "Manager email", "Location", "Skills",
              "Past projects", "Success rate", "Current projects", "Want to learn",
              "Availability", "Last updated"]
    rows = [
        header,
        [True, 12345, 3.0, date(2025, 1, 1), "boss", 7, 42, True, "", date(2025, 1, 1), 1.5,
         0.5, "soon"],
        ["Ann Bee", "ann@x.com"],  # short row
        ["Cat Dee", "cat@x.com", "T", None, None, None, "NLP (4)", None, None, None, None, None,
         None, "extra", 1, 2],  # long row
        [CellError("#N/A")] * 13,
        ["Dan Eve", "dan@x.com", "T", "", "mgr@x.com", "", True, "", float("nan"), "", "", "",
         datetime(2026, 5, 1, 12)],
        ["Eve Fay", "eve@x.com", "T", "", "", "", "Python (7), SQL (0)", "", -0.2, "", "", "",
         "31/02/2026"],
        [None] * 13,
        [],
    ]
    tabs, result = tabs_for(rows)
    assert list(result.people["key"]) == ["ann@x.com", "cat@x.com", "dan@x.com", "eve@x.com"]
    assert result.rows_read == 6
    codes = {(i.row, i.code) for i in result.issues}
    assert {(2, "invalid-email"), (5, "cell-error"), (7, "bad-level"), (7, "rate-negative"),
            (7, "bad-date"), (2, "invalid-manager-email"), (3, "missing-team")} <= codes
    assert all(i.message for i in result.issues)
    assert len(tabs) == 9  # the staffing tabs only come with requests or targets


def test_every_message_says_how_to_fix_it():
    rows = [["Name", "Email", "Team", "Skills", "Success rate", "Last updated",
             "Manager e-mail"],
            ["", "ana@x.com", "", "NLP (7), Brand strategy", "150%", "2030-01-01", "boss"],
            ["Bo Chen", "bo@", "Risk", CellError("#N/A"), "lots", "someday", ""],
            ["Bo Chen", "", "Risk", "", "", "", ""],
            ['=HYPERLINK("http://x","click")', "cy@x.com", "Ops", "", "", "", ""],
            ["Cy", "cy@x.com", "Risk", "", "", "", ""]]
    _, _, result = run(rows)
    assert len({i.code for i in result.issues}) >= 12
    verbs = ("type", "fix", "delete", "write", "add", "replace", "use", "keep", "review")
    for issue in result.issues:
        assert any(v in issue.message.casefold() for v in verbs), issue


# --------------------------------------------------------------------------- the tabs


def test_tabs_in_workbook_order_with_default_titles(built):
    tabs, _ = built
    assert list(tabs) == ["skills", "people_skills", "team_skills", "projects", "learning",
                          "issues", "duplicates", "trends", "sync"]
    assert [t.title for t in tabs.values()] == [DEFAULT_TITLES[k] for k in tabs]
    for tab in tabs.values():
        assert [c.title for c in tab.columns] == list(tab.frame.columns)


def test_build_tabs_uses_given_titles():
    _sheet, _layout, result = run(INVENTORY)
    facts = SyncFacts(SYNCED, "9.9.9", "inventory.xlsx", result.rows_read, "c")
    titles = {**DEFAULT_TITLES, "skills": "Kompetenzen", "sync": "Sync log"}
    built = build_tabs(result, facts, titles)
    assert (built[0].key, built[0].title) == ("skills", "Kompetenzen")
    assert (built[-1].key, built[-1].title) == ("sync", "Sync log")


@pytest.mark.parametrize(
    ("skill", "expected"),
    [
        ("Python", {"Category": "languages", "People": 3, "Experts": 1, "Want to learn": 0,
                    "Only one person": "", "Who": "Bo Chen (4); Ana Lima (3); Dee Eve"}),
        ("SQL", {"Category": "languages", "People": 2, "Experts": 0, "Want to learn": 0,
                 "Only one person": "", "Who": "Cy Diaz (2); Bo Chen"}),
        ("Natural Language Processing",
         {"Category": "methods", "People": 1, "Experts": 1, "Want to learn": 2,
          "Only one person": "Ana Lima", "Who": "Ana Lima (5)"}),
        ("Computer Vision", {"Category": "methods", "People": 1, "Experts": 1,
                             "Want to learn": 1, "Only one person": "Cy Diaz",
                             "Who": "Cy Diaz (4)"}),
        ("Kubernetes admin", {"Category": "not in vocabulary", "People": 1, "Experts": 1,
                         "Want to learn": 0, "Only one person": "Dee Eve", "Who": "Dee Eve (4)"}),
        ("Spark", {"Category": "engineering", "People": 0, "Experts": 0, "Want to learn": 1,
                   "Only one person": "", "Who": ""}),
    ],
    ids=["python", "sql", "nlp", "cv", "unknown-skill", "wanted-only"],
)
def test_skills_tab(built, skill, expected):
    tabs, _ = built
    rows = by(tabs["skills"], "Skill")
    assert set(rows) == {"Python", "SQL", "Natural Language Processing", "Computer Vision",
                         "Kubernetes admin", "Spark"}
    assert {k: v for k, v in rows[skill].items() if k != "Skill"} == expected


def test_skills_tab_most_held_first(built):
    tabs, _ = built
    people = list(tabs["skills"].frame["People"])
    assert people == sorted(people, reverse=True)
    assert list(tabs["skills"].frame["Skill"][:2]) == ["Python", "SQL"]


@pytest.mark.parametrize(
    ("expert_level", "python_experts", "nlp_experts"),
    [(3, 2, 1), (4, 1, 1), (5, 0, 1), (1, 2, 1)],
    ids=["level-3", "level-4-default", "level-5", "level-1-unlevelled-not-expert"],
)
def test_experts_are_people_at_or_above_expert_level(expert_level, python_experts,
                                                     nlp_experts):
    tabs, _ = tabs_for(INVENTORY, Rules(today=TODAY, expert_level=expert_level))
    rows = by(tabs["skills"], "Skill")
    assert rows["Python"]["Experts"] == python_experts  # Ana 3, Bo 4, Dee no level
    assert rows["Natural Language Processing"]["Experts"] == nlp_experts  # Ana 5


@pytest.mark.parametrize(
    ("team", "expected"),
    [
        ("(no team)", {"People": 1, "Python": 1, "SQL": 0, "Computer Vision": 0,
                       "Kubernetes admin": 1, "Natural Language Processing": 0}),
        ("Ops", {"People": 2, "Python": 0, "SQL": 1, "Computer Vision": 1, "Kubernetes admin": 0,
                 "Natural Language Processing": 0}),
        ("Risk", {"People": 2, "Python": 2, "SQL": 1, "Computer Vision": 0, "Kubernetes admin": 0,
                  "Natural Language Processing": 1}),
    ],
    ids=["no-team", "ops", "risk"],
)
def test_team_skills_matrix(built, team, expected):
    tabs, _ = built
    rows = by(tabs["team_skills"], "Team")
    assert set(rows) == {"(no team)", "Ops", "Risk"}
    assert {k: v for k, v in rows[team].items() if k != "Team"} == expected
    assert list(tabs["team_skills"].frame.columns[2:4]) == ["Python", "SQL"]


@pytest.mark.parametrize(
    ("project", "expected"),
    [
        ("Churn", {"People": 3, "Who": "Ana Lima; Bo Chen; Dee Eve", "Teams": "Risk",
                   "Rows": "5, 6, 11"}),  # Dee Eve's row 11 names Churn, not row 10
        ("Pricing", {"People": 2, "Who": "Bo Chen; Cy Diaz", "Teams": "Ops, Risk",
                     "Rows": "6, 7"}),
    ],
    ids=["churn-row-9-has-no-email", "pricing-case-folded"],
)
def test_projects_tab(built, project, expected):
    tabs, _ = built
    rows = by(tabs["projects"], "Project")
    assert set(rows) == {"Churn", "Pricing"}
    assert {k: v for k, v in rows[project].items() if k != "Project"} == expected


@pytest.mark.parametrize(
    ("skill", "expected"),
    [
        ("Natural Language Processing",
         {"Want to learn": 2, "Who wants to learn": "Bo Chen; Cy Diaz", "Possible mentors": 1,
          "Mentors": "Ana Lima"}),
        ("Computer Vision", {"Want to learn": 1, "Who wants to learn": "Ana Lima",
                             "Possible mentors": 1, "Mentors": "Cy Diaz"}),
        ("Spark", {"Want to learn": 1, "Who wants to learn": "Cy Diaz", "Possible mentors": 0,
                   "Mentors": "nobody yet"}),
    ],
    ids=["nlp", "cv", "spark-no-mentor"],
)
def test_learning_tab(built, skill, expected):
    tabs, _ = built
    rows = by(tabs["learning"], "Skill")
    assert set(rows) == {"Natural Language Processing", "Computer Vision", "Spark"}
    assert {k: v for k, v in rows[skill].items() if k != "Skill"} == expected
    assert tabs["learning"].frame["Skill"].iloc[0] == "Natural Language Processing"


def test_mentors_experts_first():
    rows = [["Name", "Email", "Skills", "Want to learn"],
            ["Ana Lima", "ana@x.com", "Python (2)", ""],
            ["Bo Chen", "bo@x.com", "Python", ""],
            ["Cy Diaz", "cy@x.com", "Python (5)", ""],
            ["Di Ng", "di@x.com", "Python (4)", ""],
            ["Ed Fox", "ed@x.com", "", "Python"],
            ["Fa Gu", "fa@x.com", "Python (5)", "Python"]]
    tabs, _ = tabs_for(rows)
    [python] = records(tabs["learning"])
    # The mentoring rule of the staffing answers (core/mentoring.py): level 4 or above.
    # Ana gives level 2 and Bo no level; Fa wants to learn it herself.
    assert python["Mentors"] == "Cy Diaz; Di Ng"
    assert python["Possible mentors"] == 2


def test_issues_tab_links_to_source_cells(built):
    tabs, _ = built
    shown = records(tabs["issues"])
    assert [(r["Where"], r["Column"], r["Severity"], r["Problem"]) for r in shown] == [
        (Link("row 9", "Inventory", "B9"), "E-mail", "error", "No usable e-mail"),
        (Link("row 10", "Inventory", "C10"), "Team", "warning", "No team"),
        (Link("row 10", "Inventory", "D10"), "Areas of Expertise", "warning",
         "Skill not in the vocabulary"),
        (Link("row 11", "Inventory", "C11"), "Team", "warning", "No team"),
    ]
    # Readers see labels, never codes.
    assert [r["E-mail"] for r in shown if r["Problem"] == "No team"] == [
        "dee@x.com", "dee@x.com"]
    assert all(r["How to fix"] for r in shown)
    assert str(shown[0]["Where"]) == "row 9"


def test_duplicates_tab(built):
    tabs, _ = built
    assert records(tabs["duplicates"]) == [
        {"Action": "merged", "Why": "same e-mail dee@x.com",
         "First row": Link("row 10", "Inventory", "B10"), "Rows": "10, 11",
         "E-mails": "dee@x.com", "Names": "Dee Eve", "Conflicting values": ""},
        {"Action": "review", "Why": "same name 'Ana Lima' / 'Lima, Ana'",
         "First row": Link("row 5", "Inventory", "B5"), "Rows": "5, 8",
         "E-mails": "ana@x.com, ana.lima@y.com", "Names": "Ana Lima; Lima, Ana",
         "Conflicting values": "Team: Risk / Ops"},
    ]


def test_sync_tab(built):
    tabs, result = built
    sheet = Grid("Inventory", [list(r) for r in INVENTORY])
    facts = dict(zip(tabs["sync"].frame["What"], tabs["sync"].frame["Value"], strict=True))
    assert facts == {
        "Synced at": SYNCED,
        "skillsync version": "9.9.9",
        "Source": "inventory.xlsx",
        "Inventory tab": "Inventory",
        "Header row": 4,
        "Rows read": 7,
        "People": 5,
        "Rows without a usable e-mail": 1,
        "Duplicate e-mails merged": 1,
        "Possible duplicates to review": 1,
        "Errors": 1,
        "Warnings": 3,
        "Notes": 0,
        "Source checksum (sha256 of the inventory's values)": checksum(sheet, result.layout),
    }


def test_only_one_person_counts_people_not_names():
    rows = [["Name", "Email", "Team", "Skills"],
            ["Ana Lima", "ana@x.com", "Risk", "NLP"],
            ["Ana Lima", "ana.lima@other.org", "Ops", "NLP"]]
    tabs, _ = tabs_for(rows)
    [nlp] = records(tabs["skills"])
    assert nlp["People"] == 2
    assert nlp["Only one person"] == ""


# --------------------------------------------------------------------------- odds and ends


@pytest.mark.parametrize(
    ("change", "same"),
    [
        (lambda rows: rows, True),
        (lambda rows: [r if r[0] != "Ana Lima" else [*r[:6], 0.8] for r in rows], False),
        (lambda rows: [["Another title"], *rows[1:]], True),
        (lambda rows: [[float(v) if isinstance(v, int) and not isinstance(v, bool) else v
                        for v in r] for r in rows], True),
    ],
    ids=["unchanged", "a-value-changed", "title-above-header-changed", "ints-as-floats"],
)
def test_checksum_follows_the_data_from_the_header_down(change, same):
    def digest(rows):
        sheet = Grid("Inventory", [list(r) for r in rows])
        return checksum(sheet, locate(sheet, HeaderVocabulary.build()))

    base = [*INVENTORY[:4], *[[*r[:6], 80] if r[0] == "Ana Lima" else r for r in INVENTORY[4:]]]
    assert (digest(change(base)) == digest(base)) is same
    assert len(digest(base)) == 64


def test_stray_cells_are_reported_with_their_reference():
    sheet = Grid("Inventory", [["Name", "Email"], ["Ana Lima", "ana@x.com"]],
                 stray=("Z999", "AB1200"))
    issues = stray_cells(sheet)
    assert [(i.row, i.cell, i.code, i.severity) for i in issues] == [
        (999, "Z999", "stray-cell", Severity.WARNING),
        (1200, "AB1200", "stray-cell", Severity.WARNING)]
    _, _, result = run(sheet.rows, stray=("Z999",))
    assert [(i.code, i.row, i.cell) for i in result.issues] == [
        ("no-skills-column", 1, None), ("stray-cell", 999, "Z999")]
    assert list(result.people["key"]) == ["ana@x.com"]


@pytest.mark.parametrize(("skill", "second", "owner"), [
    ("Pytorch Lightning kit", "bo@x.com", None),        # two people: a vocabulary question
    ("Pytorch Lightning kit", " ANA@x.com", "ana@x.com"),  # one person's near miss: theirs
    ("Brand strategy", " ANA@x.com", None),             # nothing near it: a skill of its own
], ids=["two-people", "one-persons-typo", "not-a-typo"])
def test_unknown_skill_belongs_to_its_only_user(skill, second, owner):
    _, _, result = run([["Name", "Email", "Skills"],
                        ["Ana Lima", "ana@x.com", skill],
                        ["Bo Chen", second, skill.lower()]])
    [issue] = [i for i in result.issues if i.code == "unknown-skill"]
    assert issue.email == owner
