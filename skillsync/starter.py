"""`skillsync init` and `skillsync demo`: a starter workbook, and the bundled example synced."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from skillsync import paths
from skillsync.errors import ConfigError, SourceNotFound
from skillsync.report import Report

HEADER = ["Full Name", "E-mail", "Team", "Role", "Manager e-mail", "Location",
          "Areas of Expertise", "Past projects", "Success rate", "Current project(s)",
          "Want to learn next", "Availability", "Last updated"]
WIDTHS = [24, 30, 16, 18, 28, 14, 40, 30, 12, 30, 30, 14, 14]
INSTRUCTIONS = [
    "How to keep this inventory",
    "",
    "One row per person on the People tab. The e-mail is the key: keep it exact.",
    "Areas of Expertise and Want to learn next: separate skills with commas; add a level "
    "from 1 (beginner) to 5 (expert) in brackets, e.g. 'NLP (4), PySpark (3)'.",
    "Success rate: the share of your past projects that met their goal, e.g. 85%.",
    "Last updated: type the date whenever you edit your row (YYYY-MM-DD).",
    "Aliases tab: teach skillsync your own spellings (alias -> canonical skill). Delete a "
    "row to undo it.",
    "Not duplicates tab: two e-mails that belong to different people with the same name.",
    "Tabs with a blue colour (Skills, Team Skills, ...) are written by skillsync every "
    "night; edits there are replaced.",
]
CONFIG_TEXT = """\
# skillsync settings. Every setting is optional; delete what you do not need.

[source]
# The inventory tab; found automatically (the tab with a header row naming an e-mail
# column) when not set.
# tab = "People"
# User-owned tabs skillsync reads but never writes.
# aliases_tab = "Aliases"
# not_duplicates_tab = "Not duplicates"

# Your own header spellings, per field, on top of the built-in synonyms.
# Fields: name, email, team, role, manager, location, expertise, past_projects,
# success_rate, current_projects, learn, availability, last_updated
[source.headers]
# email = ["Work address"]
# expertise = ["What I am good at"]

[skills]
# A person is an expert in a skill listed with at least this level (1-5).
expert_level = 4
# Extra alias -> canonical skill pairs (the Aliases tab does the same from the sheet).
# aliases = { "torch" = "PyTorch", "churn models" = "Churn Modeling" }

[dedupe]
# Pairs of e-mails that are different people, even with the same name.
# not_same = [["john.smith@example.com", "john.smith2@example.com"]]

[dates]
# Read 03/04/2025 as 3 April (true) or March 4 (false).
day_first = true

[checks]
# A row not updated for this many days gets a reminder.
stale_days = 180

[tabs]
# Names of the tabs skillsync owns (1-31 characters).
# skills = "Skills"
# team_skills = "Team Skills"
# projects = "Projects"
# learning = "Learning"
# issues = "Data Issues"
# duplicates = "Duplicates"
# sync = "Sync"

[output]
# Where the digest goes (default: the private state folder).
# digest = "digest.html"
# Your own Jinja templates (digest.html.j2, digest.txt.j2, ...) override the shipped ones.
# templates = "my-templates"
# Backups of the workbook kept in the state folder before each write.
backups = 7

[google]
# A service-account JSON key; otherwise GOOGLE_APPLICATION_CREDENTIALS,
# ~/.config/gspread/service_account.json or Application Default Credentials are used.
# credentials = "service_account.json"

[email]
# smtp_host = "smtp.example.com"
# smtp_port = 587
# security = "starttls"        # starttls | ssl | none
# username = "skillsync@example.com"   # the password comes from SKILLSYNC_SMTP_PASSWORD
# from = "Skills digest <skillsync@example.com>"
# to = ["ds-leads@example.com"]
# team_digests = false         # also mail each team's digest to its manager
# nudges = false               # mail each person whose row needs attention
"""


def create(folder: Path) -> list[Path]:
    """A starter workbook and skillsync.toml in `folder`; existing files are never replaced."""
    workbook = folder / "skills-inventory.xlsx"
    config = folder / "skillsync.toml"
    for path in (workbook, config):
        if path.exists():
            raise ConfigError(f"{path} already exists; choose an empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    _starter_workbook().save(workbook)
    config.write_text(CONFIG_TEXT, encoding="utf-8")
    return [workbook, config]


def _starter_workbook() -> Workbook:
    book = Workbook()
    people = book.active
    people.title = "People"
    people.append(HEADER)
    for index, width in enumerate(WIDTHS, start=1):
        people.column_dimensions[people.cell(1, index).column_letter].width = width
        people.cell(1, index).font = Font(bold=True)
        people.cell(1, index).fill = PatternFill("solid", fgColor="FFDDEBF7")
    people.freeze_panes = "A2"
    people["G1"].comment = Comment("Comma-separated; optional level 1-5, e.g. 'NLP (4)'",
                                   "skillsync")
    _validations(people)
    _instructions(book.create_sheet("Instructions"))
    aliases = book.create_sheet("Aliases")
    aliases.append(["Alias", "Canonical skill"])
    aliases.append(["torch lightning", "PyTorch"])
    book.create_sheet("Not duplicates").append(["E-mail", "Other e-mail", "Note"])
    return book


def _validations(sheet) -> None:
    rate = DataValidation(type="decimal", operator="between", formula1="0", formula2="1",
                          allow_blank=True, showErrorMessage=True,
                          error="Type a percentage from 0% to 100%.")
    sheet.add_data_validation(rate)
    rate.add("I2:I2000")
    sheet.column_dimensions["I"].number_format = "0%"
    sheet.column_dimensions["M"].number_format = "yyyy-mm-dd"
    availability = DataValidation(type="list", formula1='"Full-time,Part-time,Not available"',
                                  allow_blank=True)
    sheet.add_data_validation(availability)
    availability.add("L2:L2000")


def _instructions(sheet) -> None:
    for line in INSTRUCTIONS:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110
    for row in sheet.iter_rows(min_row=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def demo(folder: Path) -> Report:
    """Copy the bundled example into `folder` (fresh each time), sync it, digest beside it."""
    from skillsync.config import Config
    from skillsync.pipeline import sync

    example = paths.examples_dir() / "inventory.xlsx"
    if not example.is_file():
        raise SourceNotFound(f"the bundled example {example} is missing; reinstall skillsync")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "inventory.xlsx"
    shutil.copyfile(example, target)
    return sync(target, Config(), digest_path=folder / "digest.html")
