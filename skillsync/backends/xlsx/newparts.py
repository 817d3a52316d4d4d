"""Where new parts go in a package, and the entries that make them part of it."""

from __future__ import annotations

import posixpath

from skillsync.backends.xlsx import edits
from skillsync.backends.xlsx.package import WORKSHEET_REL, WORKSHEET_TYPE, Package
from skillsync.backends.xlsx.zipparts import Content


def allocate(package: Package, titles: list[str]) -> dict[str, tuple[int, str, str]]:
    """title -> (sheetId, relationship target relative to the workbook, zip member).

    Part names are compared ignoring case, as OPC compares them: beside an existing
    Sheet1.xml, a new sheet1.xml would be the same part to Excel."""
    used_parts = {n.casefold() for n in package.names}
    sheet_id = max((s.sheet_id for s in package.sheets), default=0)
    folder = posixpath.dirname(package.workbook_part)
    allocated = {}
    number = 1
    for title in titles:
        while posixpath.join(folder, f"worksheets/sheet{number}.xml").casefold() in used_parts:
            number += 1
        member = posixpath.join(folder, f"worksheets/sheet{number}.xml")
        used_parts.add(member.casefold())
        sheet_id += 1
        allocated[title] = (sheet_id, f"worksheets/sheet{number}.xml", member)
    return allocated


def free_name(folder: str, wanted: str, taken: set[str]) -> str:
    """`wanted`, or wanted with a number, whatever no part is named, ignoring case."""
    stem, dot, suffix = wanted.rpartition(".")
    candidate, number = wanted, 1
    while posixpath.join(folder, candidate).casefold() in taken:
        number += 1
        candidate = f"{stem}{number}{dot}{suffix}"
    return candidate


def link_part(archive, package, changed, rel_type, target, content_type, member) -> None:
    rels = changed.get(package.rels_part) or archive.read(package.rels_part)
    rel_id = edits.next_rel_id(edits.used_rel_ids(rels))
    changed[package.rels_part] = edits.add_relationships(rels, [(rel_id, rel_type, target)])
    types = changed.get("[Content_Types].xml") or archive.read("[Content_Types].xml")
    changed["[Content_Types].xml"] = edits.add_overrides(types, [("/" + member, content_type)])


def register_sheets(archive, package: Package, new_sheets, changed: dict[str, Content],
                     owned: bool) -> None:
    rels = changed.get(package.rels_part) or archive.read(package.rels_part)
    used = edits.used_rel_ids(rels)
    entries = [(title, sheet_id, edits.next_rel_id(used), target)
               for title, (sheet_id, target, _) in new_sheets.items()]
    changed[package.rels_part] = edits.add_relationships(
        rels, [(rid, WORKSHEET_REL, target) for _, _, rid, target in entries])
    workbook = archive.read(package.workbook_part)
    changed[package.workbook_part] = edits.add_sheets(
        workbook, [(title, sid, rid) for title, sid, rid, _ in entries], len(package.sheets),
        owned)
    types = changed.get("[Content_Types].xml") or archive.read("[Content_Types].xml")
    changed["[Content_Types].xml"] = edits.add_overrides(
        types, [("/" + member, WORKSHEET_TYPE) for _, _, member in new_sheets.values()])
