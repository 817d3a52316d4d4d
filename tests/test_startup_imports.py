"""A command loads only what it uses: `check` renders, mails and publishes nothing, and a
`sync` without mail or atlas mails and publishes nothing, so neither may import the
templates, the mailer, the atlas or the writers it does not run. Each case runs the command
line in a fresh process on a real workbook and lists the modules loaded at its end; a
module imported at the top of a file again (instead of in the step that uses it) fails
here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sheets.books import workbook, write_row

ROOT = Path(__file__).resolve().parents[1]
PATIENCE = 300  # seconds before a stuck child counts as a failure (never a timing check)

# Run the command line as `python -m skillsync` would, then print its exit code and the
# modules loaded, as the last line of stdout.
REPORT = 'print()\nprint(json.dumps({"code": code, "modules": sorted(sys.modules)}))\n'
RUNNER = """import json, sys
from skillsync.cli import main
try:
    main.main(sys.argv[1:], prog_name="skillsync")
except SystemExit as done:
    code = done.code
""" + REPORT
# The libraries every run needs; a standard module they load themselves (it may vary with
# their versions) is not skillsync's doing.
LIBRARIES = ("import json, sys\nimport click, lxml.etree, pandas, python_calamine, rapidfuzz, "
             "sqlite3\ncode = 0\n") + REPORT

MAILER = ("smtplib", "skillsync.output.mail", "skillsync.output.mailmsg",
          "skillsync.output.mailplan", "skillsync.output.nudge", "skillsync.history.alert")
ATLAS = ("skillsync.site", "skillsync.site.pages", "skillsync.site.data")
WRITERS = ("xlsxwriter", "skillsync.output.restricted")
RENDERING = ("jinja2", "css_inline", "skillsync.output.templating",
             "skillsync.output.digest_files")
NETWORK = ("ssl", "urllib.request", "http.client")


def loaded(*args: str, runner: str = RUNNER) -> set[str]:
    done = subprocess.run([sys.executable, "-c", runner, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=PATIENCE)
    last = json.loads(done.stdout.splitlines()[-1])
    assert last["code"] in (0, None), done.stderr
    return set(last["modules"])


@pytest.fixture(scope="module")
def libraries() -> set[str]:
    return loaded(runner=LIBRARIES)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A small inventory with what makes a run do its work: namesakes, a duplicate e-mail
    in other case, unicode, an empty row, levels and wishes."""
    path = tmp_path / "inventory.xlsx"
    book = workbook(path)
    sheet = book.add_worksheet("People")
    rows = [["Full Name", "E-mail", "Team", "Areas of Expertise", "Want to learn next"],
            ["Zoë Ångström", "zoe@acme.example", "Data", "NLP (4), SQL (5)", "LLMs"],
            ["ZOË ÅNGSTRÖM", "Zoe@ACME.example", "data", "NLP (3)", ""],
            ["Li Wei", "li.wei@acme.example", "Platform", "PySpark (2)", "k8s"],
            ["Li Wei", "wei.li@acme.example", "Risk", "Time series (4)", ""],
            [None, None, None, None, None],
            ["Ana Núñez", "ana@acme.example", "Data", "Computer Vision (5)", "RecSys"]]
    for number, row in enumerate(rows):
        write_row(sheet, number, row)
    book.close()
    return path


def present(modules: set[str], *groups: tuple[str, ...]) -> list[str]:
    return sorted(m for group in groups for m in group if m in modules)


def test_check_loads_no_templates_mailer_atlas_or_writers(book, libraries):
    modules = loaded("-q", "check", str(book))
    assert "skillsync.pipeline" in modules and "skillsync.history.session" in modules
    assert present(modules, MAILER, ATLAS, WRITERS, RENDERING) == []
    assert present(modules - libraries, NETWORK) == []
    assert present(modules, ("skillsync.output.digest", "skillsync.output.staffing")) == []


def test_check_json_builds_its_staffing_section_without_rendering(book, libraries):
    modules = loaded("check", "--json", str(book))
    assert "skillsync.output.staffing" in modules  # the report's "staffing" section
    assert present(modules, MAILER, ATLAS, WRITERS, RENDERING) == []
    assert present(modules - libraries, NETWORK) == []


def test_sync_without_mail_or_atlas_loads_neither(book, libraries):
    modules = loaded("-q", "sync", str(book))
    assert "skillsync.output.templating" in modules  # the digest was rendered
    assert present(modules, MAILER, ATLAS, WRITERS) == []
    assert present(modules - libraries, NETWORK) == []


def test_sync_that_mails_and_publishes_loads_both(book, tmp_path):
    """The other side: what the steps load when they run is still there to load."""
    settings = tmp_path / "skillsync.toml"
    settings.write_text('[email]\nfrom = "skills@acme.example"\nto = ["lead@acme.example"]\n'
                        'smtp_host = "localhost"\n', encoding="utf-8")
    modules = loaded("-q", "sync", str(book), "--config", str(settings), "--send",
                     "--dry-run", "--site", str(tmp_path / "atlas"))
    assert present(modules, MAILER, ATLAS) == sorted([*MAILER, *ATLAS])
