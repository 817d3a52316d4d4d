"""A person listed on two team tabs (one tab per team, no Team column: each tab's name is
its people's team) keeps a team once their rows are merged: the first tab's (a team
"Search, Vision" would be one of its own, which no team filter finds), or the newest
row's tab when the rows are dated. A team typed in
a Team column that differs between rows is still not guessed."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from skillsync.cli import main

HEADER = ["Full Name", "E-mail", "Areas of Expertise"]


def team_tabs(path, tabs: dict[str, list[list]], header: list[str] = HEADER):
    book = Workbook()
    book.remove(book.active)
    for name, rows in tabs.items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def ana_on_search_and_vision(path, header: list[str] = HEADER, ana_search=(), ana_vision=()):
    """Ana (ana@corp.com) is 'Search' row 3 and 'Vision' row 2."""
    return team_tabs(path, {
        "Search": [["Bo Chen", "bo@corp.com", "SQL (3)", *ana_search[1:]],
                   ["Ana Lima", "ana@corp.com", "Python (4)", *ana_search[:1]]],
        "Vision": [["Ana Lima", "ana@corp.com", "NLP (3)", *ana_vision[:1]],
                   ["Di Eze", "di@corp.com", "PyTorch (4)", *ana_vision[1:]]],
    }, header)


def run(*args) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def teams_of(path) -> dict[str, set[str]]:
    """E-mail -> the teams the export gives that person's skills."""
    teams: dict[str, set[str]] = {}
    for row in csv.DictReader(io.StringIO(run("export", path))):
        teams.setdefault(row["email"], set()).add(row["team"])
    return teams


def conflicts(path) -> list[dict]:
    report = json.loads(run("check", path, "--json"))
    return [i for i in report["issues"] if i["code"] == "conflict"]


def test_a_person_on_two_team_tabs_keeps_the_first(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = ana_on_search_and_vision(tmp_path / "teams.xlsx")
    teams = teams_of(path)
    assert teams["ana@corp.com"] == {"Search"}
    assert teams["bo@corp.com"] == {"Search"} and teams["di@corp.com"] == {"Vision"}


def test_the_person_on_two_team_tabs_is_one_warning_naming_both(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    [issue] = conflicts(ana_on_search_and_vision(tmp_path / "teams.xlsx"))
    assert issue["row"] == 3 and issue["sheet"] is None  # Ana's first row, on 'Search'
    assert "'Search'" in issue["message"] and "'Vision'" in issue["message"]
    assert "team tabs" in issue["message"] and "the first, 'Search'" in issue["message"]
    assert "will not guess" not in issue["message"]


def test_the_team_skills_tab_has_no_one_without_a_team(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = ana_on_search_and_vision(tmp_path / "teams.xlsx")
    run("sync", path, "--digest", tmp_path / "digest.html")
    tab = load_workbook(path)["Team Skills"]
    people = {row[0]: row[1] for row in tab.iter_rows(min_row=2, values_only=True)}
    assert people == {"Search": 2, "Vision": 1}


def test_dated_rows_keep_the_newest_rows_tab(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    header = [*HEADER, "Last updated"]
    path = ana_on_search_and_vision(tmp_path / "dated.xlsx", header,
                                    ana_search=(date(2026, 3, 1), date(2026, 1, 1)),
                                    ana_vision=(date(2026, 6, 1), date(2026, 1, 1)))
    assert teams_of(path)["ana@corp.com"] == {"Vision"}
    [issue] = conflicts(path)
    assert "('Vision')" in issue["message"]


def test_teams_typed_in_a_team_column_are_still_not_guessed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    header = ["Full Name", "E-mail", "Areas of Expertise", "Team"]
    path = ana_on_search_and_vision(tmp_path / "typed.xlsx", header,
                                    ana_search=("Search", "Search"),
                                    ana_vision=("Vision", "Vision"))
    assert teams_of(path)["ana@corp.com"] == {""}
    [issue] = conflicts(path)
    assert "will not guess" in issue["message"]


def test_one_tab_with_a_team_name_only_once_is_not_a_conflict(tmp_path, monkeypatch):
    """The same person twice on one team tab: the same team, nothing to join."""
    monkeypatch.chdir(tmp_path)
    path = team_tabs(tmp_path / "twice.xlsx", {
        "Search": [["Ana Lima", "ana@corp.com", "Python (4)"],
                   ["Ana Lima", "ana@corp.com", "SQL (2)"]],
        "Vision": [["Di Eze", "di@corp.com", "PyTorch (4)"]]})
    assert teams_of(path)["ana@corp.com"] == {"Search"}
    assert conflicts(path) == []


def test_a_person_under_two_section_labels_keeps_the_first(tmp_path, monkeypatch):
    """One tab, no Team column, a label such as 'NLP team' over each block of people."""
    monkeypatch.chdir(tmp_path)
    path = team_tabs(tmp_path / "sections.xlsx", {"People": [
        ["NLP team"], ["Ana Lima", "ana@corp.com", "Python (4)"],
        ["Bo Chen", "bo@corp.com", "SQL (3)"],
        ["Vision team"], ["Ana Lima", "ana@corp.com", "NLP (3)"],
        ["Di Eze", "di@corp.com", "PyTorch (4)"]]})
    assert teams_of(path)["ana@corp.com"] == {"NLP"}
    [issue] = conflicts(path)
    assert "the first, 'NLP'" in issue["message"]
