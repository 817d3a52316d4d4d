"""Workbooks as an attacker or a careless colleague leaves them (issue 11, classes 2, 4, 6,
7, 10 and 11): memory that follows the cells present, zip and text limits, sources that are
not files, damaged parts, edits a comment cannot fool, an ownership mark not trusted blindly.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import python_calamine
from hostile import (
    MEMORY_MB,
    cli,
    lying_part,
    one_clear_line,
    read_part,
    rewrite_parts,
    run,
    small_workbook,
)

from skillsync.backends.gsheets.cells import grid_from_values
from skillsync.backends.xlsx.zipparts import RawPart, write_parts

SHEET1 = "xl/worksheets/sheet1.xml"


def tabs(path: Path) -> list[str]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names


def values(path: Path, tab: str) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(tab).to_python()


def with_notes(write) -> object:
    def extra(book):
        write(book.add_worksheet("Notes"))
    return extra


def sync_json(path: Path, *extra: object) -> dict:
    code, out, err = cli("sync", path, "--json", *extra)
    assert code == 0, err
    return json.loads(out)


# --- 2. a stray far cell, or a far block, costs what its cells cost ---------------------------

FAR = {
    "lone-cell-in-another-tab": lambda s: s.write(1048575, 16383, "oops"),
    "a1-and-xfd1048576": lambda s: (s.write(0, 0, "top"), s.write(1048575, 16383, "bottom")),
    "far-block": lambda s: [s.write(999_999 + r, 16_380 + c, f"{r}{c}")
                            for r in range(6) for c in range(4)],
    "staircase": lambda s: [s.write(999 * k, 15 * k, "x") for k in range(1, 1049)],
}


@pytest.mark.parametrize("shape", list(FAR))
def test_far_cells_in_any_tab_cost_only_what_they_hold(tmp_path, private_state, shape):
    path = small_workbook(tmp_path / "far.xlsx", extra=with_notes(FAR[shape]))
    result = run("sync", path, "--json", env={"SKILLSYNC_STATE_DIR": str(private_state)},
                 memory_mb=MEMORY_MB, timeout=120)
    assert result.returncode == 0, result.stderr.decode()[-800:]
    assert json.loads(result.stdout)["people"] == 3
    assert "Skills" in tabs(path)


def test_a_stray_cell_beside_the_inventory_is_reported_not_expanded(tmp_path, private_state):
    def people_far(book):
        book.worksheets()[0].write(1048575, 16383, "stray")
    path = small_workbook(tmp_path / "stray.xlsx", extra=people_far)
    result = run("check", path, "--json", memory_mb=MEMORY_MB,
                 env={"SKILLSYNC_STATE_DIR": str(private_state)})
    assert result.returncode == 0, result.stderr.decode()[-800:]
    stray = [i for i in json.loads(result.stdout)["issues"] if i["code"] == "stray-cell"]
    assert stray and "XFD1048576" in stray[0]["message"]


@pytest.mark.parametrize("odd", [
    b'<c s="0" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',  # attributes reordered
    b'<c  r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',  # two spaces
    b'<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>',  # a prefix
    b'<c r="XFD01048576" t="inlineStr"><is><t>x</t></is></c>',  # a leading zero
    b'<c t="inlineStr"><is><t>x</t></is></c>' * 3,  # no references at all
], ids=["reordered", "spaced", "prefixed", "leading-zero", "no-reference"])
def test_cells_written_oddly_cannot_smuggle_in_a_huge_extent(tmp_path, private_state, odd):
    path = small_workbook(tmp_path / "odd.xlsx")
    rewrite_parts(path, {SHEET1: lambda xml: xml.replace(
        b"</sheetData>", b'<row r="1048576">' + odd + b"</row></sheetData>")})
    result = run("check", path, "--json", memory_mb=MEMORY_MB,
                 env={"SKILLSYNC_STATE_DIR": str(private_state)})
    assert result.returncode == 0, result.stderr.decode()[-800:]
    assert json.loads(result.stdout)["people"] == 3


def test_merged_ranges_reach_the_grid_on_both_readers(tmp_path):
    from skillsync.backends.excel import ExcelBackend

    def merged(book):
        sheet = book.add_worksheet("Teams")
        sheet.write_row(0, 0, ["Team", "E-mail"])
        sheet.merge_range("A2:A4", "Search")
        sheet.write_column(1, 1, ["a@example.com", "b@example.com", "c@example.com"])
        far = book.add_worksheet("Far")
        far.merge_range("B2:C3", "block")
        far.write_column(1, 3, ["beside", "below"])
        far.write(1048575, 16383, "stray")
    path = small_workbook(tmp_path / "merged.xlsx", extra=merged)
    backend = ExcelBackend(path, writing=False)
    grids = backend.read(["Teams", "Far"])
    backend.close()
    assert grids["Teams"].merged == ((2, 1, 4, 1),)
    assert grids["Far"].merged == ((2, 2, 3, 3),)
    assert grids["Far"].rows[1][1] == "block"


def test_the_sheets_grid_is_bounded_the_same_way():
    from skillsync.core.grids import budget

    values = [["Name", "E-mail"], ["Ana", "ana@example.com"]]
    values += [[] for _ in range(999_997)] + [[""] * 18_000 + ["far"]]
    grid = grid_from_values("People", values)
    cells = sum(len(r) for r in grid.rows)
    assert cells <= budget(4)
    assert grid.rows[:2] == values[:2] and grid.stray == ("ZPI1000000",)
    merged = grid_from_values("P", [["Team"], ["Search"]], merges=[
        {"startRowIndex": 1, "endRowIndex": 4, "startColumnIndex": 0, "endColumnIndex": 1}])
    assert merged.merged == ((2, 1, 2, 1),)  # clipped to the two rows the grid has


# --- 4. decompression and size limits --------------------------------------------------------

def padded(megabytes: int):
    return lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + b" " * (megabytes << 20))


def test_a_part_that_inflates_like_a_bomb_is_refused_before_reading(tmp_path):
    path = rewrite_parts(small_workbook(tmp_path / "bomb.xlsx"), {SHEET1: padded(40)})
    assert path.stat().st_size < 200_000
    code, _, err = cli("check", path)
    assert code == 3
    assert "max_ratio" in one_clear_line(err)
    config = tmp_path / "limits.toml"
    config.write_text("[limits]\nmax_ratio = 100000\nmax_part_mb = 30\n")
    code, _, err = cli("check", path, "--config", config)
    assert code == 3 and "max_part_mb" in one_clear_line(err)
    config.write_text("[limits]\nmax_ratio = 100000\n")
    code, _, err = cli("check", path, "--config", config)
    assert code == 0, err


def test_too_many_parts_are_refused(tmp_path):
    path = small_workbook(tmp_path / "parts.xlsx")
    rewrite_parts(path, {f"customXml/item{i}.xml": b"<a/>" for i in range(30)})
    config = tmp_path / "limits.toml"
    config.write_text("[limits]\nmax_parts = 20\n")
    code, _, err = cli("check", path, "--config", config)
    assert code == 3 and "max_parts" in one_clear_line(err)
    assert cli("check", path)[0] == 0


def test_a_part_that_lies_about_its_size_is_refused(tmp_path):
    """The recorded size and checksum cover a harmless prefix; the stream goes on (calamine
    would read all of it)."""
    path = lying_part(small_workbook(tmp_path / "liar.xlsx"), SHEET1, lambda real: real.replace(
        b"</sheetData>", b"</sheetData>" + b"<!-- " + b"x" * 5_000_000 + b"-->"))
    code, _, err = cli("check", path)
    assert code == 3
    assert SHEET1 in one_clear_line(err) and "recorded size" in err


def test_cell_text_over_the_limit_is_cut_with_a_warning(tmp_path):
    long_text = "NLP, " * 12_000  # 60,000 characters in one skills cell
    path = small_workbook(tmp_path / "long.xlsx")
    rewrite_parts(path, {SHEET1: lambda xml: xml.replace(
        b'<c r="D2" t="s"><v>7</v></c>',
        b'<c r="D2" t="inlineStr"><is><t>' + long_text.encode() + b"</t></is></c>")})
    report = sync_json(path)
    cut = [i for i in report["issues"] if i["code"] == "cell-too-long"]
    assert [(i["row"], "D2" in i["message"]) for i in cut] == [(2, True)]
    config = tmp_path / "limits.toml"
    config.write_text("[limits]\nmax_cell_chars = 300\n")
    report = sync_json(path, "--config", config, "--dry-run")
    assert [i["row"] for i in report["issues"] if i["code"] == "cell-too-long"] == [2]


# --- 6. sources that are not regular files ---------------------------------------------------

def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "inventory.xlsx"
    os.mkfifo(fifo)
    result = run("check", fifo, timeout=60)
    assert result.returncode == 3
    assert "regular file" in one_clear_line(result.stderr)


def test_a_device_is_refused_not_read_forever(tmp_path):
    (tmp_path / "zero.xlsx").symlink_to("/dev/zero")
    result = run("sync", tmp_path / "zero.xlsx", timeout=60, memory_mb=MEMORY_MB)
    assert result.returncode == 3
    assert "regular file" in one_clear_line(result.stderr)


def test_a_loop_of_links_is_one_clear_line(tmp_path):
    (tmp_path / "a.xlsx").symlink_to(tmp_path / "b.xlsx")
    (tmp_path / "b.xlsx").symlink_to(tmp_path / "a.xlsx")
    code, _, err = cli("check", tmp_path / "a.xlsx")
    assert code == 3 and "loop" in one_clear_line(err)


def test_a_link_to_a_real_workbook_still_works(tmp_path):
    real = small_workbook(tmp_path / "real.xlsx")
    (tmp_path / "link.xlsx").symlink_to(real)
    assert sync_json(tmp_path / "link.xlsx")["people"] == 3
    assert (tmp_path / "link.xlsx").is_symlink() and "Skills" in tabs(real)


# --- 7. damaged workbooks are exit 3 and name the part ---------------------------------------

def doctype(xml: bytes) -> bytes:
    head, _, rest = xml.partition(b"?>")
    bomb = (b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>')
    return head + b"?>" + bomb + rest.replace(b"<v>0</v>", b"<v>0</v>", 1)


DAMAGE = {
    "sheet-truncated-xml": (SHEET1, lambda x: x[: len(x) // 2]),
    "sheet-bad-utf8": (SHEET1, lambda x: x.replace(b"</sheetData>",
                                                    b'<row r="9"><c r="A9" t="inlineStr"><is><t>'
                                                    b"\xff\xfe</t></is></c></row></sheetData>")),
    "sheet-entities": (SHEET1, doctype),
    "strings-malformed": ("xl/sharedStrings.xml", lambda x: x.replace(b"</si>", b"</s>", 1)),
    "strings-entities": ("xl/sharedStrings.xml", doctype),
    "workbook-malformed": ("xl/workbook.xml", lambda x: x.replace(b"<sheets>", b"<sheets")),
    "rels-entities": ("xl/_rels/workbook.xml.rels", doctype),
    "styles-rejected": ("xl/styles.xml", lambda x: x.replace(b'numFmtId="0"', b'numFmtId="x"')),
    "styles-malformed": ("xl/styles.xml", lambda x: x[:-20]),
    "content-types-malformed": ("[Content_Types].xml", lambda x: x[:-10]),
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_parts_are_one_line_exit_3_before_any_work(tmp_path, private_state, kind):
    part, damage = DAMAGE[kind]
    path = rewrite_parts(small_workbook(tmp_path / "damaged.xlsx"), {part: damage})
    before = path.read_bytes()
    code, _, err = cli("sync", path, "--digest", tmp_path / "digest.html")
    assert code == 3, err
    line = one_clear_line(err)
    assert "damaged" in line and part in line and "Excel" in line
    assert path.read_bytes() == before
    assert not (tmp_path / "digest.html").exists()
    assert not (private_state / "backups").exists() or not any(
        (private_state / "backups").rglob("*.xlsx"))


def test_a_truncated_file_is_one_line_exit_3(tmp_path):
    path = small_workbook(tmp_path / "cut.xlsx")
    path.write_bytes(path.read_bytes()[:-300])
    code, _, err = cli("check", path)
    assert code == 3
    one_clear_line(err)


def test_a_part_stored_twice_is_refused(tmp_path):
    path = small_workbook(tmp_path / "twice.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = [RawPart.new(i.filename, archive.read(i)) for i in archive.infolist()]
    parts.append(RawPart.new("XL/Worksheets/Sheet1.xml", b"<worksheet/>"))
    out = io.BytesIO()
    write_parts(out, parts)
    path.write_bytes(out.getvalue())
    code, _, err = cli("check", path)
    assert code == 3 and "twice" in one_clear_line(err)


def test_a_part_marked_as_encrypted_is_refused(tmp_path):
    path = small_workbook(tmp_path / "locked.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = [RawPart.new(i.filename, archive.read(i)) for i in archive.infolist()]
    parts = [replace(p, flags=p.flags | 0x1) if p.name == SHEET1 else p for p in parts]
    out = io.BytesIO()
    write_parts(out, parts)
    path.write_bytes(out.getvalue())
    before = path.read_bytes()
    for command in ("check", "sync"):
        code, _, err = cli(command, path)
        assert code == 3 and "encrypted" in one_clear_line(err)
    assert path.read_bytes() == before


# --- 10. text edits a comment or CDATA cannot fool -------------------------------------------

def test_a_comment_holding_sheets_end_does_not_swallow_the_new_tabs(tmp_path):
    path = small_workbook(tmp_path / "comment.xlsx")
    rewrite_parts(path, {"xl/workbook.xml": lambda x: x.replace(
        b"</workbook>", b"<!-- old list: <sheets></sheets> --></workbook>")})
    report = sync_json(path)
    assert "Skills" in report["tabs_written"]
    assert {"Skills", "Sync", "Data Issues"} <= set(tabs(path))
    assert b"<!-- old list: <sheets></sheets> -->" in read_part(path, "xl/workbook.xml")


def test_cdata_in_shared_strings_does_not_shift_the_written_strings(tmp_path):
    path = small_workbook(tmp_path / "cdata.xlsx")
    rewrite_parts(path, {"xl/sharedStrings.xml": lambda x: x.replace(
        b"<si><t>Name</t></si>", b"<si><t><![CDATA[Name]]></t></si>"
        b"<!-- <si><t>ghost</t></si> -->", 1)})
    sync_json(path)
    header = values(path, "Skills")[0]
    assert header[:2] == ["Skill", "Category"] or "Skill" in header, header
    assert values(path, "People")[0] == ["Name", "E-mail", "Team", "Skills"]
    issues = values(path, "Data Issues")
    assert all("ghost" not in str(v) for row in issues for v in row)


def test_a_comment_before_the_strings_root_is_left_alone(tmp_path):
    path = small_workbook(tmp_path / "sstcomment.xlsx")
    rewrite_parts(path, {"xl/sharedStrings.xml": lambda x: x.replace(
        b"?>", b'?><!-- <sst count="9"> -->', 1)})
    sync_json(path)
    assert read_part(path, "xl/sharedStrings.xml").count(b'<!-- <sst count="9"> -->') == 1
    assert values(path, "People")[1][0] == "Ana Lima"


def test_a_comment_holding_style_lists_does_not_receive_the_new_formats(tmp_path):
    from lxml import etree

    path = small_workbook(tmp_path / "styles.xml.xlsx")
    decoy = b"<!-- <cellXfs count=\"1\"><xf/></cellXfs><fonts count=\"1\"></fonts> -->"
    rewrite_parts(path, {"xl/styles.xml": lambda x: x.replace(b"<fonts", decoy + b"<fonts", 1)})
    before = etree.fromstring(read_part(path, "xl/styles.xml"))
    sync_json(path)
    styles = read_part(path, "xl/styles.xml")
    assert decoy in styles
    after = etree.fromstring(styles)
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    xfs = len(after.findall("m:cellXfs/m:xf", ns))
    assert xfs > len(before.findall("m:cellXfs/m:xf", ns))
    assert int(after.find("m:cellXfs", ns).get("count")) == xfs
    used = {int(s) for s in re.findall(rb' s="(\d+)"', read_part(path, "xl/worksheets/sheet2.xml"))}
    assert used and max(used) < xfs


def test_new_parts_never_clash_with_existing_names_ignoring_case(tmp_path):
    path = small_workbook(tmp_path / "case.xlsx")
    rewrite_parts(path, {
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"worksheets/sheet1.xml",
                                                          b"worksheets/SHEET2.xml"),
        "[Content_Types].xml": lambda x: x.replace(b"/xl/worksheets/sheet1.xml",
                                                   b"/xl/worksheets/SHEET2.xml"),
    }, rename={SHEET1: "xl/worksheets/SHEET2.xml"})
    sync_json(path)
    names = zipfile.ZipFile(path).namelist()
    assert len({n.casefold() for n in names}) == len(names)
    assert values(path, "People")[1][0] == "Ana Lima" and "Skills" in tabs(path)


# --- 11. the ownership mark is not trusted blindly -------------------------------------------

def marked(path: Path, target: bytes) -> Path:
    """A tab 'Skills' carrying skillsync's ownership mark whose part is `target`."""
    def workbook(xml: bytes) -> bytes:
        xml = xml.replace(b"</sheets>", b'<sheet name="Skills" sheetId="9" r:id="rId99"/>'
                                        b"</sheets>")
        return xml.replace(b"</sheets>", b'</sheets><definedNames><definedName '
                                         b'name="_skillsync_owned" localSheetId="1" hidden="1">'
                                         b"'Skills'!$A$1</definedName></definedNames>")
    return rewrite_parts(path, {
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", (
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/worksheet" Target="' + target + b'"/></Relationships>')),
    })


def test_a_marked_tab_sharing_the_inventorys_part_is_not_ours(tmp_path):
    path = marked(small_workbook(tmp_path / "shared.xlsx"), b"worksheets/sheet1.xml")
    report = sync_json(path)
    assert "Skills" in report["tabs_skipped"] and "Skills" not in report["tabs_written"]
    assert values(path, "People")[1] == ["Ana Lima", "ana@example.com", "Search",
                                         "NLP (4), SQL"]


def test_a_marked_tab_pointing_outside_the_package_is_not_ours(tmp_path):
    path = marked(small_workbook(tmp_path / "outside.xlsx"), b"../../../evil.xml")
    code, out, err = cli("sync", path, "--json")
    assert code == 0, err
    assert "Skills" in json.loads(out)["tabs_skipped"]
    assert values(path, "People")[1][0] == "Ana Lima"


def test_merged_ranges_come_from_the_sheets_metadata_too(standin, monkeypatch):
    import urllib.request

    from skillsync.backends.gsheets import SheetsBackend

    monkeypatch.setenv("SKILLSYNC_SHEETS_API", standin.url)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    sheet = standin.create_spreadsheet("Teams", {"People": [
        ["Team", "E-mail"], ["Search", "a@example.com"], ["", "b@example.com"]]})
    body = {"requests": [{"mergeCells": {"mergeType": "MERGE_ALL", "range": {
        "sheetId": 0, "startRowIndex": 1, "endRowIndex": 3, "startColumnIndex": 0,
        "endColumnIndex": 1}}}]}
    request = urllib.request.Request(f"{standin.url}/v4/spreadsheets/{sheet}:batchUpdate",
                                     data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30).close()
    backend = SheetsBackend(sheet)
    grid = backend.read(["People"])["People"]
    backend.close()
    assert grid.merged == ((2, 1, 3, 1),)

def test_a_file_name_that_is_not_utf8_reaches_the_atlas_escaped(tmp_path):
    path = small_workbook(tmp_path / os.fsdecode(b"inv\xff.xlsx"))
    code, _, err = cli("sync", path, "--site", tmp_path / "atlas")
    assert code == 0, err
    page = (tmp_path / "atlas" / "index.html").read_text("utf-8")  # valid UTF-8 throughout
    assert "inv\\xff" in page
