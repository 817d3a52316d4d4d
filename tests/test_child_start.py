"""When a workbook's second process starts: once its sheets are read (calamine, parsing
ahead, has the other core until then), or at its first use when nothing is read; never
for a workbook whose reading fails, nor after the write is planned."""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from hostile import doctype_worksheet_as_bin

from skillsync import pipeline
from skillsync.backends.excel import XlsxDocument
from skillsync.backends.xlsx import aside, child, reader
from skillsync.core.tabs import Tab
from skillsync.errors import SkillsyncError

pytestmark = pytest.mark.skipif(not child.available(),
                                reason="no interpreter to start, memfd or second core")

EXAMPLE = Path(__file__).parent.parent / "examples" / "inventory.xlsx"


@pytest.fixture
def steps(monkeypatch):
    """Every workbook is worth a child; each sheet read and each child started is noted,
    in order (the child is a real one, and does its work)."""
    monkeypatch.setattr(aside, "START_BYTES", 0)
    monkeypatch.setattr(aside, "PARSE_BYTES", 0)
    monkeypatch.setattr(aside, "ASIDE_ROWS", 0)
    noted: list[str] = []
    read, spare = reader.read_grids, aside.spare

    def read_grids(*args, **kwargs):
        grids = read(*args, **kwargs)
        noted.append("read")
        return grids

    def started(*args, **kwargs):
        worker = spare(*args, **kwargs)
        noted.append("child" if worker is not None else "no child")
        return worker

    monkeypatch.setattr(reader, "read_grids", read_grids)
    monkeypatch.setattr(aside, "spare", started)
    return noted


def _copy(folder: Path) -> Path:
    book = folder / "inventory.xlsx"
    shutil.copyfile(EXAMPLE, book)
    return book


@pytest.mark.parametrize("write", [True, False], ids=["sync", "check"])
def test_the_child_starts_once_the_sheets_are_read(tmp_path, monkeypatch, steps, write):
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    book = _copy(tmp_path)
    report = pipeline.sync(book, dry_run=not write)
    assert steps[:2] == ["read", "child"]
    assert steps.count("child") == 1
    if write:
        assert "People × Skills" in report.tabs_written


def test_a_workbook_whose_sheet_is_refused_as_it_is_read_starts_no_child(
        tmp_path, monkeypatch, steps):
    """A worksheet stored under another suffix is verified only as it is read (the
    package's checks go by suffix): its document type is found after the opening."""
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    book = _copy(tmp_path)
    doctype_worksheet_as_bin(book)
    with pytest.raises(SkillsyncError, match="declares a document type"):
        pipeline.sync(book)
    assert steps == []


def test_a_workbook_only_written_starts_its_child_at_its_first_tab(steps):
    document = XlsxDocument(EXAMPLE.read_bytes(), EXAMPLE.name, writing=True)
    try:
        assert document.builds_aside and steps == []
        build = partial(Tab, "skills", "Skills", (), pd.DataFrame())  # sent: picklable
        tab = document.aside("skills", "Skills", 1, build)
        assert steps == ["child"]
        assert isinstance(tab, aside.AsideTab)
    finally:
        document.close()


def test_no_child_starts_once_the_write_is_planned(steps):
    document = XlsxDocument(EXAMPLE.read_bytes(), EXAMPLE.name, writing=True)
    try:
        document.plan([])
        made = Tab("skills", "Skills", (), pd.DataFrame())
        assert document.aside("skills", "Skills", 1, lambda: made) is made
        assert document.elsewhere(lambda: 1, "counting") is None
        assert steps == [] and not document.builds_aside
    finally:
        document.close()


def test_a_child_that_cannot_start_leaves_the_early_tabs_to_be_built_in_turn(
        tmp_path, monkeypatch, steps):
    """The early tabs are begun before the history is recalled only because a second
    process builds them; one that could not be started leaves them to be built after it
    (a run the guard holds back then builds none)."""
    from skillsync.core import peopleskills
    from skillsync.history.session import Session

    def no_process(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(child.subprocess, "Popen", no_process)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    order: list[str] = []

    def noted(label, function):
        def called(*args, **kwargs):
            order.append(label)
            return function(*args, **kwargs)
        return called

    monkeypatch.setattr(Session, "recall", noted("recall", Session.recall))
    for name in ("from_people_named", "from_people"):
        monkeypatch.setattr(peopleskills, name,
                            noted("people × skills", getattr(peopleskills, name)))
    report = pipeline.sync(_copy(tmp_path))
    assert steps[:2] == ["read", "no child"]
    assert order == ["recall", "people × skills"]
    assert "People × Skills" in report.tabs_written
