"""A bare level code after a known skill and a space ("Python L4") is its level, as
"Python Level 4", "SQL: L2" and "Go (L3)" were: it read as an unknown skill 'Python L4'.
After any other name a code stays part of it ("Support L2" of a support tier, "English
L1" of a first language), and a code past the scale is no level."""

from __future__ import annotations

import pytest
from clikit import exported, team_book


def _read(tmp_path, monkeypatch, cell: str) -> set[tuple[str, str]]:
    book = team_book(tmp_path / "team.xlsx", [
        ["Name", "Email", "Skills"], ["Ana Lima", "ana@x.com", cell],
        ["Bo Chen", "bo@x.com", "SQL (3)"]])
    return {(skill, level) for name, skill, level in exported(book, monkeypatch, tmp_path)
            if name == "Ana Lima"}


@pytest.mark.parametrize(("cell", "read"), [
    ("Python L4", {("Python", "4")}), ("Python l2, SQL L5", {("Python", "2"), ("SQL", "5")}),
    ("Go L3", {("Go", "3")})])
def test_a_code_after_a_known_skill_is_its_level(tmp_path, monkeypatch, cell, read):
    assert _read(tmp_path, monkeypatch, cell) == read


@pytest.mark.parametrize("cell", ["Support L2", "English L1", "Spark L9"])
def test_a_code_after_another_name_or_past_the_scale_stays_as_typed(tmp_path, monkeypatch,
                                                                     cell):
    assert _read(tmp_path, monkeypatch, cell) == {(cell, "")}
