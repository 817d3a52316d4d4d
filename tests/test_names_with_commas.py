"""Names written "Last, First" listed in one line are kept apart by semicolons: joined by
commas, "Lima, Ana, Diaz, Cara" read as four people."""

from __future__ import annotations

import json

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main
from skillsync.output.capped import listed


def test_a_list_holding_a_comma_is_joined_by_semicolons():
    assert listed(["Lima, Ana", "Diaz, Cara"]) == "Lima, Ana; Diaz, Cara"
    assert listed(["Ana Lima", "Cara Diaz"]) == "Ana Lima, Cara Diaz"
    assert listed(["Lima, Ana", "B", "C", "D", "E"], 2) == "Lima, Ana; B +3 more"
    assert listed(["Lima, Ana", "B"], sep=" / ") == "Lima, Ana / B"


def _book(path, rows):
    book = openpyxl.Workbook()
    for row in (["Name", "Email", "Team", "Skills"], *rows):
        book.active.append(row)
    book.save(path)


def test_the_joined_and_the_changed_name_lists_keep_last_first_names_apart(
        tmp_path, monkeypatch):
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    path = tmp_path / "team.xlsx"
    first = [["Bo Chen", "bo@x.org", "Search", "SQL"]]
    _book(path, first)
    assert CliRunner().invoke(main, ["sync", str(path)]).exit_code == 0
    _book(path, [*first, ["Lima, Ana", "ana@x.org", "Search", "SQL"],
                 ["Diaz, Cara", "cara@x.org", "Search", "SQL"]])
    result = CliRunner().invoke(main, ["sync", str(path), "--json",
                                       "--digest", str(tmp_path / "d.html")])
    assert result.exit_code == 0, result.output
    digest = (tmp_path / "d.html").read_text()
    assert "Joined: Lima, Ana; Diaz, Cara" in digest
    listing = CliRunner().invoke(main, ["history", str(path), "--diff", "1", "2"]).output
    assert "Joined: Lima, Ana (ana@x.org); Diaz, Cara (cara@x.org)" in listing
    assert json.loads(result.stdout)["changes"]["joined"] == ["ana@x.org", "cara@x.org"]
