"""A realistic inventory for the atlas tests, with the truth recorded while it is written.

Forty people in four teams and five places; skills typed the ways people type them
(aliases, case, a typo, levels as "(4)", "4/5", "- 3", "(expert)" or none); learning
wishes; success rates with distinctive digits (so a test can look for them in every
file); one rate over 100%; hostile text. Nothing is read back to learn the truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

HEADER = ["Full Name", "E-mail", "Team", "Role", "Manager e-mail", "Location",
          "Areas of Expertise", "Past projects", "Success rate", "Current project(s)",
          "Want to learn next", "Availability", "Last updated"]
HEADER_ROW = 3  # a title and a note above it, as people make them
TEAMS = ("Search", "Vision", "Forecasting", "Platform")
PLACES = ("Lisbon", "Berlin", "Austin", "Pune", "Singapore")
FIRST = ("Ana", "Bruno", "Chiara", "Diego", "Elif", "Farah", "Goran", "Hana", "Ines", "Jonas",
         "Kemal", "Lina", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq")
LAST = ("Lima", "Okoro", "Rossi", "Yilmaz", "Haddad", "Sato", "Berg", "Moreau")
# canonical skill -> spellings people type for it
SPELLINGS = {
    "Natural Language Processing": ("NLP", "Natural Language Processing", "nlp",
                                    "text mining", "Natural-Language Processing"),
    "Python": ("Python", "python", "PYTHON", "Pyhton"),
    "Kubernetes": ("k8s", "Kubernetes"),
    "Spark": ("PySpark", "Spark"),
    "Computer Vision": ("CV", "Computer vision"),
    "Time Series Forecasting": ("Time series", "Time Series Forecasting"),
    "SQL": ("SQL", "sql"),
    "PyTorch": ("PyTorch", "Pytorch"),
    "A/B Testing": ("A/B testing",),
}
WISHES = ("Rust", "Causal Inference", "Natural Language Processing", "Kafka")
# written level -> the level on the 1-5 scale (None: has it, no level)
LEVELS = {"(5)": 5, "(4)": 4, " 4/5": 4, "(3)": 3, " - 3": 3, "(2)": 2, "(1)": 1,
          " (expert)": 5, "": None}
SCRIPT = "<script>alert('atlas')</script>"
IMAGE = '<img src="https://evil.example/pixel.png">'
RATE_OVER = 1.3  # "130%": a problem whose message quotes the rate


@dataclass
class Person:
    row: int
    name: str
    email: str
    team: str
    location: str
    held: dict[str, int | None] = field(default_factory=dict)  # canonical -> level
    learn: set[str] = field(default_factory=set)
    rate: float | None = None
    available: bool = True
    current: tuple[str, ...] = ()


@dataclass
class Book:
    path: Path
    people: dict[str, Person]  # e-mail -> person

    def holders(self, skill: str) -> set[str]:
        return {e for e, p in self.people.items() if skill in p.held}

    def learners(self, skill: str) -> set[str]:
        return {e for e, p in self.people.items() if skill in p.learn and skill not in p.held}

    @property
    def rates(self) -> list[float]:
        return [p.rate for p in self.people.values() if p.rate is not None]


def build(path: Path, seed: int = 14) -> Book:
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Inventory")
    sheet.write(0, 0, "Data science skills — please keep your row up to date")
    sheet.write(1, 0, "Levels: 1 beginner … 5 expert")
    sheet.write_row(HEADER_ROW - 1, 0, HEADER)
    rate_format = book.add_format({"num_format": "0.00%"})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    people: dict[str, Person] = {}
    names = [(f, s) for f in FIRST for s in LAST]
    rng.shuffle(names)
    for i, (first, last) in enumerate(names[:40]):
        row = HEADER_ROW + 1 + i
        person = _person(rng, i, row, first, last)
        skills_cell = _skills(rng, person, i)
        wishes = rng.sample(WISHES, rng.randint(0, 2))
        person.learn = set(wishes)
        person.rate = RATE_OVER if i == 7 else round(0.6 + (i * 0.0097) % 0.39, 4)
        availability = "Not available" if i % 5 == 0 else rng.choice(("Full-time", "Part-time"))
        person.available = i % 5 != 0
        person.current = (f"Project {TEAMS[i % 4]} {i % 3 + 1}",)
        values = [person.name, person.email, person.team, "Data Scientist",
                  "", person.location, skills_cell, f"Past {i}a; Past {i}b"]
        _texts(sheet, row, 0, values)
        sheet.write_number(row - 1, 8, person.rate, rate_format)
        _texts(sheet, row, 9, [", ".join(person.current), ", ".join(wishes), availability])
        sheet.write_datetime(row - 1, 12, datetime(2026, 10, 1 + i % 27), date_format)
        people[person.email] = person
    book.close()
    return Book(path, people)


def _texts(sheet, row: int, first: int, values: list[str]) -> None:
    """Text cells, always as text: xlsxwriter's write() would make '=...' a formula."""
    for column, value in enumerate(values, start=first):
        if value:
            sheet.write_string(row - 1, column, value)


def _person(rng: random.Random, i: int, row: int, first: str, last: str) -> Person:
    name = f"{first} {last}"
    if i == 3:
        name = f"{first} {IMAGE}"  # markup typed as a name must stay text
    email = f"{first.lower()}.{last.lower()}@atlas.example"
    location = PLACES[i % len(PLACES)] if i != 11 else '=HYPERLINK("https://evil.example","x")'
    return Person(row, name, email, TEAMS[i % len(TEAMS)], location)


def _skills(rng: random.Random, person: Person, i: int) -> str:
    """The expertise cell, recording each canonical skill and level as typed."""
    chosen = rng.sample(sorted(SPELLINGS), rng.randint(1, 4))
    if i % 3 == 0 and "Natural Language Processing" not in chosen:
        chosen.append("Natural Language Processing")
    if i % 4 == 1 and "Python" not in chosen:
        chosen.append("Python")
    parts = []
    for skill in chosen:
        spelling = rng.choice(SPELLINGS[skill])
        written = rng.choice(sorted(LEVELS))
        parts.append(f"{spelling}{written}")
        person.held[skill] = LEVELS[written]
    if i == 5:
        parts.append(SCRIPT)  # an unknown "skill" made of markup, held with no level
        person.held[SCRIPT] = None
    return ", ".join(parts)


def today() -> date:
    return date(2026, 11, 30)


def read_data(folder: Path) -> dict:
    """The object data.js assigns, parsed as the JSON it is."""
    import json

    text = (folder / "data.js").read_text(encoding="utf-8")
    prefix = "window.SKILLSYNC_ATLAS = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix):-2])


def decoded_people(data: dict) -> dict[str, dict]:
    """id -> what the data file says of the person, decoded as atlas.js decodes it."""
    people, strings, skills = data["people"], data["s"], data["skills"]
    found, row = {}, 0
    for i in range(people["n"]):
        at = people["at"][i] if "at" in people else 0
        key = f"{people['id'][i]}@{strings[at]}" if at else people["id"][i]
        row += people["row"][i]
        found[key] = {
            "name": people["name"][i],
            "row": row,
            "held": {skills[v >> 3]: (v & 7) or None for v in people["held"][i]},
            "learn": {skills[s] for s in people.get("learn", [[]] * people["n"])[i]},
            "team": strings[people["team"][i]] if "team" in people else None,
            "free": bool(people["free"][i]) if "free" in people else None,
            "rate": people["success_rate"][i] if "success_rate" in people else None,
        }
    return found
