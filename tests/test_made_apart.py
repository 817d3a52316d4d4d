"""The largest tab made apart (in a second process) writes the very bytes it would have
written made with the others: the writer, the document and a whole sync."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sheet_xml import hostile_text
from test_write_unchanged_tabs import base_workbook

from skillsync import forked, pipeline
from skillsync.backends.excel import XlsxDocument
from skillsync.backends.xlsx import sheetparts, writer
from skillsync.backends.xlsx.package import read_package
from skillsync.backends.xlsx.strings import StringTable
from skillsync.core.tabs import Apart, Column, Kind, Link, Tab
from skillsync.errors import SkillsyncError

QUICK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "inventory.xlsx"


def three_tabs(first: list[str], big: list[str], last: list[str],
               duplicates: bool = False) -> list[Tab]:
    """A small tab, the tab numbered first (People × Skills' key), another small one, and
    with `duplicates` one numbered second (Duplicates' key, `first`'s texts reversed): the
    texts of each may repeat the others' and the workbook's own."""
    return [
        Tab("skills", "Skills", (Column("Skill"),), pd.DataFrame({"a": first or [""]})),
        Tab("people_skills", "People × Skills",
            (Column("Name"), Column("Row", Kind.LINK), Column("N", Kind.INT)),
            pd.DataFrame({"a": big, "b": [Link(t, "People", f"A{i + 2}")
                                         for i, t in enumerate(big)],
                          "c": range(len(big))})),
        Tab("learning", "Learning", (Column("Who", Kind.WRAP),),
            pd.DataFrame({"a": last or [""]})),
        *([Tab("duplicates", "Duplicates", (Column("Names"),),
               pd.DataFrame({"a": first[::-1] or ["none"]}))] if duplicates else []),
    ]


def apart(tab: Tab) -> Apart:
    return Apart(tab.key, tab.title, tab.columns, tab.frame.iloc[:0], make=lambda: tab)


def written(data: bytes, tabs: list[Tab], made_apart: bool | None) -> bytes:
    """The workbook written with the big tab made with the others (None), made apart
    (True), or made apart without success, so made here after all (False)."""
    package = read_package(zipfile.ZipFile(io.BytesIO(data)))
    plan = writer.plan(package, [t.title for t in tabs])
    if made_apart is None:
        return b"".join(writer.build_pieces(data, package, tabs, plan))
    made = [t for t in tabs if t.key in sheetparts.FIRST_NUMBERED]
    alone = (sheetparts.sheets_alone(data, package, made,
                                     {t.title: plan.replace.get(t.title) for t in made})
             if made_apart else None)
    standing = [apart(t) if t in made else t for t in tabs]
    return b"".join(writer.build_pieces(data, package, standing, plan, lambda: alone))


@QUICK
@given(own=st.lists(hostile_text, max_size=4), first=st.lists(hostile_text, max_size=4),
       big=st.lists(hostile_text, min_size=1, max_size=8), last=st.lists(hostile_text, max_size=4),
       duplicates=st.booleans())
def test_made_apart_or_not_the_workbook_is_the_same_bytes(own, first, big, last, duplicates):
    # texts shared between tabs, and with the workbook's own table
    tabs = three_tabs(first, big + first[:1], last + big[:2], duplicates)
    base = base_workbook(own + big[:1])
    once = written(base, tabs, None)
    assert written(base, tabs, True) == once
    assert written(base, tabs, False) == once
    again = three_tabs(last, big[::-1], first, duplicates)  # a second sync replaces them
    assert written(once, again, True) == written(once, again, None)


def test_a_big_tab_made_apart_against_a_large_table():
    texts = [f"person {i}" for i in range(30_000)]
    base = base_workbook(texts[::3])
    tabs = three_tabs(texts[:50], texts, [*texts[-50:], "new"])
    assert written(base, tabs, True) == written(base, tabs, None)


def test_a_table_takes_in_only_before_its_own_entries():
    table = StringTable(None)
    table.index("mine")
    with pytest.raises(ValueError, match="before any of its own"):
        table.take_in(["theirs"], 1)


def test_the_document_makes_the_tab_in_a_second_process_and_writes_the_same(monkeypatch):
    data = base_workbook(["Ana", "R&D"])
    tabs = three_tabs(["Ana"], ["Ana", "Bo", "R&D"], ["Bo", "Cy"])
    makers: list[int] = []

    def made_here() -> Tab:
        makers.append(os.getpid())
        return tabs[1]

    document = XlsxDocument(data, "inventory.xlsx", writing=True)
    standing = Apart(tabs[1].key, tabs[1].title, tabs[1].columns, tabs[1].frame.iloc[:0],
                     make=made_here)
    assert document.make_apart([standing]) == [standing]
    plan = document.plan([tabs[0], standing, tabs[2]])
    apart_bytes = document.build([tabs[0], standing, tabs[2]], plan)
    assert makers == []  # made in the child: this process never built it
    assert document.build([tabs[0], standing, tabs[2]], plan) == apart_bytes  # asked once
    document.close()
    assert apart_bytes == XlsxDocument(data, "inventory.xlsx").build(tabs, plan)


def test_the_document_makes_the_tab_itself_when_the_child_fails(monkeypatch):
    data = base_workbook(["Ana"])
    tabs = three_tabs(["Ana"], ["Ana", "Bo"], ["Cy"])
    document = XlsxDocument(data, "inventory.xlsx", writing=True)

    def broken() -> Tab:
        if os.getpid() != here:
            raise RuntimeError("the child fails")
        return tabs[1]

    here = os.getpid()
    standing = Apart(tabs[1].key, tabs[1].title, tabs[1].columns, tabs[1].frame.iloc[:0],
                     make=broken)
    assert document.make_apart([standing]) == [standing]
    plan = document.plan([tabs[0], standing, tabs[2]])
    assert (document.build([tabs[0], standing, tabs[2]], plan)
            == XlsxDocument(data, "inventory.xlsx").build(tabs, plan))
    document.close()


def test_no_tab_is_made_apart_when_it_would_not_be_written():
    data = base_workbook(["Ana"])  # its tab is "People": a person's tab of that name
    document = XlsxDocument(data, "inventory.xlsx", writing=True)
    taken = Apart("people_skills", "People", (Column("A"),), pd.DataFrame({"a": []}),
                  make=lambda: pytest.fail("never made"))
    assert document.make_apart([taken]) == []
    document.close()


def no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def synced_parts(folder: Path, monkeypatch, settings: str = "") -> dict[str, bytes]:
    """The example after a first sync and a nightly one (which replaces every tab), in
    `folder` emptied first: the Sync tab names the workbook's path."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(folder / "state"))
    book = folder / "inventory.xlsx"
    shutil.copyfile(EXAMPLE, book)
    config = folder / "skillsync.toml"
    config.write_text(settings)
    for _ in range(2):
        pipeline.sync(book, config, now=NOW)
        assert no_child_left()
    with zipfile.ZipFile(book) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("settings", ["", '[privacy]\nrestricted = ["success_rate"]\n'])
def test_a_sync_makes_the_tabs_apart_and_writes_what_it_would_have(tmp_path, monkeypatch,
                                                                   settings):
    starts = []
    real_start = forked.Forked.start

    def counted(job):
        child = real_start(job)
        starts.append(child is not None)
        return child

    monkeypatch.setattr(forked.Forked, "start", staticmethod(counted))
    apart_parts = synced_parts(tmp_path / "sync", monkeypatch, settings)
    if settings:  # the Duplicates tab made apart shows the values as restricted
        assert b"Success rate: (restricted)" in apart_parts["xl/sharedStrings.xml"]
    assert starts == [True, True]
    monkeypatch.setattr(forked.Forked, "start", staticmethod(lambda job: None))
    here_parts = synced_parts(tmp_path / "sync", monkeypatch, settings)
    assert apart_parts.keys() == here_parts.keys()
    assert [n for n in apart_parts if apart_parts[n] != here_parts[n]] == []


def test_a_run_that_writes_nothing_leaves_no_child(tmp_path, monkeypatch):
    book = tmp_path / "inventory.xlsx"
    shutil.copyfile(EXAMPLE, book)
    pipeline.check(book, None, now=NOW)
    pipeline.sync(book, None, now=NOW, dry_run=True)
    assert no_child_left()
    (tmp_path / "a file").write_text("")
    digest = tmp_path / "a file" / "digest.html"  # refused after the fork, before writing
    with pytest.raises(SkillsyncError):
        pipeline.sync(book, None, now=NOW, digest_path=digest)
    assert no_child_left()
