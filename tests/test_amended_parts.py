"""The amended parts are packed while they are checked: a broken one still stops the write,
and the parts packed are those packed one after another."""

from __future__ import annotations

import pytest

from skillsync.backends.xlsx import writer
from skillsync.backends.xlsx.zipparts import RawPart
from skillsync.errors import SkillsyncError

GOOD = {
    "xl/sharedStrings.xml": (b'<sst xmlns="urn:x">', memoryview(b"<si><t>a</t></si>" * 5000),
                             b"</sst>"),
    "xl/_rels/workbook.xml.rels": b'<Relationships xmlns="urn:r"/>',
    "xl/media/image1.png": b"\x89PNG<not xml",
    "[Content_Types].xml": b'<Types xmlns="urn:t"/>',
}


def test_the_parts_packed_while_checked_are_the_parts_packed_alone():
    packed = writer._checked_and_packed(GOOD)
    assert list(packed) == list(GOOD)
    assert packed == {name: RawPart.new(name, content) for name, content in GOOD.items()}
    assert writer._checked_and_packed({}) == {}


@pytest.mark.parametrize("broken", [b"<sst><si><t>a</t></sst>", b"<x:sst/>", b"<a/><b/>"])
@pytest.mark.parametrize("where", ["[Content_Types].xml", "xl/sharedStrings.xml"])
def test_a_broken_part_packed_meanwhile_still_stops_the_write(broken, where):
    with pytest.raises(SkillsyncError, match="would have written a broken"):
        writer._checked_and_packed({**GOOD, where: broken})
