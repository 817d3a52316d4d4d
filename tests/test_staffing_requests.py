"""Reading the Staffing requests and Targets tabs, and redacting restricted values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from skillsync.core import privacy, requests
from skillsync.core.codes import Code
from skillsync.core.dedupe import Duplicate
from skillsync.core.model import Grid, Issue, Layout, Severity
from skillsync.reading import base_vocabulary

VOCABULARY = base_vocabulary()
NLP = "Natural Language Processing"


def request_grid(*rows: list, title: bool = True) -> Grid:
    head = [["Open requests, one row each"], []] if title else []
    header = ["Project", "Skills needed", "Min. level", "Headcount", "Start", "Stretch OK",
              "Status"]
    return Grid("Staffing requests", [*head, header, *rows])


def test_requests_are_read_under_a_header_found_below_a_title():
    grid = request_grid(
        ["Chatbot", "nlp (4), PyTorch", 3, 2, datetime(2027, 1, 4), "yes", "open"],
        [],
        ["Fraud v2", "Graph analytics", None, None, "2027-03-01", "No", None],
        ["Old", "SQL", None, 1, None, None, "Filled"],
        [None, "k8s", "advanced", "3 people", None, None, None],
    )
    found = requests.read_requests(grid, VOCABULARY, [])
    assert [(r.row, r.project, r.headcount, r.start, r.stretch, r.open) for r in found.items] == [
        (4, "Chatbot", 2, date(2027, 1, 4), True, True),
        (6, "Fraud v2", 1, date(2027, 3, 1), False, True),
        (7, "Old", 1, None, True, False),
        (8, "Request on row 8", 3, None, True, True),
    ]
    chatbot = found.items[0]
    assert [(r.skill, r.shown, r.level) for r in chatbot.skills] == [
        (NLP, "NLP", 4), ("PyTorch", "PyTorch", 3)]
    assert found.items[3].skills[0].level == 4  # "advanced" is level 4
    assert found.issues == ()


@pytest.mark.parametrize(("cells", "column", "code", "ref"), [
    (["X", "Qunatum computing"], "Skills needed", Code.STAFFING_UNKNOWN_SKILL, "B4"),
    (["X", ""], "Skills needed", Code.STAFFING_NO_SKILLS, "B4"),
    (["X", "SQL", "expert-ish"], "Min. level", Code.STAFFING_BAD_VALUE, "C4"),
    (["X", "SQL", 9], "Min. level", Code.STAFFING_BAD_VALUE, "C4"),
    (["X", "SQL", None, "two"], "Headcount", Code.STAFFING_BAD_VALUE, "D4"),
    (["X", "SQL", None, 0], "Headcount", Code.STAFFING_BAD_VALUE, "D4"),
    (["X", "SQL", None, 1, "someday"], "Start", Code.STAFFING_BAD_VALUE, "E4"),
])
def test_a_bad_cell_is_an_issue_on_that_cell_of_the_tab(cells, column, code, ref):
    found = requests.read_requests(request_grid(cells), VOCABULARY, [])
    assert len(found.issues) == 1
    issue = found.issues[0]
    assert (issue.row, issue.column, issue.code, issue.cell, issue.sheet) == (
        4, column, code, ref, "Staffing requests")
    assert "Staffing requests" not in issue.message  # the sheet names the tab, once
    assert len(found.items) == 1  # the request is still read


def test_a_tab_without_the_header_gives_nothing_and_no_problem():
    grid = Grid("Staffing requests", [["notes"], ["Ask Nora for people"]])
    assert requests.read_requests(grid, VOCABULARY, []) == requests.Read()
    assert requests.read_requests(None, VOCABULARY, []) == requests.Read()


def test_targets_name_a_team_or_role_and_one_target_per_skill():
    grid = Grid("Targets", [
        ["Team or role", "Skill", "People needed", "Minimum level"],
        ["search", "NLP, PyTorch (4)", 3, 3],
        ["Data Scientist", "SQL", None, None],
        ["Robotics", "Python", 1, None],
    ])
    found = requests.read_targets(grid, VOCABULARY, [], ["Search", "Risk"],
                                  ["Data Scientist"])
    assert [(t.row, t.group, t.kind, t.skill, t.needed, t.min_level, t.known)
            for t in found.items] == [
        (2, "Search", "team", NLP, 3, 3, True), (2, "Search", "team", "PyTorch", 3, 4, True),
        (3, "Data Scientist", "role", "SQL", 1, None, True),
        (4, "Robotics", "team", "Python", 1, None, False)]
    assert [(i.row, i.code, i.cell) for i in found.issues] == [
        (4, Code.TARGET_UNKNOWN_GROUP, "A4")]


def test_targets_with_separate_team_and_role_columns():
    grid = Grid("Targets", [["Team", "Role", "Skill", "Needed"],
                            ["Risk", None, "SQL", 2], [None, "MLE", "k8s", 1]])
    found = requests.read_targets(grid, VOCABULARY, [], ["Risk"], ["MLE"])
    assert [(t.group, t.kind, t.skill, t.needed) for t in found.items] == [
        ("Risk", "team", "SQL", 2), ("MLE", "role", "Kubernetes", 1)]


def test_restricted_values_leave_issues_and_duplicates_but_nothing_else():
    layout = Layout("People", 1, {"success_rate": 7}, {"success_rate": "Success rate",
                                                       "team": "Team"})
    issues = [Issue(5, "Success rate", Code.RATE_OVER_100, Severity.ERROR,
                    "Success rate 130% is above 100%; type a percentage from 0% to 100%."),
              Issue(6, "Team", Code.MISSING_TEAM, Severity.WARNING, "No team in row 6")]
    duplicate = Duplicate((4, 9), "same e-mail", "merged", ("a@x.example",), ("A",),
                          {"Success rate": ("93%", "91%"), "Team": ("NLP", "Search")})
    found = privacy.redact(Found(layout, issues, [duplicate]), frozenset({"success_rate"}))
    assert "130%" not in found.issues[0].message and "restricted" in found.issues[0].message
    assert found.issues[1] is issues[1]
    assert found.duplicates[0].conflicts == {"Success rate": ("(restricted)",),
                                             "Team": ("NLP", "Search")}
    same = privacy.redact(Found(layout, issues, [duplicate]), frozenset({"score"}))
    assert same.issues == issues and same.duplicates == [duplicate]


@dataclass
class Found:
    """The three fields of an analysis that redact reads and replaces."""

    layout: Layout
    issues: list
    duplicates: list
