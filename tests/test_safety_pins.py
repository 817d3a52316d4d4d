"""Each safety mechanism pinned by a test that fails the moment it is weakened.

bench/mutants.py applies hand-made mutants of these mechanisms (writing in place, no lock
re-check before the swap, stale shared-string counts, an off-by-one common-name cap,
namesakes proposed as pairs) and checks that the suite kills every one.
"""

from __future__ import annotations

import os
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from corekit import analyse
from lxml import etree
from messy import build_messy_workbook

from skillsync.backends.excel import ExcelBackend
from skillsync.cli import main
from skillsync.config import Config
from skillsync.core import analysis as core
from skillsync.core.model import Grid
from skillsync.core.namesakes import MAX_BLOCK
from skillsync.core.people import Rules
from skillsync.errors import SourceBusy
from skillsync.reading import analyse as read_and_analyse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture()
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "inventory.xlsx"
    build_messy_workbook(path)
    return path


def sync(path: Path) -> None:
    result = CliRunner().invoke(main, ["sync", str(path), "--digest",
                                       str(path.parent / "digest.html")])
    assert result.exit_code == 0, result.stderr


def test_a_sync_replaces_the_file_never_writes_into_it(workbook):
    """A new file swapped in (a new inode): a reader holding the old one never sees half a
    workbook, and a crash mid-write leaves the old one whole."""
    before = os.stat(workbook)
    sync(workbook)
    after = os.stat(workbook)
    assert after.st_ino != before.st_ino
    assert after.st_mode == before.st_mode


def test_a_lock_file_that_appears_after_the_read_stops_the_write(workbook):
    """Someone opens the workbook in Excel while skillsync is working: nothing is written,
    even though the workbook was free when it was read."""
    backend = ExcelBackend(workbook)
    result, facts = read_and_analyse(backend, Config(), core_now())
    tabs = core.build_tabs(result, facts)
    plan = backend.plan(tabs)
    before = workbook.read_bytes()
    (workbook.parent / f"~${workbook.name}").write_bytes(b"\x08Jane Doe".ljust(162, b"\x00"))
    with pytest.raises(SourceBusy, match="open by"):
        backend.write(tabs, plan)
    backend.close()
    assert workbook.read_bytes() == before
    assert not list(workbook.parent.glob(".*.tmp"))


def core_now():
    from datetime import datetime

    return datetime(2026, 11, 27, 9, 30).astimezone()


def test_shared_string_counts_match_the_cells_after_an_append(workbook):
    """Excel reports a workbook whose sharedStrings count is off as needing repair."""
    sync(workbook)
    with zipfile.ZipFile(workbook) as archive:
        table = etree.fromstring(archive.read("xl/sharedStrings.xml"))
        cells = sum(len(re.findall(rb'<c [^>]*\bt="s"', archive.read(name)))
                    for name in archive.namelist()
                    if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    entries = len(table.findall(f"{MAIN}si"))
    assert int(table.get("uniqueCount")) == entries
    assert int(table.get("count")) == cells


def _crowd(size: int, name: str = "Wei Zhang") -> list[list]:
    rows = [["Name", "Email", "Team"]]
    rows += [[name, f"person{i}@corp{i}.com", f"T{i}"] for i in range(size)]
    return rows


@pytest.mark.parametrize(("size", "proposed"), [(MAX_BLOCK, True), (MAX_BLOCK + 1, False)],
                         ids=["at-the-cap", "one-past-the-cap"])
def test_a_name_shared_by_more_people_than_the_cap_is_a_common_name(size, proposed):
    result = analyse(Grid("People", _crowd(size)), None, None, Rules(today=date(2026, 11, 27)))
    reviews = [d for d in result.duplicates if d.action == "review"]
    if proposed:
        [group] = reviews
        assert len(group.emails) == MAX_BLOCK == 20
    else:
        assert reviews == []


def test_three_namesakes_are_one_group_not_three_pairs():
    rows = [["Name", "Email"], ["Ana Lima", "a@x.com"], ["Lima, Ana", "b@y.com"],
            ["ana lima", "c@z.com"]]
    result = analyse(Grid("People", rows), None, None, Rules(today=date(2026, 11, 27)))
    [group] = [d for d in result.duplicates if d.action == "review"]
    assert group.emails == ("a@x.com", "b@y.com", "c@z.com")
    assert group.rows == (2, 3, 4)
