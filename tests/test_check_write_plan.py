"""`check` says what a sync would skip or leave behind (README: --json `tabs_skipped`,
`tabs_stale`, `target`), although it writes nothing: a person's tab that holds a
tool-owned name, a tab written under an earlier name, the companion workbook of a CSV."""

from __future__ import annotations

import csv

import openpyxl
import staffingbook

from skillsync import pipeline


def test_check_reports_a_tab_a_sync_would_skip(tmp_path):
    book = staffingbook.build(tmp_path / "inventory.xlsx")
    workbook = openpyxl.load_workbook(book)
    workbook.create_sheet("Skills")["A1"] = "my own notes"  # a person's tab, a tool name
    workbook.save(book)

    report = pipeline.check(book)

    assert report.as_dict()["tabs_skipped"] == ["Skills"]
    assert any(line.startswith("Skipped tab 'Skills'") for line in report.summary_lines())


def test_check_reports_a_tab_left_under_an_earlier_name(tmp_path):
    book = staffingbook.build(tmp_path / "inventory.xlsx")
    pipeline.run(book, render=False)
    renamed = tmp_path / "renamed.toml"
    renamed.write_text('[tabs]\nskills = "Skill list"\n')

    report = pipeline.check(book, renamed)

    assert report.as_dict()["tabs_stale"] == ["Skills"]


def test_check_names_the_companion_workbook_of_a_csv(tmp_path):
    source = tmp_path / "inventory.csv"
    with source.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Name", "E-mail", "Team", "Areas of Expertise"])
        writer.writerow(["Ana Lima", "ana@acme.example", "NLP", "NLP (5)"])
        writer.writerow(["Ben Okoro", "ben@acme.example", "NLP", "SQL (3)"])

    found = pipeline.check(source).as_dict()

    assert found["target"] == str(tmp_path / "inventory.skillsync.xlsx")
    assert any("inventory.csv is not rewritten" in note for note in found["notes"])


def test_the_outline_names_the_tabs_a_sync_builds(tmp_path):
    """`check` plans with core.outline_tabs; it must name the tabs build_tabs makes, in the
    same order, with and without staffing answers and with retitled tabs."""
    from dataclasses import replace
    from datetime import datetime

    from skillsync.core import analysis as core
    from skillsync.core.summary import DEFAULT_TITLES, SyncFacts

    book = staffingbook.build(tmp_path / "inventory.xlsx")
    found = pipeline.run(book, write=False, render=False).analysis
    facts = SyncFacts(datetime(2026, 11, 30), "test", str(book), found.rows_read, "")
    titles = {**DEFAULT_TITLES, "skills": "Skill list", "gaps": "Holes"}
    for analysis in (found, replace(found, staffing=None)):
        built = [t.title for t in core.build_tabs(analysis, facts, titles)]
        assert [t.title for t in core.outline_tabs(analysis, titles)] == built
    assert "Holes" in [t.title for t in core.build_tabs(found, facts, titles)]
