"""A part a write would edit that cannot be read for writing stops a sync before any work
(exit 3), whenever the workbook is parsed for it; a run that writes nothing reads on."""

from __future__ import annotations

import pandas as pd
import pytest
from hostile import rewrite_parts, run, small_workbook

from skillsync.backends.excel import XlsxDocument
from skillsync.backends.xlsx import readahead
from skillsync.errors import NotAWorkbook

TYPES = "[Content_Types].xml"


def _damaged(folder):
    """Content types cut short: readers of cells never look at them, a write edits them."""
    path = small_workbook(folder / "types.xlsx")
    rewrite_parts(path, {TYPES: lambda xml: xml[:-30]})
    return path


def test_a_sync_stops_before_any_work_and_writes_nothing(tmp_path, private_state):
    path = _damaged(tmp_path)
    before = path.read_bytes()
    result = run("sync", path, env={"SKILLSYNC_STATE_DIR": str(private_state)})
    assert result.returncode == 3, result.stderr.decode()[-800:]
    assert b"part [Content_Types].xml cannot be read for writing" in result.stderr
    assert b"Traceback" not in result.stderr
    assert path.read_bytes() == before
    history = private_state / "history"
    assert not history.exists() or not any(history.iterdir())  # no run kept, nor begun


def test_a_check_reads_the_same_workbook(tmp_path, private_state):
    result = run("check", _damaged(tmp_path), env={"SKILLSYNC_STATE_DIR": str(private_state)})
    assert result.returncode in (0, 1), result.stderr.decode()[-800:]


@pytest.mark.parametrize("ahead", [False, True], ids=["read plainly", "read ahead"])
def test_the_refusal_comes_with_the_first_read_before_any_grid(tmp_path, ahead):
    path = _damaged(tmp_path)
    if ahead:
        readahead.begin(str(path))
    document = XlsxDocument(path.read_bytes(), path.name, writing=True)  # opens as before
    try:
        with pytest.raises(NotAWorkbook, match="cannot be read for writing"):
            document.read(["People"])
        assert XlsxDocument(path.read_bytes(), path.name).read(["People"])["People"].rows
    finally:
        readahead.end()
        document.close()


def test_a_workbook_only_written_is_refused_at_its_plan(tmp_path):
    """A CSV source's companion workbook is written, never read: a damaged part of it is
    found when the write is planned, before the run is settled, not while writing."""
    from skillsync.backends.files import COMPANION_SUFFIX, FileBackend
    from skillsync.core.tabs import Tab

    source = tmp_path / "people.csv"
    source.write_text("Name,E-mail,Skills\nAna Lima,ana@example.com,SQL\n")
    companion = _damaged(tmp_path)
    companion.rename(tmp_path / f"people{COMPANION_SUFFIX}")
    backend = FileBackend(source, writing=True)
    try:
        with pytest.raises(NotAWorkbook, match="cannot be read for writing"):
            backend.plan([Tab("skills", "Skills", (), pd.DataFrame())])
    finally:
        backend.close()
