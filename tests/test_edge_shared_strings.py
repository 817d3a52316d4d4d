"""A shared-strings table that the fast path does not take (here: an empty <si/> entry)
is indexed by unescaping each entry once: the entry `Zed&amp;#65;` is the text 'Zed&#65;',
as Excel reads it, never 'ZedA'; a person named ZedA must not be given that entry."""

from __future__ import annotations

import re
import zipfile

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main

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


def test_a_name_is_not_written_as_an_entry_whose_text_only_unescapes_to_it(tmp_path,
                                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Team Inventory"
    sheet.append(["Full Name", "E-mail", "Team", "Areas of Expertise"])
    sheet.append(["ZedA", "zed@corp.com", "Search", "Python 5"])
    sheet.append(["Bo Chen", "bo@corp.com", "Search", "Python 4"])
    path = tmp_path / "inventory.xlsx"
    book.save(path)
    with_extra_entries(path)

    result = CliRunner().invoke(main, ["sync", str(path)])
    assert result.exit_code == 0, result.output

    written = openpyxl.load_workbook(path)
    names = {row[1] for row in written["People × Skills"].iter_rows(min_row=2, values_only=True)}
    assert names == {"ZedA", "Bo Chen"}
