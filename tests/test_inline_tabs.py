"""Our tabs' texts inline when the workbook's shared strings are large (tabtexts.py): the
tabs read as the shared-strings ones do (calamine, openpyxl, LibreOffice), the table is
left byte for byte as it was once our tabs are inline, its count stays the cells that
refer to it, and a text only shared strings carry goes there, its tab inline but for it."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import libreoffice_tables
from historybook import COLUMN, organisation, write_book
from python_calamine import CalamineWorkbook
from test_aside import tab_cells

from skillsync import pipeline
from skillsync.backends.xlsx import child, tabtexts
from skillsync.backends.xlsx.styles import Styles

NOW = datetime(2026, 11, 30, 9).astimezone()
SHARED_CELL = re.compile(rb'<c [^>]*\bt="s"')
TABLE = "xl/sharedStrings.xml"


@pytest.fixture(autouse=True)
def one_process(monkeypatch):
    """The sync's own writing, not the second process's."""
    monkeypatch.setattr(child, "available", lambda: False)


def _synced(source: Path, folder: Path, monkeypatch, *, inline: bool, nights: int = 1) -> Path:
    """`source` synced at folder/sync/NAME (the same path each time, as the Sync tab shows
    it), its texts inline or not, `nights` times; a copy kept at folder/inline|shared."""
    book = folder / "sync" / source.name
    kept = folder / ("inline" if inline else "shared") / source.name
    for place in (book, kept):
        place.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, book)
    with monkeypatch.context() as patch:
        patch.setattr(tabtexts, "INLINE_TABLE_BYTES", 0 if inline else 1 << 40)
        patch.setenv("SKILLSYNC_STATE_DIR", str(kept.parent / "state"))
        for _ in range(nights):
            pipeline.sync(book, now=NOW)
    shutil.copyfile(book, kept)
    return kept


def _ours(book: Path) -> dict[str, list[list]]:
    workbook = CalamineWorkbook.from_path(str(book))
    names = workbook.sheet_names
    return {n: workbook.get_sheet_by_name(n).to_python() for n in names[names.index("Skills"):]}


def _cells(book: Path) -> tuple[int, int, int, bytes]:
    """Cells referring to the table, inline cells (both over every sheet), the table's
    count attribute, and the table itself."""
    with zipfile.ZipFile(book) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")
                  and n.endswith(".xml")]
        table = archive.read(TABLE)
    count = int(re.search(rb' count="(\d+)"', table).group(1))
    return (sum(len(SHARED_CELL.findall(s)) for s in sheets),
            sum(s.count(b't="inlineStr"') for s in sheets), count, table)


def _book(tmp_path: Path, rows=None) -> Path:
    return write_book(tmp_path / "inventory.xlsx", rows or organisation(60))


def test_inline_tabs_read_as_shared_ones(tmp_path, monkeypatch):
    source = _book(tmp_path)
    inline = _synced(source, tmp_path, monkeypatch, inline=True)
    shared = _synced(source, tmp_path, monkeypatch, inline=False)
    assert _ours(inline) == _ours(shared)
    for title in ("Data Issues", "People × Skills"):
        assert (pd.read_excel(inline, sheet_name=title, engine="openpyxl").equals(
            pd.read_excel(shared, sheet_name=title, engine="openpyxl")))
    assert libreoffice_tables(inline, tmp_path / "lo") == libreoffice_tables(
        shared, tmp_path / "lo-shared")
    referring, inlined, count, _ = _cells(inline)
    assert inlined > 0 and count == referring  # only the inventory's cells refer to it


def test_the_table_is_left_as_it_is_night_after_night(tmp_path, monkeypatch):
    """The first night after tabs of shared strings, the table's count loses their cells
    (its entries stay); from then on, the table is the very same bytes."""
    source = _synced(_book(tmp_path), tmp_path / "before", monkeypatch, inline=False)
    before = _cells(source)
    first = _synced(source, tmp_path, monkeypatch, inline=True)
    referring, _, count, table = _cells(first)
    assert count == referring < before[2]
    assert table.count(b"<si>") == before[3].count(b"<si>")  # no entry appended
    again = tmp_path / "again.xlsx"
    shutil.copyfile(first, again)
    second = _synced(again, tmp_path / "night2", monkeypatch, inline=True, nights=2)
    assert _cells(second)[3] == table and _cells(second)[2] == referring
    with zipfile.ZipFile(first) as one, zipfile.ZipFile(second) as two:
        assert one.getinfo(TABLE).CRC == two.getinfo(TABLE).CRC


@pytest.mark.parametrize("text", ["Lit _x0041_ eral", "_x000D_"])
def test_a_text_only_the_table_carries_goes_there_alone(tmp_path, monkeypatch, text):
    """A text needing an _xHHHH_ code is written in the table, sought there first; every
    other cell of its tabs stays inline, and a second night appends nothing."""
    rows = organisation(60)
    rows[3][COLUMN["Areas of Expertise"]] = f"Python (5), {text} (3)"
    source = _book(tmp_path, rows)
    inline = _synced(source, tmp_path, monkeypatch, inline=True)
    shared = _synced(source, tmp_path, monkeypatch, inline=False)
    assert _ours(inline) == _ours(shared)
    read = pd.read_excel(inline, sheet_name="People × Skills", header=None, engine="openpyxl")
    assert (read == text).any().any()
    assert libreoffice_tables(inline, tmp_path / "lo") == libreoffice_tables(
        shared, tmp_path / "lo-shared")
    referring, inlined, count, table = _cells(inline)
    assert inlined > 0 and count == referring
    for title in ("People × Skills", "Data Issues"):  # the tabs holding the text
        shared_cells, inline_cells = tab_cells(inline, title)
        assert 0 < shared_cells <= 2 < inline_cells
    assert tab_cells(inline, "Duplicates")[0] == 0 < tab_cells(inline, "Duplicates")[1]
    again = tmp_path / "again" / source.name
    again.parent.mkdir()
    shutil.copyfile(inline, again)
    second = _synced(again, tmp_path / "night2", monkeypatch, inline=True)
    assert _cells(second)[2:] == (count, table)  # found again: the table is the same bytes


def test_the_switch_is_the_table_s_size():
    ids = Styles(None).ids()
    assert tabtexts.TabTexts(tabtexts.INLINE_TABLE_BYTES, lambda: None, ids, False).inline
    assert not tabtexts.TabTexts(tabtexts.INLINE_TABLE_BYTES - 1, lambda: None, ids,
                                 False).inline
    assert not tabtexts.TabTexts(0, lambda: None, ids, False).inline  # no table


def test_a_table_without_a_count_is_given_none(tmp_path, monkeypatch):
    """The count attribute is optional: a table without one (as some writers leave it)
    keeps none, rather than a guess (the entries' number minus the cells dropped was 0)."""
    source = _synced(_book(tmp_path), tmp_path / "before", monkeypatch, inline=False)
    with zipfile.ZipFile(source) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    uncounted = tmp_path / "uncounted.xlsx"
    with zipfile.ZipFile(uncounted, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename == TABLE:
                data = re.sub(rb' count="\d+"', b"", data, count=1)
            archive.writestr(info, data)
    for inline in (True, False):
        synced = _synced(uncounted, tmp_path / str(inline), monkeypatch, inline=inline)
        with zipfile.ZipFile(synced) as archive:
            head = re.search(rb"<sst[^>]*>", archive.read(TABLE)).group(0)
        assert b" count=" not in head and b"uniqueCount=" in head


def test_texts_only_the_table_carries_are_sought_in_one_search(tmp_path, monkeypatch):
    """Several tabs hold a text needing an _xHHHH_ code: the table (160 MB at a million
    people) is searched once for all of them, when the first is met, not once per tab."""
    from skillsync.backends.xlsx import strings

    rows = organisation(60)
    rows[3][COLUMN["Areas of Expertise"]] = "Python (5), Lit _x0041_ eral (3)"
    rows[7][COLUMN["Areas of Expertise"]] = "SQL (2), _x000D_ (4)"
    searched = []
    real = strings.plain_string_index
    monkeypatch.setattr(strings, "plain_string_index", lambda table, wanted=None: (
        searched.append(sorted(wanted or ())) or real(table, wanted)))
    source = _book(tmp_path, rows)
    inline = _synced(source, tmp_path, monkeypatch, inline=True)
    assert len(searched) == 1  # the texts of the Data Issues messages, too
    assert {"Lit _x0041_ eral", "_x000D_"} <= set(searched[0])
    for title in ("People × Skills", "Data Issues"):  # each holds both, written in the table
        assert tab_cells(inline, title)[0] >= 2
    assert _ours(inline) == _ours(_synced(source, tmp_path, monkeypatch, inline=False))
