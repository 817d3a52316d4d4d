"""A second column listing skills is read for what its header says it is: wishes, more
expertise, or (under a header such as "Notes") nothing, with a note naming it."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main

PEOPLE = [["Ana Lima", "ana@corp.com", "Search", "Python 4, SQL", "Rust"],
          ["Bo Chen", "bo@corp.com", "Vision", "SQL 3", "MLOps, Kubernetes"],
          ["Cy Dee", "cy@corp.com", "Vision", "NLP", "Spark"]]
SECOND = {"Rust", "MLOps", "Kubernetes", "Spark"}


def checked(tmp_path, monkeypatch, header: str, skills: str = "Skills") -> dict:
    """`check --json` of a sheet whose fifth column, under `header`, lists skills; with
    `export`'s (skill, kind) pairs under "kinds"."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(["Name", "E-mail", "Team", skills, header])
    for row in PEOPLE:
        sheet.append(row)
    book.save(tmp_path / "team.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["check", str(tmp_path / "team.xlsx"), "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    exported = CliRunner().invoke(main, ["export", str(tmp_path / "team.xlsx")])
    assert exported.exit_code == 0, exported.output
    found["kinds"] = {(row["skill"], row["kind"])
                      for row in csv.DictReader(io.StringIO(exported.stdout))}
    return found


@pytest.mark.parametrize("header", ["Want", "Wants", "Goals", "Interests", "Aspirations",
                                    "Want to learn"])
def test_a_column_of_wishes_is_never_expertise(tmp_path, monkeypatch, header):
    found = checked(tmp_path, monkeypatch, header)
    assert not SECOND & set(found["skills"]), found["skills"]
    assert {(skill, "learn") for skill in SECOND} <= found["kinds"], found["kinds"]


@pytest.mark.parametrize("header", ["More skills", "Tools", "Languages", "Other expertise"])
def test_a_column_headed_as_skills_is_more_expertise(tmp_path, monkeypatch, header):
    found = checked(tmp_path, monkeypatch, header)
    assert set(found["skills"]) >= SECOND, found["skills"]


@pytest.mark.parametrize("header", ["Notes", "Certifications", "Comments"])
def test_a_column_under_another_header_is_not_read_and_named(tmp_path, monkeypatch, header):
    found = checked(tmp_path, monkeypatch, header)
    assert not SECOND & set(found["skills"]), found["skills"]
    assert not SECOND & {skill for skill, _ in found["kinds"]}, found["kinds"]
    named = [n for n in found["notes"] if f"column '{header}' lists skills" in n]
    assert len(named) == 1, found["notes"]


def test_the_only_skills_column_is_read_whatever_its_header(tmp_path, monkeypatch):
    """With no column headed as skills, one listing them is the skills column, renamed."""
    found = checked(tmp_path, monkeypatch, "Notes", skills="Stuff I know")
    assert {"Python", "SQL"} <= set(found["skills"]), found["skills"]
    found = checked(tmp_path, monkeypatch, "Notes", skills="Column E")
    assert {"Python", "SQL"} <= set(found["skills"]), found["skills"]
    assert not SECOND & set(found["skills"]), found["skills"]


@pytest.mark.parametrize("header, kind", [("Interessen", "learn"), ("Werkzeuge", "expertise"),
                                          ("Outils", "expertise"), ("Intereses", "learn")])
def test_headers_in_other_languages_are_read_too(tmp_path, monkeypatch, header, kind):
    found = checked(tmp_path, monkeypatch, header, skills="Kenntnisse")
    assert {(skill, kind) for skill in SECOND} <= found["kinds"], found["kinds"]


def read_only_as(found: dict, kind: str) -> None:
    """The second column's skills are all read as `kind`, none as the other kind."""
    other = "learn" if kind == "expertise" else "expertise"
    assert {(skill, kind) for skill in SECOND} <= found["kinds"], found["kinds"]
    assert not {(skill, other) for skill in SECOND} & found["kinds"], found["kinds"]


# "develop" says wishes ("Skills to develop"), unless "development" only says which tools,
# languages or skills people use ("Development tools"): the header's other words decide.
@pytest.mark.parametrize("header, kind", [
    ("Development tools", "expertise"), ("Developer tools", "expertise"),
    ("Development stack", "expertise"), ("Software development skills", "expertise"),
    ("Development languages", "expertise"), ("Development frameworks", "expertise"),
    ("Development/tools", "expertise"), ("Skills to develop", "learn"),
    ("Development areas", "learn"), ("Areas for development", "learn"),
    ("Development goals", "learn"), ("Development plan", "learn"),
    ("Personal development", "learn"), ("Tools to develop", "learn"),
    ("Development tools to learn", "learn"),
    # A field of work holds a wish word without being a wish.
    ("Development_tools", "expertise"), ("Development (tools)", "expertise"),
    ("Development: tools", "expertise"), ("Deep learning frameworks", "expertise"),
    ("Machine learning tools", "expertise"),
    ("Skills developed", "expertise"), ("Skills to be developed", "learn"),
    ("Machine learning to learn", "learn"),
    # Skills people want, under a word of skills.
    ("Desired skills", "learn"), ("Skill gaps", "learn"), ("Skills wanted", "learn"),
    ("Target skills", "learn"),
])
def test_development_is_wishes_unless_it_names_a_kind_of_tool(tmp_path, monkeypatch, header,
                                                              kind):
    read_only_as(checked(tmp_path, monkeypatch, header), kind)


# Other languages' words for development are not wishes ("Entwicklungswerkzeuge" are tools),
# their words for goals are ("Entwicklungsziele", "Objectifs de développement").
@pytest.mark.parametrize("header, kind", [
    ("Entwicklungsziele", "learn"), ("Entwicklungswerkzeuge", "expertise"),
    ("Objectifs de développement", "learn"), ("Outils de développement", "expertise"),
    ("Objetivos de desarrollo", "learn"), ("Herramientas de desarrollo", "expertise"),
    ("Obiettivi di sviluppo", "learn"), ("Strumenti di sviluppo", "expertise"),
    ("Objetivos de desenvolvimento", "learn"), ("Ferramentas de desenvolvimento", "expertise"),
    ("Leerdoelen", "learn"), ("Ontwikkeltools", "expertise"),
])
def test_goals_in_other_languages_are_wishes_and_their_tools_expertise(tmp_path, monkeypatch,
                                                                      header, kind):
    read_only_as(checked(tmp_path, monkeypatch, header, skills="Kenntnisse"), kind)


# The same words decide a form's grid question: "Rate your development tools [Git]" rates
# tools people use, "Skills to develop [Git]" rates wishes.
@pytest.mark.parametrize("question, kind", [
    ("Rate your development tools", "expertise"), ("Development tools", "expertise"),
    ("Skills to develop", "learn"), ("Rate yourself", "expertise"),
])
def test_a_form_grid_question_on_development_reads_the_same(tmp_path, monkeypatch, question,
                                                            kind):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Form responses 1"
    sheet.append(["Timestamp", "Name", "Email", "Skills", f"{question} [Git]",
                  f"{question} [Docker]"])
    for (name, email, _, skills, _), rates in zip(PEOPLE, [(4, 3), (2, 5), (3, 1)],
                                                  strict=True):
        sheet.append(["2024-01-02", name, email, skills, *rates])
    book.save(tmp_path / "form.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    exported = CliRunner().invoke(main, ["export", str(tmp_path / "form.xlsx")])
    assert exported.exit_code == 0, exported.output
    kinds = {(row["skill"], row["kind"]) for row in csv.DictReader(io.StringIO(exported.stdout))
             if row["skill"] in ("Git", "Docker")}
    assert kinds == {("Git", kind), ("Docker", kind)}, exported.stdout
