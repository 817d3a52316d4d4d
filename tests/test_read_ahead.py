"""Reading a workbook's sheets ahead while skillsync loads (backends/xlsx/readahead.py):
the grids read with a read-ahead begun are the grids read without one; other bytes, or a
sheet calamine must not parse, get nothing from it."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from hostile import cli, rewrite_parts, run, small_workbook
from messy import build_messy_workbook

import skillsync
from skillsync.backends.excel import XlsxDocument
from skillsync.backends.xlsx import readahead


@pytest.fixture
def given(monkeypatch):
    """(sheet, whether it was parsed ahead) for each sheet the reader asked for: the real
    method, recorded."""
    asked: list[tuple[str, bool]] = []
    real = readahead.Ahead.parsed

    def parsed(self, data, name):
        found = real(self, data, name)
        asked.append((name, found is not None))
        return found

    monkeypatch.setattr(readahead.Ahead, "parsed", parsed)
    yield asked
    readahead.end()


def _grids(path: Path, names: list[str] | None = None):
    document = XlsxDocument(path.read_bytes(), path.name)
    return document.read(names if names is not None else document.tab_names())


@pytest.fixture
def messy(tmp_path) -> Path:
    path = tmp_path / "messy.xlsx"
    build_messy_workbook(path)
    return path


@pytest.mark.parametrize("order", [1, -1], ids=["in order", "last first"])
def test_the_grids_read_ahead_are_the_grids_read_without(messy, given, order):
    names = XlsxDocument(messy.read_bytes(), messy.name).tab_names()[::order]
    plain = _grids(messy, names)
    readahead.begin(str(messy))
    ahead = _grids(messy, names)
    assert ahead == plain and list(ahead) == names
    assert given == [(name, True) for name in names]  # every one came from the read-ahead
    assert readahead.current() is None  # nothing kept once the reader has what it needs


def test_error_cells_formulas_and_merges_come_through(messy, given):
    readahead.begin(str(messy))
    people = _grids(messy, ["People"])["People"]
    assert ("People", True) in given
    assert people.merged and any(str(v).startswith("#N/A") for row in people.rows for v in row
                                 if v.__class__.__name__ == "CellError")


def test_a_workbook_changed_since_is_read_afresh(messy, given):
    readahead.begin(str(messy))
    assert readahead.current() is not None  # set up: its snapshot is taken
    rewrite_parts(messy, {"xl/sharedStrings.xml": lambda xml: xml.replace(b"Berlin", b"Lisbon")})
    ahead = _grids(messy, ["People"])
    assert given == [("People", False)]
    assert ahead == _grids(messy, ["People"])
    assert "Lisbon" in {v for row in ahead["People"].rows for v in row}


def test_a_sheet_calamine_must_not_parse_is_left_to_the_reader(tmp_path, given):
    path = tmp_path / "stray.xlsx"
    build_messy_workbook(path, stray_cell=True)  # a cell at XFD1048576: streamed instead
    plain = _grids(path, ["People", "Calc"])
    readahead.begin(str(path))
    assert _grids(path, ["People", "Calc"]) == plain
    assert given == [("People", False), ("Calc", True)]


def test_tabs_we_own_are_not_read_ahead(tmp_path, private_state, given):
    path = small_workbook(tmp_path / "synced.xlsx")
    skillsync.sync(path)
    document = XlsxDocument(path.read_bytes(), path.name)
    assert document.package.owned
    readahead.begin(str(path))
    assert sorted(readahead.current()._infos) == ["People"]
    assert _grids(path, ["People"]) == document.read(["People"])


@pytest.mark.parametrize("source", ["missing.xlsx", "folder.xlsx", "people.csv",
                                    "not-a-zip.xlsx", "https://example.com/book.xlsx"])
def test_what_is_no_workbook_is_left_to_the_backend(tmp_path, monkeypatch, source):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.xlsx").mkdir()
    (tmp_path / "people.csv").write_text("Name,E-mail\nAna,ana@example.com\n")
    (tmp_path / "not-a-zip.xlsx").write_bytes(b"Name,E-mail\n")
    readahead.begin(source)
    assert readahead.current() is None


def test_an_absurd_string_count_is_never_opened_ahead(tmp_path):
    path = rewrite_parts(small_workbook(tmp_path / "absurd.xlsx"), {
        "xl/sharedStrings.xml": lambda xml: xml.replace(b'uniqueCount="', b'uniqueCount="9999999',
                                                        1)})
    readahead.begin(str(path))
    assert readahead.current() is None


def test_the_command_line_reads_ahead_and_reports_the_same(messy, private_state, given):
    expected = skillsync.check(messy).as_dict()  # the library begins no read-ahead
    assert given == []
    code, out, _ = cli("check", messy, "--json")
    assert code == 0 and ("People", True) in given
    found = json.loads(out)
    for key in ("checksum", "rows_read", "people", "issues", "duplicates"):
        assert found[key] == json.loads(json.dumps(expected[key], default=str)), key


def test_a_check_in_its_own_process_matches_one_without(messy, private_state, tmp_path):
    copy = shutil.copy(messy, tmp_path / "copy.xlsx")
    result = run("check", copy, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["checksum"] == skillsync.check(messy).checksum


def test_a_sheet_asked_for_twice_is_read_by_the_reader_the_second_time(messy, given):
    plain = _grids(messy, ["People"])
    readahead.begin(str(messy))
    assert _grids(messy, ["People", "People"]) == plain
    assert given == [("People", True), ("People", False)]


def test_a_workbook_open_in_office_is_not_read_ahead(messy, given):
    (messy.parent / f"~${messy.name}").write_bytes(b"\x05Ana Lima")
    readahead.begin(str(messy))
    assert readahead.current() is None
    assert _grids(messy, ["People"])["People"].rows and given == []


def _two_tabs_named_people(path: Path) -> Path:
    """The first People tab holds a cell at XFD1048576 (to be streamed), the second not."""
    def extra(book) -> None:
        book.get_worksheet_by_name("People").write("XFD1048576", "stray")
        book.add_worksheet("Zother").write_row(0, 0, ["Name", "E-mail"])

    small_workbook(path, extra=extra)
    return rewrite_parts(path, {"xl/workbook.xml": lambda xml: xml.replace(
        b'name="Zother"', b'name="People"')})


def test_a_name_two_tabs_share_is_not_read_ahead(tmp_path, private_state):
    path = _two_tabs_named_people(tmp_path / "twice.xlsx")
    readahead.begin(str(path))
    assert readahead.current() is None  # no other tab to read: nothing begun
    result = run("check", path, "--json")  # calamine never meets the far cell
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["checksum"] == skillsync.check(path).checksum


def _settings(folder: Path, text: str) -> Path:
    (folder / "skillsync.toml").write_text(text)
    return folder / "skillsync.toml"


def test_only_the_tab_the_settings_name_is_read_ahead(messy, given):
    _settings(messy.parent, '[source]\ntab = "people"\n')
    readahead.begin(str(messy))
    assert list(readahead.current()._infos) == ["People"]
    assert _grids(messy, ["People"]) == XlsxDocument(messy.read_bytes(), "m").read(["People"])
    assert given == [("People", True)]


def test_settings_given_on_the_command_line_are_the_ones_looked_into(messy, tmp_path):
    elsewhere = tmp_path / "settings"
    elsewhere.mkdir()
    _settings(messy.parent, '[source]\ntab = "Calc"\n')  # beside: not the run's settings
    readahead.begin(str(messy), _settings(elsewhere, '[source]\ntab = "Aliases"\n'))
    assert list(readahead.current()._infos) == ["Aliases"]
    readahead.end()


@pytest.mark.parametrize("text", ["[limits]\nmax_cell_chars = 300\n", "not = [toml",
                                  '[source]\ntab = 3\n', '[source]\ntab = "Nowhere"\n'])
def test_settings_that_set_limits_or_cannot_be_followed_begin_nothing(messy, text):
    _settings(messy.parent, text)
    readahead.begin(str(messy))
    assert readahead.current() is None


def test_a_command_that_stops_before_reading_lets_the_read_ahead_go(messy, private_state):
    (messy.parent / f"~${messy.name}").write_bytes(b"\x05Ana Lima")  # open in Office
    code, _, err = cli("sync", messy)
    assert code == 3 and "is open by" in err
    (messy.parent / f"~${messy.name}").unlink()
    _settings(messy.parent, "[history]\nkeep_days = -1\n")  # refused by the settings check
    code, _, err = cli("check", messy)
    assert code != 0 and readahead.current() is None


def test_no_more_than_one_sheet_is_held_ahead_of_the_reader(messy, given):
    readahead.begin(str(messy))
    ahead = readahead.current()
    deadline = time.monotonic() + 30
    while not ahead._parsed and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)  # time enough to parse the next four, were it free to
    with ahead._changed:
        assert list(ahead._parsed) == ["Instructions"] and len(ahead._queue) == 4
    names = ["Calc", "People", "Not duplicates", "Instructions", "Aliases"]  # out of order
    assert _grids(messy, names) == XlsxDocument(messy.read_bytes(), "m").read(names)
    assert given == [(name, True) for name in names]


@pytest.fixture
def inflations(monkeypatch):
    """The package checks the reader made itself (zipread.check_archive, as excel.py calls it)."""
    from skillsync.backends import excel

    made: list[str] = []
    real = excel.check_archive

    def check_archive(archive, data, limits, name):
        made.append(name)
        return real(archive, data, limits, name)

    monkeypatch.setattr(excel, "check_archive", check_archive)
    yield made
    readahead.end()


def test_bytes_checked_ahead_are_not_checked_again(messy, inflations):
    plain = _grids(messy, ["People"])
    assert inflations == ["messy.xlsx"]
    readahead.begin(str(messy))
    assert _grids(messy, ["People"]) == plain
    assert inflations == ["messy.xlsx"]  # the reader took the read-ahead's check


def test_other_bytes_or_other_limits_are_checked_by_the_reader(messy, inflations):
    from skillsync.limits import Limits

    readahead.begin(str(messy))
    XlsxDocument(messy.read_bytes(), "strict.xlsx", Limits(max_ratio=150))
    assert inflations == ["strict.xlsx"]
    rewrite_parts(messy, {"xl/sharedStrings.xml": lambda xml: xml.replace(b"Berlin", b"Rome")})
    XlsxDocument(messy.read_bytes(), "changed.xlsx")
    assert inflations == ["strict.xlsx", "changed.xlsx"]


def test_a_damaged_package_is_refused_by_the_reader_as_without_a_read_ahead(messy):
    from skillsync.backends.xlsx.package import damaged

    rewrite_parts(messy, {"xl/styles.xml": lambda xml: b"<!DOCTYPE x>" + xml})
    readahead.begin(str(messy))
    assert readahead.current() is None  # its checks refused it: nothing begun
    with pytest.raises(type(damaged("m", "p", "w"))):
        XlsxDocument(messy.read_bytes(), messy.name)


def _synced(folder: Path) -> Path:
    path = small_workbook(folder / "synced.xlsx")
    skillsync.sync(path)
    return path


def _owned_parts(path: Path) -> set[str]:
    package = XlsxDocument(path.read_bytes(), path.name).package
    return {s.part for s in package.sheets if s.name in package.owned}


@pytest.fixture
def verified(monkeypatch):
    """The parts the read-ahead verified by inflating their streams: the real function,
    recorded."""
    from skillsync.backends.xlsx import zipread

    parts: list[str] = []

    def verify_stream(data, info, name):
        parts.append(info.filename)
        return zipread.verify_stream(data, info, name)

    monkeypatch.setattr(readahead, "verify_stream", verify_stream)
    yield parts
    readahead.end()


def test_tabs_we_own_are_verified_when_the_reader_asks_not_before(
        tmp_path, private_state, verified, inflations):
    path = _synced(tmp_path)
    owned = _owned_parts(path)
    assert owned
    checks_before = len(inflations)
    readahead.begin(str(path))
    assert not owned & set(verified)  # calamine was not kept waiting for them
    grids = _grids(path, ["People"])
    assert owned <= set(verified)  # verified before the reader went on
    assert len(inflations) == checks_before  # and the reader took the read-ahead's check
    readahead.end()
    assert _grids(path, ["People"]) == grids


def test_a_sheet_read_ahead_is_verified_by_its_own_reading(tmp_path, private_state, verified):
    path = _synced(tmp_path)
    document = XlsxDocument(path.read_bytes(), path.name)
    people = next(s.part for s in document.package.sheets if s.name == "People")
    readahead.begin(str(path))
    _grids(path, ["People"])
    assert people not in verified  # inflated once, as calamine's input, not twice


def _wrong_checksum(path: Path, part: str) -> None:
    """The part's checksum in the zip's directory changed: its stream no longer matches."""
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02")  # the directory's first entry
    while not data[at + 46:].startswith(part.encode()):
        at = data.index(b"PK\x01\x02", at + 4)
    data[at + 16] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["document type", "checksum"])
def test_a_damaged_tab_we_own_is_refused_as_without_a_read_ahead(tmp_path, private_state,
                                                                 damage):
    from skillsync.errors import NotAWorkbook

    path = _synced(tmp_path)
    part = sorted(_owned_parts(path))[0]
    if damage == "checksum":
        _wrong_checksum(path, part)
    else:
        rewrite_parts(path, {part: lambda xml: b"<!DOCTYPE x>" + xml})
    with pytest.raises(NotAWorkbook) as plain:
        XlsxDocument(path.read_bytes(), path.name)
    readahead.begin(str(path))
    assert readahead.current() is not None  # begun: the damage is in a part not yet verified
    try:
        with pytest.raises(NotAWorkbook) as after:
            XlsxDocument(path.read_bytes(), path.name)
    finally:
        readahead.end()
    assert str(after.value) == str(plain.value) and part in str(plain.value)


def test_an_inventory_declaring_a_document_type_is_never_parsed_ahead(tmp_path, given):
    from skillsync.errors import NotAWorkbook

    path = small_workbook(tmp_path / "people.xlsx")
    package = XlsxDocument(path.read_bytes(), path.name).package
    part = next(s.part for s in package.sheets if s.name == "People")
    rewrite_parts(path, {part: lambda xml: b"<!DOCTYPE x>" + xml})
    readahead.begin(str(path))
    assert readahead.current() is None  # its scan refused it before calamine saw it
    with pytest.raises(NotAWorkbook, match="document type"):
        XlsxDocument(path.read_bytes(), path.name)
