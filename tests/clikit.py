"""A small real workbook saved with openpyxl and the command line run on it, in process:
what a reading test needs to say "this sheet reads as these people, skills and levels"."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main


def save_book(path: Path, *tabs: tuple[str, Sequence[Sequence[Any]]]) -> Path:
    """A workbook at `path` with one tab per (title, rows), in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in tabs:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def team_book(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """A workbook whose one tab, 'Team', holds `rows`."""
    return save_book(path, ("Team", rows))


def run_cli(args: Sequence[str], monkeypatch, tmp_path: Path) -> str:
    """The command's standard output; it must exit 0. History lives under `tmp_path`."""
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def exported(path: Path, monkeypatch, tmp_path: Path) -> set[tuple[str, str, str]]:
    """(name, skill, level) of every row `skillsync export` gives for the workbook."""
    rows = csv.DictReader(io.StringIO(run_cli(["export", path], monkeypatch, tmp_path)))
    return {(r["name"], r["skill"], r["level"]) for r in rows}


def checked(path: Path, monkeypatch, tmp_path: Path) -> dict[str, Any]:
    """`skillsync check --json` on the workbook."""
    return json.loads(run_cli(["check", "--json", path], monkeypatch, tmp_path))
