"""A local workbook's tabs read while the program starts (backends/xlsx/headstart.py): the
backend uses them only for exactly the bytes and limits it read with, so what is read and
what is said never depend on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from skillsync.backends import open_backend
from skillsync.backends.xlsx import headstart
from skillsync.limits import Limits
from tests.hostile import ROOT, cli, one_clear_line, rewrite_parts, run, small_workbook
from tests.messy import build_messy_workbook


@pytest.fixture(autouse=True)
def nothing_pending():
    headstart.take(b"", Limits())  # none left over from another test's command
    yield
    headstart.take(b"", Limits())


def grids_read_by_the_backend(path: Path, limits: Limits | None = None) -> dict:
    backend = open_backend(str(path), writing=False, limits=limits)
    try:
        return backend.read(backend.tab_names())
    finally:
        backend.close()


def test_the_module_loads_without_pandas():
    # The point of reading ahead: calamine parses while pandas loads. An import of pandas
    # anywhere on this module's way would make the reading wait for it.
    code = ("import sys, skillsync.backends.xlsx.headstart; "
            "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert done.stdout.strip() == "[]"


def test_tabs_read_ahead_are_the_tabs_the_backend_reads(tmp_path):
    path = tmp_path / "messy.xlsx"
    build_messy_workbook(path)  # merged cells, formulas, an error cell, user tabs
    plain = grids_read_by_the_backend(path)
    headstart.begin(str(path))
    ahead = headstart.take(path.read_bytes(), Limits())
    assert ahead and set(ahead) == set(plain)
    assert ahead == plain
    headstart.begin(str(path))
    assert grids_read_by_the_backend(path) == plain  # taken by the backend this time
    assert headstart.take(path.read_bytes(), Limits()) == {}  # taken once only


def test_a_file_changed_after_the_head_start_is_read_again(tmp_path):
    path = small_workbook(tmp_path / "team.xlsx")
    headstart.begin(str(path))
    headstart._pending.grids_for(b"", Limits())  # let the early read finish first
    rewrite_parts(path, {"xl/sharedStrings.xml":
                         lambda xml: xml.replace(b"Ana Lima", b"Ana Lopes")})
    grids = grids_read_by_the_backend(path)
    assert ["Ana Lopes", "ana@example.com", "Search", "NLP (4), SQL"] in grids["People"].rows


def test_other_limits_read_again(tmp_path):
    path = tmp_path / "long.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, ["Name", "E-mail", "Notes"])
    sheet.write_row(1, 0, ["Ana Lima", "ana@example.com", "x" * 1000])
    book.close()
    headstart.begin(str(path))
    grids = grids_read_by_the_backend(path, Limits(max_cell_chars=300))
    assert grids["People"].rows[1][2] == "x" * 300 and grids["People"].cut
    headstart.begin(str(path))
    assert grids_read_by_the_backend(path)["People"].rows[1][2] == "x" * 1000


@pytest.mark.parametrize("content", [b"not a workbook at all", b"PK\x03\x04" + b"\0" * 60])
def test_an_unreadable_file_says_what_it_said_before(tmp_path, content):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    headstart.begin(str(path))
    assert headstart.take(content, Limits()) == {}
    code, _, stderr = cli("check", path)
    plain = run("check", path)  # its own process, reading ahead too
    assert code == plain.returncode == 3
    assert one_clear_line(stderr) == one_clear_line(plain.stderr)


def test_a_damaged_sheet_is_named_as_before(tmp_path):
    path = small_workbook(tmp_path / "team.xlsx")
    rewrite_parts(path, {"xl/worksheets/sheet1.xml": lambda xml: xml[: len(xml) // 2]})
    headstart.begin(str(path))
    assert headstart.take(path.read_bytes(), Limits()) == {}
    done = run("check", path)
    assert done.returncode == 3
    assert "xl/worksheets/sheet1.xml" in one_clear_line(done.stderr)


def test_only_a_local_workbook_is_read_ahead(tmp_path):
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)  # reading it would block forever
    for source in (str(fifo), str(tmp_path / "missing.xlsx"), str(tmp_path),
                   "https://docs.google.com/spreadsheets/d/abc/edit", "team.csv", None,
                   "nul\0byte.xlsx"):
        headstart.begin(source)
        assert headstart._pending is None


def test_a_link_is_followed_like_the_backend_does(tmp_path):
    path = small_workbook(tmp_path / "team.xlsx")
    link = tmp_path / "link.xlsx"
    link.symlink_to(path)
    headstart.begin(str(link))
    assert set(headstart.take(path.read_bytes(), Limits())) == {"People"}


def test_the_command_line_reports_the_same_with_and_without(tmp_path, monkeypatch):
    path = tmp_path / "messy.xlsx"
    build_messy_workbook(path)
    code, stdout, _ = cli("check", "--json", path)  # reads ahead
    monkeypatch.setattr(headstart, "begin", lambda *a, **k: None)
    plain_code, plain_stdout, _ = cli("check", "--json", path)
    assert code == plain_code == 0
    ahead, plain = json.loads(stdout), json.loads(plain_stdout)
    for report in (ahead, plain):
        report.pop("synced_at", None)
    assert ahead == plain


def test_a_zip_bomb_is_refused_before_calamine_sees_it(tmp_path):
    path = small_workbook(tmp_path / "team.xlsx")
    with zipfile.ZipFile(path, "a") as book:  # 20 MB of zeros: over the ratio a part may have
        book.writestr("xl/media/zeros.bin", b"\0" * (20 << 20),
                      compress_type=zipfile.ZIP_DEFLATED)
    headstart.begin(str(path))
    assert headstart.take(path.read_bytes(), Limits()) == {}


@pytest.mark.parametrize(("settings", "reads_ahead"), [
    ("", True),
    ("[skills]\nexpert_level = 3\n", True),
    ('[source]\nheader_row = 2\nlayout = "wide"\n', True),
    ("[limits]\nmax_file_mb = 5\n", False),  # the user's limits may be lower: theirs rule
    ("[limits]\n", False),
    ('[source]\ntab = "People"\n', False),  # only that tab is read
    ("[[not toml", False),
    ("\udcff", False),
    ("# " + "x" * (2 << 20) + "\n", False),  # larger than settings may be
])
def test_settings_that_change_the_read_leave_it_to_the_backend(tmp_path, monkeypatch,
                                                               settings, reads_ahead):
    path = small_workbook(tmp_path / "team.xlsx")
    monkeypatch.chdir(tmp_path.parent)
    beside = tmp_path / "skillsync.toml"
    beside.write_bytes(settings.encode("utf-8", "surrogateescape"))
    headstart.begin(str(path))
    assert (headstart.forget() is not None) == reads_ahead
    named = tmp_path.parent / "named.toml"  # --config: only it counts, and it must be there
    named.write_bytes(beside.read_bytes())
    beside.unlink()
    headstart.begin(str(path), named)
    assert (headstart.forget() is not None) == reads_ahead
    headstart.begin(str(path), tmp_path / "missing.toml")
    assert headstart.forget() is None
    headstart.begin(str(path), tmp_path)  # a folder named as the settings
    assert headstart.forget() is None


def test_settings_in_the_current_folder_count_too(tmp_path, monkeypatch):
    path = small_workbook(tmp_path / "team.xlsx")
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    (here / "skillsync.toml").write_text("[limits]\nmax_cell_chars = 300\n")
    headstart.begin(str(path))
    assert headstart.forget() is None
    (here / "skillsync.toml").unlink()
    os.mkfifo(here / "skillsync.toml")  # not read (it would block): no read ahead either
    headstart.begin(str(path))
    assert headstart.forget() is None


def test_a_command_that_stops_before_reading_lets_its_read_ahead_go(tmp_path):
    path = small_workbook(tmp_path / "team.xlsx")
    settings = tmp_path / "other.toml"
    settings.write_text("[skills]\nexpert_level = 9\n")  # out of range: refused before reading
    code, _, stderr = cli("check", "--config", settings, path)
    assert code == 2 and "expert_level" in stderr
    assert headstart._pending is None
