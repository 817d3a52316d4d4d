"""The README documents every command and option, and its quick start is the real one."""

from __future__ import annotations

import re
from pathlib import Path

import click

from skillsync.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_documented():
    context = click.Context(main)
    missing = []
    for name, command in main.commands.items():
        if f"skillsync {name}" not in README:
            missing.append(f"command {name}")
        for param in command.get_params(context):
            for option in param.opts:
                if option.startswith("--") and option != "--help" and option not in README:
                    missing.append(f"{name} {option}")
    for option in ("--version", "--debug"):
        if option not in README:
            missing.append(option)
    assert missing == []


def test_quick_start_is_exactly_the_two_commands():
    section = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```console\n(.*?)```", section, re.S).group(1).strip().splitlines()
    assert block == ["pip install . && skillsync demo", "pip install -e '.[test]' && pytest"]


def test_every_exit_code_is_documented():
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in README
