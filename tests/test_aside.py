"""The People × Skills tab built and rendered by a child process (backends/xlsx/aside.py):
the workbook holds what a sync on one process writes (the tab's texts inline, the shared
strings' entries and counts right), and a child that fails in any way (raises, is killed,
says nothing, is stuck, cannot be given its work) leaves the work to the sync, and no
process behind."""

from __future__ import annotations

import io
import json
import logging
import mmap
import os
import re
import shutil
import signal
import sys
import time
import zipfile
from collections.abc import Collection
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import libreoffice_tables
from historybook import COLUMN, cli, organisation, write_book
from lxml import etree
from messy import build_messy_workbook
from python_calamine import CalamineWorkbook

from skillsync import events, pipeline
from skillsync.backends.excel import ExcelBackend
from skillsync.backends.xlsx import aside, child, childmain, cores, sheetparts, tabtexts
from skillsync.backends.xlsx.strings import StringTable
from skillsync.backends.xlsx.zipparts import Spool
from skillsync.core import analysis, elsewhere, nameorder

pytestmark = pytest.mark.skipif(not child.available(),
                                reason="no interpreter to start, memfd or second core")

EXAMPLE = Path(__file__).parent.parent / "examples" / "inventory.xlsx"
NOW = datetime(2026, 11, 30, 9).astimezone()
PEOPLE_SKILLS = "People × Skills"
ASIDE_TABS = [PEOPLE_SKILLS, "Projects", "Data Issues", "Duplicates"]  # all offered; in tab order
SHARED_CELL = re.compile(rb'<c [^>]*\bt="s"')  # a cell's tag, referring to the table


@pytest.fixture
def always_aside(monkeypatch):
    """Every workbook opened to be written starts a child, and every People × Skills tab
    goes to it; the sync's own calls of sheet_part for it (the fallback) are recorded (the
    child's stay in the child)."""
    monkeypatch.setattr(aside, "ASIDE_ROWS", 0)
    monkeypatch.setattr(aside, "START_BYTES", 0)
    monkeypatch.setattr(elsewhere, "SENT_VALUES", 0)  # and its columns' parsing before
    made_here: list[str] = []
    real = tabtexts.TabTexts.render

    def recorded(self, part, tab, groups, replaced, sought=True):
        if not sought:  # a tab left to the sync by its child
            made_here.append(tab.title)
        return real(self, part, tab, groups, replaced, sought)

    monkeypatch.setattr(tabtexts.TabTexts, "render", recorded)
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
        cells = sum(len(SHARED_CELL.findall(archive.read(name)))
                    for name in archive.namelist() if name.startswith("xl/worksheets/sheet"))
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


def entries(book: Path) -> list[str]:
    with zipfile.ZipFile(book) as archive:
        table = etree.fromstring(archive.read("xl/sharedStrings.xml"))
    return ["".join(si.itertext()) for si in table]


def tab_cells(book: Path, title: str) -> tuple[int, int]:
    """A tab's cells referring to the shared strings, and those with inline text."""
    with zipfile.ZipFile(book) as archive:
        part = archive.read(_part_of(archive, title))
    return len(SHARED_CELL.findall(part)), part.count(b't="inlineStr"')


def people_skills_cells(book: Path) -> tuple[int, int]:
    return tab_cells(book, PEOPLE_SKILLS)


def assert_same_workbook(aside_book: Path, plain_book: Path, *,
                         by_child: Collection[str] = tuple(ASIDE_TABS)) -> None:
    """The same values and styles, and a table that counts every cell referring to it.
    The tabs the child wrote (`by_child`) hold their texts inline, so the table holds no
    more than the sync's own would; when the sync made them all after all, the table is
    the one-process workbook's."""
    assert tabs_read(aside_book) == tabs_read(plain_book)
    assert styles_of(aside_book) == styles_of(plain_book)
    count, unique, held, cells = shared_strings(aside_book)
    assert unique == held and count == cells  # every cell referring counted
    assert people_skills_cells(plain_book)[1] == 0 < people_skills_cells(plain_book)[0]
    for title in ASIDE_TABS:
        shared, inline = tab_cells(aside_book, title)
        assert (shared == 0 < inline) if title in by_child else inline == 0, title
    if by_child:
        assert set(entries(aside_book)) <= set(entries(plain_book))
    else:  # the same entries (the tabs rendered last, their own appended last)
        assert sorted(entries(aside_book)) == sorted(entries(plain_book))
        assert shared_strings(aside_book) == shared_strings(plain_book)
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


def test_hostile_texts_inline_read_back_as_written(tmp_path, monkeypatch, always_aside):
    """Texts the workbook does not hold (markup, OOXML escapes, a formula, bidi marks)
    written inline by the child read back as the sync writes them, in calamine and in
    LibreOffice (independent readers)."""
    rows = organisation(60)
    rows[3][COLUMN["Areas of Expertise"]] = ("Python (5), <b>&amp;</b> (2), \"it's\" (3), "
                                             "=cmd|' /C calc'!A0 (1)")
    rows[4][0] = "Zoë \u202eevil\u202c Ng"
    book = write_book(tmp_path / "hostile.xlsx", rows)
    by_child = synced(book, tmp_path, one_process=False, monkeypatch=monkeypatch)
    plain = synced(book, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert always_aside == []
    assert_same_workbook(by_child, plain)
    people_skills = tabs_read(by_child)[PEOPLE_SKILLS]
    assert any("Zoë evil Ng" in row for row in people_skills)  # shown without bidi marks
    assert any('"it\'s"' in row for row in people_skills)
    assert any("=cmd" in row for row in people_skills)  # text, never a formula
    seen = libreoffice_tables(by_child, tmp_path / "lo")[PEOPLE_SKILLS]
    assert seen == libreoffice_tables(plain, tmp_path / "lo-plain")[PEOPLE_SKILLS]
    assert any("=cmd" in row for row in seen) and any('"it\'s"' in row for row in seen)


@pytest.mark.parametrize("text", ["_x000D_", "Lit _x0041_ eral"])
def test_a_text_needing_a_code_is_left_to_the_sync(tmp_path, monkeypatch, always_aside,
                                                   caplog, text):
    """openpyxl (so pandas) does not decode an _xHHHH_ code in an inline string: a tab
    with a text written with one is rendered by the sync, with shared strings, and every
    reader reads the text as the cell held it. The event says why."""
    caplog.set_level(logging.INFO, logger=events.LOGGER.name)
    rows = organisation(60)
    rows[3][COLUMN["Areas of Expertise"]] = f"Python (5), {text} (3)"
    book = write_book(tmp_path / "coded.xlsx", rows)
    by_sync = synced(book, tmp_path, one_process=False, monkeypatch=monkeypatch)
    # Data Issues quotes the text too; Projects and Duplicates, which do not, are still
    # the child's own.
    assert always_aside == [PEOPLE_SKILLS, "Data Issues"]
    plain = synced(book, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert_same_workbook(by_sync, plain, by_child=("Projects", "Duplicates"))
    read = pd.read_excel(by_sync, sheet_name=PEOPLE_SKILLS, header=None, engine="openpyxl")
    assert (read == text.strip()).any().any()
    said = [(r.getMessage(), r.skillsync_fields) for r in caplog.records
            if r.getMessage().startswith("aside.")]
    # handed back by design, which is no failure to alarm whoever reads the log
    assert said == [("aside.handed_back", {"tab": tab, "reason": (
        "a text needs an _xHHHH_ code, which only shared strings carry to every reader")})
        for tab in (PEOPLE_SKILLS, "Data Issues")]


def test_a_text_holding_t_s_never_drifts_the_count(tmp_path, monkeypatch, always_aside):
    """A quote needs no escaping in element text, so a text inline may hold `t="s"`:
    each night the tab changes and replaces the one before, the table's count is still
    the cells that refer to it."""
    rows = organisation(60)
    quoted = 'Quoted t="s" skill'
    rows[3][COLUMN["Areas of Expertise"]] = f"Python (5), {quoted} (2)"
    book = write_book(tmp_path / "quoted.xlsx", rows)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    skills = rows[10][COLUMN["Areas of Expertise"]]
    for night in range(3):
        pipeline.sync(book, now=NOW)
        count, unique, held, cells = shared_strings(book)
        assert count == cells and unique == held
        assert people_skills_cells(book)[0] == 0
        assert any(quoted in row for row in tabs_read(book)[PEOPLE_SKILLS])
        changed = f"{skills}, Night {night} (1)"
        _edit_entry(book, skills, changed)  # a person adds a skill: the tab changes
        skills = changed
    assert always_aside == [] and no_child_left()


def _edit_entry(book: Path, old: str, new: str) -> None:
    """The workbook with one shared string changed, as an edit in Excel would leave it."""
    with zipfile.ZipFile(book) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename == "xl/sharedStrings.xml":
                assert old.encode() in data
                data = data.replace(f">{old}<".encode(), f">{new}<".encode(), 1)
            archive.writestr(info, data)


def test_an_unchanged_tab_keeps_its_packed_bytes_and_counts(tmp_path, monkeypatch,
                                                            always_aside):
    """Synced again, the tab the child renders replaces the tab it wrote: unchanged, the
    part is the same bytes, and the table's count does not change."""
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


def test_a_tab_of_shared_strings_replaced_by_one_inline_drops_its_references(
        tmp_path, monkeypatch, always_aside):
    """A workbook synced on one process, then with a child: the old tab's cells that
    referred to the table are no longer counted."""
    plain = synced(EXAMPLE, tmp_path, one_process=True, monkeypatch=monkeypatch)
    again = tmp_path / "again" / EXAMPLE.name
    again.parent.mkdir()
    shutil.copyfile(plain, again)
    with monkeypatch.context() as patch:
        patch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "again" / "state"))
        pipeline.sync(again, now=NOW)
    count, unique, held, cells = shared_strings(again)
    assert count == cells < shared_strings(plain)[0] and unique == held
    assert people_skills_cells(again) == (0, people_skills_cells(plain)[0])
    assert tabs_read(again)[PEOPLE_SKILLS] == tabs_read(plain)[PEOPLE_SKILLS]
    assert always_aside == [] and no_child_left()


def _part_of(archive: zipfile.ZipFile, title: str) -> str:
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="(rId\d+)"', workbook)
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    return "xl/" + target.group(1).removeprefix("/xl/")


# Work for a child, picklable (the child imports this module to run it): in place of
# aside._work, given its inputs, or of any work, given (send, memfd).

def _raises(*_):
    raise RuntimeError("the child broke")


def _killed(*_):
    os.kill(os.getpid(), signal.SIGKILL)


def _silent(*_):
    os._exit(0)


def _stuck(*_):
    time.sleep(3600)


def _killed_before_its_word(given, send, memfd):
    """The real work, to the last message: the part is in the memory file, unannounced."""
    aside._work(given, lambda message: _killed(), memfd)


def _answers_out_of_turn(work, number, send, memfd):
    send(("the tab", work()))


def _answers_short(work, number, send, memfd):
    send(("answer", number, work()[:-1]))


def _tells_of_tabs(send, memfd):
    send(("tab", "a", "why a"))
    send(("tab", "b", "why b"))
    send("no tab's")


def _tells_of_a_tab_then_work(send, memfd):
    send(("tab", "a", "why a"))
    send(("answer", 0, ["ordered"]))
    send(("answer", 1, ["sorted"]))


def _packs_two_parts(send, memfd):
    for key, fill in (("a", b"a" * 5000), ("b", b"b" * 7000)):
        start = aside._next_page(memfd)
        spool = Spool(memfd)
        spool += fill
        send(("tab", key, (start, spool.length)))


def _says_and_writes(send, memfd):
    send(["first", "é"])
    Spool(memfd).__iadd__(b"x" * 300_000)
    send(("done", 300_000))


def _says_many(send, memfd):
    send([f"text {i}" for i in range(200_000)])  # several times a pipe's buffer


def _lists_its_descriptors(send, memfd):
    send(sorted(int(fd) for fd in os.listdir("/proc/self/fd")))


def _says_which_pandas(send, memfd):
    send(sys.modules["pandas"].__file__)


def _says_its_switch_interval(send, memfd):
    send(sys.getswitchinterval())


def _says_which_skillsync(send, memfd):
    import skillsync

    send(skillsync.__file__)


def _says_past_1023(send, memfd):
    send("past 1023")


def _says_then_waits(send, memfd):
    send("at work")
    time.sleep(3600)


FAILURES = {"raises": _raises, "is killed": _killed, "says nothing": _silent,
            "is stuck": _stuck, "is killed before its word": _killed_before_its_word}


REASONS = {"raises": "RuntimeError: the child broke", "is killed": "ended without a word",
           "says nothing": "ended without a word", "is stuck": "no progress for 1 s",
           "is killed before its word": "ended without a word"}


@pytest.mark.parametrize("how", list(FAILURES))
def test_a_failed_child_leaves_the_tab_to_the_sync(tmp_path, monkeypatch, always_aside, how,
                                                   caplog):
    """Any failure: the tab is built and rendered in the sync, as on one process; the
    `aside.failed` event says why."""
    caplog.set_level(logging.INFO, logger=events.LOGGER.name)
    monkeypatch.setattr(child, "STUCK_SECONDS", 1.0)
    monkeypatch.setattr(aside, "_work", FAILURES[how])
    failed = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    assert always_aside == ASIDE_TABS  # the tabs after the first too: the child is gone
    found = [r.skillsync_fields for r in caplog.records if r.getMessage() == "aside.failed"]
    assert found == [{"tab": tab, "reason": REASONS[how]} for tab in ASIDE_TABS]
    plain = synced(EXAMPLE, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert_same_workbook(failed, plain, by_child=())


PARSE_FAILURES = {"raises": _raises, "is killed": _killed, "says nothing": _silent,
                  "is stuck": _stuck, "answers out of turn": _answers_out_of_turn}
PARSE_REASONS = {**REASONS, "answers out of turn": "it answered out of turn"}


def test_the_columns_are_parsed_in_the_child(tmp_path, monkeypatch, always_aside):
    """Skills and project cells are parsed in the child, not in the sync, and the
    workbook is the one a sync on one process writes (issues and all)."""
    book = tmp_path / "messy.xlsx"
    build_messy_workbook(book)
    parsed_here = []
    real = elsewhere.fields.parse_all

    def recorded(parser, values):
        parsed_here.append(type(parser).__name__)
        return real(parser, values)

    monkeypatch.setattr(elsewhere.fields, "parse_all", recorded)
    by_child = synced(book, tmp_path, one_process=False, monkeypatch=monkeypatch)
    assert parsed_here and not {"Skills", "ItemLists"} & set(parsed_here)
    parsed_here.clear()
    plain = synced(book, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert {"Skills", "ItemLists"} <= set(parsed_here)
    assert_same_workbook(by_child, plain)


def test_a_check_parses_its_columns_in_a_child_and_reports_the_same(tmp_path, monkeypatch):
    """A run that writes nothing has a child only to parse its slowest columns: what it
    reports is what a check on one process reports, and the child is gone after."""
    monkeypatch.setattr(aside, "PARSE_BYTES", 0)
    monkeypatch.setattr(elsewhere, "SENT_VALUES", 0)
    book = tmp_path / "messy.xlsx"
    build_messy_workbook(book)
    before = book.read_bytes()
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    parsed_here = []
    real = elsewhere.fields.parse_all

    def recorded(parser, values):
        parsed_here.append(type(parser).__name__)
        return real(parser, values)

    monkeypatch.setattr(elsewhere.fields, "parse_all", recorded)
    code, by_child, _ = cli("check", book, "--json")
    assert code == 0 and parsed_here and not {"Skills", "ItemLists"} & set(parsed_here)
    parsed_here.clear()
    monkeypatch.setattr(child, "available", lambda: False)
    code, plain, _ = cli("check", book, "--json")
    assert code == 0 and {"Skills", "ItemLists"} <= set(parsed_here)
    reports = [json.loads(found) for found in (by_child, plain)]
    for report in reports:
        report.pop("synced_at")  # the clock's second, not the check's
    assert reports[0] == reports[1]
    assert book.read_bytes() == before and no_child_left()


def test_the_names_are_ordered_in_the_child(tmp_path, monkeypatch, always_aside):
    """With many people, their name order is sorted in the child (the sync never sorts
    that many names) and the workbook is the one a sync on one process writes."""
    monkeypatch.setattr(analysis, "NAMES_ELSEWHERE", 0)
    book = tmp_path / "messy.xlsx"
    build_messy_workbook(book)
    people = len(pipeline.run(book, write=False, render=False, now=NOW).analysis.people)
    ordered_here: list[int] = []
    real = nameorder.NameOrder.of.__func__

    def recorded(cls, names):
        ordered_here.append(len(names))
        return real(cls, names)

    monkeypatch.setattr(nameorder.NameOrder, "of", classmethod(recorded))
    by_child = synced(book, tmp_path, one_process=False, monkeypatch=monkeypatch)
    assert people > 1 and people not in ordered_here
    ordered_here.clear()
    plain = synced(book, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert people in ordered_here
    assert_same_workbook(by_child, plain)


@pytest.mark.parametrize("how", list(PARSE_FAILURES))
def test_a_child_failing_at_a_column_leaves_it_and_the_tab_to_the_sync(
        tmp_path, monkeypatch, always_aside, how, caplog):
    """The column is parsed in the sync, the event names it and why, and the tab (never
    given to a failed child) is built in the sync too."""
    caplog.set_level(logging.INFO, logger=events.LOGGER.name)
    monkeypatch.setattr(child, "STUCK_SECONDS", 1.0)
    monkeypatch.setattr(aside, "_answer", PARSE_FAILURES[how])
    failed = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    events_seen = [r.skillsync_fields for r in caplog.records
                   if r.getMessage() == "aside.failed"]
    assert events_seen[0] == {"work": "parsing the expertise column",
                              "reason": PARSE_REASONS[how]}
    assert all(e["reason"] == PARSE_REASONS[how] for e in events_seen)
    assert always_aside == [] and no_child_left()  # the tab was built at once, here
    plain = synced(EXAMPLE, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert_same_workbook(failed, plain, by_child=())


def test_a_column_answered_with_the_wrong_length_is_parsed_here(tmp_path, monkeypatch,
                                                                always_aside):
    monkeypatch.setattr(aside, "_answer", _answers_short)
    short = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    plain = synced(EXAMPLE, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert_same_workbook(short, plain)  # the tab still built by the child


def test_work_that_cannot_be_pickled_is_done_in_the_sync(tmp_path, monkeypatch,
                                                         always_aside):
    monkeypatch.setattr(aside, "_work", lambda *args: None)  # a lambda does not pickle
    by_sync = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    plain = synced(EXAMPLE, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert always_aside == []  # built at once, in the sync, as a tab of its own
    assert_same_workbook(by_sync, plain, by_child=())


def test_a_sync_held_back_drops_the_child_and_writes_nothing(tmp_path, monkeypatch,
                                                             always_aside):
    started = []

    class Recorded(child.Child):
        def __init__(self, preload=()):
            super().__init__(preload)
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
    """The child started for the workbook is let go unused, at once."""
    monkeypatch.setattr(aside, "ASIDE_ROWS", 10_000)
    monkeypatch.setattr(aside, "START_BYTES", 0)
    closed = []

    class Recorded(child.Child):
        def close(self):
            closed.append(self._jobs is not None)  # never given its last work
            super().close()

    monkeypatch.setattr(child, "Child", Recorded)
    book = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    assert closed[:1] == [True] and PEOPLE_SKILLS in tabs_read(book) and no_child_left()


def test_a_child_given_no_tab_is_let_go_before_the_write(tmp_path, monkeypatch):
    """People × Skills past a sheet's rows is not built: the child started for it goes
    once the tabs are planned, not at the end of the run."""
    monkeypatch.setattr(aside, "START_BYTES", 0)
    monkeypatch.setattr(analysis, "MAX_ROWS", 10)  # the tab passes a sheet's rows
    real, seen = ExcelBackend.write, []

    def write(self, tabs, plan):
        seen.append(no_child_left())
        return real(self, tabs, plan)

    monkeypatch.setattr(ExcelBackend, "write", write)
    book = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, book)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    pipeline.sync(book, now=NOW)
    assert seen == [True]


def test_no_child_for_a_small_workbook(tmp_path, monkeypatch):
    """Too small for a tab aside; and for a run that writes nothing, too small for a
    column worth parsing aside (PARSE_BYTES), however small START_BYTES is."""
    started = []
    monkeypatch.setattr(child, "Child", lambda *args: started.append(args))
    synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)  # 30 people
    assert started == []
    monkeypatch.setattr(aside, "START_BYTES", 0)
    book = write_book(tmp_path / "check.xlsx", organisation(40))
    code, _, _ = cli("check", book)
    assert code == 0 and started == []


def test_a_child_that_cannot_start_leaves_the_tab_to_the_sync(tmp_path, monkeypatch,
                                                              always_aside):
    def no_process(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(child.subprocess, "Popen", no_process)
    by_sync = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    plain = synced(EXAMPLE, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert_same_workbook(by_sync, plain, by_child=())


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


@pytest.mark.parametrize("error", [OSError(12, "Cannot allocate memory"),
                                   ValueError("mmap length is greater than file size")])
def test_a_part_that_cannot_be_mapped_is_made_by_the_sync(tmp_path, monkeypatch,
                                                          always_aside, error):
    def unmappable(self, length, start):
        raise error

    monkeypatch.setattr(child.Child, "mapped", unmappable)
    unmapped = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    assert always_aside == ASIDE_TABS
    plain = synced(EXAMPLE, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert_same_workbook(unmapped, plain, by_child=())


# --- the parts underneath ------------------------------------------------------------------

def given(work) -> child.Child:
    worker = child.Child()
    worker.give(work)
    return worker


def test_messages_and_the_memory_file_reach_the_parent():
    worker = given(_says_and_writes)
    try:
        assert worker.message() == ["first", "é"]
        assert worker.message() == ("done", 300_000)
        assert bytes(worker.mapped(300_000)) == b"x" * 300_000
        assert worker.message() is None and worker.failure == "ended without a word"
    finally:
        worker.close()
    assert no_child_left()


def test_work_answered_after_a_tab_is_taken_before_it():
    """A tab given before some work (People × Skills as soon as the people are known,
    their names' order later) is answered first; the work's answer is still found."""
    worker = aside.Worker(given(_tells_of_a_tab_then_work))
    try:
        assert aside._answer_of(worker, 1, "sorting") == ["sorted"]
        assert worker.answer_for("a") == "why a"
        assert aside._answer_of(worker, 0, "ordering") == ["ordered"]
        assert aside._answer_of(worker, 2, "more") is None  # never answered: failed
        assert worker.child.failure == "ended without a word"
    finally:
        worker.close()
    assert no_child_left()


def test_tabs_answered_in_one_order_are_taken_in_any():
    worker = aside.Worker(given(_tells_of_tabs))
    try:
        assert worker.answer_for("b") == "why b"
        assert worker.answer_for("a") == "why a"
        assert worker.answer_for("c") is None  # any other answer fails the child
        assert worker.child.failure == "it answered out of turn"
    finally:
        worker.close()
    assert no_child_left()


def test_each_part_is_mapped_from_its_own_page():
    worker = given(_packs_two_parts)
    try:
        parts = [worker.message()[2] for _ in range(2)]
        assert parts[0] == (0, 5000) and parts[1][0] % mmap.ALLOCATIONGRANULARITY == 0
        assert parts[1][0] >= 5000
        assert bytes(worker.mapped(5000, 0)) == b"a" * 5000
        assert bytes(worker.mapped(7000, parts[1][0])) == b"b" * 7000
    finally:
        worker.close()


def test_a_child_given_many_rows_already_is_given_no_more(tmp_path, monkeypatch,
                                                         always_aside):
    """Past ROWS_PER_CHILD, a tab after the child's first is built in the sync at once,
    with shared strings, so that the sync does not wait for the child; the tabs given
    before the history is recalled (Projects, Duplicates) are the child's still."""
    monkeypatch.setattr(aside, "ROWS_PER_CHILD", 1)
    by_child = synced(EXAMPLE, tmp_path, one_process=False, monkeypatch=monkeypatch)
    plain = synced(EXAMPLE, tmp_path, one_process=True, monkeypatch=monkeypatch)
    assert always_aside == []  # not a failure: never given
    assert_same_workbook(by_child, plain, by_child=(PEOPLE_SKILLS, "Projects", "Duplicates"))


def test_a_large_message_is_read_whole():
    worker = given(_says_many)
    try:
        assert worker.message() == [f"text {i}" for i in range(200_000)]
    finally:
        worker.close()


def test_a_child_still_at_work_is_stopped_by_close():
    worker = given(_stuck)
    worker.close()
    worker.close()  # twice is harmless
    assert no_child_left()


def test_a_child_never_given_work_ends_on_close():
    worker = child.Child(("pandas",))
    pid = worker._process.pid
    worker.close()
    assert not _alive(pid) and no_child_left()


def test_work_is_done_in_the_order_given_and_the_last_ends_the_child():
    worker = child.Child()
    try:
        worker.give(_says_past_1023, last=False)
        worker.give(_says_and_writes, last=False)
        worker.give(_says_past_1023)
        with pytest.raises(RuntimeError):
            worker.give(_says_past_1023)
        assert worker.message() == "past 1023"
        assert worker.message() == ["first", "é"]
        assert worker.message() == ("done", 300_000)
        assert worker.message() == "past 1023"
        assert worker.message() is None and worker.failure == "ended without a word"
    finally:
        worker.close()
    assert no_child_left()


def test_a_child_waiting_for_more_work_ends_on_close():
    worker = child.Child()
    worker.give(_says_past_1023, last=False)
    assert worker.message() == "past 1023"
    pid = worker._process.pid
    worker.close()
    assert not _alive(pid) and no_child_left()


def test_work_is_given_once():
    worker = given(_says_past_1023)
    try:
        with pytest.raises(RuntimeError):
            worker.give(_says_past_1023)
        assert worker.message() == "past 1023"
    finally:
        worker.close()


def test_a_raising_child_says_why():
    worker = given(_raises)
    try:
        assert worker.message() is None
        assert worker.failure == "RuntimeError: the child broke"
    finally:
        worker.close()


def test_a_child_that_cannot_import_its_modules_says_why():
    """A sync run with a module path the child cannot use (a checkout found through ''
    alone, say): the event names the missing module instead of 'ended without a word'."""
    worker = child.Child(("skillsync_has_no_such_module",))
    worker.give(_says_and_writes)
    try:
        assert worker.message() is None
    finally:
        worker.close()
    assert worker.failure == ("ModuleNotFoundError: No module named "
                              "'skillsync_has_no_such_module'")
    assert no_child_left()


def test_texts_sought_late_are_reused_not_appended_again():
    sst = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
           b'schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
           b'<si><t>Python</t></si><si><t>R &amp; D</t></si></sst>')
    table = StringTable(sst, 0, {"Python": "Python"})
    table.seek({"R & D": "R & D", "Spark": "Spark"})
    assert table.indices(["R & D", "Spark", "Python"], [1, 1, 1]) == [1, 2, 0]
    assert b"<si><t>Spark</t></si></sst>" in table.render()


def test_the_sheet_part_module_reads_a_missing_part_as_none():
    with zipfile.ZipFile(EXAMPLE) as archive:
        data = EXAMPLE.read_bytes()
        assert sheetparts.read_or_none(data, archive, None) is None
        assert sheetparts.read_or_none(data, archive, "xl/nothing.xml") is None
        assert sheetparts.read_or_none(data, archive, "xl/workbook.xml").startswith(b"<?xml")


def test_a_part_alone_is_the_part_in_the_workbook():
    """What the child is sent of the part it replaces: that entry alone, read the same."""
    data = EXAMPLE.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        name = "xl/worksheets/sheet1.xml"
        whole = sheetparts.Stored.of(data, archive, name)
        alone = whole.alone()
        assert len(alone.data) < len(data) and alone.info.header_offset == 0
        assert bytes(alone.raw().data) == bytes(whole.raw().data)
        assert alone.raw().crc == archive.getinfo(name).CRC


def test_the_child_keeps_only_its_pipes_and_memory_file():
    """Not the run's lock, not the terminal or a pipe a script reads the output from."""
    held = os.open(os.devnull, os.O_RDONLY)  # stands for the run's lock file
    os.set_inheritable(held, True)  # even one a child could inherit
    try:
        worker = given(_lists_its_descriptors)
        try:
            fds = worker.message()
        finally:
            worker.close()
    finally:
        os.close(held)
    assert held not in fds
    assert len(fds) <= 7  # 0-2 (to /dev/null), two pipes, the memory file, the listing


def test_the_child_hands_the_gil_over_sooner_than_the_sync():
    """Its tab is rendered while a thread packs it: that thread takes the GIL between its
    deflate calls without waiting out Python's 5 ms (childmain.SWITCH_SECONDS)."""
    worker = child.Child()
    worker.give(_says_its_switch_interval)
    try:
        found = worker.message()
    finally:
        worker.close()
    assert found == pytest.approx(childmain.SWITCH_SECONDS)
    assert found < sys.getswitchinterval()


@pytest.mark.parametrize("relative", [None, "", ".", "lib"])
def test_the_child_runs_the_sync_s_modules_not_the_current_folder_s(tmp_path, monkeypatch,
                                                                    relative):
    """The workbook's folder may be shared: a module there is never run by the child,
    even for a sync run from `python -c` or a notebook, whose path holds '' or '.', or
    a relative folder ('lib') that now names one inside it."""
    for folder in (tmp_path, tmp_path / "lib"):
        folder.mkdir(exist_ok=True)
        (folder / "pandas.py").write_text("raise SystemExit('the folder was imported')\n")
    if relative is not None:
        monkeypatch.setattr(sys, "path", [relative, *sys.path])
    monkeypatch.chdir(tmp_path)
    worker = child.Child(("pandas",))
    worker.give(_says_which_pandas)
    try:
        found = worker.message()
    finally:
        worker.close()
    assert found is not None and not found.startswith(str(tmp_path))


@pytest.mark.parametrize("path", ["found through '' alone", "another skillsync first"])
def test_the_child_runs_the_skillsync_the_sync_runs(tmp_path, monkeypatch, path):
    """Run from a checkout through '' alone (no install), the child still finds this
    skillsync; with another copy earlier on the path, it still runs this one."""
    home = str(Path(__file__).resolve().parent.parent)
    elsewhere = [e for e in sys.path if os.path.isabs(e) and os.path.normpath(e) != home]
    other = tmp_path / "other"
    (other / "skillsync").mkdir(parents=True)
    (other / "skillsync" / "__init__.py").write_text("raise SystemExit('another skillsync')\n")
    tests = str(Path(__file__).resolve().parent)  # where the child finds this work
    monkeypatch.setattr(sys, "path", ["", *elsewhere, tests] if path.startswith("found")
                        else [str(other), *elsewhere, tests, home])
    assert child.module_path() == [e for e in sys.path if e]  # nothing relative
    worker = given(_says_which_skillsync)
    try:
        found = worker.message()
    finally:
        worker.close()
    assert found == str(Path(home) / "skillsync" / "__init__.py"), worker.failure


def test_ctrl_c_at_the_terminal_is_left_to_the_sync():
    """Ctrl-C reaches the whole process group: the sync stops the child itself."""
    worker = given(_says_then_waits)
    try:
        assert worker.message() == "at work"
        pid = worker._process.pid
        os.kill(pid, signal.SIGINT)
        time.sleep(0.3)
        assert _alive(pid)
    finally:
        worker.close()
    assert not _alive(pid) and no_child_left()


def test_the_child_dies_with_the_sync(tmp_path):
    """A sync killed on its own (the OOM killer, `kill PID`) takes its child with it."""
    (tmp_path / "childwork.py").write_text(
        "import time\n"
        "def work(send, memfd):\n"
        "    send('at work')\n"
        "    time.sleep(3600)\n")
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "from skillsync.backends.xlsx import child\n"
        "from childwork import work\n"
        "worker = child.Child()\n"
        "worker.give(work)\n"
        "assert worker.message() == 'at work'\n"
        "print(worker._process.pid, flush=True)\n"
        "os._exit(0)\n")
    import subprocess

    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "PYTHONPATH": str(
                             Path(__file__).parent.parent)})
    pid = int(out.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.05)
    alive = _alive(pid)
    if alive:  # a failure leaves no process behind either
        os.kill(pid, signal.SIGKILL)
    assert not alive


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
        worker = given(_says_past_1023)
        try:
            assert worker._pipe > 1023 and worker.message() == "past 1023"
        finally:
            worker.close()
    finally:
        for fd in spare:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_one_allowed_core_sends_nothing_aside(monkeypatch):
    monkeypatch.setattr(cores, "quota", lambda: 1.0)
    assert not child.available()


@pytest.mark.parametrize(("executable", "started"), [
    ("/usr/bin/python3.11", True), ("/opt/venv/bin/python", True), ("/usr/bin/pypy3", True),
    ("", False), ("/usr/sbin/uwsgi", False), ("/opt/app/reporting", False)])
def test_a_child_is_started_only_from_a_python(monkeypatch, executable, started):
    """An application embedding Python has itself as sys.executable: our command line
    would be its own. A frozen one, likewise."""
    monkeypatch.setattr(sys, "executable", executable)
    assert child.available() is started
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert child.available() is False


def test_one_process_when_the_environment_says_so(monkeypatch):
    monkeypatch.setenv("SKILLSYNC_PROCESSES", "1")
    assert not child.available()
    monkeypatch.setenv("SKILLSYNC_PROCESSES", "2")
    assert child.available() == (len(os.sched_getaffinity(0)) > 1 and cores.quota() > 1)


def test_nothing_is_left_open_when_no_pipe_can_be_made(monkeypatch):
    def no_pipe():
        raise OSError(24, "Too many open files")

    before = sorted(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "pipe", no_pipe)
    for _ in range(3):
        with pytest.raises(OSError):
            child.Child()
    assert sorted(os.listdir("/proc/self/fd")) == before
