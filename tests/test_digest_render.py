"""The digest, team digest and nudge as mail clients see them: e-mail-safe HTML, a text twin
rendered from its own template, and a layout that reads at phone and desktop widths in a
real Chromium. Screenshots go to test-artifacts/ at the project root.

The team inventory built here is shared with test_mail.py.
"""

from __future__ import annotations

import email
import re
from datetime import date, datetime, timedelta
from email import policy
from pathlib import Path

import pytest
import xlsxwriter
from messy import SCRIPT as MESSY_SCRIPT
from messy import build_messy_workbook

from skillsync.config import Config, EmailConfig
from skillsync.output import digest, mailplan
from skillsync.pipeline import prepare_mail

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

TODAY = date.today()  # rows are dated relative to today so "stale" means the same every day
FRESH = TODAY - timedelta(days=10)
STALE = TODAY - timedelta(days=400)
SCRIPT = "<script>alert(1)</script>"
LONG_SKILL = "Hyperparameteroptimisationwithoutanyspaces" * 5  # no place to wrap
LONG_EMAIL = "maximilian.alexander.longaddress.for.wrapping@subdivision.department.corp.example"
HEADER = ["Name", "E-mail", "Team", "Manager e-mail", "Skills", "Success rate",
          "Want to learn", "Last updated"]
# sheet row -> (name, e-mail, team, manager, skills, success rate, want to learn, updated)
TEAM_ROWS: dict[int, tuple] = {
    2: ("Lena Lead", "lena@corp.example", "Search", "dee@corp.example", "NLP (5), Python (4)",
        0.9, "Rust", FRESH),
    3: ("Ana Lima", "ana@corp.example", "Search", "lena@corp.example", f"NLP (4), {SCRIPT}",
        0.8, "Rust, Causal inference", FRESH),
    4: ("Søren Kierkegård", "soren@corp.example", "Search", "lena@corp.example",
        f"Python (3), {LONG_SKILL}", "high", "NLP", STALE),
    5: ("José Núñez", "josé@corp.example", "Vision", "vic@corp.example", "Computer vision (4)",
        0.7, "", FRESH),
    6: ("Vic O'Neil", "vic@corp.example", "Vision", "dee@corp.example",
        "Computer vision (5), PyTorch (4)", 1.3, "", FRESH),
    7: ("Zoë Quinn", "zoe@corp.example", "Vision", "vic@corp.example", "PyTorch (4)", 0.75,
        "NLP", FRESH),
    8: ("Dee Director", "dee@corp.example", "Leadership", "", "Strategy", 0.9, "", FRESH),
    9: ("", "noname@corp.example", "Vision", "vic@corp.example", "SQL", 0.5, "", FRESH),
    10: ("Max Longaddress", LONG_EMAIL, "Vision", "vic@corp.example", "SQL", 0.5, "", STALE),
    11: ("Max Longaddress", "max@other.example", "Growth", "", "SQL", 0.6, "", FRESH),
}
# Who must get a nudge, and how many things each must fix.
NUDGED = {"soren@corp.example": 2, "vic@corp.example": 1, "noname@corp.example": 1,
          LONG_EMAIL: 1}
NON_ASCII_LOCAL = "josé@corp.example"
TEAM_MANAGERS = {"Search": ["lena@corp.example"], "Vision": ["vic@corp.example"]}
SENDER = "Skills Bøt <skillsync@skills.corp.example>"
LEADS = ("leads@corp.example", "Ärzte Leads <aerzte@corp.example>")


def build_team_inventory(path: Path, rows: dict[int, tuple] = TEAM_ROWS) -> Path:
    """A small inventory with managers, problems, a stale row and hostile or long text."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, HEADER)
    for row, values in rows.items():
        *texts, updated = values
        for column, value in enumerate(texts):
            if isinstance(value, float):
                sheet.write_number(row - 1, column, value)
            elif value:
                sheet.write_string(row - 1, column, value)
        sheet.write_datetime(row - 1, len(texts),
                             datetime(updated.year, updated.month, updated.day),
                             book.add_format({"num_format": "yyyy-mm-dd"}))
    book.close()
    return path


def mail_config(**email_settings) -> Config:
    settings = {"sender": SENDER, "to": LEADS, "team_digests": True, "nudges": True}
    return Config(email=EmailConfig(**{**settings, **email_settings}))


def planned_messages(source: Path, config: Config) -> dict[str, list[email.message.Message]]:
    """Every message a send would deliver, parsed back, by kind; no SMTP involved."""
    result = prepare_mail(source, config)
    plan = mailplan.plan(result, datetime.now().astimezone())
    by_kind: dict[str, list] = {"digest": [], "team": [], "nudge": []}
    for outgoing in plan.messages:
        by_kind[outgoing.kind].append(parse(outgoing.data))
    return by_kind


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def top_level_css_rules(html: str) -> list[str]:
    """The selectors or at-keywords at the top level of every <style> block."""
    rules = []
    for block in re.findall(r"<style[^>]*>(.*?)</style>", html, re.DOTALL | re.IGNORECASE):
        depth, start = 0, 0
        for i, char in enumerate(block):
            if char == "{":
                if depth == 0:
                    rules.append(block[start:i].strip())
                depth += 1
            elif char == "}":
                depth -= 1
                start = i + 1
    return rules


def assert_email_safe(html: str) -> None:
    """What Gmail and older Outlook need: nothing external, no scripts, inlined CSS."""
    assert not re.search(r"<script", html, re.IGNORECASE)
    assert not re.search(r"<link\b", html, re.IGNORECASE)
    assert not re.search(r"<img\b", html, re.IGNORECASE)  # no remote (or any) images
    assert not re.search(r"\bsrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"""href\s*=\s*["']?\s*data:""", html, re.IGNORECASE)  # no data: URIs
    assert not re.search(r"url\(|@import", html, re.IGNORECASE)
    assert all(rule.startswith("@media") for rule in top_level_css_rules(html)), \
        "only @media extras may stay in <style>; everything else is inlined"
    assert re.search(r'<table[^>]*width="600"', html), "the card is a 600 px table"
    assert "max-width: 600px" in html
    assert 'style="' in html, "CSS was inlined"


@pytest.fixture(scope="module")
def team_source(tmp_path_factory) -> Path:
    return build_team_inventory(tmp_path_factory.mktemp("team") / "inventory.xlsx")


@pytest.fixture(scope="module")
def planned(team_source):
    return planned_messages(team_source, mail_config())


def test_every_planned_message_is_email_safe(planned):
    messages = [m for kind in planned.values() for m in kind]
    assert {k: len(v) for k, v in planned.items()} == {
        "digest": 1, "team": len(TEAM_MANAGERS), "nudge": len(NUDGED)}
    for message in messages:
        assert_email_safe(html_of(message))


def test_html_escapes_typed_markup_and_the_text_twin_shows_it_as_typed(planned):
    organisation = planned["digest"][0]
    html, text = html_of(organisation), text_of(organisation)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT in text
    assert "O'Neil" in text and "&#39;" not in text and "&lt;" not in text
    assert "Søren Kierkegård" in html and "Søren Kierkegård" in text


def test_text_twin_comes_from_its_own_template_not_stripped_tags(planned):
    text = text_of(planned["digest"][0])
    assert "PROBLEMS TO FIX" in text  # only the text template writes headings in capitals
    assert "<" not in text.replace(SCRIPT, "")


def test_messy_workbook_digest_file_escapes_html_but_not_text(tmp_path):
    source = tmp_path / "messy.xlsx"
    build_messy_workbook(source)
    result = prepare_mail(source, Config(stale_days=36500))
    rendered = digest.render(result.facts, result.analysis, result.config)
    assert MESSY_SCRIPT not in rendered.html
    assert MESSY_SCRIPT in rendered.text


def test_long_lists_end_with_and_n_more_pointing_at_the_tab(team_source):
    result = prepare_mail(team_source, mail_config())
    view = digest.build_view(result.facts, result.analysis, result.config.titles, limit=1,
                             links={"issues": "https://sheets.example/d/1#gid=7"})
    env = digest.environment()
    rendered = digest.render_view(env, "digest", view, digest.subject(view))
    hidden = len(result.analysis.issues) - 1
    assert view.problems.more == hidden > 0
    assert re.search(f"and {hidden} more — see the <a href=\"https://sheets.example/d/1#gid=7\""
                     "[^>]*>'Data Issues' tab</a>", rendered.html)
    assert f"and {hidden} more (see the 'Data Issues' tab: https://sheets.example/d/1#gid=7)" \
        in rendered.text
    assert f"see the '{result.config.titles['skills']}' tab" in rendered.text


def test_user_template_folder_overrides_a_shipped_template(team_source, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "nudge.txt.j2").write_text("Dear {{ v.name }}, {{ v.count }} to fix.\n")
    config = Config(templates=folder, email=mail_config().email)
    nudges = planned_messages(team_source, config)["nudge"]
    soren = next(m for m in nudges if "soren@" in str(m["To"]))
    assert text_of(soren).strip() == "Dear Søren Kierkegård, 2 to fix."
    assert "What to fix" in html_of(soren)  # the shipped HTML template still applies


# --- Chromium ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_in_chromium(browser, html: str, width: int):
    """A page at `width` px showing `html`, with every network request recorded and refused."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    requested: list[str] = []

    def refuse(route):
        requested.append(route.request.url)
        route.abort()

    page.route("**/*", refuse)
    page.set_content(html, wait_until="load")
    return page, requested


LAYOUT_FACTS = """() => {
  const texts = [...document.querySelectorAll('body *')].filter(e =>
      [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    widestRight: Math.max(...[...document.querySelectorAll('body *')].map(
        e => e.getBoundingClientRect().right)),
    card: document.querySelector('table.card').getBoundingClientRect().width,
    smallestFont: Math.min(...texts.map(e => parseFloat(getComputedStyle(e).fontSize))),
  };
}"""


@pytest.mark.chromium
@pytest.mark.parametrize("width", [390, 1200])
@pytest.mark.parametrize("kind", ["digest", "team", "nudge"])
def test_reads_well_in_chromium_without_sideways_scrolling(browser, planned, kind, width):
    message = planned[kind][0] if kind != "nudge" else next(
        m for m in planned["nudge"] if LONG_EMAIL in str(m["To"]))
    page, requested = open_in_chromium(browser, html_of(message), width)
    facts = page.evaluate(LAYOUT_FACTS)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{kind}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    assert requested == [], "the message loads nothing from the network"
    assert facts["scrollWidth"] <= facts["innerWidth"], facts
    assert facts["widestRight"] <= facts["innerWidth"] + 0.5, facts
    assert facts["card"] <= 600.5, facts
    assert facts["smallestFont"] >= 11, facts
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.chromium
def test_overflow_check_can_fail(browser):
    """The layout assertions above see a table that is too wide for a phone."""
    page, _ = open_in_chromium(browser, '<table width="800"><tr><td>x</td></tr></table>', 390)
    facts = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    page.close()
    assert facts[0] > facts[1]


def test_lists_are_shortened_until_the_message_fits_under_100_kb(team_source, tmp_path):
    folder = tmp_path / "bloated"
    folder.mkdir()
    (folder / "digest.html.j2").write_text(  # 20 KB of markup per problem listed
        '{% extends "_layout.html.j2" %}{% block content %}{% for p in v.problems.items %}'
        '<tr><td>{{ p.message }}{{ "x" * 20000 }}</td></tr>{% endfor %}{% endblock %}')
    config = Config(templates=folder, email=mail_config(team_digests=False, nudges=False).email)
    result = prepare_mail(team_source, config)
    plan = mailplan.plan(result, datetime.now().astimezone())
    assert len(result.analysis.issues) > 4
    (outgoing,) = plan.messages
    assert len(outgoing.data) < 100_000
    assert html_of(parse(outgoing.data)).count("x" * 20000) == 3  # limits 12 and 6 were too big
    assert plan.notes == []


def test_a_message_too_big_even_with_empty_lists_is_sent_with_a_warning(team_source, tmp_path):
    folder = tmp_path / "huge"
    folder.mkdir()
    (folder / "digest.html.j2").write_text('{{ "y" * 150000 }}')
    config = Config(templates=folder, email=mail_config(team_digests=False, nudges=False).email)
    plan = mailplan.plan(prepare_mail(team_source, config),
                         datetime.now().astimezone())
    assert len(plan.messages) == 1
    assert len(plan.notes) == 1 and "Gmail clips" in plan.notes[0]


def test_the_whole_organisations_skill_figures_are_those_counted_from_its_table(team_source):
    """Everyone's digest takes the skill counts the analysis keeps for the tabs; they are
    the counts of its held table, as a team's digest counts its own part."""
    from skillsync.core.summary import skill_counts

    result = prepare_mail(team_source, mail_config())
    analysis = result.analysis
    view = digest.build_view(result.facts, analysis, result.config.titles)
    counts = skill_counts(analysis.held.copy())
    assert dict(view.headline)["Skills"] == len(counts)
    assert [(s, n) for s, n, _ in view.top_skills.items] == [
        (digest.clip(s), n) for s, n in list(counts.items())[:digest.TOP_SKILLS]]
    team = analysis.people["team"].iloc[0]
    in_team = analysis.held[analysis.held["person"].isin(
        analysis.people.index[analysis.people["team"] == team])]
    team_view = digest.team_view(result.facts, analysis, result.config.titles, team)
    assert dict(team_view.headline)["Skills"] == len(skill_counts(in_team))
