"""Every XML part's stream is checked before anything is read or parsed. Whichever sheet
is damaged, and whether or not it is the inventory, the run says so in one line naming
the part, exit 3, and writes nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hostile import cli, lying_part, one_clear_line, rewrite_parts, small_workbook

SHEET1, SHEET2 = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"


def with_notes(book):
    book.add_worksheet("Notes").write("A1", "Other tabs the organisation keeps")


def lying(path: Path, part: str) -> Path:
    return lying_part(path, part, lambda real: real + b"<!-- " + b"x" * 3_000_000 + b"-->")


def doctype(xml: bytes) -> bytes:
    head, _, rest = xml.partition(b"?>")
    return head + b'?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>' + rest


CASES = {
    "inventory-lies": (SHEET1, "lies", "recorded size"),
    "notes-lie": (SHEET2, "lies", "recorded size"),
    "inventory-doctype": (SHEET1, doctype, "document type"),
    "notes-doctype": (SHEET2, doctype, "document type"),
    "notes-truncated": (SHEET2, lambda xml: xml[: len(xml) // 2], None),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("command", ["check", "sync"])
def test_a_damaged_sheet_is_one_line_naming_it(tmp_path, private_state, case, command):
    part, damage, says = CASES[case]
    path = small_workbook(tmp_path / "damaged.xlsx", extra=with_notes)
    path = lying(path, part) if damage == "lies" else rewrite_parts(path, {part: damage})
    before = path.read_bytes()
    code, _, err = cli(command, path, "--digest", tmp_path / "d.html") if command == "sync" \
        else cli(command, path)
    assert code == 3, err
    line = one_clear_line(err)
    assert part in line and "damaged" in line
    if says:
        assert says in line
    assert path.read_bytes() == before
    assert not (tmp_path / "d.html").exists()


def test_a_damaged_stream_is_said_before_a_tab_the_settings_name_wrongly(tmp_path):
    """The package's streams are checked before the settings are applied to it: a damaged
    workbook is exit 3 even when the settings also name a tab it does not have."""
    path = lying(small_workbook(tmp_path / "damaged.xlsx", extra=with_notes), SHEET1)
    settings = tmp_path / "skillsync.toml"
    settings.write_text('[source]\ntab = "Nope"\n')
    for command in ("check", "sync"):
        code, _, err = cli(command, path, "--config", settings)
        assert code == 3, err
        assert SHEET1 in one_clear_line(err) and "recorded size" in err


def test_of_two_damaged_parts_the_first_in_the_package_is_named(tmp_path):
    path = small_workbook(tmp_path / "two.xlsx", extra=with_notes)
    with zipfile.ZipFile(path) as archive:
        order = [info.filename for info in archive.infolist()]
    later = next(n for n in order[order.index(SHEET2) + 1:] if n.endswith(".xml"))
    rewrite_parts(path, {SHEET2: doctype, later: doctype})
    code, _, err = cli("check", path)
    assert code == 3 and SHEET2 in one_clear_line(err)
