"""One row per person, skills in a cell: the seed's layout, typed the way people type it."""

from __future__ import annotations

import random
from pathlib import Path

from sheets.books import workbook, write_row
from sheets.notation import (
    NOTATION_CASES,
    QUOTED_CELLS,
    SPELLINGS,
    UNKNOWN_IN_QUOTED,
    typed_cell,
)
from sheets.people import people
from sheets.truth import Sheet, Truth, fold

ROLES = ("Data Scientist", "Senior Data Scientist", "ML Engineer", "Analytics Engineer")
# Learning wishes as typed -> canonical skill.
WISHES = {"Rust": "Rust", "k8s": "Kubernetes", "causal inference": "Causal Inference",
          "LLMs": "Large Language Models", "RL": "Reinforcement Learning", "GNNs":
          "Graph Neural Networks"}


def skills_for(rng: random.Random) -> list[str]:
    return rng.sample(sorted(SPELLINGS), rng.randint(2, 5))


def build_rows(folder: Path) -> Sheet:
    """40 people under a title row; the first cells are typed exactly as the issue quotes."""
    path = folder / "rows.xlsx"
    truth = Truth("rows", learn={}, unknown=set(UNKNOWN_IN_QUOTED))
    rng = random.Random(8)
    book = workbook(path)
    sheet = book.add_worksheet("Inventory")
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.merge_range(0, 0, 0, 5, "Data Science skills inventory - keep your row up to date",
                      book.add_format({"bold": True, "font_size": 14}))
    header_index = 2
    write_row(sheet, header_index, ["Name", "E-mail", "Team", "Role", "Skills", "Want to learn"])
    for i, someone in enumerate(people(40, seed=8)):
        index = header_index + 1 + i
        if i < len(QUOTED_CELLS):
            text, meaning = QUOTED_CELLS[i]
        else:
            text, meaning = typed_cell(rng, skills_for(rng))
        wishes = rng.sample(sorted(WISHES), rng.randint(0, 2))
        write_row(sheet, index, [someone.name, someone.email, someone.team, rng.choice(ROLES)])
        sheet.write_string(index, 4, text, wrap)
        if wishes:
            sheet.write_string(index, 5, ", ".join(wishes))
        key = truth.person(someone.email, someone.name, someone.team)
        for spelled, skill, level in meaning:
            truth.holds(key, skill, level, "Inventory", index + 1, spelled)
        for wish in wishes:
            truth.wants(key, WISHES[wish])
    book.close()
    return Sheet(path, truth)


def build_notation(folder: Path) -> Sheet:
    """One person per notation of the issue's item 2, in one rows-layout sheet."""
    path = folder / "notation.xlsx"
    truth = Truth("rows", unknown={"R&D"})
    book = workbook(path)
    sheet = book.add_worksheet("Skills")
    write_row(sheet, 0, ["Name", "E-mail", "Team", "Skills"])
    for i, ((text, expected), someone) in enumerate(zip(NOTATION_CASES, people(
            len(NOTATION_CASES), seed=2, teams=("Cases",)), strict=True)):
        write_row(sheet, i + 1, [someone.name, someone.email, someone.team, text])
        key = truth.person(someone.email, someone.name, someone.team)
        for skill, level in expected:
            truth.holds(key, skill, level, "Skills", i + 2)
    book.close()
    return Sheet(path, truth)


def notation_email(case_index: int) -> str:
    """The address of the person whose cell holds NOTATION_CASES[case_index]."""
    return people(len(NOTATION_CASES), seed=2, teams=("Cases",))[case_index].email


TAB_SIZES = {"Search": 14, "Vision": 13, "Forecasting": 12, "Platform": 12, "Risk": 11}


def build_tabs(folder: Path) -> Sheet:
    """A notes tab, then one tab per team with the same columns and no team column: 62."""
    path = folder / "tabs.xlsx"
    truth = Truth("rows", tabs=tuple(TAB_SIZES))
    rng = random.Random(62)
    everyone = iter(people(sum(TAB_SIZES.values()), seed=62, teams=("-",)))
    book = workbook(path)
    notes = book.add_worksheet("Notes")
    write_row(notes, 0, ["Date", "Note"])
    write_row(notes, 1, ["2026-01-12", "One tab per team; keep the columns the same."])
    write_row(notes, 2, ["2026-02-03", "Levels: 1 = beginner ... 5 = expert"])
    write_row(notes, 3, ["2026-03-01", "Platform moved to its own tab"])
    for team, size in TAB_SIZES.items():
        sheet = book.add_worksheet(team)
        write_row(sheet, 0, ["Name", "E-mail", "Role", "Skills"])
        for i in range(size):
            someone = next(everyone)
            text, meaning = typed_cell(rng, skills_for(rng))
            write_row(sheet, i + 1, [someone.name, someone.email, rng.choice(ROLES), text])
            key = truth.person(someone.email, someone.name, team)
            for spelled, skill, level in meaning:
                truth.holds(key, skill, level, team, i + 2, spelled)
    book.close()
    return Sheet(path, truth)


MERGED_BLOCKS = {"NLP": 5, "Vision": 4, "Forecasting": 6, "Platform": 5}


def build_merged_teams(folder: Path) -> Sheet:
    """Each team written once, merged over its block, under a section row such as
    'NLP team' that is no person."""
    path = folder / "merged_teams.xlsx"
    truth = Truth("rows", furniture=frozenset(f"{t} team" for t in MERGED_BLOCKS))
    rng = random.Random(4)
    everyone = iter(people(sum(MERGED_BLOCKS.values()), seed=4, teams=("-",)))
    book = workbook(path)
    sheet = book.add_worksheet("Team skills")
    banner = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    centred = book.add_format({"valign": "vcenter", "bold": True})
    write_row(sheet, 0, ["Team", "Name", "E-mail", "Skills"])
    index = 1
    for team, size in MERGED_BLOCKS.items():
        sheet.merge_range(index, 0, index, 3, f"{team} team", banner)
        index += 1
        sheet.merge_range(index, 0, index + size - 1, 0, team, centred)
        for _ in range(size):
            someone = next(everyone)
            text, meaning = typed_cell(rng, skills_for(rng))
            write_row(sheet, index, [someone.name, someone.email, text], first_col=1)
            key = truth.person(someone.email, someone.name, team)
            for spelled, skill, level in meaning:
                truth.holds(key, skill, level, "Team skills", index + 1, spelled)
            index += 1
    book.close()
    return Sheet(path, truth)


def build_no_email(folder: Path) -> Sheet:
    """No e-mail column at all: people are their normalised names. One person is typed
    twice ('Name' and 'NAME  ' with other skills): one person holding both rows' skills."""
    path = folder / "no_email.xlsx"
    truth = Truth("rows", keyed_by="name", merged=None)
    rng = random.Random(5)
    crew = people(18, seed=5)
    book = workbook(path)
    sheet = book.add_worksheet("People")
    write_row(sheet, 0, ["Name", "Team", "Skills", "Learning goals"])
    rows = [(someone, sorted(SPELLINGS)[i % len(SPELLINGS)]) for i, someone in enumerate(crew)]
    again = crew[3]
    rows.append((again, "Airflow"))  # typed again further down, another skill
    for i, (someone, first_skill) in enumerate(rows):
        shown = someone.name if i < len(crew) else f"  {someone.name.upper()}  "
        skills = [first_skill] if i >= len(crew) else [first_skill, *rng.sample(
            [s for s in sorted(SPELLINGS) if s not in (first_skill, "Airflow")], 2)]
        text, meaning = typed_cell(rng, skills)
        write_row(sheet, i + 1, [shown, someone.team, text])
        key = fold(someone.name)
        if key not in truth.people:
            truth.person(key, someone.name, someone.team)
        for spelled, skill, level in meaning:
            truth.holds(key, skill, level, "People", i + 2, spelled)
    book.close()
    return Sheet(path, truth)
