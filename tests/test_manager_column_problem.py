"""A manager column holding names instead of addresses is one issue at its header; a few
bad addresses among many good ones are an issue each, at their rows."""

from __future__ import annotations

from datetime import date

from corekit import read_rows

from skillsync.core.model import Grid
from skillsync.core.people import Rules

HEADER = ["Name", "Email", "Team", "Manager e-mail"]


def _manager_issues(managers: list[str]) -> list:
    rows = [HEADER, *([f"Person {i} Lee", f"p{i}@x.com", "Risk", manager]
                      for i, manager in enumerate(managers))]
    result = read_rows(Grid("People", rows), None, None, Rules(today=date(2026, 6, 1)))
    return [i for i in result.issues if i.code == "invalid-manager-email"]


def test_a_column_of_names_is_one_issue_at_the_header():
    found = _manager_issues(["Ann Bee", "Cat Dee", "Dan Eve", "", "boss@x.com"])
    assert len(found) == 1
    assert found[0].row == 1 and "3" in found[0].message and "4" in found[0].message


def test_few_bad_addresses_among_many_good_ones_are_one_issue_each():
    managers = ["Ann Bee", "Cat Dee", "Dan Eve"] + [f"boss{i}@x.com" for i in range(4)]
    found = _manager_issues(managers)
    assert sorted(i.row for i in found) == [2, 3, 4]


def test_two_bad_addresses_are_never_a_column_problem():
    found = _manager_issues(["Ann Bee", "Cat Dee"])
    assert sorted(i.row for i in found) == [2, 3]
