"""A row a newer row of the same person replaced is not read, so nothing in it is reported.

When every row of a person is dated, the newest is the person, and a form's latest answer
stands for the earlier ones. The older row's problems asked its owner to fix a cell the
tool does not read, and said of a skill left out that it "is kept as typed" or "was read
as Python". Rows joined because none is newest are both read: their problems stay.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main

HEADER = ["Full Name", "E-mail", "Team", "Areas of Expertise", "Success rate",
          "Last updated"]
OLD = ["Ana Lima", "ana@x.org", None, "I have used Python for years, Frobnicate (3), Pythn, "
       "Shared tool", "abc", "2025-01-01"]
NEW = ["Ana Lima", "ana@x.org", "Search", "Python (4), SQL (3), Shared tool", "80%",
       "2026-11-01"]
OTHER = ["Bo Chen", "bo@x.org", "Search", "SQL, Kubernetess", "90%", "2026-11-01"]


def check(tmp_path: Path, monkeypatch, header: list, *rows: list) -> dict:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    for row in (header, *rows):
        sheet.append(row)
    path = tmp_path / "team.xlsx"
    book.save(path)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["check", str(path), "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def by_row(report: dict) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for issue in report["issues"]:
        found.setdefault(issue["row"], []).append(issue["code"])
    return found


def test_nothing_found_in_a_replaced_row_is_reported(tmp_path, monkeypatch):
    report = check(tmp_path, monkeypatch, HEADER, OLD, NEW, OTHER)
    assert report["people"] == 2
    assert 2 not in by_row(report)  # the sentence, the rate, the team, both spellings
    assert not [i for i in report["issues"] if "Frobnicate" in i["message"]
                or "Pythn" in i["message"]]
    assert set(report["skills"]) == {"Python", "SQL", "Shared tool", "Kubernetes"}
    [shared] = [i for i in report["issues"] if "'Shared tool'" in i["message"]]
    assert shared["row"] == 3 and "(1 row)" in shared["message"]  # the row still read
    [typo] = [i for i in report["issues"] if "Kubernetess" in i["message"]]
    assert typo["row"] == 4 and typo["code"] == "skill-spelling"
    [merged] = [d for d in report["duplicates"] if d["action"] == "merged"]
    assert merged["rows"] == [2, 3]  # the older row is still listed, to be deleted


def test_a_newer_row_first_in_the_sheet_replaces_the_one_below(tmp_path, monkeypatch):
    report = check(tmp_path, monkeypatch, HEADER, NEW, OLD, OTHER)
    assert 3 not in by_row(report)
    [shared] = [i for i in report["issues"] if "'Shared tool'" in i["message"]]
    assert shared["row"] == 2 and "(1 row)" in shared["message"]


def test_rows_joined_without_a_newest_keep_their_problems(tmp_path, monkeypatch):
    """Undated rows of one person are joined, not replaced: both are read."""
    old, new = [*OLD[:5], None], [*NEW[:5], None]
    report = check(tmp_path, monkeypatch, HEADER, old, new, OTHER)
    rows = by_row(report)
    assert {"skills-in-prose", "rate-not-number", "unknown-skill", "skill-spelling",
            "missing-team"} <= set(rows[2])
    [shared] = [i for i in report["issues"] if "'Shared tool'" in i["message"]]
    assert shared["row"] == 2 and "(2 rows)" in shared["message"]


def test_a_forms_earlier_answer_says_nothing(tmp_path, monkeypatch):
    header = ["Timestamp", "Email Address", "Name", "Team", "Rate yourself [Python]",
              "Which tools do you use?"]
    report = check(tmp_path, monkeypatch, header,
                   ["2026/06/14 10:10:09", "ana@x.org", "Ana Lima", "Search", "9",
                    "Frobnicate"],
                   ["2026/06/20 09:00:00", "ana@x.org", "Ana Lima", "Search", "4", "Docker"])
    assert report["layout"] == "form" and report["people"] == 1
    assert 2 not in by_row(report)
    assert not [i for i in report["issues"] if "Frobnicate" in i["message"]]
