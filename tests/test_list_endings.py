""""etc." ends a list; it names no skill nor project ("Python, SQL, etc." listed a skill
"etc", and "SQL etc." an unknown skill "SQL etc")."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main
from skillsync.core import cells, fields
from skillsync.reading import base_vocabulary


@pytest.mark.parametrize("cell", ["Python, SQL, etc.", "Python, SQL etc.", "Python; SQL; etc",
                                  "Python, SQL, Etc.", "Python\nSQL\ne.t.c."])
def test_etc_ends_a_list_cell_by_cell_and_column_at_once(cell):
    parse = fields.skills(base_vocabulary())
    assert [s for s, _, _ in parse(cell)[0].items] == ["Python", "SQL"]
    at_once = fields.skills(base_vocabulary()).column([cell] * 3000 + ["SQL (3)"])
    assert at_once[0] == parse(cell)


def test_etc_ends_a_list_item_and_a_name_is_kept():
    """'Etc' and 'ETC' may name a team or a project; 'etc' in small letters or with its
    dot ends a list."""
    assert [cells.tidy_item(t) for t in ("etc", "etc.", "Etc.", "e.t.c.", "SQL Etc.")] == [
        "", "", "", "", "SQL"]
    kept = ("Etc", "ETC", "Project Etc", "Project ETC", "Netc", "etcd", "etcetera")
    assert [cells.tidy_item(t) for t in kept] == list(kept)
    assert fields.item_list("Atlas, Beacon, etc.")[0] == ("Atlas", "Beacon")
    assert fields.item_list("Project Etc, Beacon")[0] == ("Project Etc", "Beacon")
    assert not cells.is_blank("Etc") and not cells.is_blank("etc")  # a team "Etc" stays


def test_a_team_named_etc_keeps_its_name(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    for row in (["Name", "E-mail", "Team", "Skills", "Current projects"],
                ["Bo Chen", "bo@x.com", "Etc", "Python, SQL, and etc.", "Project Etc"]):
        book.active.append(row)
    book.save(tmp_path / "team.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["export", str(tmp_path / "team.xlsx")])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["team"], r["skill"]) for r in rows if r["kind"] == "expertise"} == {
        ("Etc", "Python"), ("Etc", "SQL")}
    report = json.loads(CliRunner().invoke(
        main, ["check", str(tmp_path / "team.xlsx"), "--json"]).stdout)
    assert report["issues"] == []
