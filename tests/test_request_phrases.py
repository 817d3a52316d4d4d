"""A staffing request written as a phrase or a sentence ("We need someone who knows Spark
and Kafka") asks for the known skills it mentions, and one warning says which were read;
a person's own skills list still never takes a sentence's skills (test_skills_in_prose)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main

PEOPLE = [("Ana Lima", "Spark (4), Kafka (3), SQL"), ("Bo Chen", "NLP (4), PyTorch"),
          ("Cy Diaz", "SQL (2)")]
REQUESTS = [("Churn", "We need someone who knows Spark and Kafka"),
            ("Assistant", "Looking for a person with NLP (4) and PyTorch"),
            ("Reports", "SQL"), ("Mixer", "we need a good communicator")]


def run(tmp_path: Path, monkeypatch, *args: str) -> dict:
    workbook = openpyxl.Workbook()
    people = workbook.active
    people.title = "Inventory"
    people.append(["Name", "Email", "Team", "Skills"])
    for name, skills in PEOPLE:
        people.append([name, f"{name.split()[0].lower()}@x.com", "Data", skills])
    requests = workbook.create_sheet("Staffing requests")
    requests.append(["Project", "Skills", "Headcount"])
    for project, skills in REQUESTS:
        requests.append([project, skills, 1])
    path = tmp_path / "team.xlsx"
    workbook.save(path)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, [*args, str(path), "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_a_request_written_as_a_sentence_asks_for_the_skills_it_mentions(
        tmp_path, monkeypatch):
    report = run(tmp_path, monkeypatch, "sync")
    shortlists = {s["project"]: s for s in report["staffing"]["shortlists"]}
    churn = shortlists["Churn"]["candidates"][0]
    assert churn["name"] == "Ana Lima" and set(churn["matched"]) >= {"Spark", "Kafka"}
    assert shortlists["Assistant"]["candidates"][0]["name"] == "Bo Chen"
    issues = [i for i in report["issues"] if i.get("sheet") == "Staffing requests"]
    by_row = {i["row"]: i for i in issues}
    assert by_row[2]["code"] == "skills-in-prose"
    assert by_row[2]["message"] == (
        "In the 'Staffing requests' tab: 'We need someone who knows Spark and Kafka' (Churn) "
        "was read as asking for the skills it mentions, Spark, Kafka; to be sure, list the "
        "skills it needs, as 'Spark, Kafka'.")
    assert by_row[3]["code"] == "skills-in-prose" and "Natural Language Processing" in (
        by_row[3]["message"])
    assert 4 not in by_row  # a plain list says nothing
    assert by_row[5]["code"] == "staffing-no-skills"  # mentions no skill: as before


def test_match_reads_a_phrase_as_the_skills_it_mentions(tmp_path, monkeypatch):
    found = run(tmp_path, monkeypatch, "match", "--skills", "someone strong in NLP (3)")
    assert found[0]["name"] == "Bo Chen"
