"""Insertions into the package's shared XML parts, made as text so nothing else moves.

Each function takes a part's bytes and returns them with our entries added; existing
elements, attributes, namespace prefixes and whitespace are left exactly as they were.
"""

from __future__ import annotations

import re

from skillsync.backends.xlsx import xmltext
from skillsync.backends.xlsx.package import MAIN_NS, OWNED_NAME, REL_NS

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


_ROOT_TAG = re.compile(rb"<(?![?!])[^>]*>")


def _prefix_for(xml: bytes, namespace: str) -> str | None:
    """'' for the default namespace, 'x:' for xmlns:x, None when the root does not declare it.

    Only the root element counts: a prefix declared on some child (openpyxl declares
    xmlns:r on each <sheet>) is not in scope for the elements we insert.
    """
    root = _ROOT_TAG.search(xml)
    head = root.group(0) if root else b""
    found = re.search(rb'xmlns(?::([\w.-]+))?=["\']' + re.escape(namespace.encode()) + rb'["\']',
                      head)
    if found is None:
        return None
    return (found.group(1).decode() + ":") if found.group(1) else ""


def _insert_before_close(xml: bytes, prefix: str, element: str, addition: str) -> bytes:
    """Insert at the end of <element>; an empty self-closing <element/> is opened up."""
    close = f"</{prefix}{element}>".encode()
    at = xml.rfind(close)
    if at >= 0:
        return xml[:at] + addition.encode("utf-8") + xml[at:]
    empty = _self_closing(xml, prefix, element)
    if empty is None:
        raise ValueError(f"no <{prefix}{element}> to insert into")
    opened = xml[empty.start():empty.end() - 2].rstrip() + b">"
    return (xml[:empty.start()] + opened + addition.encode("utf-8") + close
            + xml[empty.end():])


def _self_closing(xml: bytes, prefix: str, element: str) -> re.Match[bytes] | None:
    return re.search(rb"<" + re.escape(f"{prefix}{element}".encode()) + rb"\b[^>]*/>", xml)


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
    workbook = _insert_before_close(workbook, p, "sheets", entries)
    if not owned:
        return workbook
    names = "".join(
        f'<{p}definedName name="{OWNED_NAME}" localSheetId="{first_index + i}" hidden="1">'
        f"{xmltext.text(xmltext.quote_sheet(name))}!$A$1</{p}definedName>"
        for i, (name, _, _) in enumerate(sheets)
    )
    return _add_defined_names(workbook, p, names)


def _add_defined_names(workbook: bytes, p: str, names: str) -> bytes:
    if (f"</{p}definedNames>".encode() in workbook
            or _self_closing(workbook, p, "definedNames") is not None):
        return _insert_before_close(workbook, p, "definedNames", names)
    # <definedNames> follows sheets, functionGroups and externalReferences in a workbook.
    after = workbook.rfind(f"</{p}sheets>".encode()) + len(f"</{p}sheets>")
    for element in ("functionGroups", "externalReferences"):
        tail = re.compile(rf"<{re.escape(p)}{element}\b[^>]*/>|</{re.escape(p)}{element}>".encode())
        for found in tail.finditer(workbook):
            after = max(after, found.end())
    block = f"<{p}definedNames>{names}</{p}definedNames>".encode()
    return workbook[:after] + block + workbook[after:]


def add_relationships(rels: bytes, entries: list[tuple[str, str, str]]) -> bytes:
    """Append (Id, Type, Target) relationships."""
    p = _prefix_for(rels, _PKG_REL_NS) or ""
    added = "".join(
        f'<{p}Relationship Id="{rid}" Type="{kind}" Target="{xmltext.attr(target)}"/>'
        for rid, kind, target in entries
    )
    return _insert_before_close(rels, p, "Relationships", added)


def add_overrides(types: bytes, entries: list[tuple[str, str]]) -> bytes:
    """Append (PartName, ContentType) overrides; part names start with '/'."""
    p = _prefix_for(types, _CT_NS) or ""
    added = "".join(
        f'<{p}Override PartName="{xmltext.attr(name)}" ContentType="{kind}"/>'
        for name, kind in entries
    )
    return _insert_before_close(types, p, "Types", added)


def used_rel_ids(rels: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb'\bId="([^"]+)"', rels)}


def next_rel_id(used: set[str]) -> str:
    number = 1
    while f"rId{number}" in used:
        number += 1
    used.add(f"rId{number}")
    return f"rId{number}"
