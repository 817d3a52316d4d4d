"""Insertions into the package's shared XML parts, made as text so nothing else moves.

Each function takes a part's bytes and returns them with our entries added; existing
elements, attributes, namespace prefixes and whitespace are left exactly as they were.
Edit points come from xmlscan (which skips comments, CDATA and processing instructions,
so a `</sheets>` inside a comment is not taken for the real one), and every edited part
is parsed again with lxml to prove the entries landed where they belong.
"""

from __future__ import annotations

from lxml import etree

from skillsync.backends.xlsx import xmlscan, xmltext
from skillsync.backends.xlsx.package import MAIN_NS, OWNED_NAME, PARSER, REL_NS
from skillsync.errors import NotAWorkbook

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


class EditError(NotAWorkbook):
    """A part whose structure does not let our entries be added safely."""


def _prefix_for(xml: bytes, namespace: str) -> str | None:
    """'' for the default namespace, 'x:' for xmlns:x, None when the root does not declare it.

    Only the root element counts: a prefix declared on some child (openpyxl declares
    xmlns:r on each <sheet>) is not in scope for the elements we insert.
    """
    declared = _parsed(xml, "a package part").nsmap  # the root's: nothing is above it
    prefixes = sorted((p for p, uri in declared.items() if uri == namespace),
                      key=lambda p: p is not None)  # the default namespace first
    if not prefixes:
        return None
    return "" if prefixes[0] is None else f"{prefixes[0]}:"


def _insert_at_end(xml: bytes, local: str, addition: str, *, of_root: bool = False) -> bytes:
    """Insert at the end of the root's child <local> (or of the root itself); an empty
    <local/> is opened up."""
    if of_root:
        start, end = xmlscan.root(xml), xmlscan.root_end(xml)
    else:
        found = xmlscan.children(xml, local.encode())
        if not found:
            raise EditError(f"no <{local}> to add entries to")
        start, end = found[-1]
    text = addition.encode("utf-8")
    if end is not None:
        return xml[:end.start] + text + xml[end.start:]
    opened = xml[start.start:start.end - 2].rstrip() + b">"
    close = b"</" + start.name + b">"
    return xml[:start.start] + opened + text + close + xml[start.end:]


def add_sheets(workbook: bytes, sheets: list[tuple[str, int, str]], first_index: int,
               owned: bool = True) -> bytes:
    """Append <sheet> entries and, per sheet, a hidden sheet-scoped name marking it ours.

    `sheets` holds (name, sheetId, relationship id); `first_index` is the position the first
    of them takes in <sheets>, which is what localSheetId counts.
    """
    p = _prefix_for(workbook, MAIN_NS) or ""
    r = _prefix_for(workbook, REL_NS)
    declare = "" if r is not None else f' xmlns:r="{REL_NS}"'
    r = r if r is not None else "r:"
    entries = "".join(
        f'<{p}sheet name="{xmltext.attr(name)}" sheetId="{sheet_id}"{declare} {r}id="{rel}"/>'
        for name, sheet_id, rel in sheets
    )
    edited = _insert_at_end(workbook, "sheets", entries)
    if owned:
        names = "".join(
            f'<{p}definedName name="{OWNED_NAME}" localSheetId="{first_index + i}" hidden="1">'
            f"{xmltext.text(xmltext.quote_sheet(name))}!$A$1</{p}definedName>"
            for i, (name, _, _) in enumerate(sheets)
        )
        edited = _add_defined_names(edited, p, names)
    _prove_sheets(edited, sheets, first_index, owned)
    return edited


def _add_defined_names(workbook: bytes, p: str, names: str) -> bytes:
    if xmlscan.children(workbook, b"definedNames"):
        return _insert_at_end(workbook, "definedNames", names)
    # <definedNames> follows sheets, functionGroups and externalReferences in a workbook.
    after = 0
    for tag in xmlscan.tags(workbook):
        if tag.depth == 1 and tag.kind in ("end", "empty") and tag.local in (
                b"sheets", b"functionGroups", b"externalReferences"):
            after = tag.end
    if not after:
        raise EditError("no <sheets> in the workbook part")
    block = f"<{p}definedNames>{names}</{p}definedNames>".encode()
    return workbook[:after] + block + workbook[after:]


def _prove_sheets(workbook: bytes, sheets: list[tuple[str, int, str]], first_index: int,
                  owned: bool) -> None:
    root = _parsed(workbook, "the workbook part")
    listed = root.findall(f"{{{MAIN_NS}}}sheets/{{{MAIN_NS}}}sheet")
    added = [(s.get("name"), s.get(f"{{{REL_NS}}}id")) for s in listed[first_index:]]
    if added != [(name, rel) for name, _, rel in sheets]:
        raise EditError("the new tabs did not land in the workbook's list of sheets")
    if owned:
        marks = {(n.get("localSheetId"), n.get("name")) for n in root.iterfind(
            f"{{{MAIN_NS}}}definedNames/{{{MAIN_NS}}}definedName")}
        wanted = {(str(first_index + i), OWNED_NAME) for i in range(len(sheets))}
        if not wanted <= marks:
            raise EditError("the new tabs' ownership marks did not land in the workbook")


def add_relationships(rels: bytes, entries: list[tuple[str, str, str]]) -> bytes:
    """Append (Id, Type, Target) relationships."""
    p = _prefix_for(rels, _PKG_REL_NS) or ""
    added = "".join(
        f'<{p}Relationship Id="{rid}" Type="{kind}" Target="{xmltext.attr(target)}"/>'
        for rid, kind, target in entries
    )
    edited = _insert_at_end(rels, "Relationships", added, of_root=True)
    found = {(r.get("Id"), r.get("Target")) for r in _parsed(edited, "a relationships part")
             .iter(f"{{{_PKG_REL_NS}}}Relationship")}
    if not {(rid, target) for rid, _, target in entries} <= found:
        raise EditError("the new relationships did not land in the relationships part")
    return edited


def add_overrides(types: bytes, entries: list[tuple[str, str]]) -> bytes:
    """Append (PartName, ContentType) overrides; part names start with '/'."""
    p = _prefix_for(types, _CT_NS) or ""
    added = "".join(
        f'<{p}Override PartName="{xmltext.attr(name)}" ContentType="{kind}"/>'
        for name, kind in entries
    )
    edited = _insert_at_end(types, "Types", added, of_root=True)
    found = {o.get("PartName") for o in _parsed(edited, "[Content_Types].xml")
             .iter(f"{{{_CT_NS}}}Override")}
    if not {name for name, _ in entries} <= found:
        raise EditError("the new parts did not land in [Content_Types].xml")
    return edited


def _parsed(xml: bytes, what: str) -> etree._Element:
    try:
        return etree.fromstring(xml, PARSER)
    except etree.XMLSyntaxError as exc:
        raise EditError(f"adding to {what} would break it ({exc})") from exc


def used_rel_ids(rels: bytes) -> set[str]:
    """Every relationship Id in a relationships part, however it is quoted or prefixed."""
    return {r.get("Id") for r in _parsed(rels, "a relationships part").iter(
        f"{{{_PKG_REL_NS}}}Relationship") if r.get("Id")}


def next_rel_id(used: set[str]) -> str:
    number = 1
    while f"rId{number}" in used:
        number += 1
    used.add(f"rId{number}")
    return f"rId{number}"
