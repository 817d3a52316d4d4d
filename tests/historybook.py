"""A realistic inventory to sync night after night, and the edits people (and accidents)
make to it between two syncs. Workbooks are real .xlsx files written with XlsxWriter."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import xlsxwriter
from click.testing import CliRunner

from skillsync.cli import main
from skillsync.core.history import Snapshot

HEADER = ["Full Name", "E-mail", "Team", "Role", "Location", "Areas of Expertise",
          "Current project(s)", "Want to learn next", "Availability"]
COLUMN = {h: i for i, h in enumerate(HEADER)}
TEAMS = ["Ads", "Risk", "Search", "Vision"]
SKILLS = ["Python", "SQL", "Spark", "PyTorch", "Natural Language Processing",
          "Computer Vision", "Time Series Forecasting", "Recommender Systems", "Kubernetes",
          "Causal Inference", "Statistics", "Docker", "Airflow", "Scala", "Tableau",
          "Large Language Models", "Reinforcement Learning", "Graph Neural Networks"]
FIRST = ["Ana", "Bo", "Chidi", "Dana", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jun",
         "Kofi", "Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rui", "Sofia", "Tomas"]
LAST = ["Lima", "Chen", "Okafor", "Berg", "Novak", "Haddad", "Ilic", "Sato", "Kral", "Park"]
PROJECTS = ["Churn model", "Query rewrite", "Fraud scoring", "Image search", "Bid pacing",
            "Demand forecast", "Feed ranking"]

Row = list[object]


def person(i: int, team: str | None = None) -> Row:
    """Person i: a stable, varied row (three skills with levels, a project, a wish)."""
    skills = ", ".join(f"{SKILLS[(i * 7 + k * 5) % len(SKILLS)]} ({1 + (i + k) % 5})"
                       for k in range(3))
    return [f"{FIRST[i % 20]} {LAST[(i // 20) % 10]}{'' if i < 200 else f' {i}'}",
            f"p{i:03d}@corp.example", team or TEAMS[(i * len(TEAMS)) // 40 % len(TEAMS)],
            ["Data Scientist", "ML Engineer", "Analyst"][i % 3],
            ["Lisbon", "Berlin", "Austin", "Pune", "Lagos"][(i * 3) % 5], skills,
            PROJECTS[i % len(PROJECTS)], SKILLS[(i * 11 + 3) % len(SKILLS)],
            ["Full-time", "Part-time"][(i // 3) % 2]]


def organisation(n: int = 40) -> list[Row]:
    """n people, grouped by team as most sheets are kept."""
    return sorted((person(i) for i in range(n)), key=lambda r: (TEAMS.index(r[2]), r[1]))


def write_book(path: Path, rows: list[Row], header: list[str] = HEADER) -> Path:
    """The inventory tab (a title above the header) and a user tab with a chart."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_urls": False})
    sheet = book.add_worksheet("People")
    sheet.write(0, 0, "Skills inventory — edit your own row")
    sheet.write_row(2, 0, header)
    for r, row in enumerate(rows, start=3):
        sheet.write_row(r, 0, row)
    notes = book.add_worksheet("Notes")
    notes.write_column(0, 0, ["Quarter", "Q1", "Q2", "Q3"])
    notes.write_column(0, 1, ["Hires", 3, 5, 2])
    chart = book.add_chart({"type": "column"})
    chart.add_series({"categories": "=Notes!$A$2:$A$4", "values": "=Notes!$B$2:$B$4"})
    notes.insert_chart("D2", chart)
    book.close()
    return path


FIRST_ROW = 4  # the sheet row of the first person: a title, a blank row, the header


def with_column(rows: list[Row], header: str, fill: Callable[[int], object]
                ) -> list[Row]:
    return [[*row, fill(i)] for i, row in enumerate(rows)]


def cli(*args: object, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    return result.exit_code, result.stdout, result.stderr


def sync_json(*args: object) -> tuple[int, dict]:
    code, out, err = cli("sync", *args, "--json")
    assert out.strip(), err
    return code, json.loads(out)


# --- a matrix: one column per skill, levels in the cells ------------------------------------

MATRIX_SKILLS = ["Python", "SQL", "Spark", "PyTorch", "Docker", "Kubernetes", "Statistics",
                 "Airflow", "Tableau", "Scala"]
MATRIX_HEADER = ["Full Name", "E-mail", "Team", *MATRIX_SKILLS]


def matrix_person(i: int) -> Row:
    """Person i in a matrix: about six of the ten skills, each with a level."""
    levels = [1 + (i * 3 + k * 7) % 5 if (i + 2 * k) % 5 else None
              for k in range(len(MATRIX_SKILLS))]
    return [*person(i)[:3], *levels]


def matrix(n: int = 40) -> list[Row]:
    return sorted((matrix_person(i) for i in range(n)), key=lambda r: (TEAMS.index(r[2]), r[1]))


def write_matrix(path: Path, rows: list[Row], header: list[str] = MATRIX_HEADER) -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("Skills matrix")
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is not None and value != "":
                sheet.write(r, c, value)
    book.close()
    return path


def read_snapshot(book: Path, when: datetime, previous: Snapshot | None = None) -> Snapshot:
    """The snapshot a sync of `book` takes, read by the real reader."""
    from skillsync import pipeline
    from skillsync.config import Config
    from skillsync.history.session import snapshot

    backend = pipeline.open_backend(str(book), writing=False)
    try:
        result, _ = pipeline.analyse(backend, Config(), when)
    finally:
        backend.close()
    return snapshot(result, when, previous)
