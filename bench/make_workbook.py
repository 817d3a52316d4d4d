"""Build N-person inventory workbooks the way Excel stores them (shared strings, styles).

Usage: python bench/make_workbook.py PEOPLE OUT.xlsx [--shape tidy|hand] [--wide]
(--wide: a skills matrix, one column per skill with levels in the cells)

Two shapes:
- `tidy`: one header row, 13 columns, typed numbers and dates, skills as "NLP (4)".
- `hand`: a hand-edited-looking sheet: a title row over the header, nine columns of free
  text typed every which way (levels as "4/5", "advanced SQL", "Python - 3"; e-mails with
  capitals, spaces and mailto:; teams in several cases; rates as "85%", "0.85", "high";
  typos and skills the vocabulary does not know). About 7 MB at 100,000 people.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

HEADER = ["Full Name", "E-mail", "Team", "Role", "Manager e-mail", "Location",
          "Areas of Expertise", "Past projects", "Success rate", "Current project(s)",
          "Want to learn next", "Availability", "Last updated"]
SKILLS = ["NLP", "Computer Vision", "PySpark", "k8s", "LLMs", "RecSys", "GNN",
          "Reinforcement learning", "Time series", "SQL", "Causal inference", "Bayesian stats",
          "PyTorch", "TensorFlow",
          "A/B testing", "MLOps", "Airflow", "dbt", "Tableau", "Forecasting", "Optimization",
          "Fraud detection", "Credit scoring", "Survival analysis", "Graph analytics"]
SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "ti", "vo", "an", "el", "dor", "fa", "gu", "ha",
             "is", "jo", "ke", "lu", "ma", "ni", "or", "pe", "ra", "su", "ta", "ul", "ve"]
SHAPES = ("tidy", "hand")
EXCEL_ROWS = 1_048_576  # the most rows a worksheet holds


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def rows_for(shape: str, people: int) -> int:
    """People that fit a worksheet of this shape (the header, and the title row, take rows)."""
    return min(people, EXCEL_ROWS - (2 if shape == "hand" else 1))


def build(people: int, path: Path, seed: int = 7, shape: str = "tidy") -> Path:
    if shape == "hand":
        return build_hand_edited(people, path, seed)
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("People")
    percent = book.add_format({"num_format": "0%"})
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER, book.add_format({"bold": True}))
    today = date(2026, 11, 1)
    for i in range(1, rows_for("tidy", people) + 1):
        name = f"{_word(rng, 2)} {_word(rng, 3)}"  # names repeat about as often as in life
        email = f"person{i}@example.com"
        if i % 997 == 0:  # a few repeated e-mails, as after a team move
            email = f"person{i - 1}@example.com"
        skills = ", ".join(f"{s} ({rng.randint(1, 5)})" for s in rng.sample(SKILLS, 3))
        row = [name, email, f"Team {i % 60}", "Data Scientist", f"lead{i % 60}@example.com",
               rng.choice(["Berlin", "Lisbon", "Austin", "Pune", "Toronto"]), skills,
               f"Project {rng.randint(1, 3000)}; Project {rng.randint(1, 3000)}"]
        sheet.write_row(i, 0, row)
        sheet.write_number(i, 8, rng.randint(40, 100) / 100, percent)
        sheet.write_row(i, 9, [f"Project {rng.randint(1, 3000)}",
                               ", ".join(rng.sample(SKILLS, 2)), "Full-time"])
        sheet.write_datetime(i, 12, today - timedelta(days=rng.randint(0, 120)), dated)
    book.add_worksheet("Notes").write("A1", "Other tabs the organisation keeps")
    book.close()
    return path


HAND_HEADER = ["Full Name", "E-mail", "Team", "Role", "Areas of Expertise", "Past projects",
               "Success rate", "Current project(s)", "Want to learn next"]
# Spellings people type, known ones and aliases, a few typos, and skills nobody listed.
HAND_SKILLS = [
    "Python", "python", "SQL", "sql", "NLP", "Natural Language Processing", "nlp",
    "Computer vision", "CV", "PyTorch", "pytorch", "TensorFlow", "tensor flow", "Spark",
    "PySpark", "k8s", "Kubernetes", "Kubernetess", "LLMs", "Large language models", "RAG",
    "RecSys", "Recommender systems", "GNNs", "Time series", "Forecasting", "A/B testing",
    "Causal inference", "Bayesian statistics", "Bayesian stats", "Statistics", "MLOps",
    "Airflow", "dbt", "Tableau", "Power BI", "Docker", "AWS", "GCP", "Azure", "Snowflake",
    "Databricks", "R", "Scala", "Pyhton", "Optimisation", "Fraud detection", "Anomaly detection",
    "Credit scoring", "Survival analysis", "Graph analytics", "Excel", "Stakeholder management",
    "Churn modelling", "Geospatial analysis", "Marketing mix modelling", "Pricing",
]
LEVEL_FORMS = ("{s} ({n})", "{s} {n}/5", "{s} - {n}", "{s}: {n}", "{s} [{n}]", "{w} {s}",
               "{s} ({w})", "{s}", "{s}", "{s}")
LEVEL_WORDS = ("basic", "intermediate", "advanced", "expert", "beginner", "good")
SEPARATORS = (", ", "; ", "\n", " / ", ", ")
TEAMS = ["Search", "Vision", "Forecasting", "Risk", "Growth", "Platform", "NLP", "Pricing",
         "Marketing Science", "Supply Chain", "Fraud", "Core ML"]
ROLES = ["Data Scientist", "Senior Data Scientist", "ML Engineer", "Data Analyst",
         "Lead Data Scientist", "Research Scientist", "Analytics Engineer", "Intern"]
PROJECT_WORDS = ["Kestrel", "Churn", "Atlas", "Beacon", "Orion", "Pricing", "Demand",
                 "Lighthouse", "Falcon", "Search relevance", "Fraud", "Attribution"]
SURNAME_ENDS = ("", "son", "ez")
RATES = ("{p}%", "{p}%", "0.{p}", "{p}", "{p} %", "high", "", "n/a", "-")


def _hand_row(rng: random.Random, i: int) -> list[str]:
    # Namesakes are common in a large organisation: a few thousand at 100,000 people.
    first, last = _word(rng, 2), _word(rng, 2) + rng.choice(SURNAME_ENDS)
    local = f"{first}.{last}{i}".lower()
    email = rng.choice((f"{local}@corp.example", f"{local}@corp.example",
                        f"{first}.{last}{i}@Corp.Example ", f"mailto:{local}@corp.example",
                        f"{first} {last} <{local}@corp.example>"))
    if i % 1499 == 0:
        email = rng.choice(("n/a", "", "tbd", f"{first} {last}"))
    team = rng.choice(TEAMS)
    team = rng.choice((team, team, team, team.lower(), team + " ", team.upper()))
    expertise = rng.choice(SEPARATORS).join(
        rng.choice(LEVEL_FORMS).format(s=s, n=rng.randint(1, 5), w=rng.choice(LEVEL_WORDS))
        for s in rng.sample(HAND_SKILLS, rng.randint(2, 4)))
    projects = "; ".join(f"{rng.choice(PROJECT_WORDS)} {rng.randint(1, 400)}"
                         for _ in range(rng.randint(1, 2)))
    rate = rng.choice(RATES).format(p=rng.randint(40, 99))
    current = f"{rng.choice(PROJECT_WORDS)} {rng.randint(1, 400)}"
    learn = ", ".join(rng.sample(HAND_SKILLS, rng.randint(0, 2)))
    return [f"{first} {last}", email, team, rng.choice(ROLES), expertise, projects, rate,
            current, learn]


def build_hand_edited(people: int, path: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Team Inventory")
    sheet.write(0, 0, "Data science skills inventory — please keep your own row up to date",
                book.add_format({"bold": True, "font_size": 14}))
    sheet.write_row(1, 0, HAND_HEADER, book.add_format({"bold": True, "bg_color": "#DDEBF7"}))
    previous: list[str] = []
    for i in range(1, rows_for("hand", people) + 1):
        row = _hand_row(rng, i)
        if i % 997 == 0:  # the previous row's person again, after a team move
            row[:2] = previous[:2]
        previous = row
        for column, text in enumerate(row):
            if text:
                sheet.write_string(i + 1, column, text)
    book.add_worksheet("Notes").write("A1", "Other tabs the organisation keeps")
    book.close()
    return path


def build_wide(people: int, path: Path, seed: int = 7) -> Path:
    """The matrix layout: name, e-mail, team, role, then one column per skill; each person
    holds about eight of them, with a level from 1 to 5."""
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, ["Full Name", "E-mail", "Team", "Role", *SKILLS],
                    book.add_format({"bold": True}))
    for i in range(1, people + 1):
        held = set(rng.sample(range(len(SKILLS)), 8))
        sheet.write_row(i, 0, [f"{_word(rng, 2)} {_word(rng, 3)}", f"person{i}@example.com",
                               f"Team {i % 60}", "Data Scientist"])
        for k in held:
            sheet.write_number(i, 4 + k, rng.randint(1, 5))
    book.close()
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("people", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--shape", choices=SHAPES, default="tidy")
    parser.add_argument("--wide", action="store_true",
                        help="a skills matrix, one column per skill (bench/guard.py)")
    args = parser.parse_args()
    print(build_wide(args.people, args.out) if args.wide
          else build(args.people, args.out, shape=args.shape))
