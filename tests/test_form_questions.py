"""A form's export as people make them: a grid question asked for one skill, and the team
asked as a question ("Which team are you in?")."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main
from skillsync.core.headers import HeaderVocabulary


def _export(tmp_path, monkeypatch, header, *rows):
    book = openpyxl.Workbook()
    for row in (header, *rows):
        book.active.append(row)
    book.save(tmp_path / "form.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["export", str(tmp_path / "form.xlsx")])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_a_form_with_one_grid_question_and_a_team_question(tmp_path, monkeypatch):
    """The one grid column was read as a skill named 'Rate yourself [Python]', and the
    team question was not read, so everyone was '(no team)'."""
    rows = _export(tmp_path, monkeypatch,
                   ["Timestamp", "Email Address", "Name", "Which team are you in?",
                    "Rate yourself [Python]"],
                   ["2026/06/14 10:10:09", "ana@x.org", "Ana", "Fraud", "4"],
                   ["2026/06/14 11:10:09", "bo@x.org", "Bo", "Pricing", "3"])
    assert [(r["email"], r["team"], r["skill"], r["level"]) for r in rows] == [
        ("ana@x.org", "Fraud", "Python", "4"), ("bo@x.org", "Pricing", "Python", "3")]


def test_outside_a_form_one_bracketed_header_is_no_question(tmp_path, monkeypatch):
    rows = _export(tmp_path, monkeypatch, ["Name", "Email", "Team", "Skills", "Notes [internal]"],
                   ["Ana", "ana@x.org", "Fraud", "SQL", "3"])
    assert [r["skill"] for r in rows] == ["SQL"]


@pytest.mark.parametrize(("header", "field"), [
    ("Which team are you in?", "team"), ("What is your name?", "name"),
    ("Your e-mail address?", "email"), ("Team", "team"), ("Teamwork", None),
    ("What team size do you want?", None), ("Team name", "team")])
def test_a_short_spelling_counts_anywhere_in_a_question(header, field):
    found = HeaderVocabulary.build().match(header)
    assert (found[0] if found else None) == field
