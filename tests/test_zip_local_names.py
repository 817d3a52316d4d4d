"""A part whose own (local) header names it otherwise than the zip's directory does is a
damaged workbook, refused in one line with exit 3 before anything is written. zipfile
refuses to read such a part, and the write met it only when it read [Content_Types].xml
again: "unexpected BadZipFile", exit 1 (found by tests/test_hardening_fuzz.py)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main

NAME = b"[Content_Types].xml"


def _renamed_locally(path, part: bytes = NAME, to: bytes = b"[Content\xa3Types].xml"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Team"
    for row in (["Name", "Email", "Skills"], ["Ana", "ana@x.com", "Python (4)"]):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    at = data.index(part)  # the first is the local header's: the directory comes last
    assert data.rindex(part) > at
    path.write_bytes(data[:at] + to + data[at + len(part):])
    return path


@pytest.mark.parametrize("command", ["sync", "check"])
def test_a_part_named_otherwise_in_its_header_is_refused(tmp_path, monkeypatch, command):
    path = _renamed_locally(tmp_path / "team.xlsx")
    before = path.read_bytes()
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, [command, str(path)])
    assert result.exit_code == 3, result.output
    assert result.output.strip().splitlines() == [
        "Error: team.xlsx is damaged: part [Content_Types].xml is named differently in its "
        "own header than in the zip's directory; open it in Excel and save it again"]
    assert path.read_bytes() == before


def test_a_sheet_named_otherwise_in_its_header_is_refused(tmp_path, monkeypatch):
    path = _renamed_locally(tmp_path / "team.xlsx", b"xl/worksheets/sheet1.xml",
                            b"xl/worksheets/sheetX.xml")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["sync", str(path)])
    assert result.exit_code == 3, result.output
    assert "sheet1.xml is named differently in its own header" in result.output
