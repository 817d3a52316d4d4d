"""`skillsync init` and `skillsync demo`: a starter workbook, and the bundled example synced."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import xlsxwriter

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
# trends = "Trends"
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
# timeout = 30                 # seconds to wait for the server, per step
# ca_file = "relay-ca.pem"     # a private CA to trust for the relay's certificate

[history]
# Every sync is remembered (what changed, trends, the accident guard) in an SQLite file in
# the private state folder; a shared folder lets several machines run the sync.
# database = "/shared/skills/history.sqlite3"
# keep_days = 90               # every sync is kept this long...
# keep_weekly = true           # ...then one a week
# vanished_share = 0.2         # hold back (exit 4) when this share of people vanished
# trend_syncs = 8              # syncs shown in the Trends tab
"""


def create(folder: Path) -> list[Path]:
    """A starter workbook and skillsync.toml in `folder`; existing files are never replaced."""
    workbook = folder / "skills-inventory.xlsx"
    config = folder / "skillsync.toml"
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder} is a file; give the folder to create the files in")
    for path in (workbook, config):
        if path.exists():
            raise ConfigError(f"{path} already exists; init never replaces files — remove it "
                              "or pick another folder")
    folder.mkdir(parents=True, exist_ok=True)
    _write_starter(workbook)
    config.write_text(CONFIG_TEXT, encoding="utf-8")
    return [workbook, config]


def _write_starter(path: Path) -> None:
    """The starter workbook, written as Excel writes one (shared strings, styles in order)."""
    book = xlsxwriter.Workbook(str(path))
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True,
                              "valign": "top"})
    people = book.add_worksheet("People")
    people.write_row(0, 0, HEADER, header)
    for index, width in enumerate(WIDTHS):
        people.set_column(index, index, width)
    people.set_column("I:I", WIDTHS[8], book.add_format({"num_format": "0%"}))
    people.set_column("M:M", WIDTHS[12], book.add_format({"num_format": "yyyy-mm-dd"}))
    people.freeze_panes(1, 0)
    people.write_comment("G1", "Comma-separated; optional level 1-5, e.g. 'NLP (4)'")
    _validations(people)
    _instructions(book)
    aliases = book.add_worksheet("Aliases")
    aliases.write_row(0, 0, ["Alias", "Canonical skill"], header)
    aliases.write_row(1, 0, ["torch lightning", "PyTorch"])
    aliases.set_column("A:B", 28)
    not_same = book.add_worksheet("Not duplicates")
    not_same.write_row(0, 0, ["E-mail", "Other e-mail", "Note"], header)
    not_same.set_column("A:C", 32)
    book.close()


def _validations(sheet) -> None:
    sheet.data_validation("I2:I5000", {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1,
        "ignore_blank": True, "error_message": "Type a percentage from 0% to 100%."})
    sheet.data_validation("L2:L5000", {
        "validate": "list", "source": ["Full-time", "Part-time", "Not available"]})
    sheet.data_validation("M2:M5000", {
        "validate": "date", "criteria": ">", "value": date(2000, 1, 1), "ignore_blank": True,
        "error_message": "Type the date of your last edit, e.g. 2026-11-27."})


def _instructions(book) -> None:
    sheet = book.add_worksheet("Instructions")
    title = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column("A:A", 110)
    sheet.write(0, 0, INSTRUCTIONS[0], title)
    for row, line in enumerate(INSTRUCTIONS[1:], start=1):
        if line:
            sheet.write(row, 0, line, wrap)


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
    # A fresh copy of the example needs no backup; everything else is the real job.
    return sync(target, Config(backups=0), digest_path=folder / "digest.html")
