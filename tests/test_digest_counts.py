"""The digest's problem counts match the report's: a note is not a warning."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main


def test_notes_are_counted_apart_from_warnings(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    for row in (["Name", "Email", "Team", "Skills"],
                ["Ana", "ana@x.org", "A", "Pythn (3), Frobnicate"],  # a note, a warning
                ["Bo", "bo@x.org", "A", "SQL"]):
        book.active.append(row)
    book.save(tmp_path / "team.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["sync", str(tmp_path / "team.xlsx"),
                                       "--digest", str(tmp_path / "d.html")])
    assert "0 errors · 1 warning · 1 note" in result.output
    assert "0 errors, 1 warning, 1 note</div>" in (tmp_path / "d.html").read_text()
    assert "PROBLEMS TO FIX (0 errors, 1 warning, 1 note)" in (tmp_path / "d.txt").read_text()
