"""The structure of an .xlsx/.xlsm package: which sheet is which part, and what we own.

Parsing here is read-only (lxml); edits to shared XML parts happen as text insertions in
`edits.py`, so every byte we do not mean to change stays as it was.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from skillsync import deflate
from skillsync.errors import NotAWorkbook

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_TYPE = REL_NS
WORKSHEET_REL = f"{REL_TYPE}/worksheet"
STYLES_REL = f"{REL_TYPE}/styles"
STRINGS_REL = f"{REL_TYPE}/sharedStrings"
OFFICE_DOCUMENT_REL = f"{REL_TYPE}/officeDocument"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
OWNED_NAME = "_skillsync_owned"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True)
class Sheet:
    name: str
    sheet_id: int
    rel_id: str
    part: str  # zip member name, e.g. "xl/worksheets/sheet1.xml"
    kind: str  # relationship type tail: worksheet, chartsheet, dialogsheet, ...
    index: int  # position in <sheets>, which localSheetId refers to
    hidden: bool = False  # state="hidden" or "veryHidden": not shown among the tabs


@dataclass(frozen=True)
class Package:
    """What we need to know about a workbook package to read it and add our tabs."""

    names: tuple[str, ...]  # zip members in stored order
    workbook_part: str
    sheets: tuple[Sheet, ...]
    owned: frozenset[str]  # sheet names carrying our ownership marker
    styles_part: str | None
    strings_part: str | None
    relationships: dict[str, str]  # workbook rel id -> target part
    date1904: bool
    structure_locked: bool = False  # Protect Workbook: no tabs may be added

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    @property
    def rels_part(self) -> str:
        folder, file = posixpath.split(self.workbook_part)
        return posixpath.join(folder, "_rels", file + ".rels")


def read_package(archive: zipfile.ZipFile, name: str = "the file") -> Package:
    names = tuple(archive.namelist())
    if "[Content_Types].xml" not in names:
        raise NotAWorkbook(f"{name} is a zip file but not an Excel workbook")
    workbook_part = _office_document(archive, name)
    root = _parse(archive, workbook_part, name)
    if root.tag.startswith("{" + STRICT_NS):
        raise NotAWorkbook(f"{name} is saved as 'Strict Open XML'; save it as an Excel "
                           "Workbook (.xlsx)")
    if root.tag != f"{{{MAIN_NS}}}workbook":
        raise NotAWorkbook(f"{name} is not an Excel workbook but {_document_kind(root)}; "
                           "give the workbook that holds the inventory")
    rels = _relationships(archive, workbook_part, name)
    members = {n.casefold(): n for n in reversed(names)}  # OPC names ignore case
    rels = {k: (kind, members.get(target.casefold(), target))
            for k, (kind, target) in rels.items()}
    sheets = _sheets(root, rels)
    return Package(
        names=names,
        workbook_part=workbook_part,
        sheets=sheets,
        owned=_owned(root, sheets, rels, set(names)),
        styles_part=_by_type(rels, STYLES_REL),
        strings_part=_by_type(rels, STRINGS_REL),
        relationships={k: v[1] for k, v in rels.items()},
        date1904=_date1904(root),
        structure_locked=_structure_locked(root),
    )


def damaged(name: str, part: str, why: object) -> NotAWorkbook:
    """The one line for a workbook part no reader can make sense of."""
    from skillsync.terminal import one_line

    program = "LibreOffice" if name.lower().endswith(OPENDOCUMENT_SUFFIXES) else "Excel"
    return NotAWorkbook(f"{name} is damaged: part {part} {one_line(why, 200)}; open it in "
                        f"{program} and save it again")


# The zip guards serve OpenDocument sheets too (backends/files.py): their fix names the
# program that usually made the file.
OPENDOCUMENT_SUFFIXES = (".ods", ".fods", ".ots")


def _parse(archive: zipfile.ZipFile, part: str, name: str = "the file") -> etree._Element:
    try:
        root = etree.fromstring(archive.read(part), PARSER)
    except KeyError as exc:
        raise damaged(name, part, "is missing") from exc
    except etree.XMLSyntaxError as exc:
        raise damaged(name, part, f"is not valid XML ({exc})") from exc
    except (zipfile.BadZipFile, *deflate.ERRORS, EOFError, OSError) as exc:
        raise damaged(name, part, f"cannot be unpacked ({exc})") from exc
    if root.getroottree().docinfo.doctype:
        raise damaged(name, part, "declares a document type, which Excel never writes")
    return root


# The main part's root element of the other Office documents a workbook may be taken for.
_DOCUMENT_KINDS = {"document": "a Word document", "presentation": "a PowerPoint presentation"}


def _document_kind(root: etree._Element) -> str:
    """What an Office package whose main part is not a workbook holds, in a few words."""
    local = etree.QName(root).localname if isinstance(root.tag, str) else ""
    return _DOCUMENT_KINDS.get(local, "another kind of Office document")


def _office_document(archive: zipfile.ZipFile, name: str) -> str:
    root = _parse(archive, "_rels/.rels", name)
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return resolve_target("", rel.get("Target", ""))
    raise NotAWorkbook(f"{name} is a zip file but not an Excel workbook")


def resolve_target(source_part: str, target: str) -> str:
    """A relationship target relative to its source part, as a zip member name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _relationships(archive: zipfile.ZipFile, part: str,
                   name: str = "the file") -> dict[str, tuple[str, str]]:
    folder, file = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", file + ".rels")
    if rels_part not in archive.namelist():
        return {}
    root = _parse(archive, rels_part, name)
    found = {}
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        found[rel.get("Id")] = (rel.get("Type", ""), resolve_target(part, rel.get("Target", "")))
    return found


def _by_type(rels: dict[str, tuple[str, str]], rel_type: str) -> str | None:
    return next((target for kind, target in rels.values() if kind == rel_type), None)


def _sheets(root: etree._Element, rels: dict[str, tuple[str, str]]) -> tuple[Sheet, ...]:
    sheets = []
    for index, node in enumerate(root.iterfind(f"{{{MAIN_NS}}}sheets/{{{MAIN_NS}}}sheet")):
        rel_id = node.get(f"{{{REL_NS}}}id", "")
        kind, part = rels.get(rel_id, ("", ""))
        number = node.get("sheetId", "0")
        sheets.append(Sheet(node.get("name", ""), int(number) if number.isdigit() else 0,
                            rel_id, part, kind.rsplit("/", 1)[-1], index,
                            node.get("state", "visible") in ("hidden", "veryHidden")))
    return tuple(sheets)


def _owned(root: etree._Element, sheets: tuple[Sheet, ...], rels: dict[str, tuple[str, str]],
           names: set[str]) -> frozenset[str]:
    """Tabs carrying our marker whose part we may replace: a worksheet inside the package
    that no other sheet and no other relationship uses. A marker on a tab sharing the
    inventory's part, or pointing outside the package, is not trusted."""
    by_index = {s.index: s for s in sheets}
    users = Counter(s.part.casefold() for s in sheets)
    targets = Counter(target.casefold() for _, target in rels.values())
    owned = set()
    for node in root.iterfind(f"{{{MAIN_NS}}}definedNames/{{{MAIN_NS}}}definedName"):
        local = node.get("localSheetId") or ""
        sheet = by_index.get(int(local)) if local.isdigit() and len(local) < 7 else None
        if node.get("name") != OWNED_NAME or sheet is None:
            continue
        part = sheet.part.casefold()
        if (sheet.kind == "worksheet" and sheet.part in names and users[part] == 1
                and targets[part] == 1):
            owned.add(sheet.name)
    return frozenset(owned)


def _structure_locked(root: etree._Element) -> bool:
    node = root.find(f"{{{MAIN_NS}}}workbookProtection")
    return node is not None and node.get("lockStructure") in ("1", "true")


def _date1904(root: etree._Element) -> bool:
    node = root.find(f"{{{MAIN_NS}}}workbookPr")
    return node is not None and node.get("date1904") in ("1", "true")
