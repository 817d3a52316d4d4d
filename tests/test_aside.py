"""The People × Skills tab built and rendered by a child process (backends/xlsx/aside.py):
the workbook holds what a sync on one process writes, the shared strings' entries and
counts stay right, and a child that fails in any way (raises, is killed, says nothing,
stops after its first word, is stuck) leaves the work to the sync, and no process behind."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from historybook import COLUMN, cli, organisation, write_book
from messy import build_messy_workbook
from python_calamine import CalamineWorkbook

from skillsync import pipeline
from skillsync.backends.xlsx import aside, child, sheetparts
from skillsync.backends.xlsx.strings import StringTable

pytestmark = pytest.mark.skipif(not child.available(), reason="no fork, memfd or second core")

EXAMPLE = Path(__file__).parent.parent / "examples" / "inventory.xlsx"
NOW = datetime(2026, 11, 30, 9).astimezone()
PEOPLE_SKILLS = "People × Skills"


@pytest.fixture
def always_aside(monkeypatch):
    """Every People × Skills tab goes to a child; the sync's own calls of sheet_part for it
    (the fallback) are recorded by process, the child's stay in the child."""
    monkeypatch.setattr(aside, "ASIDE_ROWS", 0)
    made_here: list[str] = []
    real = aside.sheet_part

    def recorded(data, archive, part, tab, *rest):
        made_here.append(tab.title)
        return real(data, archive, part, tab, *rest)

    monkeypatch.setattr(aside, "sheet_part", recorded)
    return made_here


def synced(source: Path, folder: Path, *, one_process: bool, monkeypatch) -> Path:
    """`source` copied to `folder`/sync (the same path each time, as the Sync tab shows
    it) and synced with a history of its own, the tab in a child or not; a copy of the
    result is kept in `folder`/<one|child>."""
    book = folder / "sync" / source.name
    book.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, book)
    kept = folder / ("one" if one_process else "child") / source.name
    kept.parent.mkdir(exist_ok=True)
    with monkeypatch.context() as patch:
        if one_process:
            patch.setattr(child, "available", lambda: False)
        patch.setenv("SKILLSYNC_STATE_DIR", str(kept.parent / "state"))
        report = pipeline.sync(book, now=NOW)
        assert PEOPLE_SKILLS in report.tabs_written
    shutil.copyfile(book, kept)
    return kept


def tabs_read(book: Path) -> dict[str, list[list]]:
    """Our tabs (those after the workbook's own) as calamine reads them (values only)."""
    workbook = CalamineWorkbook.from_path(str(book))
    names = workbook.sheet_names
    ours = names[names.index("Skills"):]
    return {name: workbook.get_sheet_by_name(name).to_python() for name in ours}


def shared_strings(book: Path) -> tuple[int, int, int, int]:
    """The table's count and uniqueCount attributes, its entries, and the cells of every
    worksheet that refer to an entry."""
    with zipfile.ZipFile(book) as archive:
        table = archive.read("xl/sharedStrings.xml")
        cells = sum(archive.read(name).count(b't="s"') for name in archive.namelist()
                    if name.startswith("xl/worksheets/sheet"))
    count = int(re.search(rb' count="(\d+)"', table).group(1))
    unique = int(re.search(rb' uniqueCount="(\d+)"', table).group(1))
    return count, unique, table.count(b"<si>") + table.count(b"<si/>"), cells


def no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def styles_of(book: Path) -> tuple[bytes, list[bytes]]:
    """The styles part, and the style of every cell of People × Skills in order."""
    with zipfile.ZipFile(book) as archive:
        cells = archive.read(_part_of(archive, PEOPLE_SKILLS))
        return archive.read("xl/styles.xml"), re.findall(rb'<c r="[A-Z]+\d+" s="(\d+)"', cells)


def assert_same_workbook(aside_book: Path, plain_book: Path) -> None:
    assert tabs_read(aside_book) == tabs_read(plain_book)
    assert styles_of(aside_book) == styles_of(plain_book)
    count, unique, entries, cells = shared_strings(aside_book)
    assert unique == entries and count == cells  # every cell referring counted
    assert shared_strings(plain_book)[1:3] == (unique, entries)  # the same entries...
    assert count == shared_strings(plain_book)[0]  # ...and cells referring to them
    assert no_child_left()


@pytest.mark.parametrize("source", ["example", "messy"])
def test_a_tab_built_by_a_child_is_the_tab_built_in_the_sync(tmp_path, monkeypatch,
                                                              always_aside, source):
    book = EXAMPLE if source == "example" else tmp_path / "messy.xlsx"
    if source == "messy":
        build_messy_workbook(book)
    by_child = synced(book, tmp_path, one_process=False, monkeypatch=monkeypatch)
    assert always_aside == []  # the tab came from the child
    plain = synced(book, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert len(tabs_read(by_child)[PEOPLE_SKILLS]) > 10
    assert_same_workbook(by_child, plain)


def test_a_new_sheet_with_texts_new_to_the_table(tmp_path, monkeypatch, always_aside):
    """Texts the workbook does not hold (skills written out, hostile text) are appended by
    the child, before the sync's own, and every cell points at its text."""
    rows = organisation(60)
    rows[3][COLUMN["Areas of Expertise"]] = ("Python (5), <b>&amp;</b> (2), _x000D_ (3), "
                                             "=cmd|' /C calc'!A0 (1)")
    rows[4][0] = "Zoë \u202eevil\u202c Ng"
    book = write_book(tmp_path / "hostile.xlsx", rows)
    by_child = synced(book, tmp_path, one_process=False, monkeypatch=monkeypatch)
    plain = synced(book, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert always_aside == []
    assert_same_workbook(by_child, plain)
    people_skills = tabs_read(by_child)[PEOPLE_SKILLS]
    assert any("Zoë evil Ng" in row for row in people_skills)  # shown without bidi marks
    assert any("_x000D_" in row for row in people_skills)
    assert any("=cmd" in row for row in people_skills)  # text, never a formula


def test_an_unchanged_tab_keeps_its_packed_bytes_and_counts(tmp_path, monkeypatch,
                                                            always_aside):
    """Synced again, the tab the child renders replaces the tab it wrote: unchanged, the
    part is the same bytes, and the table's count does not grow."""
    synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    book = tmp_path / "sync" / EXAMPLE.name  # synced again where it was synced
    first, counts = book.read_bytes(), shared_strings(book)
    with monkeypatch.context() as patch:
        patch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "child" / "state"))
        pipeline.sync(book, now=NOW)
    assert shared_strings(book) == counts and counts[0] == counts[3]
    with zipfile.ZipFile(book) as again, zipfile.ZipFile(io.BytesIO(first)) as before:
        part = _part_of(again, PEOPLE_SKILLS)
        assert again.read(part) == before.read(part)
        assert again.getinfo(part).CRC == before.getinfo(part).CRC
    assert always_aside == [] and no_child_left()


def _part_of(archive: zipfile.ZipFile, title: str) -> str:
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="(rId\d+)"', workbook)
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    return "xl/" + target.group(1).removeprefix("/xl/")


def _raises(send, memfd):
    raise RuntimeError("the child broke")


def _killed(send, memfd):
    os.kill(os.getpid(), signal.SIGKILL)


def _silent(send, memfd):
    os._exit(0)


def _stuck(send, memfd):
    time.sleep(3600)


FAILURES = {"raises": _raises, "is killed": _killed, "says nothing": _silent,
            "is stuck": _stuck}


@pytest.mark.parametrize("how", list(FAILURES))
def test_a_failed_child_leaves_the_tab_to_the_sync(tmp_path, monkeypatch, always_aside, how):
    monkeypatch.setattr(child, "STUCK_SECONDS", 1.0)
    monkeypatch.setattr(aside, "_work", lambda *args: FAILURES[how])
    failed = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    assert always_aside == []  # failed before its first word: the tab was built here whole
    plain = synced(EXAMPLE, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert_same_workbook(failed, plain)


@pytest.mark.parametrize("how", ["raises", "is killed"])
def test_a_child_failing_after_its_first_word_leaves_the_tab_to_the_sync(
        tmp_path, monkeypatch, always_aside, how):
    """The entries it said it appends stay reserved; the tab's texts the table holds are
    sought, so none is appended twice."""
    real = aside._work

    def failing_late(*args):
        work = real(*args)

        def late(send, memfd):
            said = []

            def once(message):
                if said:
                    FAILURES[how](send, memfd)
                said.append(message)
                send(message)

            work(once, memfd)

        return late

    monkeypatch.setattr(aside, "_work", failing_late)
    rows = organisation(50)
    # a text the child appends
    rows[2][COLUMN["Areas of Expertise"]] = "Quantum Annealing (4), Python (3)"
    book = write_book(tmp_path / "late.xlsx", rows)
    late = synced(book, tmp_path, one_process=False, monkeypatch=monkeypatch)
    assert always_aside == [PEOPLE_SKILLS]  # rendered here, after the child's first word
    plain = synced(book, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert tabs_read(late) == tabs_read(plain)
    count, unique, entries, cells = shared_strings(late)
    assert unique == entries and count == cells == shared_strings(plain)[0]
    with zipfile.ZipFile(late) as archive:
        table = archive.read("xl/sharedStrings.xml").decode()
    texts = re.findall(r"<si><t[^>]*>([^<]*)</t></si>", table)
    assert len(texts) == len(set(texts)), "an entry appended twice"
    assert no_child_left()


def test_a_sync_held_back_drops_the_child_and_writes_nothing(tmp_path, monkeypatch,
                                                             always_aside):
    started = []

    class Recorded(child.Child):
        def __init__(self, work):
            super().__init__(work)
            started.append(self)

    monkeypatch.setattr(child, "Child", Recorded)
    book = write_book(tmp_path / "held.xlsx", organisation(40))
    code, _, _ = cli("sync", book)
    assert code == 0
    rows = organisation(40)
    for row in rows:
        # every Skills cell cleared: the guard holds the sync back
        row[COLUMN["Areas of Expertise"]] = ""
    write_book(book, rows)
    before = book.read_bytes()
    code, _, _ = cli("sync", book)
    assert code == 4 and len(started) == 2  # begun before the guard held the sync back
    assert book.read_bytes() == before and no_child_left()


def test_a_tab_too_small_for_a_child_is_built_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(aside, "ASIDE_ROWS", 10_000)
    started = []
    monkeypatch.setattr(child, "Child", lambda work: started.append(work))
    book = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    assert started == [] and PEOPLE_SKILLS in tabs_read(book)


def test_a_child_that_cannot_start_leaves_the_tab_to_the_sync(tmp_path, monkeypatch,
                                                              always_aside):
    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    by_sync = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    plain = synced(EXAMPLE, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert tabs_read(by_sync) == tabs_read(plain)


# --- the parts underneath ------------------------------------------------------------------

def test_messages_and_the_memory_file_reach_the_parent():
    def work(send, memfd):
        send(["first", "é"])
        child.write_all(memfd, b"x" * 300_000)
        send(("done", 300_000))

    worker = child.Child(work)
    try:
        assert worker.message() == ["first", "é"]
        assert worker.message() == ("done", 300_000)
        assert bytes(worker.mapped(300_000)) == b"x" * 300_000
        assert worker.message() is None and worker.failure == "ended without a word"
    finally:
        worker.close()
    assert no_child_left()


def test_a_large_message_is_read_whole():
    texts = [f"text {i}" for i in range(200_000)]  # several times a pipe's buffer

    worker = child.Child(lambda send, memfd: send(texts))
    try:
        assert worker.message() == texts
    finally:
        worker.close()


def test_a_child_still_at_work_is_stopped_by_close():
    worker = child.Child(lambda send, memfd: time.sleep(3600))
    worker.close()
    worker.close()  # twice is harmless
    assert no_child_left()


def test_a_raising_child_says_why():
    worker = child.Child(_raises)
    try:
        assert worker.message() is None
        assert worker.failure == "RuntimeError: the child broke"
    finally:
        worker.close()


def test_entries_reserved_come_before_the_tables_own_appends():
    table = StringTable(None)
    table.reserve(["b", "c"])
    assert table.indices(["a", "c", "b"], [1, 1, 1]) == [2, 1, 0]
    assert table.appended == ["b", "c", "a"]
    with pytest.raises(ValueError):
        table.reserve(["d"])


def test_texts_sought_late_are_reused_not_appended_again():
    sst = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
           b'schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
           b'<si><t>Python</t></si><si><t>R &amp; D</t></si></sst>')
    table = StringTable(sst, 0, {"Python": "Python"})
    table.reserve(["Spark"])
    table.seek({"R & D": "R & D", "Spark": "Spark"})
    assert table.indices(["R & D", "Spark", "Python"], [1, 1, 1]) == [1, 2, 0]
    assert table.appended == ["Spark"]


def test_the_sheet_part_module_reads_a_missing_part_as_none():
    with zipfile.ZipFile(EXAMPLE) as archive:
        data = EXAMPLE.read_bytes()
        assert sheetparts.read_or_none(data, archive, None) is None
        assert sheetparts.read_or_none(data, archive, "xl/nothing.xml") is None
        assert sheetparts.read_or_none(data, archive, "xl/workbook.xml").startswith(b"<?xml")


def test_a_sync_started_with_children_reaped_for_it_still_ends_well(tmp_path, monkeypatch,
                                                                    always_aside):
    """A daemon may start the sync with SIGCHLD ignored: the system then reaps the child
    itself, and waiting for it must not fail the sync after the workbook is written."""
    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        by_child = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    finally:
        signal.signal(signal.SIGCHLD, before)
    plain = synced(EXAMPLE, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert always_aside == [] and tabs_read(by_child) == tabs_read(plain)


def test_a_text_not_looked_up_first_sends_the_tab_back_to_the_sync(tmp_path, monkeypatch,
                                                                   always_aside):
    """Were the child to write a text it did not look up first, its index would be one
    the sync gives its own: the child refuses, and the sync makes the tab."""
    real, sync_pid = aside.texts_of, os.getpid()

    def one_missed(tabs, groups):
        found = real(tabs, groups)
        if os.getpid() != sync_pid:  # in the child only
            found.pop(next(text for text in found if text.startswith("row ")))
        return found

    monkeypatch.setattr(aside, "texts_of", one_missed)
    rows = organisation(50)
    book = write_book(tmp_path / "missed.xlsx", rows)
    missed = synced(book, tmp_path, one_process=False, monkeypatch=monkeypatch)
    assert always_aside == [PEOPLE_SKILLS]
    plain = synced(book, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert tabs_read(missed) == tabs_read(plain)
    assert shared_strings(missed)[0] == shared_strings(missed)[3]


def test_a_part_that_cannot_be_mapped_is_made_by_the_sync(tmp_path, monkeypatch,
                                                          always_aside):
    def no_memory(self, length):
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(child.Child, "mapped", no_memory)
    unmapped = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    assert always_aside == [PEOPLE_SKILLS]
    plain = synced(EXAMPLE, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert_same_workbook(unmapped, plain)


def test_the_child_keeps_only_its_pipe_and_memory_file():
    """Not the run's lock, not the terminal or a pipe a script reads the output from."""
    held = os.open(os.devnull, os.O_RDONLY)  # stands for the run's lock file
    try:
        def work(send, memfd):
            send(sorted(int(fd) for fd in os.listdir("/proc/self/fd")))

        worker = child.Child(work)
        try:
            fds = worker.message()
        finally:
            worker.close()
    finally:
        os.close(held)
    assert held not in fds
    assert len(fds) <= 6  # 0-2 (to /dev/null), the pipe, the memory file, the listing


def test_the_child_dies_with_the_sync(tmp_path):
    """A sync killed on its own (the OOM killer, `kill PID`) takes its child with it."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys, time\n"
        "from skillsync.backends.xlsx import child\n"
        "def work(send, memfd):\n"
        "    send('at work')\n"
        "    time.sleep(3600)\n"
        "worker = child.Child(work)\n"
        "assert worker.message() == 'at work'\n"
        "print(worker._pid, flush=True)\n"
        "os._exit(0)\n")
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "PYTHONPATH": str(
                             Path(__file__).parent.parent)})
    pid = int(out.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.05)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except OSError:
        return False


def test_a_descriptor_past_1023_is_waited_on(monkeypatch):
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip(f"only {hard} descriptors allowed")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    spare = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        worker = child.Child(lambda send, memfd: send("past 1023"))
        try:
            assert worker._pipe > 1023 and worker.message() == "past 1023"
        finally:
            worker.close()
    finally:
        for fd in spare:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_one_allowed_core_sends_nothing_aside(monkeypatch):
    monkeypatch.setattr(child, "_quota", lambda: 1.0)
    assert not child.available()


def test_one_process_when_the_environment_says_so(monkeypatch):
    monkeypatch.setenv("SKILLSYNC_PROCESSES", "1")
    assert not child.available()
    monkeypatch.setenv("SKILLSYNC_PROCESSES", "2")
    assert child.available() == (len(os.sched_getaffinity(0)) > 1 and child._quota() > 1)


def test_nothing_is_left_open_when_no_pipe_can_be_made(monkeypatch):
    def no_pipe():
        raise OSError(24, "Too many open files")

    before = sorted(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "pipe", no_pipe)
    for _ in range(3):
        with pytest.raises(OSError):
            child.Child(lambda send, memfd: None)
    assert sorted(os.listdir("/proc/self/fd")) == before
