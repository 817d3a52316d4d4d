"""A level above the top of the sheet's own scale is told against that scale: under a 1-4
legend, a 5 "is not a whole number from 1 to 4" (it said "from 1 to 5", which 5 is)."""

from __future__ import annotations

import pytest
from clikit import checked, team_book

from skillsync.core import fields, levels, messages
from skillsync.core.levels import Scale
from skillsync.reading import base_vocabulary

LEGEND = "Levels: 1 = basic, 2 = working, 3 = strong, 4 = expert"


def _problems(cell: str, scale: Scale) -> list[str]:
    _, problems = fields.skills(base_vocabulary(), levels.DEFAULT, scale)(cell)
    return [message for *_, message in problems]


@pytest.mark.parametrize(
    ("cell", "scale", "said"),
    [("SQL (5)", Scale(4.0), "from 1 to 4; write it as 'SQL (3)' (1 = beginner, 4 = expert)"),
     ("SQL (7)", Scale(), "from 1 to 5; write it as 'SQL (4)' (1 = beginner, 5 = expert)"),
     ("SQL (8)", Scale(6.0), "from 1 to 6; write it as 'SQL (4)' (1 = beginner, "
                              "6 = expert)")],
)
def test_the_message_names_the_scales_top(cell, scale, said):
    ten = (" If the sheet rates from 1 to 10, set [levels] scale = 10 in skillsync.toml."
           if scale.top == 5 else "")
    assert _problems(cell, scale) == [f"Level {cell[5:-1]} for 'SQL' is not a whole number "
                                      f"{said} or leave the level out.{ten}"]


def test_a_share_is_told_as_the_five_point_scale():
    assert "from 1 to 5;" in messages.level("SQL", 1.5, 1.0)


@pytest.mark.parametrize("layout", ["cells", "matrix"])
def test_a_sheet_under_a_one_to_four_legend(tmp_path, monkeypatch, layout):
    if layout == "cells":
        rows = [["Name", "Email", "Team", "Skills"],
                ["Ana", "ana@x.com", "A", "Python (4), SQL (5)"],
                ["Ben", "ben@x.com", "B", "Python (2), SQL (3)"]]
    else:
        rows = [["Name", "Email", "Python", "SQL", "Spark"], ["Ana", "ana@x.com", 4, 5, 1],
                ["Ben", "ben@x.com", 2, 3, 4]]
    report = checked(team_book(tmp_path / "team.xlsx", [[LEGEND], *rows]), monkeypatch, tmp_path)
    said = [i["message"] for i in report["issues"] if i["code"] == "bad-level"]
    assert said == ["Level 5 for 'SQL' is not a whole number from 1 to 4; write it as "
                    "'SQL (3)' (1 = beginner, 4 = expert) or leave the level out."]
