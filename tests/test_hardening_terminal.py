"""One line means one line (issue 11, class 14): what reaches the terminal from cells, lock
files and servers cannot move the cursor, recolour, retitle or flood it. (HTTP error pages
and SMTP answers are covered with the hostile servers in test_hardening_network.py.)
"""

from __future__ import annotations

import json

import pytest
from hostile import HEADER, cli, office_owner_file, one_clear_line

from skillsync.terminal import json_safe, one_line

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m\x9b31m\u202e"


@pytest.mark.parametrize("text, expected", [
    ("plain", "plain"),
    ("two\nlines\r\nand\ttabs", "two lines and tabs"),
    ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
    ("bell\x07 and C1 \x9b", "bell\\x07 and C1 \\x9b"),
    ("right-to-left \u202eoverride", "right-to-left \\u202eoverride"),
    ("bytes \udcff\udcfe", "bytes \\xff\\xfe"),
])
def test_one_line_shows_every_unsafe_character_visibly(text, expected):
    assert one_line(text) == expected


def test_one_line_cuts_long_text_with_a_marker():
    shown = one_line("<p>x</p>\n" * 10_000, 100)
    assert shown.startswith("<p>x</p> <p>x</p>") and shown.endswith("(cut; 90,000 characters "
                                                                      "in all)")
    assert len(shown) < 140 and "\n" not in shown


def test_json_output_escapes_what_a_terminal_acts_on():
    text = json.dumps({"name": "a\x9b1m\u202eb\udcff"}, ensure_ascii=False)
    safe = json_safe(text)
    assert json.loads(safe) == json.loads(text)
    assert all(ord(c) < 0x7F or c in "ab" or ord(c) > 0x9F for c in safe)
    assert "\u202e" not in safe and "\x9b" not in safe


def test_a_lock_file_owner_cannot_write_to_the_terminal(tmp_path):
    from hostile import small_workbook

    path = small_workbook(tmp_path / "inventory.xlsx")
    (tmp_path / "~$inventory.xlsx").write_bytes(office_owner_file("Jane" + ESCAPES + "\nDoe"))
    code, _, err = cli("sync", path)
    assert code == 3
    line = one_clear_line(err)
    assert "\x1b" not in line and "\x07" not in line and "\x9b" not in line
    assert "Jane" in line and "\\x1b" in line


def test_cell_text_reaches_the_terminal_as_one_visible_line(tmp_path):
    import xlsxwriter

    path = tmp_path / "inventory.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["Ana", "ana" + ESCAPES + "\nnot-an-address", "Search", "NLP"])
    sheet.write_row(2, 0, ["Wei", "wei@example.com", "Vision", "x" * 5000 + ESCAPES])
    book.close()
    code, out, err = cli("check", path)
    assert code == 0, err
    assert not any(c in out for c in "\x1b\x07\x9b\u202e")
    problem = [line for line in out.splitlines() if "not an" in line or "ana" in line]
    assert problem and all(len(line) < 1100 for line in out.splitlines())
    code, out, _ = cli("check", path, "--json")
    assert code == 0 and not any(c in out for c in "\x1b\x07\x9b\u202e")
    # Control characters never leave the cell: the address is reported as the visible rest.
    assert any("ana]0;owned" in i["message"] for i in json.loads(out)["issues"])
