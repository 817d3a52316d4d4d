"""A staffing request whose Skills cell holds a sentence ("We need someone who knows Spark
and Kafka") asks for nothing: what a sentence mentions is not what it asks for ("We need
Python, but not Spark"), and the list around it may be part of it ("We need Spark, Kafka
and SQL"). One warning names the skills it mentions; cells without a sentence are read
as before."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main

PEOPLE = [("Ana Lima", "Spark (4), Kafka (3), SQL"), ("Bo Chen", "NLP (4), PyTorch"),
          ("Cy Diaz", "SQL (2)")]
REQUESTS = [("Churn", "We need someone who knows Spark and Kafka"),
            ("Assistant", "PyTorch, we want NLP too"), ("Reports", "SQL"),
            ("Mixer", "we need a good communicator"), ("Cloud", "AWS Lambda, SQL"),
            ("Long", "SQL, " + "Kafka " * 400), ("Stream", "We need Spark, Kafka and SQL"),
            ("Not", "We need Python, but not Spark")]


def run(tmp_path: Path, monkeypatch, *args: str) -> tuple[int, dict | str]:
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
    return result.exit_code, (json.loads(result.stdout) if result.exit_code in (0, 1)
                              else result.stderr)


def test_a_sentence_asks_for_nothing_and_its_skills_are_named(tmp_path, monkeypatch):
    code, report = run(tmp_path, monkeypatch, "sync")
    assert code == 0
    shortlists = {s["project"]: s for s in report["staffing"]["shortlists"]}
    for prose in ("Churn", "Assistant", "Stream", "Not"):  # nothing asked: nobody proposed
        assert shortlists[prose]["candidates"] == []
    assert shortlists["Cloud"]["candidates"][0]["name"] == "Ana Lima"  # SQL still read
    by_row: dict[int, list[dict]] = {}
    for issue in report["issues"]:
        if issue.get("sheet") == "Staffing requests":
            by_row.setdefault(issue["row"], []).append(issue)
    [churn] = by_row[2]
    assert churn["code"] == "skills-in-prose" and churn["message"] == (
        "'We need someone who knows Spark and Kafka' (Churn) "
        "reads as a sentence, so nothing was asked for; list the skills the work needs, "
        "e.g. 'NLP (4), PyTorch' (it mentions Spark, Kafka).")
    [assistant] = by_row[3]  # one warning for the cell, its list included
    assert "(it mentions PyTorch, Natural Language Processing)" in assistant["message"]
    assert 4 not in by_row  # a plain list says nothing
    [mixer] = by_row[5]  # one warning, not a second "names no skill"
    assert mixer["code"] == "skills-in-prose" and mixer["message"].endswith(
        "e.g. 'NLP (4), PyTorch'.")
    [cloud] = by_row[6]  # an unknown item is unknown, never read for what it mentions
    assert cloud["code"] == "staffing-unknown-skill" and "'AWS Lambda'" in cloud["message"]
    assert any("run over 2,000 characters" in i["message"] for i in by_row[7])
    [stream] = by_row[8]
    assert stream["message"].startswith(
        "'We need Spark, Kafka and SQL' (Stream) reads as")


def test_match_refuses_a_sentence(tmp_path, monkeypatch):
    code, said = run(tmp_path, monkeypatch, "match", "--skills", "we need someone with NLP")
    assert code == 2
    assert "'we need someone with NLP' reads as a sentence" in said
    assert "(it mentions Natural Language Processing)" in said
