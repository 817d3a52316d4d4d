"""The scheduling examples in examples/: each is parsed as its scheduler would, and the
command it names is run as written (paths moved into a temporary folder) against a sample
workbook, twice, so the second night finds the first in the history. Mail goes to a real
SMTP server (aiosmtpd). `skillsync` on PATH is a shim running this checkout."""

from __future__ import annotations

import configparser
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from aiosmtpd.controller import Controller
from historybook import organisation, write_book
from test_mail import Inbox, free_port

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PATIENCE = 300


@pytest.fixture()
def inbox():
    received = Inbox()
    port = free_port()
    controller = Controller(received, hostname="127.0.0.1", port=port)
    controller.start()
    received.port = port
    yield received
    controller.stop()


@pytest.fixture()
def shim(tmp_path) -> Path:
    """A `skillsync` command on PATH that runs this checkout, as pip would install it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "skillsync"
    script.write_text(f'#!/bin/sh\nPYTHONPATH={shlex.quote(str(ROOT))} exec '
                      f'{shlex.quote(sys.executable)} -m skillsync "$@"\n')
    script.chmod(0o755)
    return folder


def skills_folder(folder: Path, inbox: Inbox) -> Path:
    """What /srv/skills holds: the workbook and skillsync.toml with its [email] section."""
    folder.mkdir(parents=True, exist_ok=True)
    write_book(folder / "inventory.xlsx", organisation())
    (folder / "skillsync.toml").write_text(
        f'[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = {inbox.port}\nsecurity = "none"\n'
        'from = "skillsync@corp.example"\nto = ["leads@corp.example"]\n')
    return folder


def history_of(source: str, env: dict[str, str], cwd: Path) -> list[dict]:
    result = subprocess.run(["skillsync", "history", source, "--json"], env=env, cwd=cwd,
                            capture_output=True, text=True, check=True, timeout=PATIENCE)
    return json.loads(result.stdout)


# --- cron -----------------------------------------------------------------------------------

CRON_FIELDS = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]


def cron_field_ok(field: str, low: int, high: int) -> bool:
    for part in field.split(","):
        base, _, step = part.partition("/")
        if step and not (step.isdigit() and int(step) > 0):
            return False
        if base == "*":
            continue
        first, _, last = base.partition("-")
        numbers = [first, last] if last else [first]
        if not all(n.isdigit() and low <= int(n) <= high for n in numbers):
            return False
    return True


def parse_crontab(text: str) -> tuple[dict[str, str], list[tuple[list[str], str]]]:
    env, jobs = {}, []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if re.match(r"^[A-Z_]+=", line):
            name, _, value = line.partition("=")
            env[name] = value
            continue
        parts = line.split(None, 5)
        jobs.append((parts[:5], parts[5]))
    return env, jobs


def test_the_cron_line_runs_the_nightly_sync_quietly(tmp_path, shim, inbox):
    env, jobs = parse_crontab((EXAMPLES / "cron" / "skillsync.crontab").read_text())
    [(schedule, command)] = jobs
    assert all(cron_field_ok(f, lo, hi) for f, (lo, hi) in zip(schedule, CRON_FIELDS,
                                                               strict=True))
    assert schedule[:2] == ["30", "2"] and "--quiet" in command and "--send" in command
    srv, state = tmp_path / "srv-skills", tmp_path / "var-lib-skillsync"
    moved = {"/srv/skills": str(srv), "/var/lib/skillsync": str(state)}
    command = _moved(command, moved)
    env = {k: _moved(v, moved) for k, v in env.items()}
    env["PATH"] = f"{shim}:{env['PATH']}"
    skills_folder(srv, inbox)
    for night in (1, 2):  # cron's own environment: only what the crontab sets
        result = subprocess.run([env["SHELL"], "-c", command], env=env, capture_output=True,
                                text=True, timeout=PATIENCE)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), night
    assert len(inbox.received) == 2
    assert [r["people"] for r in history_of(str(srv / "inventory.xlsx"), env, srv)] == [40, 40]
    write_book(srv / "inventory.xlsx", organisation()[:10])  # most rows deleted by mistake
    result = subprocess.run([env["SHELL"], "-c", command], env=env, capture_output=True,
                            text=True, timeout=PATIENCE)
    assert result.returncode == 4 and "Many people vanished" in result.stdout  # cron mails it
    assert "held back" in inbox.received[-1].message["Subject"]


def _moved(text: str, moved: dict[str, str]) -> str:
    for old, new in moved.items():
        text = text.replace(old, new)
    return text


# --- systemd --------------------------------------------------------------------------------

def unit(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, delimiters=("=",),
                                          comment_prefixes=("#", ";"))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(path.read_text())
    return parser


def test_the_systemd_service_and_timer_run_the_sync(tmp_path, shim, inbox):
    service = unit(EXAMPLES / "systemd" / "skillsync.service")
    timer = unit(EXAMPLES / "systemd" / "skillsync.timer")
    assert service["Service"]["Type"] == "oneshot"
    assert timer["Timer"]["Unit"] == "skillsync.service"
    assert timer["Install"]["WantedBy"] == "timers.target"
    srv, state = tmp_path / "srv-skills", tmp_path / "var-lib-skillsync"
    moved = {"/srv/skills": str(srv), "/var/lib/skillsync": str(state),
             "/usr/local/bin/skillsync": str(shim / "skillsync")}
    if shutil.which("systemd-analyze"):
        calendar = subprocess.run(["systemd-analyze", "calendar", timer["Timer"]["OnCalendar"]],
                                  capture_output=True, text=True)
        assert calendar.returncode == 0, calendar.stderr
        units = tmp_path / "units"
        units.mkdir()
        for name in ("skillsync.service", "skillsync.timer"):
            text = _moved((EXAMPLES / "systemd" / name).read_text(), moved)
            (units / name).write_text(text)
        verify = subprocess.run(["systemd-analyze", "verify", *sorted(units.iterdir())],
                                capture_output=True, text=True)
        assert verify.returncode == 0, verify.stderr
    settings = service["Service"]
    env = {"PATH": "/usr/bin:/bin"}
    name, _, value = _moved(settings["Environment"], moved).partition("=")
    env[name] = value
    command = shlex.split(_moved(settings["ExecStart"], moved))
    skills_folder(srv, inbox)
    for _ in (1, 2):
        result = subprocess.run(command, cwd=_moved(settings["WorkingDirectory"], moved),
                                env=env, capture_output=True, text=True, timeout=PATIENCE)
        assert result.returncode == 0, result.stderr
        events = [json.loads(line) for line in result.stderr.splitlines()]  # the journal
        assert events[-1]["event"] == "command.done" and events[-1]["exit_code"] == 0
    assert len(inbox.received) == 2
    assert len(history_of("inventory.xlsx", {**env, "PATH": f"{shim}:{env['PATH']}"},
                          srv)) == 2


# --- GitHub Actions ------------------------------------------------------------------------

def expressions(workspace: Path, temp: Path, sheet: Path) -> dict[str, str]:
    """The values GitHub gives the ${{ }} expressions the workflow uses, on a night run."""
    return {"github.workspace": str(workspace), "runner.temp": str(temp),
            "vars.SKILLS_SHEET": str(sheet), "secrets.SKILLSYNC_SMTP_PASSWORD": "",
            "secrets.GOOGLE_SERVICE_ACCOUNT_KEY": "",
            "inputs.accept_changes && '--accept-changes' || ''": "",
            "github.run_id": "1"}


def evaluated(text: str, values: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        expression = match.group(1).strip()
        assert expression in values, f"the test does not know ${{{{ {expression} }}}}"
        return values[expression]

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def test_the_scheduled_workflow_keeps_the_state_folder_between_runs(tmp_path, shim, inbox):
    workflow = yaml.safe_load((EXAMPLES / "github-actions" / "skillsync-nightly.yml")
                              .read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1: on = True
    [schedule] = triggers["schedule"]
    assert all(cron_field_ok(f, lo, hi) for f, (lo, hi) in zip(
        schedule["cron"].split(), CRON_FIELDS, strict=True))
    job = workflow["jobs"]["sync"]
    steps = job["steps"]
    uses = [s.get("uses", "") for s in steps]
    restore = next(i for i, u in enumerate(uses) if u.startswith("actions/cache/restore@"))
    save = next(i for i, u in enumerate(uses) if u.startswith("actions/cache/save@"))
    sync = next(i for i, s in enumerate(steps) if s.get("name") == "Sync")
    assert restore < sync < save and steps[save]["if"] == "always()"
    cached = steps[restore]["with"]["path"]
    assert steps[save]["with"]["path"] == cached
    assert job["env"]["SKILLSYNC_STATE_DIR"] == f"${{{{ github.workspace }}}}/{cached}"

    cache: Path | None = None  # what actions/cache holds between two nights
    workspace, temp = tmp_path / "work" / "skills", tmp_path / "runner-temp"
    for night in (1, 2):  # each night a fresh runner: nothing left but the cache
        shutil.rmtree(workspace.parent, ignore_errors=True)
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir()
        skills_folder(workspace, inbox)  # actions/checkout: the repository's files
        if cache is not None:
            shutil.copytree(cache, workspace / steps[restore]["with"]["path"])
        values = expressions(workspace, temp, workspace / "inventory.xlsx")
        env = {"PATH": f"{shim}:/usr/bin:/bin", "HOME": str(temp),
               **{k: evaluated(str(v), values) for k, v in job["env"].items()}}
        for step in steps:
            if "run" not in step or "pip install" in step["run"]:
                continue  # actions are GitHub's; the shim stands in for the install
            step_env = {**env, **{k: evaluated(str(v), values)
                                  for k, v in step.get("env", {}).items()}}
            result = subprocess.run(["bash", "-e", "-c", evaluated(step["run"], values)],
                                    cwd=workspace, env=step_env, capture_output=True,
                                    text=True, timeout=PATIENCE)
            assert result.returncode == 0, (step["name"], result.stderr)
        cache = tmp_path / f"cache-{night}"
        shutil.copytree(workspace / steps[save]["with"]["path"], cache)
    runs = history_of(str(workspace / "inventory.xlsx"), env, workspace)
    assert len(runs) == 2 and len(inbox.received) == 2
    assert runs[0]["changed"] == 0 and not runs[0]["held_back"]
