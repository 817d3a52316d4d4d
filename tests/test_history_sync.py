"""Sync after sync on real workbooks: what changed, the history, and the accident guard.

Each test drives the CLI on .xlsx files written with XlsxWriter and reads the results
back with openpyxl, as a person opening the workbook would see them.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from historybook import (
    COLUMN,
    FIRST_ROW,
    HEADER,
    cli,
    organisation,
    person,
    sync_json,
    write_book,
)

from skillsync import pipeline


@pytest.fixture
def base(tmp_path) -> tuple[Path, list[list]]:
    rows = organisation()
    book = write_book(tmp_path / "inventory.xlsx", rows)
    code, first = sync_json(book, "--digest", tmp_path / "first.html")
    assert code == 0 and first["changes"]["since"] is None
    return book, rows


def email_of(row: list) -> str:
    return str(row[COLUMN["E-mail"]])


def test_two_syncs_report_exactly_who_joined_left_and_changed(base, tmp_path):
    book, rows = base
    first = json.loads(cli("history", book, "--json")[1])[0]
    edited = copy.deepcopy(rows)
    by_email = {email_of(r): r for r in edited}
    skills = COLUMN["Areas of Expertise"]
    # was "Recommender Systems (2), Airflow (3), Graph Neural Networks (4)"
    by_email["p001@corp.example"][skills] = "Recommender Systems (5), Airflow (3), Rust (2)"
    by_email["p010@corp.example"][COLUMN["Team"]] = "Vision"
    projects = COLUMN["Current project(s)"]
    by_email["p020@corp.example"][projects] = f"{person(20)[projects]}, Moonshot"
    gone = ["p005@corp.example", "p017@corp.example"]
    edited = [r for r in edited if email_of(r) not in gone]
    joined = [person(50), person(51), person(52)]
    edited += joined
    write_book(book, edited)
    code, report = sync_json(book, "--digest", tmp_path / "second.html")
    assert code == 0 and report["tabs_written"]
    changes = report["changes"]
    assert changes["joined"] == [email_of(r) for r in joined]
    assert changes["left"] == gone
    assert changes["since_sync"] == first["id"]
    by = {c["email"]: c for c in changes["changed"]}
    assert list(by) == ["p001@corp.example", "p010@corp.example", "p020@corp.example"]
    assert person(1)[skills] == ("Recommender Systems (2), Airflow (3), "
                                 "Graph Neural Networks (4)")
    assert by["p001@corp.example"]["fields"] == ["expertise"]
    assert by["p001@corp.example"]["skills_added"] == ["Rust"]
    assert by["p001@corp.example"]["skills_dropped"] == ["Graph Neural Networks"]
    assert by["p001@corp.example"]["levels"] == [
        {"skill": "Recommender Systems", "from": 2, "to": 5}]
    assert by["p010@corp.example"]["fields"] == ["team"]
    assert by["p010@corp.example"]["team"] == {"from": person(10)[2], "to": "Vision"}
    assert by["p020@corp.example"]["fields"] == ["current_projects"]
    assert by["p020@corp.example"]["projects_added"] == ["Moonshot"]
    assert by["p020@corp.example"]["projects_dropped"] == []

    text = (tmp_path / "second.txt").read_text()
    section = text.split("WHAT CHANGED SINCE THE LAST SYNC", 1)[1].split("\n\n", 1)[0]
    assert "3 people joined, 2 left, 3 changed their row." in section
    assert all(r[0] in section for r in joined)
    assert f"Left: {person(5)[0]}, {person(17)[0]}" in section
    assert f"{person(1)[0]}: added Rust" in section
    assert f"{person(10)[0]}: team {person(10)[2]} → Vision" in section
    assert f"{person(20)[0]}: new project Moonshot" in section
    html = (tmp_path / "second.html").read_text()
    assert "What changed since the last sync" in html and "Moonshot" in html
    assert "WHAT CHANGED" not in (tmp_path / "first.txt").read_text()
    listed = cli("history", book, "--diff", str(first["id"]), str(report["history"]["run"]))[1]
    assert f"{person(1)[0]} (p001@corp.example): added Rust; dropped Graph Neural " \
           "Networks; Recommender Systems 2 → 5" in listed  # as the digest says them
    assert f"{person(10)[0]} (p010@corp.example): team {person(10)[2]} → Vision" in listed

    tab = openpyxl.load_workbook(book)["Trends"]
    values = [[c.value for c in row] for row in tab.iter_rows()]
    assert values[0][:2] == ["Skill", "Change"] and len(values[0]) == 4
    counts = {row[0]: row[1:] for row in values[1:]}
    assert counts["Rust"] == [1, 0, 1]
    assert {skill: now for skill, (_, _, now) in counts.items() if now} == report["skills"]
    moves = [abs(change) for change, _, _ in counts.values()]
    assert moves == sorted(moves, reverse=True)  # the biggest movers first


def test_history_lists_the_syncs_newest_first(base):
    book, rows = base
    assert cli("sync", book)[0] == 0
    write_book(book, [*rows, person(60)])
    code, third = sync_json(book)
    assert code == 0
    code, out, _ = cli("history", book, "--json")
    listed = json.loads(out)
    assert [e["id"] for e in listed] == [3, 2, 1]
    assert [e["people"] for e in listed] == [41, 40, 40]
    assert [(e["joined"], e["left"], e["changed"]) for e in listed] == [
        (1, 0, 0), (0, 0, 0), (0, 0, 0)]
    assert listed[0]["checksum"] == third["checksum"] and not listed[0]["held_back"]
    assert len(json.loads(cli("history", book, "--json", "--limit", "1")[1])) == 1
    code, out, _ = cli("history", book)
    lines = out.splitlines()
    assert lines[1].lstrip().startswith("#3") and lines[3].lstrip().startswith("#1")
    assert "41 people" in lines[1] and "1 joined, 0 left, 0 changed" in lines[1]
    code, out, _ = cli("history", book, "--diff", "1", "3", "--json")
    assert json.loads(out)["joined"] == [email_of(person(60))]
    code, out, _ = cli("history", book, "--diff", "1", "3")
    assert "From sync #1 to sync #3: 1 joined, 0 left, 0 changed." in out
    assert cli("history", book, "--diff", "#1", "#3")[1] == out  # as the list numbers them
    code, _, err = cli("history", book, "--diff", "1", "9")
    assert code == 2 and "no stored sync #9" in err
    code, _, err = cli("history", book, "--diff", "1", str(10**30))
    assert code == 2 and "is not a stored sync's number" in err


def test_a_diff_shows_the_old_and_new_name_and_role_and_only_names_the_rest(base):
    """A renamed person was shown as "name changed": which name they had is what a reader
    wants. Location and availability (which may say why someone is away) are named only."""
    book, rows = base
    edited = copy.deepcopy(rows)
    old_name, old_role = edited[3][0], edited[3][COLUMN["Role"]]
    edited[3][0] = f"{old_name}-Souza"
    edited[3][COLUMN["Role"]] = "Lead <b>DS</b>"
    edited[5][COLUMN["Location"]] = "Porto"
    edited[5][COLUMN["Availability"]] = "On sick leave until May"
    write_book(book, edited)
    assert cli("sync", book)[0] == 0
    code, out, _ = cli("history", book, "--diff", "1", "2")
    assert code == 0
    assert (f"{old_name}-Souza ({email_of(rows[3])}): name {old_name} → {old_name}-Souza; "
            f"role {old_role} → Lead <b>DS</b>") in out
    assert f"({email_of(rows[5])}): location and availability changed" in out
    assert "Porto" not in out and "sick" not in out
    changed = {c["email"]: c for c in json.loads(
        cli("history", book, "--diff", "1", "2", "--json")[1])["changed"]}
    assert changed[email_of(rows[3])]["values"] == [
        {"field": "name", "from": old_name, "to": f"{old_name}-Souza"},
        {"field": "role", "from": old_role, "to": "Lead <b>DS</b>"}]
    assert changed[email_of(rows[5])]["values"] == []


def test_a_digest_names_a_rename_without_the_former_name(base, tmp_path):
    """A former name is not for a message that may go to everyone; a role right to left
    keeps its arrow's direction; an invisible character pasted in changes nothing."""
    book, rows = base
    edited = copy.deepcopy(rows)
    old_name = edited[3][0]
    edited[3][0] = f"{old_name}-Souza"
    edited[4][COLUMN["Role"]] = "محلل بيانات"
    edited[5][0] = edited[5][0].replace(" ", "\u200b ", 1)
    edited[6][COLUMN["Role"]] = f"\ufeff{edited[6][COLUMN['Role']]}\u2060"
    write_book(book, edited)
    assert cli("sync", book, "--digest", tmp_path / "second.html")[0] == 0
    digest = (tmp_path / "second.html").read_text()
    assert f"{old_name}-Souza: name changed" in digest and f"{old_name} →" not in digest
    was = rows[4][COLUMN["Role"]]
    assert f"role {was} → \u2068محلل بيانات\u2069" in digest
    code, out, _ = cli("history", book, "--diff", "1", "2")
    assert code == 0 and "2 changed" in out.splitlines()[0]  # not the invisible edits


# --- accidents -----------------------------------------------------------------------------

def half_deleted(rows):
    return rows[: len(rows) // 2], HEADER


def column_renamed(rows):
    """A header renamed to words skillsync does not know: the column is no longer read.
    (A skills column renamed is still read by its content: see test_history_guard.)"""
    header = list(HEADER)
    header[COLUMN["Team"]] = "Crew"
    return rows, header


def team_sorted_alone(rows):
    rows = copy.deepcopy(rows)
    teams = sorted((r[COLUMN["Team"]] for r in rows), key=str.casefold, reverse=True)
    for row, team in zip(rows, teams, strict=True):
        row[COLUMN["Team"]] = team
    return rows, HEADER


def skills_sorted_alone(rows):
    rows = copy.deepcopy(rows)
    column = COLUMN["Areas of Expertise"]
    for row, cell in zip(rows, sorted((r[column] for r in rows), key=str.casefold),
                         strict=True):
        row[column] = cell
    return rows, HEADER


def block_pasted_down(rows):
    """C12:I27 copied and pasted at C13:I28: each of those rows holds the one above."""
    out = copy.deepcopy(rows)
    for i in range(24, 8, -1):
        out[i][2:] = copy.deepcopy(rows[i - 1][2:])
    return out, HEADER


def emails_sorted_alone(rows):
    rows = copy.deepcopy(rows)
    emails = sorted((r[1] for r in rows), reverse=True)
    for row, email in zip(rows, emails, strict=True):
        row[1] = email
    return rows, HEADER


ACCIDENTS = {
    "half the rows deleted": (half_deleted, "people-vanished", None),
    "a read column renamed": (column_renamed, "column-gone", "Team"),
    "the team column sorted alone": (team_sorted_alone, "column-sorted-alone", "Team"),
    "the skills column sorted alone": (skills_sorted_alone, "column-sorted-alone",
                                       "Areas of Expertise"),
    "a block pasted one row down": (block_pasted_down, "values-shifted", "Role"),
    "the e-mail column sorted alone": (emails_sorted_alone, "column-sorted-alone", "E-mail"),
}


@pytest.mark.parametrize("name", list(ACCIDENTS))
def test_an_accident_is_held_back_with_evidence_and_the_workbook_untouched(base, tmp_path,
                                                                           name):
    book, rows = base
    damage, code, column = ACCIDENTS[name]
    write_book(book, *damage(rows))
    before = book.read_bytes()
    digest = tmp_path / "held.html"
    status, report = sync_json(book, "--digest", digest)
    assert status == 4
    [reason, *_] = report["held_back"]["reasons"]
    assert reason["code"] == code and reason["column"] == column
    assert reason["message"] and reason["fix"]
    if code != "column-gone":
        assert reason["rows"] and all(isinstance(r, int) for r in reason["rows"])
    if code not in ("people-vanished", "column-gone"):
        assert reason["examples"] and "row " in reason["examples"][0]
    assert report["held_back"]["accept"].endswith("--accept-changes")
    assert report["tabs_written"] == [] and report["digest"] is None
    assert book.read_bytes() == before  # not one byte of the workbook changed
    assert not digest.exists()
    [held, good] = json.loads(cli("history", book, "--json")[1])
    assert held["held_back"] and held["reasons"][0]["code"] == code
    assert not good["held_back"]

    status, out, err = cli("sync", book)
    assert status == 4  # still held: compared with the last good sync, not the held one
    assert "Held back: nothing was written; the tabs keep their last good content" in out
    assert f"{reason['label']} [{reason['code']}]:" in out and "--accept-changes" in out
    assert err.startswith("Held back:")


def test_undoing_the_accident_lets_the_next_sync_through(base):
    book, rows = base
    write_book(book, *half_deleted(rows))
    assert sync_json(book)[0] == 4
    write_book(book, rows)
    code, report = sync_json(book)
    assert code == 0 and report["held_back"] is None
    assert report["changes"]["left"] == [] and report["changes"]["changed"] == []


def test_accept_changes_goes_ahead_and_becomes_the_last_good_sync(base):
    book, rows = base
    write_book(book, *half_deleted(rows))
    code, report = sync_json(book, "--accept-changes")
    assert code == 0 and report["tabs_written"] and report["held_back"] is None
    assert any("Went ahead as asked (--accept-changes)" in n for n in report["notes"])
    assert len(report["changes"]["left"]) == 20
    listed = json.loads(cli("history", book, "--json")[1])
    assert listed[0]["status"] == "accepted"
    assert "accepted (--accept-changes)" in cli("history", book)[1].splitlines()[1]
    assert sync_json(book)[0] == 0  # the accepted sheet is the new normal
    people = openpyxl.load_workbook(book)["Sync"]
    assert {r[0].value: r[1].value for r in people.iter_rows()}["People"] == 20


def test_a_dry_run_says_a_sync_would_be_held_back_and_records_nothing(base):
    book, rows = base
    write_book(book, *column_renamed(rows))
    code, out, _ = cli("sync", book, "--dry-run")
    assert code == 4 and "A sync would be held back (exit code 4)" in out
    assert "Would write tabs" not in out
    assert len(json.loads(cli("history", book, "--json")[1])) == 1


# --- legitimate big edits ------------------------------------------------------------------

def team_of_thirty_joins(rows):
    return rows + [person(i, team="Platform") for i in range(100, 130)], HEADER


def column_inserted(rows):
    header = [*HEADER[:3], "Manager e-mail", *HEADER[3:]]
    return [[*r[:3], "lead@corp.example", *r[3:]] for r in rows], header


def team_renamed(rows):
    return [[*r[:2], "Discovery" if r[2] == "Search" else r[2], *r[3:]] for r in rows], HEADER


def skills_updated(rows):
    out = copy.deepcopy(rows)
    for i, row in enumerate(out):
        if i % 4:
            row[COLUMN["Areas of Expertise"]] += ", Large Language Models (2)"
    return out, HEADER


def sorted_as_a_whole(rows):
    return sorted(rows, key=lambda r: r[0].casefold()), HEADER


def domain_changed(rows):
    return [[r[0], r[1].replace("corp.example", "corp.example.org"), *r[2:]] for r in rows], \
        HEADER


LEGITIMATE = {
    "a team of 30 joins": team_of_thirty_joins,
    "a new column is inserted": column_inserted,
    "a team is renamed": team_renamed,
    "many people update their skills": skills_updated,
    "the table is sorted as a whole": sorted_as_a_whole,
    "everyone's e-mail domain changes": domain_changed,
}


@pytest.mark.parametrize("name", list(LEGITIMATE))
def test_a_big_legitimate_edit_goes_through(base, name):
    book, rows = base
    write_book(book, *LEGITIMATE[name](rows))
    code, report = sync_json(book)
    assert code == 0, report["held_back"]
    assert report["held_back"] is None and "Trends" in report["tabs_written"]


# --- running unattended --------------------------------------------------------------------

def test_quiet_prints_nothing_on_success_and_everything_when_held(base):
    book, rows = base
    assert cli("--quiet", "sync", book) == (0, "", "")
    write_book(book, *half_deleted(rows))
    code, out, err = cli("--quiet", "sync", book)
    assert code == 4 and "Many people vanished at once" in out and err


def test_json_logs_are_one_event_per_line_on_stderr(base, tmp_path):
    book, _ = base
    code, out, err = cli("--log-format", "json", "sync", book)
    assert code == 0 and out.startswith("Read ")
    events = [json.loads(line) for line in err.splitlines()]
    names = [e["event"] for e in events]
    assert names[0] == "command.start" and names[-1] == "command.done"
    assert {"lock.taken", "history.compared", "history.stored"} <= set(names)
    done = events[-1]
    assert done["exit_code"] == 0 and done["people"] == 40 and "Trends" in done["tabs_written"]
    assert all({"time", "level", "event"} <= set(e) for e in events)
    code, out, err = cli("--log-format", "json", "sync", tmp_path / "missing.xlsx")
    *_, error = [json.loads(line) for line in err.splitlines()]  # every line is JSON
    assert code == 3 and error["event"] == "error" and error["exit_code"] == 3
    assert error["level"] == "error" and "Error:" not in err
    assert "missing.xlsx" in error["message"]


def test_rows_unchanged_for_long_are_stale_by_history_when_the_sheet_has_no_date(tmp_path):
    rows = organisation(12)
    book = write_book(tmp_path / "inventory.xlsx", rows)
    t0 = datetime(2026, 1, 5, 2, 30).astimezone()
    assert pipeline.sync(book, now=t0).exit_code == 0
    edited = copy.deepcopy(rows)
    edited[3][COLUMN["Role"]] = "Staff Data Scientist"
    write_book(book, edited)
    assert pipeline.sync(book, now=t0 + timedelta(days=100)).exit_code == 0
    report = pipeline.sync(book, now=t0 + timedelta(days=200))
    stale = {i.email: i for i in report.issues if str(i.code) == "stale-row"}
    assert set(stale) == {email_of(r) for r in rows} - {email_of(rows[3])}
    issue = stale[email_of(rows[0])]
    assert "has not changed since 2026-01-05" in issue.message
    assert "sync history" in issue.message and issue.row == FIRST_ROW


def test_a_last_updated_date_in_the_sheet_wins_over_the_history(tmp_path):
    header = [*HEADER, "Last updated"]
    rows = organisation(8)
    dated = [[*r, date(2026, 7, 1) if i % 2 else ""] for i, r in enumerate(rows)]
    book = tmp_path / "inventory.xlsx"
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(book))
    sheet = workbook.add_worksheet("People")
    sheet.write_row(0, 0, header)
    when = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(dated, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), when)
            elif value != "":
                sheet.write(r, c, value)
    workbook.close()
    t0 = datetime(2026, 1, 5, 2, 30).astimezone()
    assert pipeline.sync(book, now=t0).exit_code == 0
    report = pipeline.sync(book, now=t0 + timedelta(days=200))
    by_history = {i.email for i in report.issues
                  if str(i.code) == "stale-row" and "sync history" in i.message}
    assert by_history == {email_of(r) for i, r in enumerate(rows) if not i % 2}


def test_a_team_digest_lists_the_changes_of_its_own_people(base):
    from skillsync.config import Config
    from skillsync.output.digest import build_view, team_view

    book, rows = base
    edited = copy.deepcopy(rows)
    edited[0][COLUMN["Role"]] = "Lead"  # in the first team
    edited[-1][COLUMN["Role"]] = "Lead"  # in the last team
    write_book(book, edited)
    analysis, facts = _recalled(book)
    titles = Config().titles
    first_team = team_view(facts, analysis, titles, rows[0][COLUMN["Team"]]).changes
    was = rows[0][COLUMN["Role"]] or "(none)"
    assert f"{rows[0][0]}: role {was} → Lead" in first_team
    assert not any(rows[-1][0] in line for line in first_team)
    everyone = build_view(facts, analysis, titles).changes
    assert everyone[0].endswith("0 people joined, 0 left, 2 changed their row.")
    assert rows[0][0] in "".join(everyone) and rows[-1][0] in "".join(everyone)


def _recalled(book):
    """A read-only run's analysis and facts, with the history's memory, as the digest
    and the mail planner get them."""
    from skillsync import history
    from skillsync.config import Config

    config = Config()
    now = datetime.now().astimezone()
    with history.Session(str(book), config, now) as memo:
        backend = pipeline.open_backend(str(book), writing=False)
        try:
            return memo.recall(*pipeline.analyse(backend, config, now))
        finally:
            backend.close()


def test_exit_code_4_and_the_history_are_documented():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert "| 4 | Held back" in readme and "## History and the accident guard" in readme
    code, out, _ = cli("--help")
    assert code == 0 and "4 held back" in out


def test_the_accept_hint_is_a_command_that_works_when_pasted(tmp_path):
    """A workbook named with spaces, settings given with --config: the hint carries both,
    quoted, and running it as printed goes ahead."""
    import shlex

    rows = organisation()
    book = write_book(tmp_path / "Skills inventory (2026).xlsx", rows)
    settings = tmp_path / "nightly settings.toml"
    settings.write_text("[checks]\nstale_days = 36500\n")
    assert sync_json(book, "--config", settings)[0] == 0
    write_book(book, *half_deleted(rows))
    code, report = sync_json(book, "--config", settings)
    assert code == 4
    accept = report["held_back"]["accept"]
    assert accept == shlex.join(["skillsync", "sync", str(book), "--config", str(settings),
                                 "--accept-changes"])
    status, out, err = cli(*shlex.split(accept)[1:])
    assert status == 0, err
    assert f"If the changes are meant: {accept}" not in out


def test_the_accept_hint_for_a_file_named_like_an_option_names_its_path(tmp_path,
                                                                        monkeypatch):
    import shlex

    monkeypatch.chdir(tmp_path)
    rows = organisation()
    write_book(tmp_path / "-team.xlsx", rows)
    assert cli("sync", "--json", "--", "-team.xlsx")[0] == 0
    write_book(tmp_path / "-team.xlsx", *half_deleted(rows))
    code, out, _ = cli("sync", "--json", "--", "-team.xlsx")
    accept = json.loads(out)["held_back"]["accept"]
    assert code == 4 and accept == "skillsync sync ./-team.xlsx --accept-changes"
    assert cli(*shlex.split(accept)[1:])[0] == 0
