"""A long HR export: one row per (employee, skill, proficiency), as an HR system writes it."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sheets.grid import Tab, write_openpyxl
from sheets.notation import NLP
from sheets.people import people
from sheets.truth import HAS_IT, Level, Sheet, Truth

# (category, skill as the HR catalogue names it, canonical skill)
CATALOGUE = [
    ("Programming", "Python (Programming Language)", "Python"),
    ("Programming", "Structured Query Language (SQL)", "SQL"),
    ("Programming", "R (Programming Language)", "R"),
    ("Data Science", "Natural Language Processing (NLP)", NLP),
    ("Data Science", "Machine Learning", "Machine Learning"),
    ("Data Science", "Deep Learning", "Deep Learning"),
    ("Data Science", "Statistics", "Statistics"),
    ("Data Engineering", "Apache Spark", "Spark"),
    ("Data Engineering", "Apache Airflow", "Airflow"),
    ("Cloud", "Amazon Web Services (AWS)", "AWS"),
    ("Cloud", "Docker", "Docker"),
    ("Visualization", "Tableau", "Tableau"),
]
DESCRIPTIONS = {1: "Novice", 2: "Advanced Beginner", 3: "Competent", 4: "Proficient",
                5: "Expert"}
HEADER = ["Employee ID", "Employee Name", "Email", "Department", "Skill Category", "Skill",
          "Proficiency", "Proficiency Description", "Last Assessed"]
TAB = "Employee Skills"


def build_long(folder: Path) -> Sheet:
    """30 employees, 2-6 skills each, sorted by employee then skill as exports are."""
    truth = Truth("long", furniture=frozenset(DESCRIPTIONS.values()) | frozenset(
        {c for c, _, _ in CATALOGUE}))
    rng = random.Random(30)
    records = []
    for n, someone in enumerate(people(30, seed=30)):
        employee = f"E{10200 + n * 7}"
        for category, named, skill in sorted(rng.sample(CATALOGUE, rng.randint(2, 6)),
                                             key=lambda c: c[1]):
            level = rng.randint(1, 5) if rng.random() > 0.1 else None
            assessed = date(2025, 6, 1) + timedelta(days=rng.randint(0, 300))
            records.append((employee, someone, category, named, skill, level, assessed))
    tab = Tab(TAB)
    tab.row(0, HEADER)
    for i, (employee, someone, category, named, skill, level, assessed) in enumerate(records):
        row = i + 1
        tab.row(row, [employee, someone.name, someone.email, someone.team, category, named,
                      level, DESCRIPTIONS.get(level), assessed])
        key = truth.person(someone.email, someone.name, someone.team)
        truth.holds(key, skill, HAS_IT if level is None else Level.exact(level), TAB,
                    row + 1, named)
    return Sheet(write_openpyxl(folder / "hr_export.xlsx", [tab]), truth)
