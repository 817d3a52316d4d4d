"""The writer's quick paths held to the plain way of doing the same, on hostile input:
the kind of shared-strings table read, the texts that need escaping, the index found, and
parts read or counted from the package's bytes."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sheet_xml import hostile_text
from test_xlsx_write_paths import writer_on

from skillsync import deflate
from skillsync.backends.xlsx import precheck, sheetxml, tableindex, xmltext, zipread
from skillsync.backends.xlsx.sought import SoughtTexts
from skillsync.core.tabs import Link
from skillsync.errors import NotAWorkbook

QUICK = settings(max_examples=150, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


def kind_read_entry_by_entry(sst: bytes) -> str:
    """Which way a table is read, decided as it was with a full count of each tag."""
    body = sst[sst.find(b"?>") + 2:] if sst.startswith(b"<?xml") else sst
    plain = (b"<!" not in body and b"<?" not in body and b":si" not in body
             and body.count(b"<si") == body.count(b"<si>") + body.count(b"<si/>"))
    if not plain:
        return "parsed"
    excel = b"<si>" in sst and b"<si/>" not in sst and b":si>" not in sst
    return "excel" if excel else "patterned"


TABLE_PIECES = [b"<si>", b"<si/>", b"<si >", b"<sis>", b"<x:si>", b"</si>", b"<t>", b"</t>",
                b"Ana", b"!", b"?", b"<!--c-->", b"<?pi?>", b"<![CDATA[<si>]]>", b":", b"si",
                b">", b"<", b"/", b"?>", b"\xff", b"<si/", b":si>"]
PROLOGS = [b"", b'<?xml version="1.0"?>\n', b"<?xml", b'<?xml v="<si/>"?>', b"<?xml :si>?>",
           b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst>']


@QUICK
@given(prolog=st.sampled_from(PROLOGS),
       pieces=st.lists(st.sampled_from(TABLE_PIECES), max_size=12))
def test_a_table_is_read_the_way_a_full_count_of_its_tags_decides(prolog, pieces):
    sst = prolog + b"".join(pieces)
    assert tableindex._table_kind(sst) == kind_read_entry_by_entry(sst)


def test_each_kind_of_table_is_recognised():
    head = b'<?xml version="1.0"?>\n<sst>'
    assert tableindex._table_kind(head + b"<si><t>Hi!</t></si><si><t>Why?</t></si>") == "excel"
    assert tableindex._table_kind(head + b"<si><t>a</t></si><si/>") == "patterned"
    assert tableindex._table_kind(head + b"<!--x--><si><t>a</t></si>") == "parsed"
    assert tableindex._table_kind(head + b"<x:si><x:t>a</x:t></x:si>") == "parsed"
    assert tableindex._table_kind(b'<?xml v="<si/>"?><sst><si><t>a</t></si>') == "patterned"


texts_to_escape = st.lists(st.one_of(
    hostile_text, st.sampled_from(["_", "x", "_x", "x_", "a\n_", "\nx", "&", "<", "", "\n"]),
    st.text(max_size=4)), max_size=1200)


@QUICK
@given(texts=texts_to_escape)
def test_texts_that_need_escaping_are_found_a_block_at_a_time(texts):
    # over 512 texts: blocks end mid-list, and "_" closing one text then "x" opening the
    # next must not read as "_x"
    assert list(xmltext.may_escape_among(texts)) == [t for t in texts if xmltext.may_escape(t)]


def test_a_text_ending_in_an_underscore_before_one_starting_with_x_needs_nothing():
    assert list(xmltext.may_escape_among(["a_", "xb", "c"] * 300)) == []
    assert list(xmltext.may_escape_among(["a_", "xb", "c_x"] * 300)) == ["c_x"] * 300


@QUICK
@given(texts=st.lists(st.one_of(hostile_text, st.sampled_from(["Ana", "R&D", "_x0041_"])),
                      max_size=10),
       wanted=st.sets(st.one_of(hostile_text, st.sampled_from(["Ana", "R&D", "_x0041_"])),
                      max_size=8))
def test_the_index_keeps_the_objects_the_tabs_hold(texts, wanted):
    table = (b'<?xml version="1.0"?>\n<sst>' + b"".join(
        b"<si>" + xmltext.t_element(t).encode("utf-8", "surrogatepass") + b"</si>"
        for t in texts) + b"</sst>")
    held = {"".join(list(t)): None for t in wanted}  # copies, not the table's strings
    held = {t: t for t in held}
    index, _ = tableindex.plain_string_index(table, held)
    assert index == tableindex.plain_string_index(table, set(wanted))[0]
    for text in index:
        assert any(text is kept for kept in held.values())


def test_texts_sought_piece_by_piece_are_found_where_they_first_are():
    sought = SoughtTexts({"Ana": "Ana", "R&D": "R&D", "Bo": "Bo"})
    sought.find(["x", "R&amp;D", "Ana"], 0)
    sought.find(["Ana", "Bo", "R&amp;D", "R&D"], 3)
    assert sought.index() == {"R&D": 1, "Ana": 2, "Bo": 4}


def package_of(parts: dict[str, bytes], method: int) -> tuple[bytes, zipfile.ZipFile]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue(), zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


TOKEN = b'<c t="s">'


@QUICK
@given(gaps=st.lists(st.integers(0, 70_000), max_size=6), stored=st.booleans(),
       filler=st.sampled_from([b"x", b"t=", b't="', b'"s"', b"\x00\xff"]))
def test_a_part_read_piece_by_piece_is_the_part_cut_only_before_a_tag(gaps, stored,
                                                                       filler):
    # tags anywhere, among them across the pieces a part is inflated in
    content = b"".join(filler * (gap // len(filler)) + TOKEN for gap in gaps) + filler
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    data, archive = package_of({"xl/worksheets/sheet1.xml": content, "e.xml": b""}, method)
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    pieces = list(zipread.tag_regions(data, info))
    assert b"".join(pieces) == content
    assert all(piece.startswith(b"<") or len(piece) > zipread._LONGEST_TAG
               for piece in pieces[1:] if piece)  # never a tag cut in two
    assert sum(piece.count(TOKEN) for piece in pieces) == content.count(TOKEN)
    assert zipread.read_part(data, info) == archive.read(info.filename) == content
    assert b"".join(zipread.tag_regions(data, archive.getinfo("e.xml"))) == b""
    assert zipread.read_part(data, archive.getinfo("e.xml")) == b""


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_part_that_does_not_unpack_to_its_checksum_is_refused_as_zipfile_would(method):
    data, archive = package_of({"a.xml": b"<a>" + TOKEN * 5000 + b"</a>"}, method)
    info = archive.getinfo("a.xml")
    info.CRC ^= 1
    with pytest.raises(zipfile.BadZipFile):
        zipread.read_part(data, info)
    with pytest.raises(zipfile.BadZipFile):
        list(zipread.tag_regions(data, info))
    info.CRC ^= 1
    info.file_size -= 1  # recorded shorter than it unpacks
    with pytest.raises(zipfile.BadZipFile):
        zipread.read_part(data, info)
    with pytest.raises((zipfile.BadZipFile, *deflate.ERRORS, NotAWorkbook)):
        list(zipread.tag_regions(data, info))


def patches_searched_whole(xml: bytes) -> bool:
    return b't="e"' in xml or b"t='e'" in xml or b"<f" in xml or b":f" in xml


SHEET_PIECES = [b'<c r="A1" t="e">', b"<c r='A1' t='e'>", b"<f>", b"<x:f>", b"e", b"f", b"<",
                b":", b"t=", b'"', b"'", b'<c r="B2" t="s"><v>1</v></c>', b"t=\"", b"ee" * 300,
                b"ff" * 300, b'dyDescent="0.25"']


@QUICK
@given(pieces=st.lists(st.sampled_from(SHEET_PIECES), max_size=10))
def test_a_sheet_needs_patching_as_a_search_for_each_token_finds(pieces):
    xml = b"".join(pieces)
    assert precheck.has_patches(xml) == patches_searched_whole(xml)


def test_a_token_past_many_other_places_of_its_byte_is_still_found():
    for token in (b't="e"', b"t='e'", b"<f", b":f"):
        for filler in (b"e", b"f", b"ef"):
            xml = filler * 1000 + token + filler * 10
            assert precheck.has_patches(xml)
            assert not precheck.has_patches(filler * 1000)


entry_values = st.lists(st.one_of(
    hostile_text, st.text(max_size=4),
    st.sampled_from(["", " a", "a ", "\u00a0a", "a\u3000", "\x85", "a\nb", "a\rb", "a\tb",
                     "_x0041_", "R&D", "Ana"])), max_size=1100)


@QUICK
@given(values=entry_values, prefix=st.sampled_from(["", "x:"]))
def test_entries_appended_a_block_at_a_time_are_those_written_one_by_one(values, prefix):
    one_by_one = "".join(f"<{prefix}si>{xmltext.t_element(v, prefix)}</{prefix}si>"
                         for v in values)
    assert xmltext.si_entries(values, prefix) == one_by_one


def test_a_plain_block_with_one_text_needing_care_is_written_as_one_by_one():
    for odd in ["", " Ana", "Ana ", "A\nB", "R&D", "_x0041_", "\u2003"]:
        values = ["Ana", "Bo"] * 400 + [odd] + ["Cy"] * 300
        expected = "".join(f"<si>{xmltext.t_element(v)}</si>" for v in values)
        assert xmltext.si_entries(values) == expected



def test_long_texts_are_cut_as_cell_by_cell_whether_or_not_any_is_long():
    # 16,400 emoji are 32,800 UTF-16 units: past Excel's 32,767, though fewer characters
    for values in (["Ana", "😀" * 16_400], ["Ana", "Bo"], ["😀" * 16_383 + "ab", "x" * 40_000],
                   [Link("😀" * 16_400, "People", "A1"), Link("Bo", "People", "A2")]):
        bulk, single = writer_on(None), writer_on(None)
        together = bulk._text_cells(sheetxml._texts_of(values, set(map(type, values))),
                                    [1] * len(values), 4, "</row>")
        assert together == [f'"{single._cell(v, 4, 1)}</row>'.encode() for v in values]
        assert bulk.strings.render() == single.strings.render()
