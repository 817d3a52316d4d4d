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
    "Staffing requests tab: one row per piece of work (project, skills such as 'NLP (4), "
    "PyTorch', minimum level, headcount, start date, stretch welcome?). Each sync answers "
    "every open request in the Shortlist tab; set Status to 'filled' to close one.",
    "Targets tab: what each team or role needs (skill, people needed, minimum level). Each "
    "sync compares it with what people hold in the Gaps tab.",
    "Tabs with a blue colour (Skills, Shortlist, Gaps, Risks, ...) are written by skillsync every "
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
# How the sheet is laid out, when the detected layout is wrong:
# rows | wide | form | long | transposed. And the header's row, when it is not found.
# layout = "rows"
# header_row = 1

# Your own header spellings, per field, on top of the built-in synonyms.
# Fields: name, email, team, role, manager, location, expertise, past_projects,
# success_rate, current_projects, learn, availability, last_updated
[source.headers]
# email = ["Work address"]
# expertise = ["What I am good at"]

[levels]
# Levels are read onto 1 beginner, 2 basic, 3 intermediate, 4 advanced, 5 expert.
# Your own level words (0 = does not have it) and marks meaning "has it":
# words = { rockstar = 5, dabbling = 1 }
# marks = ["ja"]
# The top of the sheet's numeric levels, when it is not 5 (4 for a 1-4 scale):
# scale = 4

[skills]
# A person is an expert in a skill listed with at least this level (1-5).
expert_level = 4
# Extra alias -> canonical skill pairs (the Aliases tab does the same from the sheet).
# aliases = { "torch" = "PyTorch", "churn models" = "Churn Modeling" }

[dedupe]
# Pairs of e-mails that are different people, even with the same name.
# not_same = [["john.smith@example.com", "john.smith2@example.com"]]

[dates]
# Read 03/04/2025 as 3 April (true) or March 4 (false). A column holding both
# 25/12/2025 and 12/25/2025 is reported: write its dates as 2025-12-25.
day_first = true

[checks]
# A row not updated for this many days gets a reminder.
stale_days = 180

[tabs]
# Names of the tabs skillsync owns (1-31 characters).
# skills = "Skills"
# people_skills = "People × Skills"
# team_skills = "Team Skills"
# projects = "Projects"
# learning = "Learning"
# shortlist = "Shortlist"
# gaps = "Gaps"
# risks = "Risks"
# issues = "Data Issues"
# duplicates = "Duplicates"
# trends = "Trends"
# sync = "Sync"

[staffing]
# User-owned tabs: requests answered in the Shortlist tab, targets compared in the Gaps tab.
# requests_tab = "Staffing requests"
# targets_tab = "Targets"
# Candidates listed per person a request needs.
# shortlist_size = 5

[mentoring]
# Nobody is asked to mentor more people than this.
# max_mentees = 3
# The least level a mentor holds the skill at (default: the expert level).
# min_level = 4
# Prefer mentors from another team (cross-pollination).
# prefer_other_teams = false

[privacy]
# Fields kept out of the shared tabs, digests, team digests and JSON (they still feed the
# ranking): success_rate, score, availability.
# restricted = ["success_rate", "score"]
# Success-rate medians shown to everyone cover at least this many people.
# min_group = 3
# Where restricted figures are written instead (a private workbook), and who gets a
# digest with them.
# restricted_workbook = "leads-only.xlsx"
# leads = ["head-of-data@example.com"]

[output]
# Where the digest goes (default: the private state folder).
# digest = "digest.html"
# Your own Jinja templates (digest.html.j2, digest.txt.j2, ...) override the shipped ones.
# templates = "my-templates"
# Backups of the workbook kept in the state folder before each write.
backups = 7
# Mode of the digest files (default "0600": only you may read them).
# digest_mode = "0640"

[google]
# A service-account JSON key; otherwise GOOGLE_APPLICATION_CREDENTIALS,
# ~/.config/gspread/service_account.json or Application Default Credentials are used.
# credentials = "service_account.json"

[site]
# Also write the skills atlas on every sync: a static site to open from a shared folder.
# dir = "atlas"

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
# deadline = 600               # seconds for the whole send
# ca_file = "relay-ca.pem"     # a private CA to trust for the relay's certificate
# (A settings file beside the workbook may not set username or ca_file: pass this file
# with --config from a private folder to send with a login.)

[limits]
# How much skillsync agrees to read; raise a limit only for a workbook you trust.
# max_file_mb = 1024           # the workbook file
# max_part_mb = 512            # one part of the workbook, unpacked
# max_total_mb = 2048          # all parts, unpacked
# max_ratio = 200              # how far a part over 1 MB may unpack
# max_parts = 20000            # parts in the workbook
# max_cell_chars = 32767       # text in one cell; longer text is cut with a warning
# network_seconds = 300        # one request to Google, retries included
# max_response_mb = 256        # one answer from Google

[history]
# Every sync is remembered (what changed, trends, the accident guard) in an SQLite file in
# the private state folder; a shared folder lets several machines run the sync.
# database = "/shared/skills/history.sqlite3"
# keep_days = 90               # every sync is kept this long...
# keep_weekly = true           # ...then one a week
# vanished_share = 0.2         # hold back (exit 4) when this share of people or more vanished
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
    _staffing_tabs(book, header)
    book.close()


REQUEST_HEADER = ["Project", "Skills", "Minimum level", "Headcount", "Start date",
                  "Stretch welcome?", "Status"]
TARGET_HEADER = ["Team or role", "Skill", "People needed", "Minimum level"]


def _staffing_tabs(book, header) -> None:
    """The Staffing requests and Targets tabs: headers, dropdowns and notes to fill in."""
    requests = book.add_worksheet("Staffing requests")
    requests.write_row(0, 0, REQUEST_HEADER, header)
    for column, width in enumerate((30, 36, 14, 11, 12, 16, 10)):
        requests.set_column(column, column, width)
    requests.set_column("E:E", 12, book.add_format({"num_format": "yyyy-mm-dd"}))
    requests.data_validation("F2:F500", {"validate": "list", "source": ["yes", "no"]})
    requests.data_validation("G2:G500", {"validate": "list",
                                         "source": ["open", "filled", "cancelled"]})
    requests.write_comment("B1", "Comma-separated, e.g. 'NLP (4), PyTorch': a level beside a "
                                 "skill is its minimum")
    requests.write_comment("G1", "Set to 'filled' or 'cancelled' to stop the Shortlist answering")
    targets = book.add_worksheet("Targets")
    targets.write_row(0, 0, TARGET_HEADER, header)
    targets.write_comment("A1", "A team or a role as the People tab spells it")
    targets.set_column("A:D", 18)


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
