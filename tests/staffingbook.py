"""A messy ML organisation's workbook for the staffing tests: people, requests and targets.

Kept the way people keep such sheets: a title above the header, skills spelled five ways
("NLP", "natural language processing", "nlp"), typos ("Pyhton", "Computer Vison"), levels
in brackets or missing, availability typed as "50%", "20h/week", "on leave", "ask me" or
nothing, success rates as fractions, text and percent cells, a repeated e-mail after a team
move, a blank row, a row without an e-mail, and a name typed as a formula. Rows are the
spreadsheet row numbers a person sees (the header is on row 3).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import xlsxwriter

HEADER = ["Full Name", "E-mail", "Team", "Role", "Manager e-mail", "Areas of Expertise",
          "Past projects", "Success rate", "Current project(s)", "Want to learn next",
          "Availability", "Last updated"]
HOSTILE = '=HYPERLINK("http://evil.example","click")'
MANAGER = "nora.quinn@acme.example"

# row -> (name, email, team, role, skills, past, rate, current, learn, availability)
PEOPLE: dict[int, tuple] = {
    4: ("Ana Lima", "Ana.Lima@acme.example ", "NLP", "Senior DS",
        "NLP (5), PyTorch (4), LLMs (4)",
        "Support chatbot; NLP search revamp; Contract parsing (NLP)", 0.93,
        "Support chatbot v2", "RAG", "50%"),
    5: ("Ben Okoro", "ben.okoro@acme.example", "NLP", "DS",
        "natural language processing (4), pytorch (3)", "Support chatbot; Churn model", 0.81,
        "Support chatbot v2; Search relevance", None, "full-time"),
    6: ("Chen Wei", "chen.wei@acme.example", "Vision", "DS", "Computer Vision (5), PyTorch (5)",
        "Shelf detection; Defect detection (CV)", 0.87, "Shelf detection v2", "NLP", "on leave"),
    7: ("Dana Levi", "dana.levi@acme.example", "Platform", "MLE",
        "Kubernetes (5), MLOps (4), Python (4)", "Model serving platform; Feature store", 0.71,
        "Model serving platform; Feature store; GPU cluster; Monitoring", "PyTorch", None),
    8: ("Eli Novak", "eli.novak@acme.example", "Search", "DS",
        "nlp (3), Learning to rank (4), SQL", "Search relevance", "64%", "Search relevance",
        "LLMs; PyTorch", "20h/week"),
    9: ("Fatima Al-Sayed", "fatima@acme.example", "NLP", "Lead DS",
        "NLP (5), Pytorch (2), Transformers (5)", "Contract parsing (NLP)", "0.97", None, None,
        "available"),
    10: ("Gus Brown", "gus.brown@acme.example", "Risk", "DS",
         "Credit scoring (5), Gradient boosting (4), SQL (4)", "Credit v3; Fraud rules", 0.76,
         "Credit v4", "Causal inference", "full-time"),
    11: ("Hana Sato", "hana.sato@acme.example", "Risk", "DS",
         "Fraud detection (4), SQL (3), Graph analytics (2)", "Fraud rules", 0.79,
         "Fraud graph", "Graph neural networks", "50 %"),
    12: ("Ivan Petrov", "ivan.petrov@acme.example", "Search", "MLE",
         "Spark (4), SQL (4), Airflow (3)", "Search relevance; Feature store", 0.69,
         "Search relevance", "Kubernetes", "part-time"),
    13: ("Jo Kim", "jo.kim@acme.example", "Vision", "Junior DS", "Computer vision (2), Python (3)",
         None, None, "Shelf detection v2", "PyTorch, NLP", None),
    14: ("Kai Müller", "kai.muller@acme.example", "Platform", "MLE",
         "k8s (4), MLOps (3), Docker (4)", "Model serving platform", 0.66, "GPU cluster", None,
         "fully booked"),
    # row 15 is blank on purpose
    16: ("Lena Fischer", "lena.fischer@acme.example", "NLP", "DS",
         "LLMs (3), Prompt engineering (4)", None, 0.72, "Support chatbot v2", "NLP; PyTorch",
         "Full-time"),
    17: ("Mo Haddad", "mo.haddad@acme.example", "Search", "DS", "Learning to rank (3), Python",
         "Search relevance", "85%", None, "NLP", "100%"),
    18: ("Nora Quinn", MANAGER, "NLP", "Head of NLP", "NLP (4)",
         "Support chatbot; NLP search revamp", 0.88, None, None, "10%"),
    19: ("Omar Faruk", "omar.faruk@acme.example", "Vision", "DS", "Pyhton (4), Computer Vison (3)",
         "Defect detection (CV)", 1.3, "Shelf detection v2", "Pytorch", "ask me"),
    20: ("Temp Contractor", None, "Vision", "Contractor", "Computer vision (3)", None, None,
         None, None, None),
    21: (HOSTILE, "hostile@acme.example", "Risk", "DS", "SQL (2)", None, 0.5, None, None, None),
    # Ana again after a move: same e-mail in capitals, an older row with an older rate
    22: ("Ana Lima", "ANA.LIMA@ACME.EXAMPLE", "NLP", "Senior DS", "RAG (2)", None, 0.91, None,
         None, "50%"),
}
UPDATED = {22: date(2025, 6, 1)}  # every other row: 2026-11-01

REQUESTS_HEADER = ["Project", "Skills", "Minimum level", "Headcount", "Start date",
                   "Stretch welcome?", "Status"]
# row -> request; the header is on row 2 under a title
REQUESTS: dict[int, tuple] = {
    3: ("Contract search assistant", "nlp, PyTorch", 3, 2, datetime(2027, 1, 11), "yes", "open"),
    4: ("Fraud graph v2", "Graph analytics (2), SQL", None, 1, "March 2027", "no", None),
    5: ("Legacy OCR", "Computer vision", None, 1, None, None, "filled"),
    6: ("Quantum pilot", "Qunatum computing", None, 1, None, "yes", "open"),
    7: ("Support chatbot v2", "NLP", 4, 1, None, "yes", "open"),
    8: ("Reporting", "SQL", "expert-ish", "two", "someday", None, None),
}
TARGETS_HEADER = ["Team or role", "Skill", "People needed", "Minimum level"]
TARGETS: list[tuple] = [
    ("NLP", "Natural Language Processing", 3, 4),
    ("NLP", "PyTorch", 3, 3),
    ("Platform", "k8s", 3, 3),
    ("Vision", "MLOps", 2, 3),
    ("Risk", "Causal inference", 1, None),
    ("DS", "SQL", 2, 3),
    ("Robotics", "Python", 1, None),
]


def build(path: Path, *, requests: bool = True, targets: bool = True) -> Path:
    """Write the workbook; the Staffing requests and Targets tabs are optional."""
    book = xlsxwriter.Workbook(str(path))
    _people(book, book.add_worksheet("People"))
    if requests:
        sheet = book.add_worksheet("Staffing requests")
        sheet.write("A1", "Open staffing requests — one row per piece of work")
        sheet.write_row(1, 0, REQUESTS_HEADER, book.add_format({"bold": True}))
        dated = book.add_format({"num_format": "yyyy-mm-dd"})
        for row, values in REQUESTS.items():
            for column, value in enumerate(values):
                _cell(sheet, row - 1, column, value, dated)
    if targets:
        sheet = book.add_worksheet("Targets")
        sheet.write_row(0, 0, TARGETS_HEADER)
        for index, values in enumerate(TARGETS, start=1):
            for column, value in enumerate(values):
                _cell(sheet, index, column, value, None)
    book.close()
    return path


def _people(book, sheet) -> None:
    sheet.merge_range("A1:F1", "Data science skills inventory",
                      book.add_format({"bold": True, "font_size": 14}))
    sheet.write_row(2, 0, HEADER, book.add_format({"bold": True, "bg_color": "#DDEBF7"}))
    percent = book.add_format({"num_format": "0%"})
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    for row, values in PEOPLE.items():
        name, email, team, role, skills, past, rate, current, learn, available = values
        cells = [name, email, team, role, MANAGER if email != MANAGER else None, skills, past,
                 None, current, learn, available]
        for column, value in enumerate(cells):
            if value is not None:
                sheet.write_string(row - 1, column, value)
        if isinstance(rate, float):
            sheet.write_number(row - 1, 7, rate, percent)
        elif rate is not None:
            sheet.write_string(row - 1, 7, rate)
        updated = UPDATED.get(row, date(2026, 11, 1))
        sheet.write_datetime(row - 1, 11, datetime(updated.year, updated.month, updated.day),
                             dated)
    sheet.freeze_panes(3, 1)
    sheet.autofilter(2, 0, max(PEOPLE) - 1, len(HEADER) - 1)


def _cell(sheet, row: int, column: int, value, dated) -> None:
    if value is None:
        return
    if isinstance(value, datetime):
        sheet.write_datetime(row, column, value, dated)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, value)


def rows_of(tab) -> list[dict]:
    """An openpyxl worksheet as dicts keyed by its header row."""
    values = list(tab.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=False)) for row in values[1:]]


def person(name: str, team: str = "NLP", *, skills: tuple = (), past: tuple = (),
           current: tuple = (), learn: tuple = (), rate: float | None = None,
           availability: str = "", role: str = "DS") -> dict:
    """One row of the core's people table (schema.PEOPLE_COLUMNS), for pure tests.
    `skills` holds (skill, level or None) pairs with canonical names."""
    key = name.casefold().replace(" ", ".") + "@acme.example"
    return {"key": key, "email": key, "name": name, "team": team, "role": role, "manager": "",
            "location": "", "expertise": tuple((s, lv, "" if lv is None else str(lv))
                                               for s, lv in skills),
            "past_projects": tuple(past), "success_rate": float("nan") if rate is None else rate,
            "current_projects": tuple(current), "learn": tuple(learn),
            "availability": availability, "last_updated": None, "rows": (2,), "sheet": "People",
            "origin": {}, "learn_origin": {}, "project_origin": {},
            "name_key": name.casefold()}


def people_table(*rows: dict):
    """The people table, its held and learners tables, as the core builds them."""
    import pandas as pd

    from skillsync.core import schema, summary

    people = schema.check(pd.DataFrame(list(rows), columns=list(schema.PEOPLE_COLUMNS)),
                          schema.PEOPLE_COLUMNS, "people")
    return people, summary.skill_table(people, 4), summary.learner_table(people)


def grids() -> dict[str, list[list]]:
    """The same workbook as grids from A1, for seeding a Google Sheet."""
    people: list[list] = [["Data science skills inventory"], [], list(HEADER)]
    for row in range(4, max(PEOPLE) + 1):
        if row not in PEOPLE:
            people.append([])
            continue
        name, email, team, role, skills, past, rate, current, learn, available = PEOPLE[row]
        updated = UPDATED.get(row, date(2026, 11, 1))
        people.append([name, email, team, role, MANAGER if email != MANAGER else None, skills,
                       past, rate, current, learn, available, updated.isoformat()])
    asked: list[list] = [["Open staffing requests — one row per piece of work"],
                         list(REQUESTS_HEADER)]
    for values in REQUESTS.values():
        asked.append([v.date().isoformat() if isinstance(v, datetime) else v for v in values])
    return {"People": people, "Staffing requests": asked,
            "Targets": [list(TARGETS_HEADER), *[list(t) for t in TARGETS]]}
