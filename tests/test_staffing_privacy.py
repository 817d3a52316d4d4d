"""Restricted figures stay out of every org-wide output yet still shape the ranking.

One real `skillsync sync --send --json` on the messy workbook with
`[privacy] restricted = ["success_rate", "score"]`: the tool's tabs in the shared workbook,
the digest files, the organisation digest and every team digest received over SMTP, and
the JSON report are searched for each person's success rate and for scores. The restricted
workbook and the leads' digest, where the figures may go, must carry them.
"""

from __future__ import annotations

import json
import os
import re
import socket
import stat
from email import message_from_bytes, policy

import openpyxl
import pytest
import staffingbook
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from openxml_audit import OpenXmlValidator
from staffingbook import PEOPLE, rows_of

from skillsync.cli import main
from skillsync.core.staffing import score_of
from skillsync.core.summary import DEFAULT_TITLES
from skillsync.pipeline import match

LEAD = "head-of-data@acme.example"
EVERYONE = "ds-all@acme.example"
OWNED = list(DEFAULT_TITLES.values())


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


def text_of(data: bytes) -> str:
    """Every part of a message, decoded, as one string."""
    message = message_from_bytes(data, policy=policy.default)
    parts = [str(message["Subject"])]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    return "\n".join(parts)


def success_rates() -> dict[float, str]:
    """Each success rate in the sheet, as skillsync would print it: 0.93 -> '93%'."""
    found = {}
    for values in PEOPLE.values():
        rate = values[6]
        number = float(str(rate).rstrip("%")) / (100 if str(rate).endswith("%") else 1) \
            if rate is not None else None
        if number is not None:
            found[number] = f"{round(number * 100)}%"
    return found


# Percentages other columns legitimately show (availability), which a rate may equal.
AVAILABILITY_SHOWN = {"0%", "10%", "50%", "100%"}
RATE_TEXTS = sorted(set(success_rates().values()) - AVAILABILITY_SHOWN)


@pytest.fixture()
def restricted_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    path = staffingbook.build(tmp_path / "inventory.xlsx")
    config = tmp_path / "skillsync.toml"
    config.write_text(f"""
[checks]
stale_days = 36500
[privacy]
restricted = ["success_rate", "score"]
restricted_workbook = "leads/restricted.xlsx"
leads = ["{LEAD}"]
[email]
smtp_host = "127.0.0.1"
smtp_port = {port}
security = "none"
from = "Skills digest <skillsync@acme.example>"
to = ["{EVERYONE}"]
team_digests = true
""", encoding="utf-8")
    try:
        result = CliRunner().invoke(main, ["sync", str(path), "--send", "--json", "--digest",
                                           str(tmp_path / "digest.html"), "--config",
                                           str(config)])
    finally:
        server.stop()
    assert result.exit_code == 0, result.stderr
    return path, config, result.stdout, inbox, tmp_path


def org_wide_texts(run) -> dict[str, str]:
    """Every org-wide output of the run, by name, as text."""
    path, _, report, inbox, folder = run
    book = openpyxl.load_workbook(path)
    texts = {f"tab {t}": "\n".join(repr(v) for row in book[t].iter_rows(values_only=True)
                                   for v in row) for t in OWNED}
    texts["digest.html"] = (folder / "digest.html").read_text()
    texts["digest.txt"] = (folder / "digest.txt").read_text()
    texts["json"] = report
    for rcpts, data in inbox.messages:
        if LEAD not in rcpts:
            texts[f"mail to {', '.join(rcpts)}"] = text_of(data)
    return texts


def test_every_org_wide_output_was_produced(restricted_run):
    texts = org_wide_texts(restricted_run)
    mails = [k for k in texts if k.startswith("mail to ")]
    assert f"mail to {EVERYONE}" in mails
    assert f"mail to {staffingbook.MANAGER}" in mails  # the team digests of Nora's teams
    assert len(texts["tab Shortlist"]) > 1000 and "Ana Lima" in texts["digest.txt"]


def test_no_success_rate_appears_in_any_org_wide_output(restricted_run):
    assert len(RATE_TEXTS) >= 8  # the check below has teeth
    for name, text in org_wide_texts(restricted_run).items():
        for shown in RATE_TEXTS:
            assert shown not in text, f"{shown} in {name}"
        if name.startswith(("tab ", "json")):  # numbers, as cells and JSON hold them
            for rate in set(success_rates()) - {0.5, 1.3}:
                assert not re.search(rf"(?<![\d.]){re.escape(repr(rate))}(?!\d)", text), \
                    f"{rate} in {name}"
        assert not re.search(r"\d+%\s*success", text), name  # "85% success", in any reason


def test_no_score_appears_in_any_org_wide_output(restricted_run):
    texts = org_wide_texts(restricted_run)
    shortlist = openpyxl.load_workbook(restricted_run[0])["Shortlist"]
    assert "Score" not in [c.value for c in shortlist[1]]
    for name, text in texts.items():
        assert "score " not in text.lower(), name
    report = json.loads(restricted_run[2])
    candidates = [c for s in report["staffing"]["shortlists"] for c in s["candidates"]]
    assert candidates and all(c["score"] is None for c in candidates)
    assert report["staffing"]["success_rates"] == {}


def test_restricted_cells_quoted_elsewhere_are_withheld(restricted_run):
    path = restricted_run[0]
    book = openpyxl.load_workbook(path)
    issues = {r["Where"]: r for r in rows_of(book["Data Issues"]) if r["Column"] ==
              "Success rate"}
    assert "130%" not in issues["row 19"]["How to fix"]
    assert "restricted" in issues["row 19"]["How to fix"]
    duplicates = rows_of(book["Duplicates"])
    assert duplicates[0]["Conflicting values"] == "Success rate: (restricted)"
    skills = [c.value for c in book["Skills"][1]]
    assert "Success rate (median)" not in skills
    assert "Success rate (median)" not in [c.value for c in book["Team Skills"][1]]


def test_the_figures_go_where_configured_the_restricted_workbook_and_the_leads(restricted_run):
    _, _, report, inbox, folder = restricted_run
    restricted = folder / "leads" / "restricted.xlsx"
    assert json.loads(report)["restricted_workbook"] == str(restricted)
    assert stat.S_IMODE(os.stat(restricted).st_mode) == 0o600
    assert OpenXmlValidator().validate(restricted).errors == []
    book = openpyxl.load_workbook(restricted)
    shortlist = rows_of(book["Shortlist (restricted)"])
    assert shortlist[0]["Name"] == "Ana Lima" and shortlist[0]["Score"] == 84
    assert "93% success" in shortlist[0]["Why"]
    rates = {(r["By"], r["Skill or team"]): r["Success rate (median)"]
             for r in rows_of(book["Success rates"])}
    assert rates[("team", "Platform")] == pytest.approx(0.685)  # under min_group: here too
    leads = [text_of(data) for rcpts, data in inbox.messages if rcpts == [LEAD]]
    assert len(leads) == 1
    assert "(restricted: leads only)" in leads[0]
    assert "Ana Lima, score 84" in leads[0] and "Platform: 68%" in leads[0]


def test_restricted_figures_still_shape_the_ranking(restricted_run):
    path, config, *_ = restricted_run
    hidden = match(path, "NLP, PyTorch", config)
    open_config = config.with_name("open.toml")
    open_config.write_text("[checks]\nstale_days = 36500\n")
    shown = match(path, "NLP, PyTorch", open_config)
    assert [c.name for c in hidden] == [c.name for c in shown]
    assert [c.score for c in hidden] == [c.score for c in shown]
    ana = hidden[0]
    levels = [h.level for h in ana.holdings]
    assert ana.rate == pytest.approx(0.93)
    assert ana.score == score_of(levels, ana.past, 0.93, ana.capacity.share)
    assert ana.score != score_of(levels, ana.past, 0.5, ana.capacity.share)  # the rate counts
    listed = hidden.as_list()
    assert listed[0]["score"] is None and "93%" not in listed[0]["why"]
    assert shown.as_list()[0]["score"] == ana.score and "93% success" in shown.as_list()[0]["why"]


def test_match_cli_hides_restricted_fields(restricted_run):
    path, config, *_ = restricted_run
    result = CliRunner().invoke(main, ["match", str(path), "--skills", "NLP, PyTorch",
                                       "--config", str(config)])
    assert result.exit_code == 0, result.stderr
    assert "score" not in result.stdout and "93%" not in result.stdout
    assert result.stdout.splitlines()[1].startswith(" 1. Ana Lima")


def test_the_same_search_finds_the_figures_when_nothing_is_restricted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    path = staffingbook.build(tmp_path / "inventory.xlsx")
    result = CliRunner().invoke(main, ["sync", str(path), "--json", "--digest",
                                       str(tmp_path / "digest.html")])
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(path)
    shortlist = "\n".join(repr(v) for row in book["Shortlist"].iter_rows(values_only=True)
                          for v in row)
    assert "93% success" in shortlist and "Score" in shortlist
    assert re.search(r"(?<![\d.])0\.88(?!\d)", result.stdout)  # the NLP team's median
    assert "130%" in "\n".join(str(r["How to fix"]) for r in rows_of(book["Data Issues"]))
    assert "score 84" in (tmp_path / "digest.txt").read_text()


def test_restricted_availability_leaves_reasons_risks_and_pairs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "skillsync.toml"
    config.write_text('[checks]\nstale_days = 36500\n[privacy]\nrestricted = ["availability"]\n')
    path = staffingbook.build(tmp_path / "inventory.xlsx")
    result = CliRunner().invoke(main, ["sync", str(path), "--json", "--digest",
                                       str(tmp_path / "digest.html")])
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(path)
    typed = [v[9] for v in PEOPLE.values() if v[9]]
    outputs = {"json": result.stdout, "digest": (tmp_path / "digest.txt").read_text(),
               **{t: "\n".join(repr(v) for row in book[t].iter_rows(values_only=True)
                               for v in row) for t in OWNED}}
    for name, text in outputs.items():
        for written in typed:
            assert f"{written} (" not in text and f"{written}, " not in text, (written, name)
        assert "available," not in text and "fully booked" not in text.replace(
            "(fully booked)", ""), name
    assert "All holders fully booked" not in outputs["Risks"]
    learning = {r["Skill"]: r for r in rows_of(book["Learning"])}
    assert learning["Kubernetes"]["Without a mentor"] == "Ivan Petrov (no mentor is free)"
    ranked = match(path, "Kubernetes", config)
    assert [c.name for c in ranked] == ["Dana Levi", "Kai Müller", "Ivan Petrov"]
    assert ranked[0].capacity.booked  # still known to the ranking, and shaping it
    assert [c.name for c in match(path, "Kubernetes", config, available=True)] == ["Ivan Petrov"]
