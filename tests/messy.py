"""A hand-made inventory holding every kind of mess DESIGN.md lists, with what to expect.

Rows are laid out explicitly so tests can name them: the header is on row 4, and each
constant below is the spreadsheet row number a person would see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

HEADER = ["Full Name", " E-mail ", "Team", "Role", "Manager E-Mail", "Location",
          "Areas of Expertise", "Past Projects", "Success Rate (%)", "Current project(s)",
          "Want to learn next", "Availability", "Last Updated"]
HOSTILE_NAME = '=HYPERLINK("http://evil.example","click")'
SCRIPT = "<script>alert(1)</script>"

# row -> (name, email, team, expertise, rate, current, learn, updated); None = empty cell
ROWS: dict[int, tuple] = {
    5: ("Ana Lima", "Ana.Lima@Example.com ", "Search",
        "NLP (5), pyspark; k8s / LLMs\nRecSys and GNNs", 0.85, "Semantic search",
        "Causal inference", date(2026, 10, 1)),
    6: ("Zhang Wei", "wei.zhang@example.com", "Vision", "CV (4), PyTorch (5)", "85%",
        "Visual search", "LLMs", date(2026, 9, 1)),
    7: ("Wei Zhang", "zhangwei@other.example", "Vision", "Computer vision", "85",
        "Visual search", None, date(2026, 8, 1)),
    8: ("Søren Kierkegård", "soren@example.com", "Forecasting",
        "Time series (5), Bayesian methods (4)", "0.85", "Demand 2026", "JAX", date(2026, 7, 1)),
    9: ("Soren Kierkegard", "s.kierkegard@example.com", "Forecasting", "Forecasting", 0.8,
        "Demand 2026", None, date(2026, 6, 1)),
    10: ("Łukasz Wróbel", "lukasz@example.com", "Platform", "Kubernetes (5), MLOps (4)", 0.7,
         "Model serving", "Rust", date(2026, 5, 1)),
    11: ("Lukasz Wrobel", "l.wrobel@example.com", "Platform", "k8s", 0.7, "Model serving", None,
         date(2026, 5, 2)),
    12: ("John Smith", "john.smith@example.com", "Growth", "A/B testing (4), SQL", 0.6,
         "Uplift", "Bayesian statistics", date(2026, 4, 1)),
    13: ("John Smith", "john.smith2@example.com", "Risk", "Credit scoring (5)", 0.9,
         "Credit v4", None, date(2026, 4, 2)),
    14: ("Bob Stone", "bob.stone@example.com", "Growth", "Churn prediction (4)", 0.65,
         "Churn v2", None, date(2026, 3, 1)),
    15: ("Robert Stone", "robert.stone@example.com", "Growth", "Survival analysis", 0.66,
         "Churn v2", None, date(2026, 3, 2)),
    16: ("Mia Wong", "MAILTO:mia.wong@example.com", "Search", "Learning to rank (4)", 0.8,
         "Semantic search", "RAG", date(2025, 1, 1)),
    17: ("Mia Wong", "mia.wong@example.com", "Ranking", "LTR (4), Embeddings (3)", 0.8,
         "Semantic search", None, date(2026, 6, 1)),
    18: ("Tom Hale", "tom.hale@example.com", "NLP", "NLP (3)", 0.7, "Support bot", None, None),
    19: ("Tom Hale", " TOM.HALE@example.com", "Vision", "CV (3)", 0.9, "Support bot", None, None),
    # row 20 is left blank on purpose
    21: ("Ravi Rao", "ravi@example.com", "Risk", "Fraud detection", "high", None, None,
         date(2026, 2, 1)),
    22: ("Ines Ortiz", "ines@example.com", "Risk", "Anomaly detection", 1.3, None, None,
         date(2026, 2, 2)),
    23: ("Kofi Boateng", "kofi@example.com", "Risk", "Graph analytics", "-", None, None,
         date(2026, 2, 3)),
    24: ("Elena Petrova", "n/a", "Forecasting", "Time series", 0.7, None, None, None),
    25: ("No Mail", None, "Forecasting", "R", 0.5, None, None, None),
    26: ("Bad Mail", "not-an-email", "Forecasting", "R", 0.5, None, None, None),
    27: (HOSTILE_NAME, "hostile@example.com", "NLP", "Python", 0.5, None, None, date(2026, 1, 1)),
    28: ("Script Kid", "script@example.com", "NLP", f"{SCRIPT}, Python", 0.5, None, None,
         date(2026, 1, 2)),
    29: ("Na Error", "na@example.com", "NLP", "Python", None, None, None, date(2026, 1, 3)),
    30: ("Serial Date", "serial@example.com", "NLP", "SQL", 0.5, None, None, 45000),
    31: ("Text Date", "textdate@example.com", "NLP", "SQL", 0.5, None, None, "2024-05-01"),
    32: ("Bad Date", "baddate@example.com", "NLP", "SQL", 0.5, None, None, "someday"),
    33: ("Formula Team", "formula@example.com", None, "SQL", 0.5, None, None, date(2026, 1, 4)),
    34: ("Hidden Row", "hidden@example.com", "NLP", "SQL", 0.5, None, None, date(2026, 1, 5)),
    35: ("Level Seven", "level7@example.com", "NLP", "SQL (7)", 0.5, None, None, date(2026, 1, 6)),
    36: (None, "noname@example.com", "NLP", "SQL", 0.5, None, None, date(2026, 1, 7)),
    37: ("Typo Skill", "typo@example.com", "NLP", "Pytorch Lightnin", 0.5, None, None,
         date(2026, 1, 8)),
    38: ("Alias User", "alias@example.com", "Growth", "Churn wizardry (4)", 0.5, None, None,
         date(2026, 1, 9)),
}
LAST_ROW = 38
ERROR_ROW = 29  # success rate is =NA() with cached #N/A
FORMULA_TEAM_ROW = 33  # team is ="Platform" with cached "Platform"
HIDDEN_ROW = 34


@dataclass(frozen=True)
class Expected:
    """What a correct sync reports for the messy workbook."""

    sheet: str = "People"
    header_row: int = 4
    rows_read: int = len(ROWS)
    # 37 rows minus 3 without a usable e-mail, minus 2 merged e-mail repeats
    people: int = len(ROWS) - 3 - 2
    merged: tuple[tuple[int, ...], ...] = ((16, 17), (18, 19))
    review: tuple[tuple[int, ...], ...] = ((6, 7), (8, 9), (14, 15))
    not_proposed: tuple[tuple[int, ...], ...] = ((10, 11), (12, 13))
    issues: tuple[tuple[int, str], ...] = (
        (21, "rate-not-number"), (22, "rate-over-100"), (24, "missing-email"),
        (25, "missing-email"), (26, "invalid-email"), (27, "formula-text"),
        (28, "unknown-skill"), (ERROR_ROW, "cell-error"), (32, "bad-date"),
        (35, "bad-level"), (36, "missing-name"), (37, "skill-spelling"), (18, "conflict"),
        (16, "conflict"), (HIDDEN_ROW, "hidden-rows"),  # read, and said to be hidden
    )
    no_issue_rows: tuple[int, ...] = (5, 23, 30, 31, FORMULA_TEAM_ROW, 38)


BUILT = datetime(2026, 1, 5, 9, 0)  # the workbooks' creation stamp, fixed


def build_messy_workbook(path: Path, *, stray_cell: bool = False) -> Expected:
    """Write the messy inventory (plus user tabs, a chart and formulas) to `path`."""
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": BUILT})  # the same bytes at every build
    instructions = book.add_worksheet("Instructions")
    instructions.write("A1", "Keep your row current. The People tab is the inventory.")
    people = book.add_worksheet("People")
    _people(book, people, stray_cell)
    aliases = book.add_worksheet("Aliases")
    aliases.write_row(0, 0, ["Alias", "Canonical skill"])
    aliases.write_row(1, 0, ["Churn wizardry", "Churn Modeling"])
    not_same = book.add_worksheet("Not duplicates")
    not_same.write_row(0, 0, ["E-mail", "Other e-mail", "Note"])
    not_same.write_row(1, 0, ["lukasz@example.com", "L.Wrobel@example.com", "two people"])
    _extras(book)
    book.close()
    return Expected()


def _people(book, sheet, stray_cell: bool) -> None:
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    percent = book.add_format({"num_format": "0%"})
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range("A1:F1", "Skills inventory 2026", title)
    sheet.write("A2", "Edit your own row. Levels 1-5 in brackets.")
    sheet.write_row(3, 0, HEADER, header)
    sheet.write_comment("G4", "Comma-separated; add a level like 'NLP (4)'")
    for row, (name, email, team, skills, rate, current, learn, updated) in ROWS.items():
        r = row - 1
        _text(sheet, r, 0, name)
        _text(sheet, r, 1, email)
        _text(sheet, r, 2, team)
        sheet.write_string(r, 3, "DS")
        sheet.write_string(r, 5, "Berlin")
        _text(sheet, r, 6, skills)
        _text(sheet, r, 7, "Churn model; Pricing")
        if isinstance(rate, float):
            sheet.write_number(r, 8, rate, percent)
        else:
            _text(sheet, r, 8, rate)
        _text(sheet, r, 9, current)
        _text(sheet, r, 10, learn)
        if isinstance(updated, date):
            sheet.write_datetime(r, 12, datetime(updated.year, updated.month, updated.day), dated)
        elif isinstance(updated, int):
            sheet.write_number(r, 12, updated)
        else:
            _text(sheet, r, 12, updated)
    sheet.write_formula(ERROR_ROW - 1, 8, "=NA()", percent, "#N/A")
    sheet.write_formula(FORMULA_TEAM_ROW - 1, 2, '="Plat"&"form"', None, "Platform")
    sheet.set_row(HIDDEN_ROW - 1, None, None, {"hidden": True})
    sheet.freeze_panes(4, 1)
    sheet.autofilter(3, 0, LAST_ROW - 1, len(HEADER) - 1)
    sheet.data_validation(4, 2, 500, 2, {"validate": "list",
                                         "source": ["Search", "Vision", "NLP", "Risk"]})
    if stray_cell:
        sheet.write("XFD1048576", "x")


def _text(sheet, row: int, column: int, value) -> None:
    if value is not None:
        sheet.write_string(row, column, value)  # always text, even "=HYPERLINK(...)"


def _extras(book) -> None:
    calc = book.add_worksheet("Calc")
    calc.write_row(0, 0, ["Team", "Headcount"])
    calc.write_row(1, 0, ["Search", 3])
    calc.write_row(2, 0, ["Vision", 2])
    calc.write_formula("B4", "=SUM(B2:B3)", None, 5)
    chart = book.add_chart({"type": "column"})
    chart.add_series({"categories": "=Calc!$A$2:$A$3", "values": "=Calc!$B$2:$B$3"})
    calc.insert_chart("D2", chart)


def inventory_rows(formula=None, error=None) -> list[list]:
    """The People tab as a grid from A1, for seeding a Google Sheet with the same mess.

    `formula(text, cached)` and `error(code)` build the stand-in's formula and error cells.
    """
    formula = formula or (lambda text, cached: cached)
    error = error or (lambda code: code)
    grid: list[list] = [["Skills inventory 2026"], ["Edit your own row. Levels 1-5 in brackets."],
                        [], list(HEADER)]
    for row in range(5, LAST_ROW + 1):
        if row not in ROWS:
            grid.append([])
            continue
        name, email, team, skills, rate, current, learn, updated = ROWS[row]
        grid.append([name, email, team, "DS", None, "Berlin", skills, "Churn model; Pricing",
                     rate, current, learn, None, updated])
    grid[ERROR_ROW - 1][8] = error("#N/A")
    grid[FORMULA_TEAM_ROW - 1][2] = formula('="Plat"&"form"', "Platform")
    return grid


def user_tabs() -> dict[str, list[list]]:
    """The Aliases and Not duplicates tabs, as grids."""
    return {
        "Aliases": [["Alias", "Canonical skill"], ["Churn wizardry", "Churn Modeling"]],
        "Not duplicates": [["E-mail", "Other e-mail", "Note"],
                           ["lukasz@example.com", "L.Wrobel@example.com", "two people"]],
    }
