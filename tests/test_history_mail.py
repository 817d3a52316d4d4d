"""What the history changes in the mail, received by a real SMTP server (aiosmtpd): the
digest's "What changed" within the size budget, the alert sent instead of the digest
when a sync is held back, and nudges for rows stale by history."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from historybook import COLUMN, cli, organisation, person, write_book
from test_digest_render import html_of, text_of
from test_mail import Inbox, free_port, toml_value

from skillsync import pipeline

LEADS = ["leads@corp.example"]
SENDER = "Skills digest <skillsync@corp.example>"


@pytest.fixture()
def smtp_server():
    """start(inbox) -> the port of an aiosmtpd server on 127.0.0.1 keeping what it gets."""
    controllers = []

    def start(inbox: Inbox) -> int:
        port = free_port()
        controllers.append(Controller(inbox, hostname="127.0.0.1", port=port))
        controllers[-1].start()
        return port

    yield start
    for controller in controllers:
        controller.stop()


def config_for(folder, port, **settings):
    email = {"smtp_host": "127.0.0.1", "smtp_port": port, "security": "none",
             "from": SENDER, "to": LEADS, **settings}
    path = folder / "skillsync.toml"
    path.write_text("[email]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in email.items()))
    return path


def with_managers(rows):
    """Each team's people name its lead, so team digests have someone to go to."""
    return [[*r[:3], f"lead.{r[2].lower()}@corp.example", *r[3:]] for r in rows]


HEADER_WITH_MANAGER = ["Full Name", "E-mail", "Team", "Manager e-mail", "Role", "Location",
                       "Areas of Expertise", "Current project(s)", "Want to learn next",
                       "Availability"]


def test_a_held_back_sync_mails_the_alert_instead_of_the_digest(smtp_server, tmp_path):
    inbox = Inbox()
    config = config_for(tmp_path, smtp_server(inbox), team_digests=True, nudges=True)
    rows = with_managers(organisation())
    book = write_book(tmp_path / "inventory.xlsx", rows, HEADER_WITH_MANAGER)
    code, _, err = cli("sync", book, "--send", "--config", config)
    assert code == 0, err
    usual = len(inbox.received)
    assert usual > 1  # the digest and the team digests
    write_book(book, rows[:15], HEADER_WITH_MANAGER)
    code, out, err = cli("sync", book, "--send", "--config", config, "--json")
    assert code == 4, err
    [alert] = inbox.received[usual:]
    assert alert.rcpt_tos == LEADS
    message = alert.message
    assert message["Subject"] == "Skills sync held back: Many people vanished at once"
    text = text_of(message)
    assert "25 of 40 people (62%) are no longer in the sheet" in text
    assert f"skillsync sync {book} --config {config} --accept-changes" in text
    assert "15 people in the sheet now; 40 at the last good sync." in text
    assert "no longer in the sheet" in html_of(message)
    assert len(alert.data) < 100_000
    report = json.loads(out)
    assert report["mail"] == [f"Sent the held-back alert to {LEADS[0]}: {message['Subject']}"]


def test_what_changed_stays_within_the_mail_budget_for_a_big_night(smtp_server, tmp_path):
    inbox = Inbox()
    config = config_for(tmp_path, smtp_server(inbox))
    rows = organisation(3000)
    book = write_book(tmp_path / "inventory.xlsx", rows)
    assert cli("sync", book, "--config", config)[0] == 0
    edited = copy.deepcopy(rows[400:])
    skills = COLUMN["Areas of Expertise"]
    for i, row in enumerate(edited):
        row[skills] += f", Very long in-house method name number {i} for the digest (3)"
    edited += [person(i, team="Platform") for i in range(5000, 5400)]
    write_book(book, edited)
    code, out, err = cli("sync", book, "--send", "--json", "--config", config)
    assert code == 0, err
    changes = json.loads(out)["changes"]
    assert (len(changes["joined"]), len(changes["left"]), len(changes["changed"])) == (
        400, 400, 2600)
    [digest] = inbox.received
    assert len(digest.data) < 100_000
    text = text_of(digest.message)
    section = text.split("WHAT CHANGED SINCE THE LAST SYNC", 1)[1]
    assert "400 people joined, 400 left, 2600 changed their row." in section
    assert "more changed their row (`skillsync history SOURCE --diff`" in section
    assert "Joined: " in section and " +396 more" in section


def test_nudges_go_to_rows_stale_by_history(smtp_server, tmp_path):
    inbox = Inbox()
    config = config_for(tmp_path, smtp_server(inbox), to=[], nudges=True)
    rows = organisation(6)
    book = write_book(tmp_path / "inventory.xlsx", rows)
    t0 = datetime(2026, 2, 1, 2, 30).astimezone()
    assert pipeline.sync(book, config, send=True, now=t0).exit_code == 0
    assert inbox.received == []  # nothing to fix yet
    edited = copy.deepcopy(rows)
    edited[2][COLUMN["Role"]] = "Principal"
    write_book(book, edited)
    assert pipeline.sync(book, config, now=t0 + timedelta(days=150)).exit_code == 0
    report = pipeline.sync(book, config, send=True, now=t0 + timedelta(days=200))
    assert report.exit_code == 0
    nudged = {r.rcpt_tos[0]: r for r in inbox.received}
    assert set(nudged) == {r[1] for r in rows} - {rows[2][1]}
    text = text_of(nudged[rows[0][1]].message)
    assert "has not changed since 2026-02-01 (by skillsync's sync history)" in text


@pytest.fixture(scope="module")
def browser():
    from test_digest_render import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.mark.chromium
@pytest.mark.parametrize("width", [390, 1200])
def test_the_alert_reads_well_on_a_phone_and_escapes_cell_text(browser, width):
    from test_digest_render import LAYOUT_FACTS, open_in_chromium

    from skillsync.config import Config
    from skillsync.core.integrity import SHIFTED, Finding, Verdict
    from skillsync.core.summary import SyncFacts
    from skillsync.history import alert

    hostile = "<script>alert(1)</script>" + "Unbreakablevalue" * 12
    finding = Finding(SHIFTED, f"In rows 9–39, Team now shows what the row above had: "
                               f"'{hostile}'", "Team", (9,), (hostile,))
    facts = SyncFacts(datetime(2026, 11, 30, 2, 30), "1.0", "/srv/skills/inventory.xlsx",
                      40, "")
    accept = "skillsync sync /srv/skills/inventory.xlsx --accept-changes"
    shown = alert.view(facts, Verdict((finding,) * 8), accept, 40, 40)
    html = alert.render(Config(), shown).html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert shown.more == 2 and "and 2 more reasons" in html
    page, requested = open_in_chromium(browser, html, width)
    facts_seen = page.evaluate(LAYOUT_FACTS)
    page.close()
    assert requested == []
    assert facts_seen["scrollWidth"] <= facts_seen["innerWidth"], facts_seen
    assert facts_seen["card"] <= 600.5 and facts_seen["smallestFont"] >= 11, facts_seen
