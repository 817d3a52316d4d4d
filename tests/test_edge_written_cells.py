"""What the tabs write is what Excel reads back.

- Excel's cell limit is 32,767 characters as Excel counts them: UTF-16 code units, so an
  emoji counts twice. Names written in emoji, each a cell Excel holds, must not make a
  'Who holds it' cell that Excel cannot hold.
- A shared-strings table the fast path does not take (here: an empty <si/> entry) is
  indexed by unescaping each entry once: the entry `Zed&amp;#65;` is the text 'Zed&#65;',
  as Excel reads it, never 'ZedA'; a person named ZedA must not be given that entry.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main

EXCEL_LIMIT = 32_767  # UTF-16 code units
SST = "xl/sharedStrings.xml"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
EXTRA = "<si/><si><t>Zed&amp;#65;</t></si>"  # entries no cell uses yet


def with_extra_entries(path) -> None:
    """The workbook with EXTRA appended to its shared strings (a table made if none)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    if SST in parts:
        table = parts[SST].decode("utf-8")
        count = len(re.findall(r"<si[ >/]", table))
        table = table.replace("</sst>", EXTRA + "</sst>")
        parts[SST] = re.sub(r'uniqueCount="\d+"', f'uniqueCount="{count + 2}"',
                            table).encode("utf-8")
    else:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", f'<Override PartName="/{SST}" ContentType="{SST_TYPE}"/></Types>'
            .encode())
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>", f'<Relationship Id="rIdEdge" Type="{SST_REL}" '
            'Target="sharedStrings.xml"/></Relationships>'.encode())
        parts[SST] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                      f'count="2" uniqueCount="2">{EXTRA}</sst>').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def synced(tmp_path: Path, monkeypatch, people: list[list[str]], edit=None):
    """A real inventory of `people` (name, e-mail, team, skills), edited by `edit` after
    saving, synced; the workbook as openpyxl reads it back."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Team Inventory"
    sheet.append(["Full Name", "E-mail", "Team", "Areas of Expertise"])
    for person in people:
        sheet.append(person)
    path = tmp_path / "inventory.xlsx"
    book.save(path)
    if edit is not None:
        edit(path)
    result = CliRunner().invoke(main, ["sync", str(path)])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(path)


def test_no_tab_cell_exceeds_excels_limit_in_utf16_units(tmp_path, monkeypatch):
    name = "\N{GRINNING FACE}" * 11_000  # 22,000 UTF-16 units: a cell Excel holds
    people = [[f"{name}{i}", f"p{i}@corp.com", "Search", "Python 5"] for i in range(3)]
    assert all(utf16_units(person[0]) <= EXCEL_LIMIT for person in people)
    written = synced(tmp_path, monkeypatch, people)
    too_long = [(ws.title, cell.coordinate, utf16_units(cell.value))
                for ws in written.worksheets if ws.title != "Team Inventory"
                for row in ws.iter_rows() for cell in row
                if isinstance(cell.value, str) and utf16_units(cell.value) > EXCEL_LIMIT]
    assert too_long == []


def test_a_name_is_not_written_as_an_entry_whose_text_only_unescapes_to_it(tmp_path,
                                                                            monkeypatch):
    people = [["ZedA", "zed@corp.com", "Search", "Python 5"],
              ["Bo Chen", "bo@corp.com", "Search", "Python 4"]]
    written = synced(tmp_path, monkeypatch, people, edit=with_extra_entries)
    names = {row[1] for row in written["People × Skills"].iter_rows(min_row=2, values_only=True)}
    assert names == {"ZedA", "Bo Chen"}
