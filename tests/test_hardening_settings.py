"""Settings as an attacker or a careless colleague writes them (issue 11, classes 1 and 12).

A skillsync.toml beside the workbook sits in a folder other people can write: it must not
run code, write outside the workbook's folder and the state folder, or steer the SMTP
password. Every setting is checked against its documented type and range.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hostile import cli, office_owner_file, one_clear_line, run, small_workbook

# A classic Jinja escape: reach os through a global's __init__ and run a command.
ESCAPE = ("{{ cycler.__init__.__globals__.os.system('touch %s') }}"
          "{{ self.__init__.__globals__.__builtins__.open('%s', 'w').write('x') }}")


@pytest.fixture()
def shared(tmp_path) -> Path:
    """A shared folder holding the workbook; a colleague may drop files in it."""
    folder = tmp_path / "shared"
    folder.mkdir()
    return small_workbook(folder / "inventory.xlsx")


def beside(workbook: Path, text: str) -> Path:
    path = workbook.parent / "skillsync.toml"
    path.write_text(text, encoding="utf-8")
    return path


def hostile_templates(folder: Path, marker: Path) -> None:
    folder.mkdir()
    for name in ("digest.html.j2", "digest.txt.j2"):
        (folder / name).write_text(ESCAPE % (marker, marker), encoding="utf-8")


# --- 1. settings beside the workbook ---------------------------------------------------------

@pytest.mark.parametrize("command", [["sync", "--dry-run"], ["digest"], ["sync"]])
def test_templates_beside_the_workbook_are_refused(shared, tmp_path, command):
    marker = tmp_path / "pwned"
    hostile_templates(shared.parent / "tpl", marker)
    beside(shared, '[output]\ntemplates = "tpl"\n')
    before = shared.read_bytes()
    code, _, err = cli(command[0], shared, *command[1:])
    assert not marker.exists(), "a template ran code"
    assert code == 2
    assert "[output] templates may not be set" in one_clear_line(err)
    assert shared.read_bytes() == before  # refused before the sheet is read


def test_templates_named_with_config_are_sandboxed_too(shared, tmp_path):
    marker = tmp_path / "pwned"
    hostile_templates(tmp_path / "tpl", marker)
    config = tmp_path / "trusted.toml"
    config.write_text(f'[output]\ntemplates = "{tmp_path / "tpl"}"\n')
    code, _, err = cli("digest", shared, "--config", config)
    assert not marker.exists() and code == 2, err


def test_a_template_cannot_read_files_through_a_link(shared, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-KEY")
    folder = shared.parent / "tpl"
    folder.mkdir()
    (folder / "leak.txt").symlink_to(secret)
    for name in ("digest.html.j2", "digest.txt.j2"):
        (folder / name).write_text('{% include "leak.txt" %}')
    trusted = tmp_path / "trusted.toml"  # even templates the user named themselves
    trusted.write_text(f'[output]\ntemplates = "{folder}"\ndigest = "{shared.parent}/d.html"\n')
    code, _, err = cli("digest", shared, "--config", trusted)
    assert code == 2, err
    written = shared.parent / "d.html"
    assert not written.exists() or "TOP-SECRET" not in written.read_text()


@pytest.mark.parametrize("setting", [
    '[output]\ndigest = "{outside}/digest.html"\n',
    '[output]\ndigest = "../outside/digest.html"\n',
    '[output]\ntemplates = "{outside}"\n',
])
def test_settings_beside_the_workbook_stay_in_its_folder(shared, tmp_path, setting):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "digest.html.j2").write_text("x")
    beside(shared, setting.format(outside=outside))
    code, _, err = cli("sync", shared)
    assert code == 2
    assert "beside the workbook" in one_clear_line(err)
    assert not (outside / "digest.html").exists()


def test_a_digest_link_beside_the_workbook_cannot_point_outside(shared, tmp_path):
    target = tmp_path / "elsewhere.html"
    target.write_text("keep me")
    (shared.parent / "digest.html").symlink_to(target)
    beside(shared, '[output]\ndigest = "digest.html"\n')
    code, _, err = cli("sync", shared, "--dry-run")
    assert code == 2, err
    assert target.read_text() == "keep me"


def test_settings_beside_the_workbook_may_write_inside_it_and_say_so(shared, private_state):
    beside(shared, '[output]\ndigest = "reports/digest.html"\n')
    code, out, err = cli("sync", shared, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (shared.parent / "reports" / "digest.html").is_file()
    assert report["settings"] == f"{shared.parent / 'skillsync.toml'} (beside the workbook)"
    code, out, _ = cli("check", shared)
    assert f"Settings: {shared.parent / 'skillsync.toml'} (beside the workbook)" in out


def test_a_given_settings_file_is_trusted_to_write_elsewhere(shared, tmp_path):
    config = tmp_path / "mine.toml"
    config.write_text(f'[output]\ndigest = "{tmp_path / "out" / "d.html"}"\n')
    code, out, err = cli("sync", shared, "--config", config, "--json")
    assert code == 0, err
    assert (tmp_path / "out" / "d.html").is_file()
    assert json.loads(out)["settings"] == f"{config} (given)"


def test_settings_beside_the_workbook_cannot_steer_the_smtp_password(shared, monkeypatch):
    monkeypatch.setenv("SKILLSYNC_SMTP_PASSWORD", "hunter2")
    beside(shared, '[email]\nsmtp_host = "evil.example"\nusername = "me@example.com"\n'
                   'from = "me@example.com"\nto = ["me@example.com"]\n')
    before = shared.read_bytes()
    code, _, err = cli("sync", shared, "--send")
    assert code == 2
    assert "--config" in one_clear_line(err)
    assert shared.read_bytes() == before


# --- 12. settings values ---------------------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    ('[tabs]\nskills = "Sync\\u0001"\n', "control characters"),
    ('[tabs]\nsync = "Skills\\u001b[31m"\n', "control characters"),
    ('[source]\ntab = "People\\u0000"\n', "control characters"),
    ('[output]\ndigest = "a\\u0000b.html"\n', "control characters"),
    ('[email]\nto = "a@example.com, b@example.com"\n', "several addresses"),
    ('[email]\nto = ["a@example.com; b@example.com"]\n', "several addresses"),
    ('[email]\nfrom = "Skills <a@example.com> <b@evil.example>"\n', "one address"),
    ('[email]\nfrom = "a@example.com b@evil.example"\n', "several addresses"),
    ('[email]\nusername = "me\\r\\nRCPT TO:<x@y>"\n', "control characters"),
    ('[email]\ntimeout = nan\n', "timeout"),
    ('[email]\ndeadline = inf\n', "deadline"),
    ('[limits]\nmax_cell_chars = 99999999\n', "max_cell_chars"),
    ('[output]\ndigest_mode = "0777"\n', "digest_mode"),
    ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested"),
    ("x = {" + "a = {" * 3000 + "}" * 3000 + "}\n", "nested"),
], ids=["title-control", "title-escape", "tab-nul", "path-nul", "to-comma", "to-semicolon",
        "from-two", "from-spaced", "username-crlf", "timeout-nan", "deadline-inf",
        "limit-range", "mode-exec", "nested-arrays", "nested-tables"])
def test_settings_out_of_type_or_range_are_refused_with_one_line(shared, tmp_path, text, words):
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    code, _, err = cli("check", shared, "--config", config)
    assert code == 2, err
    assert words in one_clear_line(err)


@pytest.mark.parametrize("key, hint", [
    ("expertize", "did you mean expertise?"),
    ("Email", "did you mean email?"),
    ("last_update", "did you mean last_updated?"),
    ("skillz", "fields are name, email, team"),
    ("skills", "did you mean expertise?"),
    ("wishes", "did you mean learn?"),
    ("projects", "did you mean current_projects or past_projects?"),
], ids=["typo", "case", "short", "nothing-near", "skills", "wishes", "projects"])
def test_a_misspelt_header_field_is_named_with_the_nearest_field(shared, key, hint):
    beside(shared, f'[source.headers]\n{key} = ["Kompetenzen"]\n')
    code, _, err = cli("check", shared)
    assert code == 2, err
    line = one_clear_line(err)
    assert f"[source.headers] {key} is not a field; {hint}" in line
    assert ("fields are" in line) == hint.startswith("fields are")  # listed only when none is near


def test_a_configured_header_the_sheet_lacks_is_noted(shared):
    beside(shared, '[source.headers]\nexpertise = ["Skils"]\nteam = ["Team"]\n')
    code, out, err = cli("check", shared)
    assert code == 0, err
    notes = [line for line in out.splitlines() if line.startswith("[source.headers]")]
    assert notes == ["[source.headers] names 'Skils' for expertise, but 'People' has no such "
                     "header; the column read as expertise is 'Skills'. Check the spelling "
                     "in skillsync.toml."]


def test_one_header_given_to_two_fields_is_refused(shared):
    beside(shared, '[source.headers]\nexpertise = ["Stack"]\nlearn = ["Roadmap", "stack"]\n')
    code, _, err = cli("check", shared)
    assert code == 2, err
    assert ("[source.headers] gives the header 'stack' to both expertise and learn"
            in one_clear_line(err))


def test_a_settings_file_that_is_not_a_file_is_refused(shared, tmp_path):
    fifo = tmp_path / "settings.toml"
    os.mkfifo(fifo)
    result = run("check", shared, "--config", fifo, timeout=60)
    assert result.returncode == 2
    one_clear_line(result.stderr)


@pytest.mark.parametrize("wait", ["nan", "inf", "1e308"])
def test_wait_that_never_ends_is_refused(shared, wait):
    (shared.parent / "~$inventory.xlsx").write_bytes(office_owner_file("Jane Doe"))
    result = run("sync", shared, "--wait", wait, timeout=60)
    assert result.returncode == 2
    assert "--wait" in one_clear_line(result.stderr)


def test_file_names_that_are_not_utf8_work_and_print_cleanly(tmp_path, private_state):
    folder = tmp_path / "w"
    folder.mkdir()
    name = os.fsdecode(b"inv\xff\xfe.xlsx")
    small_workbook(folder / name)
    config = folder / os.fsdecode(b"s\xff.toml")
    config.write_text("[checks]\nstale_days = 100\n")
    digest = folder / os.fsdecode(b"d\xff.html")
    env = {"SKILLSYNC_STATE_DIR": str(private_state)}
    for args in (["check", name], ["sync", name, "--dry-run"], ["sync", name, "--json"],
                 ["sync", name, "--config", config, "--digest", digest]):
        result = run(*args, cwd=folder, env=env)
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        out = result.stdout.decode("utf-8")  # valid UTF-8 whatever the file names
        assert "\\xff" in out
    missing = run("check", os.fsdecode(b"gone\xff.xlsx"), cwd=folder, env=env)
    assert missing.returncode == 3
    assert "gone\\xff.xlsx" in one_clear_line(missing.stderr)


def test_mail_templates_are_sandboxed_too(tmp_path):
    from messy import build_messy_workbook

    workbook = tmp_path / "inventory.xlsx"
    build_messy_workbook(workbook)
    marker = tmp_path / "pwned"
    folder = tmp_path / "tpl"
    folder.mkdir()
    for name in ("nudge.html.j2", "nudge.txt.j2"):
        (folder / name).write_text(ESCAPE % (marker, marker), encoding="utf-8")
    config = tmp_path / "mail.toml"
    config.write_text(f'[output]\ntemplates = "{folder}"\n[email]\nfrom = "s@example.com"\n'
                      'nudges = true\n[checks]\nstale_days = 36500\n')
    code, _, err = cli("digest", workbook, "--dry-run", "--config", config)
    assert not marker.exists(), "a mail template ran code"
    assert code == 2 and "template" in one_clear_line(err)
