"""Skills matrices: one column per skill, a level, word or mark in each cell."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

from sheets.grid import Formula, Tab, write_openpyxl, write_xlsxwriter
from sheets.notation import NLP
from sheets.people import people
from sheets.truth import HAS_IT, Level, Sheet, Truth

# Category -> (header as typed, canonical skill). No category name is a skill.
CATEGORIES: dict[str, list[tuple[str, str]]] = {
    "Languages": [("Python", "Python"), ("SQL", "SQL"), ("R", "R")],
    "Methods": [("NLP", NLP), ("Deep Learning", "Deep Learning"),
                ("Computer Vision", "Computer Vision"), ("Time series", "Time Series Forecasting")],
    "Tooling": [("PyTorch", "PyTorch"), ("Spark", "Spark"), ("Docker", "Docker"),
                ("Airflow", "Airflow"), ("Tableau", "Tableau")],
}
COLUMNS = [(category, typed, skill) for category, pairs in CATEGORIES.items()
           for typed, skill in pairs]
FIRST_SKILL_COL = 3  # Name, E-mail, Team come first
# Level words by rank; the top word is 5 under any mapping, "advanced"/"very good" 3–4.
WORD_RANGES = {1: (1, 2), 2: (2, 3), 3: (3, 4), 4: (5, 5)}
WORDS = ("beginner", "intermediate", "advanced", "expert")
GRADES = ("basic", "good", "very good", "excellent")


def _number(rng: random.Random) -> tuple[Any, Level]:
    level = rng.randint(1, 5)
    return (str(level) if rng.random() < 0.08 else level), Level.exact(level)


def _word(words: tuple[str, ...]) -> Callable[[random.Random], tuple[Any, Level]]:
    def held(rng: random.Random) -> tuple[Any, Level]:
        rank = rng.randint(1, 4)
        word = words[rank - 1]
        typed = rng.choice((word, word.capitalize(), f"{word} ", word.upper()))
        return typed, Level.within(rank, *WORD_RANGES[rank])
    return held


def _mark(rng: random.Random) -> tuple[Any, Level]:
    return rng.choice(("x", "X", "✓", "yes", "Yes")), HAS_IT


def _four(rng: random.Random) -> tuple[Any, Level]:
    rank = rng.randint(1, 4)
    return rank, Level.within(rank, 1, 5)


@dataclass(frozen=True)
class Variant:
    tab: str
    held: Callable[[random.Random], tuple[Any, Level]]  # a cell meaning "has it"
    absent: tuple[Any, ...]  # cells meaning "does not have it"
    legend: tuple[str, ...]
    footer: str  # "average" | "total" | "team average"
    write: Callable[[Path, list[Tab]], Path]
    title: str | None = None
    two_row_header: bool = True
    names_merged: bool = False  # Name, E-mail, Team merged down over both header rows
    ordinal: bool = False


VARIANTS: dict[str, Variant] = {
    "levels": Variant(
        "Skills matrix", _number, (None, None, None, 0),
        ("Legend", "0 = none", "1 = beginner", "2 = basic", "3 = intermediate",
         "4 = advanced", "5 = expert"), "average", write_xlsxwriter,
        title="Data Science skills matrix (self-assessed, 0-5)", names_merged=True),
    "words": Variant(
        "Matrix", _word(WORDS), (None, None, "none", "-", "n/a", "None"),
        ("Legend:", "none < beginner < intermediate < advanced < expert"), "total",
        write_openpyxl, ordinal=True),
    "grades": Variant(
        "Team A", _word(GRADES), (None, None, "-", "n/a"),
        ("Scale: basic / good / very good / excellent",), "total", write_xlsxwriter,
        title="Competency grid", ordinal=True),
    "marks": Variant(
        "Skills", _mark, (None, None, None, 0, "-", "none", "n/a", "no"),
        ("x = has the skill", "blank = does not"), "total", write_xlsxwriter,
        title="Who knows what", two_row_header=False),
    "scale4": Variant(
        "Competencies", _four, (None, None),
        ("Legend: 1 = aware, 2 = working knowledge, 3 = proficient, 4 = expert",),
        "team average", write_openpyxl, ordinal=True),
}


def build_wide(folder: Path, variant: str) -> Sheet:
    spec = VARIANTS[variant]
    path = folder / f"wide_{variant}.xlsx"
    furniture = {*spec.legend, *CATEGORIES, "Average", "Total", "Team average"}
    truth = Truth("wide", ordinal=spec.ordinal,
                  furniture=frozenset(furniture | ({spec.title} if spec.title else set())))
    rng = random.Random(f"wide-{variant}")
    tab = Tab(spec.tab)
    top = 1 if spec.title else 0
    tab.put(0, 0, spec.title)
    skill_row = _header(tab, spec, top)
    crew = people(25, seed=sum(map(ord, variant)))
    first_person = skill_row + 1
    for i, someone in enumerate(crew):
        row = first_person + i
        tab.row(row, [someone.name, someone.email, someone.team])
        key = truth.person(someone.email, someone.name, someone.team)
        held = [rng.random() < 0.45 for _ in COLUMNS]
        held[i % len(COLUMNS)] = True  # everyone holds at least one skill
        for col, ((_, _, skill), has) in enumerate(zip(COLUMNS, held, strict=True)):
            value, level = spec.held(rng) if has else (rng.choice(spec.absent), None)
            tab.put(row, FIRST_SKILL_COL + col, value)
            if level is not None:
                truth.holds(key, skill, level, spec.tab, row + 1)
    legend_col = FIRST_SKILL_COL + len(COLUMNS) + 1
    for offset, line in enumerate(spec.legend):
        tab.put(top + offset, legend_col, line)
    _footer(tab, spec.footer, first_person, first_person + len(crew) - 1,
            [s.team for s in crew])
    spec.write(path, [tab])
    return Sheet(path, truth)


def _header(tab: Tab, spec: Variant, top: int) -> int:
    """The header rows from `top`; returns the 0-based row naming the skills."""
    skill_row = top + 1 if spec.two_row_header else top
    for col, label in enumerate(("Name", "E-mail", "Team")):
        if spec.names_merged:
            tab.merge(top, col, skill_row, col, label)
        else:
            tab.put(skill_row, col, label)
    col = FIRST_SKILL_COL
    for category, pairs in CATEGORIES.items():
        if spec.two_row_header:
            tab.merge(top, col, top, col + len(pairs) - 1, category)
        for typed, _ in pairs:
            tab.put(skill_row, col, typed)
            col += 1
    return skill_row


def _footer(tab: Tab, kind: str, first: int, last: int, teams: list[str]) -> None:
    """Lines under the table that are not people: averages, totals, team averages."""
    below = last + 2  # one blank row, then the footer
    for offset, _ in enumerate(COLUMNS):
        col = FIRST_SKILL_COL + offset
        cells = [tab.cells.get((r, col)) for r in range(first, last + 1)]
        numbers = [v for v in cells if isinstance(v, (int, float))]
        span = f"{_letter(col)}{first + 1}:{_letter(col)}{last + 1}"
        if kind == "average":
            tab.put(below, col, Formula(f"=AVERAGE({span})", round(mean(numbers), 2)))
            tab.put(below + 1, col, Formula(f'=COUNTIF({span},">0")',
                                            sum(1 for v in numbers if v > 0)))
        elif kind == "total":
            tab.put(below, col, Formula(f"=COUNTA({span})", sum(1 for v in cells if v is not None)))
        else:
            for t, team in enumerate(sorted(set(teams))):
                mine = [v for v, tm in zip(cells, teams, strict=True)
                        if tm == team and isinstance(v, int)]
                teams_span = f"$C${first + 1}:$C${last + 1}"
                tab.put(below + t, col, Formula(f'=AVERAGEIF({teams_span},"{team}",{span})',
                                                round(mean(mine), 2) if mine else 0))
    if kind == "average":
        tab.put(below, 0, "Average")
        tab.put(below + 1, 0, "Total")
    elif kind == "total":
        tab.put(below, 0, "Total")
    else:
        for t, team in enumerate(sorted(set(teams))):
            tab.row(below + t, ["Team average", None, team])


def _letter(col: int) -> str:
    letters, index = "", col + 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


MATRIX_SKILLS = [("Python", "Python"), ("SQL", "SQL"), ("Spark", "Spark"), ("Docker", "Docker")]
OTHER_SKILLS = ("Airflow", "dbt", "Tableau", "Git")


def build_matrix_with_other_skills(folder: Path) -> tuple[Sheet, Sheet]:
    """A matrix beside an 'Other skills' column: read as `wide` it is the matrix, read as
    `rows` it is the 'Other skills' column. Returns the file with each reading's truth."""
    path = folder / "matrix_and_other_skills.xlsx"
    as_wide, as_rows = Truth("wide"), Truth("rows")
    rng = random.Random(99)
    tab = Tab("Skills")
    tab.row(0, ["Name", "E-mail", "Team", "Other skills", *(t for t, _ in MATRIX_SKILLS)])
    for i, someone in enumerate(people(10, seed=99)):
        others = rng.sample(OTHER_SKILLS, rng.randint(1, 2))
        tab.row(i + 1, [someone.name, someone.email, someone.team, ", ".join(others)])
        for truth in (as_wide, as_rows):
            truth.person(someone.email, someone.name, someone.team)
        for col, (_, skill) in enumerate(MATRIX_SKILLS, start=4):
            if rng.random() < 0.6 or col - 4 == i % len(MATRIX_SKILLS):
                level = rng.randint(1, 5)
                tab.put(i + 1, col, level)
                as_wide.holds(someone.email, skill, Level.exact(level), tab.name, i + 2)
        for skill in others:
            as_rows.holds(someone.email, skill, HAS_IT, tab.name, i + 2)
    write_xlsxwriter(path, [tab])
    return Sheet(path, as_wide), Sheet(path, as_rows)


def build_matrix_without_skill_names(folder: Path) -> Path:
    """Levels 0-5 in five columns whose header cells are empty: nothing names the skills."""
    rng = random.Random(7)
    tab = Tab("Matrix")
    tab.row(0, ["Name", "E-mail", "Team"])
    for i, someone in enumerate(people(8, seed=7)):
        tab.row(i + 1, [someone.name, someone.email, someone.team,
                        *(rng.randint(0, 5) for _ in range(5))])
    return write_xlsxwriter(folder / "matrix_without_skill_names.xlsx", [tab])
