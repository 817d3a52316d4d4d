"""Guarded replace: lock files, changes made meanwhile, kills mid-write, backups, bad input."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter
from click.testing import CliRunner
from messy import build_messy_workbook

from skillsync.backends.excel import ExcelBackend
from skillsync.cli import main
from skillsync.config import Config
from skillsync.core.tabs import Column, Tab
from skillsync.errors import SourceChanged
from skillsync.reading import read_inventory


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture()
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "inventory.xlsx"
    build_messy_workbook(path)
    return path


def office_owner_file(user: str) -> bytes:
    """An Office owner file as Excel writes it: ANSI name, padding, then UTF-16 name."""
    ansi = user.encode("cp1252")
    head = bytes([len(ansi)]) + ansi
    head = head.ljust(54, b" ")
    wide = len(user).to_bytes(2, "little") + user.encode("utf-16-le")
    return (head + wide).ljust(162, b"\x00")


@pytest.mark.parametrize("lock_name, content, holder", [
    ("~$inventory.xlsx", office_owner_file("Jane Doe"), "Jane Doe"),
    ("~$ventory.xlsx", office_owner_file("Ola Nordmann"), "Ola Nordmann"),
    (".~lock.inventory.xlsx#", b"Kim Lee,kims-laptop,/home/kim,27.11.2026 08:00,file:///x;",
     "Kim Lee"),
    (".~lock.inventory.xlsx#", b",kim,kims-laptop,27.11.2026 08:00,file:///x;", "kim"),
], ids=["office", "office-overwritten-prefix", "libreoffice", "libreoffice-no-name-set"])
def test_open_workbook_is_left_alone(workbook, lock_name, content, holder):
    (workbook.parent / lock_name).write_bytes(content)
    before = workbook.read_bytes()
    result = cli("sync", str(workbook))
    assert result.exit_code == 3
    assert holder in result.stderr and "open by" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert workbook.read_bytes() == before


def test_wait_rides_out_a_lock_that_goes_away(workbook):
    lock = workbook.parent / "~$inventory.xlsx"
    lock.write_bytes(office_owner_file("Jane Doe"))
    threading.Timer(0.6, lock.unlink).start()
    result = cli("sync", str(workbook), "--wait", "10", "--json")
    assert result.exit_code == 0, result.stderr
    assert "Sync" in json.loads(result.stdout)["tabs_written"]


def test_changed_since_read_writes_nothing(workbook, tmp_path):
    backend = ExcelBackend(workbook)
    read_inventory(backend, Config())
    someone_elses = tmp_path / "edited.xlsx"
    build_messy_workbook(someone_elses, stray_cell=True)
    edited = someone_elses.read_bytes()
    workbook.write_bytes(edited)  # someone saves while skillsync is working
    tab = Tab("sync", "Sync", (Column("What"),), pd.DataFrame({"What": ["x"]}))
    with pytest.raises(SourceChanged, match="changed while skillsync was working"):
        backend.write([tab], backend.plan([tab]))
    backend.close()
    assert workbook.read_bytes() == edited
    assert not list(workbook.parent.glob(".*.tmp"))


def test_same_size_and_time_but_other_bytes_writes_nothing(workbook, tmp_path):
    """A file's time can be set back: the bytes themselves are compared before the swap."""
    backend = ExcelBackend(workbook)
    read_inventory(backend, Config())
    read = workbook.read_bytes()
    info = workbook.stat()
    edited = bytearray(read)
    edited[len(edited) // 2] ^= 0x01  # one bit, same size
    workbook.write_bytes(bytes(edited))
    os.utime(workbook, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert workbook.stat().st_size == info.st_size
    assert workbook.stat().st_mtime_ns == info.st_mtime_ns
    tab = Tab("sync", "Sync", (Column("What"),), pd.DataFrame({"What": ["x"]}))
    with pytest.raises(SourceChanged, match="changed while skillsync was working"):
        backend.write([tab], backend.plan([tab]))
    backend.close()
    assert workbook.read_bytes() == bytes(edited)


def test_an_unchanged_file_is_written_and_backed_up_by_its_hash(workbook, private_state):
    backend = ExcelBackend(workbook)
    read_inventory(backend, Config())
    digest = hashlib.sha256(workbook.read_bytes()).hexdigest()
    tab = Tab("sync", "Sync", (Column("What"),), pd.DataFrame({"What": ["x"]}))
    written = backend.write([tab], backend.plan([tab]))
    backend.close()
    assert written.backup is not None and digest[:12] in written.backup.name


def big_workbook(path: Path, rows: int) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, ["Name", "E-mail", "Team", "Skills", "Success rate"])
    for i in range(1, rows + 1):
        sheet.write_row(i, 0, [f"Person {i}", f"p{i}@example.com", f"Team {i % 30}",
                               "NLP (4), PySpark, k8s", 0.5 + (i % 50) / 100])
    book.close()


def test_kill_at_any_moment_leaves_a_whole_workbook(tmp_path, private_state):
    path = tmp_path / "big.xlsx"
    big_workbook(path, 30_000)
    original = path.read_bytes()
    env = {**os.environ, "SKILLSYNC_STATE_DIR": str(private_state)}
    command = [sys.executable, "-m", "skillsync", "sync", str(path),
               "--digest", str(tmp_path / "d.html")]
    started = time.monotonic()
    subprocess.run(command, env=env, check=True, capture_output=True)
    duration = time.monotonic() - started
    path.write_bytes(original)
    outcomes = set()
    for step in range(12):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(duration * step / 11)
        process.send_signal(signal.SIGKILL)
        process.wait()
        data = path.read_bytes()
        if data == original:
            outcomes.add("old")
        else:
            with zipfile.ZipFile(path) as archive:
                assert archive.testzip() is None
                assert "xl/worksheets/sheet8.xml" in archive.namelist()
            outcomes.add("new")
            path.write_bytes(original)
    print("kill outcomes:", sorted(outcomes))
    assert "old" in outcomes  # early kills leave the original; late ones the new workbook
    leftovers = list(tmp_path.glob(".big.xlsx.skillsync-*.tmp"))
    subprocess.run(command, env=env, check=True, capture_output=True)
    assert not list(tmp_path.glob(".big.xlsx.skillsync-*.tmp")), leftovers


def test_backups_roll_and_stay_private(workbook, tmp_path, private_state):
    config = tmp_path / "skillsync.toml"
    config.write_text("[output]\nbackups = 2\n")
    for _ in range(3):
        assert cli("sync", str(workbook), "--config", str(config)).exit_code == 0
    folders = list((private_state / "backups").iterdir())
    assert len(folders) == 1
    backups = sorted(folders[0].iterdir())
    assert len(backups) == 2
    assert stat.S_IMODE(private_state.stat().st_mode) == 0o700
    assert stat.S_IMODE(folders[0].stat().st_mode) == 0o700
    assert all(stat.S_IMODE(b.stat().st_mode) == 0o600 for b in backups)


def test_leftover_temp_files_of_dead_runs_are_removed(workbook):
    leftover = workbook.parent / f".{workbook.name}.skillsync-99999999-00ff00ff.tmp"
    leftover.write_bytes(b"half a workbook")
    assert cli("sync", str(workbook)).exit_code == 0
    assert not leftover.exists()


@pytest.mark.parametrize("name, content, message", [
    ("missing.xlsx", None, "does not exist"),
    ("notes.xlsx", b"just some text", "not a readable .xlsx"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "password-protected or in the old .xls"),
    ("people.pdf", b"%PDF-1.7\n", "not a workbook skillsync reads"),
], ids=["missing", "not-a-zip", "ole", "other-format"])
def test_unusable_sources_exit_3_with_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = cli("sync", str(path))
    assert result.exit_code == 3
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def office_package(path: Path, main_part: str, root: str) -> Path:
    """A minimal Office package whose main part is `main_part` with the root `root`."""
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            f'Target="{main_part}"/></Relationships>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("_rels/.rels", rels)
        archive.writestr(main_part, f'<?xml version="1.0"?>{root}')
    return path


@pytest.mark.parametrize("main_part, root, kind", [
    ("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
     'wordprocessingml/2006/main"><w:body/></w:document>', "a Word document"),
    ("ppt/presentation.xml", '<p:presentation xmlns:p="http://schemas.openxmlformats.org/'
     'presentationml/2006/main"/>', "a PowerPoint presentation"),
], ids=["docx", "pptx"])
def test_another_office_document_renamed_says_what_it_is(tmp_path, main_part, root, kind):
    path = office_package(tmp_path / "cv.xlsx", main_part, root)
    result = cli("check", str(path))
    assert result.exit_code == 3
    assert f"cv.xlsx is not an Excel workbook but {kind}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path):
    result = cli("--debug", "sync", str(tmp_path / "missing.xlsx"))
    assert result.exit_code == 3
    assert "Traceback" in result.stderr


@pytest.mark.parametrize("config, message", [
    ("[skills]\nexpert_level = 9\n", "expert_level must be from 1 to 5"),
    ("[nonsense]\nx = 1\n", "unknown section [nonsense]"),
    ("[tabs]\nskills = 'a/b'\n", "not a valid tab name"),
    ("not toml at all [", "not valid TOML"),
    ("[source]\ntab = 'Nope'\n", "the tab 'Nope' named in the config does not exist"),
    ("[skils]\nexpert_level = 4\n", "unknown section [skils]; did you mean [skills]?"),
    ("[SOURCE]\ntab = 'x'\n", "unknown section [SOURCE]; did you mean [source]?"),
    ("[skills]\nexpert_levle = 4\n", "expert_levle in [skills]; did you mean expert_level?"),
    ("[skills]\nexpert_level = '4'\n", "wrong type (str); write a whole number without"),
], ids=["range", "section", "title", "syntax", "missing-tab", "section-typo", "section-case",
        "setting-typo", "quoted-number"])
def test_bad_config_exits_2(workbook, tmp_path, config, message):
    path = tmp_path / "bad.toml"
    path.write_text(config)
    result = cli("sync", str(workbook), "--config", str(path))
    assert result.exit_code == 2
    assert message in result.stderr


def test_no_inventory_exits_3(tmp_path):
    path = tmp_path / "empty.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Notes").write("A1", "nothing here")
    book.close()
    result = cli("check", str(path))
    assert result.exit_code == 3
    assert "no table of people found" in result.stderr


def test_usage_error_exits_2():
    result = cli("sync")
    assert result.exit_code == 2
