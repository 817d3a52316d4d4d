"""`skillsync init` and `skillsync demo`, driven as a user would."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import python_calamine
from click.testing import CliRunner
from openxml_audit import OpenXmlValidator

from skillsync.cli import main
from skillsync.core.summary import DEFAULT_TITLES


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_init_creates_a_clean_starter_and_a_commented_config(tmp_path):
    result = cli("init", str(tmp_path / "team"))
    assert result.exit_code == 0, result.stderr
    workbook = tmp_path / "team" / "skills-inventory.xlsx"
    config = tmp_path / "team" / "skillsync.toml"
    book = python_calamine.CalamineWorkbook.from_path(str(workbook))
    assert book.sheet_names == ["People", "Instructions", "Aliases", "Not duplicates",
                                "Staffing requests", "Targets"]
    header = book.get_sheet_by_name("People").to_python()[0]
    assert header[:3] == ["Full Name", "E-mail", "Team"]
    assert OpenXmlValidator().validate(workbook).errors == []
    text = config.read_text()
    assert tomllib.loads(text)["skills"]["expert_level"] == 4
    assert text.count("#") > 30  # every setting is explained


def test_init_never_overwrites(tmp_path):
    assert cli("init", str(tmp_path)).exit_code == 0
    again = cli("init", str(tmp_path))
    assert again.exit_code == 2
    assert "already exists" in again.stderr


def test_the_starter_syncs_with_its_own_config(tmp_path):
    assert cli("init", str(tmp_path)).exit_code == 0
    result = cli("sync", str(tmp_path / "skills-inventory.xlsx"),
                 "--config", str(tmp_path / "skillsync.toml"), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["people"] == 0 and len(report["tabs_written"]) == len(DEFAULT_TITLES)


def test_demo_syncs_the_bundled_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("demo", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    folder = tmp_path / "skillsync-demo"
    assert Path(report["digest"]) == Path("skillsync-demo/digest.html")
    assert (folder / "digest.html").is_file() and (folder / "digest.txt").is_file()
    assert report["sheet"] == "Team Inventory" and report["people"] > 20
    assert {d["action"] for d in report["duplicates"]} == {"merged", "review"}
    tabs = python_calamine.CalamineWorkbook.from_path(str(folder / "inventory.xlsx")).sheet_names
    assert tabs[-len(DEFAULT_TITLES):] == report["tabs_written"]
    again = cli("demo")  # a fresh copy each time, so the demo can be run again
    assert again.exit_code == 0 and "Open skillsync-demo/inventory.xlsx" in again.stdout
    quiet = cli("-q", "demo")  # --quiet: nothing printed when it succeeds, as for sync
    assert (quiet.exit_code, quiet.stdout) == (0, "")


def test_the_example_config_applies_to_the_example(tmp_path):
    examples = Path(__file__).resolve().parents[1] / "examples"
    for name in ("inventory.xlsx", "skillsync.toml"):
        (tmp_path / name).write_bytes((examples / name).read_bytes())
    result = cli("sync", str(tmp_path / "inventory.xlsx"), "--config",
                 str(tmp_path / "skillsync.toml"), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["digest"] == str(tmp_path / "digest.html")
    assert "Leadership" in report["skills"]  # an alias from the config's [skills] table
    unknown = {i["message"].split("'")[1] for i in report["issues"] if i["code"] == "unknown-skill"}
    assert "Team leadership" not in unknown
