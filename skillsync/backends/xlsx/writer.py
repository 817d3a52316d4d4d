"""Build the new package: our tabs added or replaced, every other part copied as stored."""

from __future__ import annotations

import functools
import io
import posixpath
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from xml.parsers import expat

from skillsync import deflate
from skillsync.backends.xlsx import aside, edits, newparts, xmlscan
from skillsync.backends.xlsx.package import (
    STRINGS_REL,
    STYLES_REL,
    Package,
    damaged,
)
from skillsync.backends.xlsx.sheetparts import Stored, read_or_none
from skillsync.backends.xlsx.sheetxml import Groups, group_columns
from skillsync.backends.xlsx.strings import PackedEntries, StringTable, packed_entries
from skillsync.backends.xlsx.styles import Styles
from skillsync.backends.xlsx.tabtexts import TabTexts, texts_of
from skillsync.backends.xlsx.zipparts import (
    Content,
    Packed,
    RawPart,
    pieces_of,
    read_raw,
    write_parts,
)
from skillsync.backends.xlsx.zipread import read_part
from skillsync.core.tabs import Tab
from skillsync.errors import NotAWorkbook, SkillsyncError

STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"


@dataclass
class PartPlan:
    """Which of our tabs replace an owned sheet's part, which are new, which must be skipped."""

    replace: dict[str, str] = field(default_factory=dict)  # title -> existing part
    add: list[str] = field(default_factory=list)  # titles of new tabs, in order
    conflicts: list[str] = field(default_factory=list)  # a person's tab has the name
    stale: list[str] = field(default_factory=list)  # our tabs whose names we no longer use
    mark_owned: bool = True  # False adds plain tabs, as a person would (tests, `init`)


def plan(package: Package, titles: list[str]) -> PartPlan:
    result = PartPlan()
    taken = {s.name.casefold(): s for s in package.sheets}  # Excel ignores case in names
    for title in titles:
        sheet = taken.get(title.casefold())
        if sheet is None:
            result.add.append(title)
        elif sheet.name in package.owned and sheet.kind == "worksheet":
            result.replace[title] = sheet.part
        else:
            result.conflicts.append(title)
    wanted = {t.casefold() for t in titles}
    result.stale = [n for n in sorted(package.owned) if n.casefold() not in wanted]
    return result


def preflight(data: bytes, archive: zipfile.ZipFile, package: Package,
              name: str = "the workbook") -> None:
    """Parse, before any work, every part a write will edit: a part the writer cannot read
    is a damaged workbook (exit 3), found now rather than after the sync's work. `data`
    is the package's bytes, which `archive` reads."""
    for part in (package.strings_part, package.styles_part, "[Content_Types].xml",
                 package.rels_part, package.workbook_part):
        if not part or part not in package.names:
            continue
        try:
            content = read_part(data, archive.getinfo(part))  # zlib-ng: quicker
            _parse(content)
            if part == package.styles_part:
                styles = Styles(content)
                styles.ids()
                styles.render()
            elif part != "[Content_Types].xml":
                xmlscan.root_end(content)  # where entries are added: the root's end
        except (expat.ExpatError, ValueError, TypeError, KeyError, IndexError,
                zipfile.BadZipFile, *deflate.ERRORS, EOFError, edits.EditError) as exc:
            raise damaged(name, part, f"cannot be read for writing ({exc})") from exc


def build(data: bytes, package: Package, tabs: list[Tab], write_plan: PartPlan) -> bytes:
    """The new workbook's bytes. `data` is the package exactly as read."""
    return b"".join(build_pieces(data, package, tabs, write_plan))


def build_pieces(data: bytes, package: Package, tabs: list[Tab], write_plan: PartPlan,
                 checked: bool = False) -> list[bytes]:
    """`build`'s bytes as the pieces written one after another: a file is written from
    them without the whole workbook (hundreds of MB at a million rows) copied once more.
    `checked`: `preflight` parsed the parts a write edits, so the shared strings' own
    entries are packed ahead and not parsed again (see `_new_parts`)."""
    stream = io.BytesIO(data)
    with zipfile.ZipFile(stream) as archive:
        try:
            sheets, changed, added = _new_parts(data, archive, package, tabs, write_plan,
                                                checked)
        except edits.EditError as exc:
            raise NotAWorkbook(f"skillsync cannot add its tabs safely: {exc}; nothing was "
                               "written — open the workbook in Excel and save it again") from exc
        packed = _checked_and_packed({**changed, **added})
        changed_names, added_names = set(changed), list(added)
        del changed, added  # the amended bytes go once packed (a million people's strings)
        parts = []
        for info in archive.infolist():
            if info.filename in sheets:
                parts.append(sheets.pop(info.filename))
            elif info.filename in changed_names:
                parts.append(packed[info.filename])
            else:
                parts.append(read_raw(archive, stream, info))
    parts.extend(sheets.values())
    parts.extend(packed[name] for name in added_names)
    out = _Pieces()
    write_parts(out, parts)
    return out


class _Pieces(list):
    """A writable that keeps what is written as it is (the parts' packed bytes are not
    copied)."""

    def write(self, data: bytes) -> int:
        self.append(data)
        return len(data)


def _new_parts(data: bytes, archive, package: Package, tabs: list[Tab], write_plan: PartPlan,
               checked: bool = False):
    """({our sheet part: its packed part}, {existing part: new bytes}, {new part: bytes})
    for this write. Our sheets are streamed straight into their packed form."""
    wanted = [t for t in tabs if t.title in write_plan.replace or t.title in write_plan.add]
    read_table = functools.partial(read_or_none, data, archive, package.strings_part)
    styles = Styles(read_or_none(data, archive, package.styles_part))
    texts = TabTexts(_unpacked_size(archive, package.strings_part), read_table, styles.ids(),
                     package.date1904)
    # A tab built by a child has its texts inline: none is sought in the table.
    here = [tab for tab in wanted if not isinstance(tab, aside.AsideTab)]
    groups = {tab.title: group_columns(tab) for tab in here}
    if texts.inline:
        texts.expect([(tab, groups[tab.title]) for tab in here])
    with ThreadPoolExecutor(max_workers=1) as helper:
        ahead = None if texts.inline else _seek_first(
            texts, texts_of(here, groups), read_table, helper,
            bool(checked and package.strings_part))
        new_sheets = newparts.allocate(package, write_plan.add)
        sheets = _sheets(data, archive, write_plan, new_sheets, wanted, groups, texts)
        changed: dict[str, Content] = {}
        added: dict[str, Content] = {}
        _shared_parts(archive, package, texts.table(), ahead.result() if ahead else None,
                      styles, changed, added)
    if new_sheets:
        newparts.register_sheets(archive, package, new_sheets, changed, write_plan.mark_owned)
    return sheets, changed, added


def _seek_first(texts: TabTexts, sought: dict[str, str], read_table,
                helper: ThreadPoolExecutor, pack_ahead: bool
                ) -> Future[PackedEntries | None] | None:
    """The shared strings searched for every text (`sought`) of the tabs the sync renders
    itself; the table's own entries packed ahead on `helper` meanwhile, when they are to be."""
    # The table unpacks on a second thread (deflate lets go of the interpreter), then its
    # own entries (parsed by `preflight`) are packed there while it is searched and the
    # tabs are written: 160 MB at a million people.
    table = helper.submit(read_table)
    ahead = helper.submit(_packed_ahead, table) if pack_ahead and deflate.crc32_combine else None
    texts.seek_first(sought, table.result())
    return ahead


def _unpacked_size(archive: zipfile.ZipFile, part: str | None) -> int:
    try:
        return archive.getinfo(part).file_size if part else 0
    except KeyError:
        return 0


def _packed_ahead(table: Future[bytes | None]) -> PackedEntries | None:
    sst = table.result()
    return packed_entries(sst) if sst is not None and len(sst) >= AHEAD_BYTES else None


AHEAD_BYTES = 1 << 20  # a smaller table's entries pack in no time: not worth packing ahead


def _sheets(data: bytes, archive, write_plan: PartPlan, new_sheets, wanted: list[Tab],
            groups: dict[str, Groups], texts: TabTexts) -> dict[str, RawPart]:
    """Our sheet parts, each streamed straight into its packed form, in the tabs' order;
    a tab a child builds is taken last, so the sync's own are rendered meanwhile."""
    parts = {tab.title: (write_plan.replace[tab.title] if tab.title in write_plan.replace
                         else new_sheets[tab.title][2]) for tab in wanted}
    sheets: dict[str, RawPart | None] = dict.fromkeys(parts.values())
    for tab in sorted(wanted, key=lambda tab: isinstance(tab, aside.AsideTab)):
        part = parts[tab.title]
        replaced = (Stored.of(data, archive, part) if tab.title in write_plan.replace
                    else None)
        sheets[part] = (aside.part(tab, part, replaced, texts)
                        if isinstance(tab, aside.AsideTab) else
                        texts.render(part, tab, groups.pop(tab.title), replaced))
    return sheets  # type: ignore[return-value] (every part is filled in)


def _checked_and_packed(parts: dict[str, Content]) -> dict[str, RawPart]:
    """The parts amended, packed on a second thread (deflate lets go of the interpreter)
    while they are checked here (`_well_formed`): at 100k people, the shared strings pack
    in 0.2 s and parse in 0.1 s. Nothing is returned, so nothing written, unless all pass."""
    with ThreadPoolExecutor(max_workers=1) as packer:
        pending = {name: packer.submit(RawPart.new, name, content)
                   for name, content in parts.items()}
        _well_formed(parts)
        return {name: done.result() for name, done in pending.items()}


def _well_formed(parts: dict[str, Content]) -> None:
    """Every part we amended from the workbook's own XML (workbook, relationships, content
    types, shared strings, styles) must parse, or nothing is written at all. Our sheet
    parts are not parsed again: SheetWriter builds them from escaped pieces only (tested
    once, on hostile text, in tests/test_sheet_xml.py)."""
    for name, content in parts.items():
        if name.endswith((".xml", ".rels")):
            try:
                _parse(content)
            except expat.ExpatError as exc:
                raise SkillsyncError(f"skillsync would have written a broken {name} ({exc}); "
                                     "nothing was written — please report this") from exc


def _parse(content: Content) -> None:
    """Check a part is well-formed XML, prefixes bound, with expat: it builds no tree, so a
    large shared-strings part costs time in proportion, not memory. It is fed at most
    PARSED_AT_ONCE bytes at a time, so the GIL is let go between them: the workbook is
    opened for writing while calamine, on the read-ahead's thread, reads it through a
    Python file object, which one long parse of a large table would stall."""
    parser = expat.ParserCreate(namespace_separator=" ")
    for piece in pieces_of(content):
        if isinstance(piece, Packed):  # packed ahead: the workbook's own, parsed before
            continue
        view = memoryview(piece)
        for at in range(0, len(view), PARSED_AT_ONCE):
            parser.Parse(view[at: at + PARSED_AT_ONCE], False)
    parser.Parse(b"", True)


PARSED_AT_ONCE = 1 << 20


def _shared_parts(archive, package: Package, strings: StringTable | None,
                  ahead: PackedEntries | None, styles: Styles, changed: dict[str, Content],
                  added: dict[str, Content]) -> None:
    """The amended shared strings (`ahead`: their own entries packed ahead; None: they do
    not change) and styles, creating either part if the package lacks it."""
    folder = posixpath.dirname(package.workbook_part)
    for part, table, rel, kind, default in (
        (package.strings_part, strings, STRINGS_REL, STRINGS_TYPE, "sharedStrings.xml"),
        (package.styles_part, styles, STYLES_REL, STYLES_TYPE, "styles.xml"),
    ):
        if table is None or not table.changed:
            continue
        if part and part in archive.namelist():
            changed[part] = _content(table, ahead)
            continue
        taken = {n.casefold() for n in [*package.names, *added]}
        target = newparts.free_name(folder, default, taken)
        member = posixpath.join(folder, target)
        added[member] = _content(table, ahead)
        newparts.link_part(archive, package, changed, rel, target, kind, member)


def _content(table: StringTable | Styles, ahead: PackedEntries | None) -> Content:
    """A table's new part: the shared strings in pieces (see StringTable.pieces)."""
    return table.pieces(ahead) if isinstance(table, StringTable) else table.render()
