"""What the workbook reader checks before calamine sees a package: a shared-strings table
declaring absurdly many strings (calamine sets room aside for them first and aborts)."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from hostile import doctype_worksheet_as_bin, rewrite_parts, run, small_workbook

from skillsync.backends.xlsx import calaminebook, precheck, readahead, reader

STRINGS = "xl/sharedStrings.xml"
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
ABSURD = b"99999999999999"


def _package(strings: bytes, name: str = STRINGS) -> tuple[bytes, zipfile.ZipFile]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, strings)
    data = buffer.getvalue()
    return data, zipfile.ZipFile(io.BytesIO(data))


def _table(root_attributes: bytes, before: bytes = b"", strings: int = 3) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + before
            + b"<sst " + NS + b" " + root_attributes + b">"
            + b"<si><t>text</t></si>" * strings + b"</sst>")


def _whole_part_fits(strings: bytes, size: int) -> bool:
    """The plain rule: every uniqueCount anywhere in the part, under the bound."""
    bound = max(size // 4, 1 << 20)
    found = re.findall(rb'uniqueCount\s*=\s*["\']([^"\'<>]*)', strings)
    return not any(len(n) > 12 or int(n) > bound for v in found for n in re.findall(rb"\d+", v))


TABLES = {
    "honest": (_table(b'count="3" uniqueCount="3"'), True),
    "absurd": (_table(b'count="3" uniqueCount="' + ABSURD + b'"'), False),
    "single quotes": (_table(b"uniqueCount='" + ABSURD + b"'"), False),
    "spaced": (_table(b'uniqueCount = "' + ABSURD + b'"'), False),
    "after a quoted '>'": (_table(b'x="a>b" uniqueCount="' + ABSURD + b'"'), False),
    "leading zeros": (_table(b'uniqueCount="000000000000003"'), False),
    "large but possible": (_table(b'uniqueCount="1000000"'), True),
    "just past a million": (_table(b'uniqueCount="1048577"'), False),
    "prefixed root": (_table(b'uniqueCount="3"').replace(b"<sst ", b"<x:sst xmlns:x='u' ")
                      .replace(b"</sst>", b"</x:sst>"), True),
    "prefixed absurd": (_table(b'uniqueCount="' + ABSURD + b'"')
                        .replace(b"<sst ", b"<x:sst xmlns:x='u' "), False),
    "behind a comment": (_table(b'uniqueCount="' + ABSURD + b'"',
                                before=b'<!-- <sst uniqueCount="3"> -->'), False),
    "behind another element": (_table(b'uniqueCount="' + ABSURD + b'"',
                                      before=b'<x uniqueCount="3"/>'), False),
    "no count": (_table(b'count="3"'), True),
    "a BOM first": (b"\xef\xbb\xbf" + _table(b'uniqueCount="' + ABSURD + b'"'), False),
    "empty part": (b"", True),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_declared_string_counts(name):
    strings, fits = TABLES[name]
    data, archive = _package(strings)
    assert precheck.strings_declared_fit(data, archive) is fits
    assert _whole_part_fits(strings, len(strings)) is fits  # the head and the whole agree


def test_a_count_in_a_text_past_the_head_is_heeded_when_the_head_is_not_plain():
    text = b'<si><t>uniqueCount="' + ABSURD + b'"</t></si>'
    strings = _table(b'uniqueCount="4"', before=b"<!-- a note -->").replace(b"</sst>",
                                                                             text + b"</sst>")
    data, archive = _package(strings)
    assert precheck.strings_declared_fit(data, archive) is False
    plain = _table(b'uniqueCount="4"').replace(b"</sst>", text + b"</sst>")
    data, archive = _package(plain)
    assert precheck.strings_declared_fit(data, archive) is True  # a text, not the count


@pytest.mark.parametrize("name", ["xl/SharedStrings.xml", "xl\\sharedStrings.xml",
                                  "other/sharedStrings.xml"])
def test_any_part_calamine_might_take_for_the_table_counts(name):
    data, archive = _package(_table(b'uniqueCount="' + ABSURD + b'"'), name)
    assert precheck.strings_declared_fit(data, archive) is False


def test_an_absurd_string_count_streams_the_sheets_instead_of_aborting(tmp_path, private_state):
    """calamine would abort the process (a failed allocation is no exception); the sheets
    are streamed instead, to the same grids."""
    from skillsync.backends.excel import ExcelBackend

    honest = small_workbook(tmp_path / "honest.xlsx")
    absurd = rewrite_parts(honest, {STRINGS: lambda xml: re.sub(
        rb'uniqueCount="\d+"', b'uniqueCount="' + ABSURD + b'"', xml)}, tmp_path / "absurd.xlsx")
    result = run("check", absurd, "--json", memory_mb=3000,
                 env={"SKILLSYNC_STATE_DIR": str(private_state)})
    assert result.returncode == 0, result.stderr.decode()[-800:]
    assert json.loads(result.stdout)["people"] == 3
    grids = []
    for path in (honest, absurd):
        backend = ExcelBackend(path, writing=False)
        grids.append(backend.read(backend.tab_names()))
        backend.close()
    assert grids[0] == grids[1]



@pytest.mark.parametrize("stray", [b"</row>", b"</c>"])
def test_a_large_sheet_with_an_end_tag_too_many_is_refused(tmp_path, private_state, stray):
    """calamine's full read of a sheet is where cells that close more than they open are
    found; a large inventory (past a megabyte, without merged ranges) is read that way too."""
    import xlsxwriter

    path = tmp_path / "large.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, ["Name", "Email", "Skills", "Team"])
    for row in range(1, 20_000):
        sheet.write_row(row, 0, [f"Person {row}", f"p{row}@example.org", "Python, SQL", "Ü"])
    book.close()
    damaged = rewrite_parts(path, {"xl/worksheets/sheet1.xml": lambda xml: xml.replace(
        b"</row>", b"</row>" + stray, 1)}, tmp_path / "damaged.xlsx")
    with zipfile.ZipFile(damaged) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 1 << 20
    before = damaged.read_bytes()
    for command in ("check", "sync"):
        result = run(command, damaged, env={"SKILLSYNC_STATE_DIR": str(private_state)})
        assert result.returncode == 3, result.stderr.decode()[-800:]
        assert b"is damaged" in result.stderr and b"Traceback" not in result.stderr
    assert damaged.read_bytes() == before  # nothing written


def test_calamines_opening_fails_in_the_reading_thread():
    """The workbook is opened for calamine beside the sheet's scan; what the opening
    raised reaches the reader as it is, a panic (a BaseException) included."""
    opening = calaminebook.Opening(b"PK\x03\x04 not a package")
    with pytest.raises(reader.READ_ERRORS, match="Cannot detect file format"):
        opening.book()


@pytest.mark.parametrize("sheet_kind", ["dense", "streamed"])
def test_damaged_styles_stop_only_a_sheet_read_through_calamine(tmp_path, private_state,
                                                                sheet_kind):
    """Damaged styles stop calamine's opening: a sheet read through calamine is refused
    naming its part; a sheet streamed cell by cell (a stray cell far away) never needs it."""
    def far_cell(book):
        book.get_worksheet_by_name("People").write("XFD1048576", "stray")

    path = small_workbook(tmp_path / "styles.xlsx",
                          extra=far_cell if sheet_kind == "streamed" else None)
    rewrite_parts(path, {"xl/styles.xml": lambda xml: xml[:-20]})
    result = run("check", path, env={"SKILLSYNC_STATE_DIR": str(private_state)})
    if sheet_kind == "dense":
        assert result.returncode == 3
        assert b"is damaged: part xl/worksheets/sheet1.xml" in result.stderr
    else:
        assert result.returncode == 0, result.stderr.decode()[-800:]
    assert b"Traceback" not in result.stderr


def _tab_named_otherwise(folder, far_cell: bool = False):
    """Tab 1's name holds a tab character as written, which an XML parser reads as a space
    ('A B') and calamine as written ('A\\tB'); tab 2 is named 'A&#9;B' ('A\\tB' to both), and
    holds the people. With `far_cell`, tab 1 holds a stray cell at XFD1048576, whose extent
    calamine would try to allocate, aborting the process."""
    def more(book):
        team = book.add_worksheet("Team")
        team.write_row(0, 0, ["Name", "E-mail", "Team", "Skills"])
        team.write_row(1, 0, ["Ana Lima", "ana@example.com", "Search", "NLP (4), SQL"])

    path = small_workbook(folder / "names.xlsx", extra=more)

    def names(xml: bytes) -> bytes:
        return xml.replace(b'name="People"', b'name="A\tB"').replace(b'name="Team"',
                                                                     b'name="A&#9;B"')

    def far(xml: bytes) -> bytes:
        at = xml.rfind(b"</sheetData>")
        return xml[:at] + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>' + xml[at:]

    return rewrite_parts(path, {"xl/workbook.xml": names,
                                **({"xl/worksheets/sheet1.xml": far} if far_cell else {})})


@pytest.mark.parametrize("ahead", [False, True], ids=["read plainly", "read ahead"])
def test_a_tab_calamine_names_otherwise_is_never_parsed_from_another_part(tmp_path, ahead):
    from skillsync.backends.excel import XlsxDocument

    path = _tab_named_otherwise(tmp_path)
    if ahead:
        readahead.begin(str(path))
    try:
        document = XlsxDocument(path.read_bytes(), path.name)
        grids = document.read(document.tab_names())
    finally:
        readahead.end()
    # Each tab from its own part (streamed), not tab 2 read from tab 1's.
    assert grids["A\tB"].rows == [["Name", "E-mail", "Team", "Skills"],
                                  ["Ana Lima", "ana@example.com", "Search", "NLP (4), SQL"]]
    assert len(grids["A B"].rows) == 4


def test_the_command_line_reads_such_a_workbook_without_aborting(tmp_path, private_state):
    result = run("check", _tab_named_otherwise(tmp_path, far_cell=True),
                 env={"SKILLSYNC_STATE_DIR": str(private_state)})
    assert result.returncode in (0, 1, 2, 3), result.stderr.decode()[-800:]
    assert b"Traceback" not in result.stderr and b"panicked" not in result.stderr


def test_a_worksheet_under_another_suffix_is_verified_as_xml(tmp_path, private_state):
    """The package's checks verify parts by their suffix (.xml, .rels, .vml); a worksheet
    stored as 'sheet1.bin' is verified as it is read, a document type refused alike."""
    path = small_workbook(tmp_path / "bin.xlsx")
    doctype_worksheet_as_bin(path)
    result = run("check", path, env={"SKILLSYNC_STATE_DIR": str(private_state)})
    assert result.returncode == 3, result.stderr.decode()[-800:]
    assert b"part xl/worksheets/sheet1.bin declares a document type" in result.stderr
    assert b"Traceback" not in result.stderr
