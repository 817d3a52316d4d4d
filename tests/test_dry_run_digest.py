"""A dry run renders its digest as a preview: the digest the last sync left in the state
folder, and the one the settings publish, are not replaced."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main


def workbook(folder: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    for row in (["Name", "E-mail", "Team", "Skills"],
                ["Ana Lima", "ana@corp.com", "Search", "Python 4, SQL"],
                ["Bo Chen", "bo@corp.com", "Vision", "SQL 3"]):
        sheet.append(row)
    path = folder / "team.xlsx"
    book.save(path)
    return path


def run(*args: str | Path) -> dict:
    result = CliRunner().invoke(main, [*map(str, args), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_dry_run_previews_the_digest_beside_the_last_one(tmp_path, monkeypatch):
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    path = workbook(tmp_path)
    synced = Path(run("sync", path)["digest"])
    assert synced.parent == tmp_path / "state" / "digests"
    before = synced.read_bytes()
    previewed = Path(run("sync", "--dry-run", path)["digest"])
    assert previewed != synced and previewed.parent == synced.parent
    assert "preview" in previewed.name and b"Ana Lima" in previewed.read_bytes()
    assert synced.read_bytes() == before


def test_a_dry_run_never_writes_where_the_digest_is_published(tmp_path, monkeypatch):
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    path = workbook(tmp_path)
    published = tmp_path / "shared" / "digest.html"
    settings = tmp_path / "skillsync.toml"
    settings.write_text(f'[output]\ndigest = "{published.as_posix()}"\n')
    assert Path(run("sync", path, "--config", settings)["digest"]) == published
    published.write_text("last night's digest")
    previewed = Path(run("sync", "--dry-run", path, "--config", settings)["digest"])
    assert previewed != published and previewed.exists()
    assert published.read_text() == "last night's digest"
    asked = tmp_path / "asked.html"
    assert Path(run("sync", "--dry-run", path, "--digest", asked)["digest"]) == asked
    assert asked.exists()
