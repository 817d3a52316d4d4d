"""Cell formats for our tabs: reuse a matching format already in styles.xml, else append one.

Existing fonts, fills, number formats and cell formats keep their positions, so every style
index the organisation's own cells use still means what it meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from skillsync.backends.xlsx import xmlscan
from skillsync.backends.xlsx.edits import EditError
from skillsync.backends.xlsx.package import MAIN_NS, PARSER

_GROUPS = {"numFmts": "numFmt", "fonts": "font", "fills": "fill", "cellXfs": "xf"}
HEADER_FILL = "FFDDEBF7"
LINK_COLOR = "FF0563C1"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign",
              "sz", "color", "name", "family", "charset", "scheme")
MINIMAL_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    b'<fills count="2"><fill><patternFill patternType="none"/></fill>'
    b'<fill><patternFill patternType="gray125"/></fill></fills>'
    b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    b"</styleSheet>"
)


@dataclass(frozen=True)
class StyleIds:
    """cellXfs indices for each way our cells look."""

    header: int
    top: int
    wrap: int
    percent: int
    date: int
    datetime: int
    link: int


@dataclass(frozen=True)
class _Want:
    font: tuple  # canonical font description
    fill: str | None  # solid fill colour
    num_fmt: int | str  # built-in id or a custom format code
    wrap: bool


def _canonical(node: etree._Element) -> tuple:
    """Order-free description of an element's children, for comparing formats."""
    return tuple(sorted(
        (etree.QName(child).localname, tuple(sorted(child.attrib.items())))
        for child in node if isinstance(child.tag, str)
    ))


class Styles:
    """Reads styles.xml once, then hands out style ids and renders the amended part."""

    def __init__(self, xml: bytes | None) -> None:
        self.created = xml is None
        self.original = xml if xml is not None else MINIMAL_STYLES
        root = etree.fromstring(self.original, PARSER)
        self._prefix = (root.prefix + ":") if root.prefix else ""
        self._fonts = [_canonical(f) for f in root.iterfind(_q("fonts/font"))]
        self._fills = [_fill_key(f) for f in root.iterfind(_q("fills/fill"))]
        self._formats = {n.get("formatCode"): int(n.get("numFmtId"))
                         for n in root.iterfind(_q("numFmts/numFmt"))}
        self._xfs = [self._describe(x) for x in root.iterfind(_q("cellXfs/xf"))]
        self._has_style_xfs = root.find(_q("cellStyleXfs/xf")) is not None
        base = root.find(_q("fonts/font"))
        self._base_font = {} if base is None else {
            etree.QName(c).localname: dict(c.attrib) for c in base if isinstance(c.tag, str)}
        self._added: dict[str, list[str]] = {"numFmts": [], "fonts": [], "fills": [],
                                             "cellXfs": []}
        self._counts = {g: len(root.findall(_q(f"{g}/{c}"))) for g, c in _GROUPS.items()}

    def _describe(self, xf: etree._Element) -> _Want | None:
        if xf.get("borderId", "0") != "0" or xf.find(_q("protection")) is not None:
            return None
        try:
            font = self._fonts[int(xf.get("fontId", "0"))]
            fill = self._fills[int(xf.get("fillId", "0"))]
        except (IndexError, ValueError):
            return None
        number = int(xf.get("numFmtId", "0"))
        code = next((c for c, i in self._formats.items() if i == number), None)
        alignment = xf.find(_q("alignment"))
        align = dict(alignment.attrib) if alignment is not None else {}
        if align.get("vertical") != "top" or set(align) - {"vertical", "wrapText"}:
            return None
        if fill[0] not in ("none", "solid"):
            return None
        colour = fill[1] if fill[0] == "solid" else None
        return _Want(font, colour, code or number, align.get("wrapText") in ("1", "true"))

    def ids(self) -> StyleIds:
        plain = self._font()
        return StyleIds(
            header=self._xf(_Want(self._font(bold=True), HEADER_FILL, 0, True)),
            top=self._xf(_Want(plain, None, 0, False)),
            wrap=self._xf(_Want(plain, None, 0, True)),
            percent=self._xf(_Want(plain, None, 9, False)),
            date=self._xf(_Want(plain, None, 14, False)),
            datetime=self._xf(_Want(plain, None, DATETIME_FORMAT, False)),
            link=self._xf(_Want(self._font(link=True), None, 0, False)),
        )

    def _font(self, bold: bool = False, link: bool = False) -> tuple:
        parts = {k: v for k, v in self._base_font.items() if k in ("sz", "name", "family",
                                                                   "charset", "scheme")}
        if "color" in self._base_font and not link:
            parts["color"] = self._base_font["color"]
        if bold:
            parts["b"] = {}
        if link:
            parts["u"] = {}
            parts["color"] = {"rgb": LINK_COLOR}
        return tuple(sorted((k, tuple(sorted(v.items()))) for k, v in parts.items()))

    def _xf(self, want: _Want) -> int:
        if want in self._xfs:
            return self._xfs.index(want)
        font_id = self._find_or_add(self._fonts, want.font, "fonts", self._font_xml(want.font))
        fill_id = 0 if want.fill is None else self._find_or_add(
            self._fills, ("solid", want.fill), "fills", self._fill_xml(want.fill))
        self._xfs.append(want)
        self._added["cellXfs"].append(self._xf_xml(want, font_id, fill_id))
        return len(self._xfs) - 1

    def _find_or_add(self, known: list, item: tuple, group: str, xml: str) -> int:
        if item in known:
            return known.index(item)
        known.append(item)
        self._added[group].append(xml)
        return len(known) - 1

    def _number_id(self, code: int | str) -> int:
        if isinstance(code, int):
            return code
        if code not in self._formats:
            self._formats[code] = max([163, *self._formats.values()]) + 1
            p = self._prefix
            self._added["numFmts"].append(
                f'<{p}numFmt numFmtId="{self._formats[code]}" formatCode="{code}"/>')
        return self._formats[code]

    def _font_xml(self, font: tuple) -> str:
        parts = dict(font)
        p = self._prefix
        body = "".join(
            f"<{p}{name}" + "".join(f' {k}="{v}"' for k, v in parts[name]) + "/>"
            for name in FONT_ORDER if name in parts
        )
        return f"<{p}font>{body}</{p}font>"

    def _fill_xml(self, colour: str) -> str:
        p = self._prefix
        return (f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="{colour}"/>'
                f'<{p}bgColor indexed="64"/></{p}patternFill></{p}fill>')

    def _xf_xml(self, want: _Want, font_id: int, fill_id: int) -> str:
        p = self._prefix
        number = self._number_id(want.num_fmt)
        style = ' xfId="0"' if self._has_style_xfs else ""
        applied = ' applyNumberFormat="1"' if number else ""
        applied += ' applyFont="1"' if font_id else ""
        applied += ' applyFill="1"' if fill_id else ""
        wrap = ' wrapText="1"' if want.wrap else ""
        return (f'<{p}xf numFmtId="{number}" fontId="{font_id}" fillId="{fill_id}" '
                f'borderId="0"{style}{applied} applyAlignment="1">'
                f'<{p}alignment vertical="top"{wrap}/></{p}xf>')

    @property
    def changed(self) -> bool:
        return self.created or any(self._added.values())

    def render(self) -> bytes:
        xml = self.original
        for group in ("numFmts", "fonts", "fills", "cellXfs"):
            if self._added[group]:
                xml = _append(xml, self._prefix, group, self._added[group])
        self._prove(xml)
        return xml

    def _prove(self, xml: bytes) -> None:
        """Parse the result: each group must hold exactly its old entries plus ours."""
        root = etree.fromstring(xml, PARSER)
        for group, child in _GROUPS.items():
            found = len(root.findall(_q(f"{group}/{child}")))
            if found != self._counts[group] + len(self._added[group]):
                raise EditError(f"the styles part's <{group}> did not take the new formats")


def _q(path: str) -> str:
    return "/".join(f"{{{MAIN_NS}}}{step}" for step in path.split("/"))


def _fill_key(fill: etree._Element) -> tuple:
    """("none",) for no fill, ("solid", rgb) for a plain solid fill, else something unique."""
    pattern = fill.find(_q("patternFill"))
    if pattern is None:
        return ("other", etree.tostring(fill))
    kind = pattern.get("patternType", "none")
    if kind == "none":
        return ("none", None)
    colour = pattern.find(_q("fgColor"))
    if kind == "solid" and colour is not None and set(colour.attrib) == {"rgb"}:
        return ("solid", colour.get("rgb"))
    return ("other", etree.tostring(fill))


def _append(xml: bytes, prefix: str, group: str, entries: list[str]) -> bytes:
    """Insert entries at the end of <group>, fixing its count; create <numFmts> if absent.

    The group's tags come from xmlscan, so a <cellXfs> inside a comment is not edited."""
    added = "".join(entries).encode("utf-8")
    found = xmlscan.children(xml, group.encode())
    if not found:  # only numFmts may be missing: it comes first in a styleSheet
        root = xmlscan.root(xml)
        tag = f'<{prefix}{group} count="{len(entries)}">'.encode()
        return xml[: root.end] + tag + added + f"</{prefix}{group}>".encode() + xml[root.end:]
    start, end = found[0]
    head = xml[start.start:start.end]
    count = _COUNT.search(head)
    total = (int(count.group(1)) if count else 0) + len(entries)
    name_end = len(start.name) + 1
    new_head = (head[: count.start()] + b'count="%d"' % total + head[count.end():] if count
                else head[:name_end] + b' count="%d"' % total + head[name_end:])
    if end is None:  # self-closing
        new_head = new_head[:-2].rstrip() + b">"
        close = b"</" + start.name + b">"
        return xml[: start.start] + new_head + added + close + xml[start.end:]
    return xml[: start.start] + new_head + xml[start.end: end.start] + added + xml[end.start:]


_COUNT = re.compile(rb'(?<![\w:.-])count\s*=\s*["\'](\d{0,12})["\']')
