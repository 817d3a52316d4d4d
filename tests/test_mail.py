"""Mailing with real parts: an aiosmtpd server on 127.0.0.1 (plain, STARTTLS with a throwaway
CA from trustme, and TLS from the first byte) receives what `skillsync sync --send` and
`skillsync digest` send, and the tests parse what arrived.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pandas as pd
import pytest
import python_calamine
import trustme
import xlsxwriter
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from test_digest_render import (
    LEADS,
    NON_ASCII_LOCAL,
    NUDGED,
    SCRIPT,
    SENDER,
    TEAM_MANAGERS,
    TODAY,
    assert_email_safe,
    build_team_inventory,
    html_of,
    parse,
    text_of,
)

from skillsync.cli import main
from skillsync.output.mailplan import team_managers

SENDER_ADDRESS = "skillsync@skills.corp.example"
LEAD_ADDRESSES = ["leads@corp.example", "aerzte@corp.example"]
LOGIN = "skills-bot"
PASSWORD = "correct-horse-battery-staple"
EXPECTED_MESSAGES = 1 + len(TEAM_MANAGERS) + len(NUDGED)
DIGEST, TEAM, NUDGE = "Skills digest: ", "Team ", "Your skills inventory row: "


# --- a real SMTP server ----------------------------------------------------------------------

@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    tls: bool
    authenticated: bool

    @property
    def message(self):
        return parse(self.data)


class Inbox:
    """An aiosmtpd handler that keeps every message and can refuse chosen recipients."""

    def __init__(self, refuse: tuple[str, ...] = ()) -> None:
        self.received: list[Received] = []
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        encrypted = server.transport.get_extra_info("ssl_object") is not None
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      envelope.original_content, encrypted,
                                      bool(session.authenticated)))
        return "250 2.0.0 accepted"

    def to(self, *addresses: str, about: str) -> Received:
        """The one message to exactly `addresses` whose subject starts with `about`."""
        found = [r for r in self.received if sorted(r.rcpt_tos) == sorted(addresses)
                 and r.message["Subject"].startswith(about)]
        assert len(found) == 1, [r.rcpt_tos for r in self.received]
        return found[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def smtp_server():
    """Start aiosmtpd servers on 127.0.0.1: start(inbox, **aiosmtpd options) -> port."""
    controllers = []

    def start(inbox: Inbox, **options) -> int:
        port = free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        controllers.append(controller)
        return port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture()
def ca_file(ca, tmp_path) -> Path:
    path = tmp_path / "throwaway-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


def accept_only(login: str, password: str):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == login.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535

    return authenticate


def tls_server_options(ca: trustme.CA) -> dict:
    return {"tls_context": server_tls(ca), "require_starttls": True,
            "authenticator": accept_only(LOGIN, PASSWORD), "auth_require_tls": True}


# --- the product, as a user runs it ------------------------------------------------------------

def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value))


def write_config(folder: Path, port: int, **settings) -> Path:
    email = {"smtp_host": "127.0.0.1", "smtp_port": port, "security": "none",
             "from": SENDER, "to": list(LEADS), "team_digests": True, "nudges": True,
             **settings}
    lines = ["[email]"] + [f"{k} = {toml_value(v)}" for k, v in email.items() if v is not None]
    path = folder / "skillsync.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def workbook(tmp_path) -> Path:
    return build_team_inventory(tmp_path / "inventory.xlsx")


def kept_folder(stderr: str) -> Path:
    found = re.search(r"kept in (\S+)$", stderr.strip())
    assert found, stderr
    return Path(found.group(1))


def tabs_of(path: Path) -> list[str]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names


# --- delivery -------------------------------------------------------------------------------

@pytest.fixture()
def delivered(smtp_server, workbook, tmp_path):
    """`skillsync sync inventory.xlsx --send --json` against a plain local server."""
    inbox = Inbox()
    config = write_config(tmp_path, smtp_server(inbox))
    code, out, err = cli("sync", workbook, "--send", "--json", "--config", config)
    assert code == 0, err
    return inbox, json.loads(out), workbook


def test_sync_send_delivers_the_digest_team_digests_and_nudges(delivered):
    inbox, report, _ = delivered
    assert len(inbox.received) == EXPECTED_MESSAGES
    assert {r.mail_from for r in inbox.received} == {SENDER_ADDRESS}
    review = sum(1 for d in report["duplicates"] if d["action"] == "review")
    organisation = inbox.to(*LEAD_ADDRESSES, about=DIGEST).message
    assert organisation["Subject"] == (
        f"Skills digest: {report['people']} people, {len(report['skills'])} skills, "
        f"{len(report['issues'])} problems, {review} to review")
    for team, managers in TEAM_MANAGERS.items():
        assert inbox.to(*managers, about=TEAM).message["Subject"].startswith(f"Team {team}: ")
    nudges = {r.rcpt_tos[0]: r.message["Subject"] for r in inbox.received
              if r.message["Subject"].startswith("Your ")}
    assert nudges == {address: f"Your skills inventory row: {n} thing{'s' * (n > 1)} to fix"
                      for address, n in NUDGED.items()}
    assert report["tabs_written"], "the sync wrote its tabs before mailing"


def test_recipient_with_non_ascii_local_part_is_skipped_and_said_so(delivered):
    inbox, report, _ = delivered
    assert all(NON_ASCII_LOCAL not in r.rcpt_tos for r in inbox.received)
    said = [line for line in report["mail"] if NON_ASCII_LOCAL in line]
    assert len(said) == 1 and "non-ASCII" in said[0] and "row 5" in said[0]
    assert any(i["code"] == "non-ascii-email" and i["row"] == 5 for i in report["issues"])


def test_every_received_message_is_well_formed(delivered):
    inbox, _, _ = delivered
    message_ids = set()
    for received in inbox.received:
        raw = received.data
        assert len(raw) < 100_000
        assert max(raw) < 128, "7-bit clean"
        assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
        headers = raw.split(b"\r\n\r\n", 1)[0]
        assert not re.search(rb"^[\w-]+:\r\n", headers, re.MULTILINE), "no header empty on its line"
        message = received.message
        assert message.get_content_type() == "multipart/alternative"
        parts = list(message.iter_parts())
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
        for part in parts:
            assert part.get_content_charset() == "utf-8"
            assert part["Content-Transfer-Encoding"] == "quoted-printable"
        assert parsedate_to_datetime(message["Date"]).tzinfo is not None
        assert re.fullmatch(r"<[^@<>]+@skills\.corp\.example>", message["Message-ID"])
        message_ids.add(message["Message-ID"])
        assert message["Auto-Submitted"] == "auto-generated"
        assert str(message["From"]) == SENDER
        assert [a.addr_spec for a in message["To"].addresses] == received.rcpt_tos
        assert_email_safe(html_of(message))
    assert len(message_ids) == len(inbox.received)


def test_cell_markup_is_escaped_in_html_and_verbatim_in_text(delivered):
    inbox, _, _ = delivered
    search = inbox.to(*TEAM_MANAGERS["Search"], about=TEAM)
    for received in (inbox.to(*LEAD_ADDRESSES, about=DIGEST), search):
        html, text = html_of(received.message), text_of(received.message)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert not re.search(r"<script", html, re.IGNORECASE)
        assert SCRIPT in text


def test_non_ascii_display_names_are_encoded_and_read_back(delivered):
    inbox, _, _ = delivered
    soren = inbox.to("soren@corp.example", about=NUDGE)
    to_header = re.search(rb"^To: (.*)$", soren.data, re.MULTILINE).group(1)
    assert b"=?utf-8?" in to_header
    assert soren.message["To"].addresses[0].display_name == "Søren Kierkegård"
    assert soren.message["From"].addresses[0].display_name == "Skills Bøt"
    organisation = inbox.to(*LEAD_ADDRESSES, about=DIGEST).message
    assert [a.display_name for a in organisation["To"].addresses] == ["", "Ärzte Leads"]
    assert text_of(soren.message).startswith("Hi Søren Kierkegård,")


def test_nudge_lists_exactly_what_to_fix_with_a_link_to_each_cell(delivered):
    inbox, report, workbook = delivered
    text = text_of(inbox.to("soren@corp.example", about=NUDGE).message)
    items = text.split("WHAT TO FIX", 1)[1].split("\n-- \n", 1)[0]
    # The core reports an unknown skill once for every row using it, as nobody's problem.
    expected = [i for i in report["issues"] if i["row"] == 4 and i["code"] != "unknown-skill"]
    assert len(expected) == NUDGED["soren@corp.example"]
    assert [line[2:] for line in items.splitlines() if line.startswith("- ")] == [
        f"{i['column']}: {i['message']}" for i in expected]
    place = f"{workbook.resolve()} — tab 'People', cell"
    assert f"{place} F4" in items and f"{place} H4" in items  # success rate, last updated
    nameless = text_of(inbox.to("noname@corp.example", about=NUDGE).message)
    assert nameless.startswith("Hi there,") and f"{place} A9" in nameless
    assert not any("lena@corp.example" in r.rcpt_tos and r.message["Subject"].startswith(
        "Your ") for r in inbox.received), "a clean, fresh row gets no nudge"


def test_team_digest_covers_only_the_team(delivered):
    inbox, _, _ = delivered
    vision = text_of(inbox.to(*TEAM_MANAGERS["Vision"], about=TEAM).message)
    assert "Vic O'Neil" in vision and "Max Longaddress" in vision
    assert "Søren Kierkegård" not in vision  # Search's problem, not Vision's


@pytest.mark.parametrize(("names", "expected"), [
    ({"lead": ("Search", "dir"), "a": ("Search", "lead"), "b": ("Search", "lead")},
     {"Search": ["lead"]}),
    ({"a": ("Search", "lead"), "b": ("Search", "other")}, {"Search": ["lead", "other"]}),
    ({"a": ("Ops", "")}, {}),
    ({"lead": ("Solo", "dir")}, {"Solo": ["dir"]}),
    ({"a": ("", "lead")}, {}),
])
def test_team_managers_leave_out_the_managers_of_the_leads(names, expected):
    people = pd.DataFrame([{"key": k, "team": t, "manager": m} for k, (t, m) in names.items()])
    assert team_managers(people) == expected


# --- TLS and login ----------------------------------------------------------------------------

def test_starttls_with_login_and_a_throwaway_ca(smtp_server, workbook, tmp_path, ca,
                                                ca_file, monkeypatch):
    inbox = Inbox()
    port = smtp_server(inbox, **tls_server_options(ca))
    config = write_config(tmp_path, port, security="starttls", ca_file=ca_file,
                          username=LOGIN)
    monkeypatch.setenv("SKILLSYNC_SMTP_PASSWORD", PASSWORD)
    code, out, err = cli("digest", workbook, "--send", "--config", config)
    assert code == 0, err
    assert len(inbox.received) == EXPECTED_MESSAGES
    assert all(r.tls and r.authenticated for r in inbox.received)
    assert PASSWORD not in out + err


def test_starttls_trusts_ssl_cert_file_and_only_then(smtp_server, workbook, tmp_path, ca,
                                                     ca_file, monkeypatch):
    inbox = Inbox()
    port = smtp_server(inbox, tls_context=server_tls(ca), require_starttls=True)
    config = write_config(tmp_path, port, security="starttls")
    code, _, err = cli("digest", workbook, "--send", "--config", config)
    assert code == 3 and "not trusted" in err, err
    assert inbox.received == []
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    code, _, err = cli("digest", workbook, "--send", "--config", config)
    assert code == 0, err
    assert len(inbox.received) == EXPECTED_MESSAGES and all(r.tls for r in inbox.received)


def test_tls_from_the_first_byte(smtp_server, workbook, tmp_path, ca, ca_file):
    inbox = Inbox()
    port = smtp_server(inbox, ssl_context=server_tls(ca))
    config = write_config(tmp_path, port, security="ssl", ca_file=ca_file)
    code, _, err = cli("digest", workbook, "--send", "--config", config)
    assert code == 0, err
    assert len(inbox.received) == EXPECTED_MESSAGES and all(r.tls for r in inbox.received)


# --- failures -------------------------------------------------------------------------------

def assert_kept(stderr: str, count: int) -> list:
    """The one error line names a folder (0700) holding `count` private .eml files."""
    assert stderr.count("\n") == 1 and stderr.startswith("Error: "), stderr
    folder = kept_folder(stderr)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(folder.glob("*.eml"))
    assert len(files) == count
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    return [parse(f.read_bytes()) for f in files]


def test_dead_server_exits_3_keeps_the_messages_and_not_the_sync(workbook, tmp_path,
                                                                 private_state):
    port = free_port()  # nothing listens there
    config = write_config(tmp_path, port)
    code, out, err = cli("sync", workbook, "--send", "--config", config)
    assert code == 3
    assert f"mail not sent: cannot reach 127.0.0.1:{port}" in err
    kept = assert_kept(err, EXPECTED_MESSAGES)
    assert kept_folder(err).is_relative_to(private_state)
    assert sorted(m["Subject"].split(":")[0] for m in kept) == sorted(
        ["Skills digest"] + [f"Team {t}" for t in TEAM_MANAGERS]
        + ["Your skills inventory row"] * len(NUDGED))
    assert all(m.get_content_type() == "multipart/alternative" for m in kept)
    assert "Wrote tabs:" in out  # the report still says what the sync did
    assert "Skills" in tabs_of(workbook)  # and the sync was not undone


def test_refused_recipient_does_not_stop_the_others(smtp_server, workbook, tmp_path):
    manager = TEAM_MANAGERS["Vision"][0]  # gets the Vision digest and a nudge
    inbox = Inbox(refuse=(manager,))
    config = write_config(tmp_path, smtp_server(inbox))
    code, out, err = cli("sync", workbook, "--send", "--config", config)
    assert code == 3
    assert f"{EXPECTED_MESSAGES - 2} of {EXPECTED_MESSAGES} messages sent" in err
    assert "550 5.1.1 mailbox unavailable" in err
    kept = assert_kept(err, 2)
    assert all(m["To"].addresses[0].addr_spec == manager for m in kept)
    assert len(inbox.received) == EXPECTED_MESSAGES - 2
    assert out.count("Not sent: ") == 2


def test_wrong_password_names_the_smtp_answer(smtp_server, workbook, tmp_path, ca, ca_file,
                                              monkeypatch):
    inbox = Inbox()
    port = smtp_server(inbox, **tls_server_options(ca))
    config = write_config(tmp_path, port, security="starttls", ca_file=ca_file,
                          username=LOGIN)
    monkeypatch.setenv("SKILLSYNC_SMTP_PASSWORD", "wrong-" + PASSWORD)
    code, out, err = cli("digest", workbook, "--send", "--config", config)
    assert code == 3
    assert f"127.0.0.1:{port} answered 535" in err
    assert PASSWORD not in out + err
    assert_kept(err, EXPECTED_MESSAGES)
    assert inbox.received == []


def test_server_that_never_answers_times_out(workbook, tmp_path):
    with socket.socket() as silent:  # accepts connections (backlog) but never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        config = write_config(tmp_path, silent.getsockname()[1], timeout=1)
        code, _, err = cli("digest", workbook, "--send", "--config", config)
    assert code == 3
    assert "did not answer within 1 s" in err
    assert_kept(err, EXPECTED_MESSAGES)


# --- what is sent, when ------------------------------------------------------------------------

def test_dry_run_lists_recipients_and_subjects_and_sends_nothing(smtp_server, workbook,
                                                                 tmp_path):
    inbox = Inbox()
    config = write_config(tmp_path, smtp_server(inbox))
    before = workbook.read_bytes()
    code, out, err = cli("digest", workbook, "--dry-run", "--config", config)
    assert code == 0, err
    listed = [line for line in out.splitlines() if line.startswith("Would send ")]
    assert len(listed) == EXPECTED_MESSAGES
    assert listed[0].startswith(f"Would send the digest to {', '.join(LEAD_ADDRESSES)}: "
                                "Skills digest: ")
    assert any(line.startswith("Would send a nudge to soren@corp.example: Your skills")
               for line in listed)
    code, out, err = cli("sync", workbook, "--send", "--dry-run", "--config", config)
    assert code == 0, err
    assert sum(line.startswith("Would send ") for line in out.splitlines()) == len(listed)
    assert inbox.received == []
    assert workbook.read_bytes() == before


def test_digest_command_sends_without_writing_the_workbook(smtp_server, workbook, tmp_path):
    inbox = Inbox()
    config = write_config(tmp_path, smtp_server(inbox))
    before = workbook.read_bytes()
    out_file = tmp_path / "out" / "digest.html"
    code, out, err = cli("digest", workbook, "--send", "--out", out_file, "--config", config)
    assert code == 0, err
    assert len(inbox.received) == EXPECTED_MESSAGES
    assert workbook.read_bytes() == before
    assert out_file.is_file() and out_file.with_suffix(".txt").is_file()
    assert f"Sent {len(NUDGED)} nudges" in out


def test_only_what_is_switched_on_is_sent(smtp_server, workbook, tmp_path):
    inbox = Inbox()
    config = write_config(tmp_path, smtp_server(inbox), team_digests=False, nudges=False)
    code, _, err = cli("digest", workbook, "--send", "--config", config)
    assert code == 0, err
    assert [sorted(r.rcpt_tos) for r in inbox.received] == [sorted(LEAD_ADDRESSES)]


@pytest.mark.parametrize(("settings", "env", "said"), [
    ({"smtp_host": None}, {}, "smtp_host"),
    ({"from": None}, {}, "from"),
    ({"to": ["not an address"]}, {}, "not an e-mail address"),
    ({"to": [NON_ASCII_LOCAL]}, {}, "non-ASCII"),
    ({"to": [], "team_digests": False, "nudges": False}, {}, "nothing to send"),
    ({"username": LOGIN, "security": "starttls"}, {}, "SKILLSYNC_SMTP_PASSWORD"),
    ({"username": LOGIN}, {"SKILLSYNC_SMTP_PASSWORD": PASSWORD}, "unencrypted"),
    ({"username": LOGIN, "security": "starttls"}, {"SKILLSYNC_SMTP_PASSWORD": "pässword"},
     "non-ASCII"),
    ({"security": "starttls", "ca_file": "missing.pem"}, {}, "ca_file"),
])
def test_a_send_that_cannot_work_is_refused_before_the_sync(workbook, tmp_path, monkeypatch,
                                                           settings, env, said):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = write_config(tmp_path, free_port(), **settings)
    before = workbook.read_bytes()
    code, out, err = cli("sync", workbook, "--send", "--config", config)
    assert code == 2
    assert said in err and err.startswith("Error: ")
    assert PASSWORD not in out + err
    assert workbook.read_bytes() == before


# --- a large organisation ---------------------------------------------------------------------

FIRST = ["Ana", "Ben", "Chloé", "Dmitri", "Eva", "Femi", "Grace", "Hiro", "Ines", "Jonas",
         "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Søren", "Tariq"]
LAST = ["Lima", "Okafor", "Dubois", "Ivanov", "Novák", "Zhang", "Müller", "Sato", "Ortiz",
        "Weber", "Boateng", "Kowalski", "Rossi", "Haddad", "Nair"]
# Letters only: digits would make the core treat addresses as numbered namesakes.
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def letter_tag(number: int) -> str:
    tag = ""
    for _ in range(4):
        number, rest = divmod(number, 26)
        tag += LETTERS[rest]
    return tag


def build_large_organisation(path: Path, people: int = 20_000) -> None:
    """Many problems (bad rates, stale rows, long unknown skills, 300 rows of one e-mail)
    and many duplicates to review (thousands of pairs sharing a name; "John Smith", shared
    by 150 people, is too common a name to propose)."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, ["Name", "E-mail", "Team", "Manager e-mail", "Skills",
                           "Success rate", "Want to learn", "Last updated"])
    for i in range(people):
        k = i // 2  # rows 2k and 2k+1 share a name, with different e-mails
        name = ("John Smith" if i % 133 == 7
                else f"{FIRST[k % 20]} {LAST[(k // 20) % 15]} {letter_tag(k)}")
        address = "shared.row@corp.example" if i % 67 == 3 else f"{letter_tag(i)}@corp.example"
        skills = f"Python (4), SQL, {SCRIPT}, Skill {letter_tag(i % 700)}"
        if i % 9 == 0:
            skills += f", {'Unbreakablelongskillname' * 10}{letter_tag(i)}"
        stale = i % 29 == 5
        updated = TODAY - timedelta(days=400 if stale else 10)
        sheet.write_row(i + 1, 0, [name, address, f"Team {letter_tag(i % 120)}",
                                   f"lead.{letter_tag(i % 120)}@corp.example", skills,
                                   "high" if i % 23 == 0 else 0.8,
                                   f"Skill {letter_tag((i + 7) % 700)}, Rust"])
        sheet.write_datetime(i + 1, 7, datetime(updated.year, updated.month, updated.day),
                             dated)
    book.close()


def test_large_organisation_every_message_stays_under_100_kb(smtp_server, tmp_path):
    source = tmp_path / "large.xlsx"
    build_large_organisation(source)
    inbox = Inbox()
    config = write_config(tmp_path, smtp_server(inbox))
    code, out, err = cli("sync", source, "--send", "--json", "--config", config)
    assert code == 0, err
    report = json.loads(out)
    assert report["people"] > 19_000 and len(report["issues"]) > 1_000
    assert sum(d["action"] == "review" for d in report["duplicates"]) > 100
    sizes: dict[str, list[int]] = {"digest": [], "team": [], "nudge": []}
    for received in inbox.received:
        subject = received.message["Subject"]
        kind = "digest" if subject.startswith("Skills") else (
            "team" if subject.startswith("Team") else "nudge")
        sizes[kind].append(len(received.data))
    assert len(sizes["digest"]) == 1 and len(sizes["team"]) == 120
    assert len(sizes["nudge"]) > 1_000
    assert max(max(s) for s in sizes.values()) < 100_000, {
        k: max(v) for k, v in sizes.items()}
    organisation = text_of(inbox.to(*LEAD_ADDRESSES, about=DIGEST).message)
    assert re.search(r"and \d+ more \(see the 'Data Issues' tab\)", organisation)
    # the count by kind covers what the list leaves out
    not_numbers = sum(i["code"] == "rate-not-number" for i in report["issues"])
    assert f"{not_numbers} \N{MULTIPLICATION SIGN} Success rate is not a number" in organisation
    print("largest message by kind (bytes):", {k: max(v) for k, v in sizes.items()},
          "count:", {k: len(v) for k, v in sizes.items()})


def test_only_the_newest_outboxes_are_kept(workbook, tmp_path, private_state):
    from skillsync.output.mail import KEEP_OUTBOXES

    config = write_config(tmp_path, free_port())
    for _ in range(KEEP_OUTBOXES + 2):
        code, _, err = cli("digest", workbook, "--send", "--config", config)
        assert code == 3
    newest = kept_folder(err)
    folders = sorted(p for p in (private_state / "outbox").iterdir())
    assert len(folders) == KEEP_OUTBOXES and folders[-1] == newest
