"""An item that only holds a list's place ("TBC", "various", "and more", "misc") is no
skill, project or wish: each was read as an unknown skill of its own, listed in the
Skills tab beside Python. A remark about oneself ("see my CV") is still a sentence,
warned about."""

from __future__ import annotations

import pytest
from clikit import checked, team_book

from skillsync.core import cells, fields, levels
from skillsync.core.levels import Scale
from skillsync.reading import base_vocabulary


def _items(cell: str) -> list[str]:
    parsed, _ = fields.skills(base_vocabulary(), levels.DEFAULT, Scale())(cell)
    return [item[0] for item in parsed.items]


@pytest.mark.parametrize("cell", ["TBC", "tba", "To be confirmed", "various", "Misc.",
                                  "pending", "Unknown", "more", "New joiner"])
def test_a_placeholder_alone_is_no_skill(cell):
    assert _items(cell) == []


@pytest.mark.parametrize(("cell", "skills"),
                         [("Python, SQL, and more", ["Python", "SQL"]),
                          ("Python; others", ["Python"]), ("SQL, misc", ["SQL"]),
                          ("Inference, Seaborn", ["Inference", "Seaborn"]),
                          ("More Python", ["More Python"])])
def test_a_placeholder_in_a_list(cell, skills):
    assert _items(cell) == skills


def test_placeholders_are_whole_items_only():
    assert not cells.placeholder("Unknown unknowns")
    assert cells.placeholder("TBC") and cells.placeholder("And more")
    assert cells.tidy_item(" various. ") == ""


def test_a_workbook_with_placeholders(tmp_path, monkeypatch):
    path = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Team", "Skills", "Past projects"],
        ["Ana", "ana@x.com", "A", "Python (4), various", "Churn model, TBC"],
        ["Ben", "ben@x.com", "B", "TBC", "misc"],
        ["Cy", "cy@x.com", "B", "SQL, see my CV", "Search"]])
    report = checked(path, monkeypatch, tmp_path)
    assert set(report["skills"]) == {"Python", "SQL"}
    assert [i["code"] for i in report["issues"]].count("skills-in-prose") == 1
