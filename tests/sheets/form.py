"""Forms responses exports: Google Forms and Microsoft Forms, with re-submissions.

Column names as the tools write them, from public files that show them:
- Google Forms: "Timestamp" then "Email Address" when addresses are collected (e.g. the
  header list in RajeevAtla/AP-Stats-Final-Project main.py; newer forms write "Email
  address"); a grid question becomes one column per row, "Question [Row]"
  (lesmana/google-sheet-format-form-grid-responses DEMONSTRATION.md: "Jog [Spring]");
  checkbox answers are joined with ", " in one cell (kunalgorithm/surveycovid19
  data/data.js). The CSV download quotes every field and writes timestamps such as
  "2026/06/14 10:10:09 AM GMT+1" (a Google Forms CSV quoted in a public test fixture).
- Microsoft Forms: "ID", "Start time", "Completion time", "Email", "Name" and, in newer
  exports, "Last modified time" before the questions (acl-org/acl-anthology
  bin/add_attachments.py documents "ID,Start time,Completion time,Email,Name,..."); a
  multiple-answer question is one cell of choices each followed by ";", as in
  "AGOL;Cartography;" (a Microsoft Forms CSV embedded in a public p5.js sketch). A Likert
  question gives one column per statement named "Question.Statement", the form issue 8
  quotes ("How would you rate your skills?.Python"); no public file confirming that
  exact shape was found.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sheets.grid import Tab, write_xlsxwriter
from sheets.notation import NLP
from sheets.people import TEAMS, Someone, people
from sheets.truth import HAS_IT, Level, Sheet, Truth

GRID = [("Python", "Python"), ("SQL", "SQL"), ("NLP", NLP), ("Deep Learning", "Deep Learning"),
        ("Spark", "Spark"), ("Statistics", "Statistics")]
TOOLS = [("Docker", "Docker"), ("Airflow", "Airflow"), ("Git", "Git"), ("dbt", "dbt"),
         ("Tableau", "Tableau"), ("Kubernetes", "Kubernetes")]
WISHES = [("Rust", "Rust"), ("LLM fine-tuning", "LLM Fine-tuning"),
          ("Causal inference", "Causal Inference"),
          ("Reinforcement learning", "Reinforcement Learning")]
TOOLS_QUESTION = "Which tools do you use regularly?"
LEARN_QUESTION = "What would you like to learn next?"
RESUBMITTERS = (2, 5, 11, 16)  # they submit again later, unticking and changing things
MOVER = 11  # re-submits from another team


@dataclass
class Submission:
    when: datetime
    someone: Someone
    grid: dict[str, int | None]  # header text -> level 1-5, None when left blank
    tools: list[str]
    wishes: list[str]


def submissions(seed: int) -> list[Submission]:
    """20 people's answers, then four of them again, in the order they were sent."""
    rng = random.Random(seed)
    crew = people(20, seed=seed)
    start = datetime(2026, 3, 2, 9, 0, 0)
    sent = []
    for i, someone in enumerate(crew):
        grid = {typed: (rng.randint(1, 5) if rng.random() < 0.6 else None) for typed, _ in GRID}
        grid[GRID[i % len(GRID)][0]] = rng.randint(1, 5)  # at least one answer
        tools = [t for t, _ in TOOLS if rng.random() < 0.4]
        wishes = [w for w, _ in WISHES if rng.random() < 0.3]
        sent.append(Submission(start + timedelta(minutes=47 * i, seconds=i * 13), someone,
                               grid, tools, wishes))
    for n, i in enumerate(RESUBMITTERS):
        before = sent[i]
        grid = dict(before.grid)
        answered = [k for k, v in grid.items() if v is not None]
        grid[answered[0]] = 6 - (grid[answered[0]] or 3) if grid[answered[0]] != 3 else 5
        if len(answered) > 1:
            grid[answered[-1]] = None  # no longer claimed
        tools = before.tools[1:] if before.tools else ["Git"]  # one box unticked
        someone = before.someone
        if i == MOVER:
            someone = Someone(someone.name, someone.email, TEAMS[(TEAMS.index(
                someone.team) + 1) % len(TEAMS)])
        sent.append(Submission(start + timedelta(days=3 + n, hours=n), someone, grid,
                               tools, before.wishes[:1]))
    return sent


def _record(truth: Truth, sent: Submission, sheet: str | None, row: int) -> None:
    """The latest submission replaces what the person sent before."""
    key = sent.someone.email
    truth.person(key, sent.someone.name, sent.someone.team)
    truth.forget(key)
    for typed, skill in GRID:
        level = sent.grid[typed]
        if level is not None:
            truth.holds(key, skill, Level.exact(level), sheet, row)
    tools = dict(TOOLS)
    for typed in sent.tools:
        truth.holds(key, tools[typed], HAS_IT, sheet, row)
    wishes = dict(WISHES)
    for typed in sent.wishes:
        truth.wants(key, wishes[typed])


def _truth(ordered: list[Submission], sheet: str | None) -> Truth:
    """Rows as laid out in the file (from row 2); the truth follows the send time."""
    truth = Truth("form", learn={}, merged=None)
    rows = {id(s): i + 2 for i, s in enumerate(ordered)}
    for sent in sorted(ordered, key=lambda s: s.when):
        _record(truth, sent, sheet, rows[id(sent)])
    return truth


def build_google_forms(folder: Path) -> Sheet:
    """The responses Sheet downloaded as .xlsx, after someone sorted it newest first."""
    ordered = sorted(submissions(seed=71), key=lambda s: s.when, reverse=True)
    tab = Tab("Form Responses 1", date_format="m/d/yyyy h:mm:ss")
    tab.row(0, ["Timestamp", "Email Address", "Full name", "Team",
                *(f"Rate yourself [{typed}]" for typed, _ in GRID), TOOLS_QUESTION,
                LEARN_QUESTION])
    for i, sent in enumerate(ordered):
        tab.row(i + 1, [sent.when, sent.someone.email, sent.someone.name, sent.someone.team,
                        *(sent.grid[typed] for typed, _ in GRID),
                        ", ".join(sent.tools) or None, ", ".join(sent.wishes) or None])
    path = write_xlsxwriter(folder / "google_forms.xlsx", [tab])
    return Sheet(path, _truth(ordered, tab.name))


def build_microsoft_forms(folder: Path) -> Sheet:
    """The Excel file Microsoft Forms exports: one row per response, by ID."""
    ordered = submissions(seed=72)
    tab = Tab("Sheet1", date_format="m/d/yy h:mm:ss")
    tab.row(0, ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
                "Team", *(f"How would you rate your skills?.{typed}" for typed, _ in GRID),
                TOOLS_QUESTION, LEARN_QUESTION])
    for i, sent in enumerate(ordered):
        tab.row(i + 1, [i + 1, sent.when - timedelta(minutes=4, seconds=11), sent.when,
                        sent.someone.email, sent.someone.name, None, sent.someone.team,
                        *(_text(sent.grid[typed]) for typed, _ in GRID),
                        _choices(sent.tools), _choices(sent.wishes)])
    path = write_xlsxwriter(folder / "microsoft_forms.xlsx", [tab])
    return Sheet(path, _truth(ordered, tab.name))


def build_google_forms_csv(folder: Path) -> Sheet:
    """Google Forms' own CSV download; one linear-scale question per skill."""
    ordered = submissions(seed=73)
    path = folder / "google_forms.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, quoting=csv.QUOTE_ALL)
        out.writerow(["Timestamp", "Email address", "Full name", "Team",
                      *(f"Rate yourself: {typed} [1-5]" for typed, _ in GRID),
                      "Tools you use", LEARN_QUESTION])
        for sent in ordered:
            out.writerow([_google_time(sent.when), sent.someone.email, sent.someone.name,
                          sent.someone.team, *(_text(sent.grid[t]) or "" for t, _ in GRID),
                          ", ".join(sent.tools), ", ".join(sent.wishes)])
    return Sheet(path, _truth(ordered, None))


def _text(level: int | None) -> str | None:
    return None if level is None else str(level)


def _choices(chosen: list[str]) -> str | None:
    return "".join(f"{c};" for c in chosen) or None


def _google_time(when: datetime) -> str:
    hour = when.hour % 12 or 12
    return (f"{when:%Y/%m/%d} {hour}:{when:%M:%S} {'AM' if when.hour < 12 else 'PM'} GMT+1")
