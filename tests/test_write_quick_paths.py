"""The writer's quick paths held to the plain way of doing the same, on hostile input:
the kind of shared-strings table read, the texts that need escaping, the index found."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sheet_xml import hostile_text

from skillsync.backends.xlsx import tableindex, xmltext
from skillsync.backends.xlsx.sought import SoughtTexts

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
