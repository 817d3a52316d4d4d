"""Build the new package: our tabs added or replaced, every other part copied as stored."""

from __future__ import annotations

import dataclasses
import functools
import io
import posixpath
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from xml.parsers import expat

from skillsync import deflate
from skillsync.backends.xlsx import edits, newparts, xmlscan
from skillsync.backends.xlsx.package import (
    STRINGS_REL,
    STYLES_REL,
    Package,
    damaged,
)
from skillsync.backends.xlsx.sheetparts import (
    Alone,
    numbering_order,
    read_member,
    sheet_part,
    texts_of,
)
from skillsync.backends.xlsx.sheetxml import Groups, SheetWriter, group_columns
from skillsync.backends.xlsx.strings import PackedEntries, StringTable, packed_entries
from skillsync.backends.xlsx.styles import Styles
from skillsync.backends.xlsx.zipparts import (
    Content,
    Packed,
    RawPart,
    pieces_of,
    read_raw,
    write_parts,
)
from skillsync.backends.xlsx.zipread import read_part
from skillsync.core.tabs import Apart, Tab
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
                 apart: Callable[[], Alone | None] | None = None,
                 checked: bool = False) -> list[bytes]:
    """`build`'s bytes as the pieces written one after another: a file is written from
    them without the whole workbook (hundreds of MB at a million rows) copied once more.
    `apart` gives the parts of the tabs among `tabs` made apart (see `sheets_alone`),
    or None when they were not. `checked`: `preflight` parsed the parts a write edits, so the
    shared strings' own entries are packed ahead, not parsed again (see `_new_parts`)."""
    stream = io.BytesIO(data)
    with zipfile.ZipFile(stream) as archive:
        try:
            sheets, changed, added = _new_parts(data, archive, package, tabs, write_plan,
                                                apart, checked)
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
               apart: Callable[[], Alone | None] | None = None, checked: bool = False):
    """({our sheet part: its packed part}, {existing part: new bytes}, {new part: bytes})
    for this write. Our sheets are streamed straight into their packed form. Tabs made
    apart (`Apart`s) are asked of `apart` once all else that can be is ready; when they
    were not made (each of them), they are made here."""
    wanted = [t for t in tabs if t.title in write_plan.replace or t.title in write_plan.add]
    made = [t for t in wanted if not isinstance(t, Apart)]
    with ThreadPoolExecutor(max_workers=1) as helper:
        # The shared strings (160 MB at a million people) unpack on a second thread (deflate
        # lets go of the interpreter) while the texts to seek in them are gathered here.
        table = helper.submit(read_member, data, archive, package.strings_part)
        # Then the table's own entries (the workbook's, parsed by `preflight`) are packed
        # there while it is searched and the tabs are written: 160 MB at a million people.
        ahead = (helper.submit(_packed_ahead, table)
                 if checked and package.strings_part and deflate.crc32_combine else None)
        groups = {tab.title: group_columns(tab) for tab in made}
        texts = texts_of(made, groups)
        strings = StringTable(table.result(), 0, texts,
                              reread=functools.partial(read_member, data, archive,
                                                       package.strings_part))
        del table, texts
        elsewhere = {t.title for t in wanted} - {t.title for t in made}
        alone = apart() if apart is not None and elsewhere else None
        if elsewhere and (alone is None or set(alone.parts) != elsewhere):  # made here
            return _new_parts(data, archive, package, [
                t.made() if isinstance(t, Apart) else t for t in tabs], write_plan,
                checked=checked)
        styles = Styles(read_member(data, archive, package.styles_part))
        sheets = _sheets(data, archive, package, write_plan, strings, styles, wanted, groups,
                         alone)
        changed: dict[str, Content] = {}
        added: dict[str, Content] = {}
        _shared_parts(archive, package, strings, ahead.result() if ahead else None, styles,
                      changed, added)
    if sheets.new:
        newparts.register_sheets(archive, package, sheets.new, changed, write_plan.mark_owned)
    return sheets.parts, changed, added


def _packed_ahead(table: Future[bytes | None]) -> PackedEntries | None:
    sst = table.result()
    return packed_entries(sst) if sst is not None and len(sst) >= AHEAD_BYTES else None


AHEAD_BYTES = 1 << 20  # a smaller table's entries pack in no time: not worth a run apart


@dataclass
class _Sheets:
    parts: dict[str, RawPart]  # our sheet parts, in the order of the tabs
    new: dict[str, tuple[int, str, str]]  # the new ones: title -> newparts.allocate's


def _sheets(data: bytes, archive, package: Package, write_plan: PartPlan,
            strings: StringTable, styles: Styles, wanted: list[Tab],
            groups: dict[str, Groups], alone: Alone | None) -> _Sheets:
    """Every tab's sheet part: the one made apart taken in, the others made here."""
    writer = SheetWriter(strings, styles.ids(), package.date1904)
    new_sheets = newparts.allocate(package, write_plan.add)
    places = {tab.title: (write_plan.replace[tab.title] if tab.title in write_plan.replace
                          else new_sheets[tab.title][2]) for tab in wanted}
    sheets: dict[str, RawPart] = dict.fromkeys(places.values())  # type: ignore[arg-type]
    if alone is not None:  # their texts were numbered first: they are FIRST_NUMBERED
        strings.take_in(alone.appended, alone.references)
        for title, (part, dropped) in alone.parts.items():
            sheets[places[title]] = dataclasses.replace(part, name=places[title])
            strings.references_dropped += dropped
    made = [t for t in wanted if alone is None or t.title not in alone.parts]
    for tab in sorted(made, key=numbering_order):
        sheets[places[tab.title]], dropped = sheet_part(
            data, archive, writer, tab, groups.pop(tab.title), places[tab.title],
            tab.title in write_plan.replace)
        strings.references_dropped += dropped
    return _Sheets(sheets, new_sheets)


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
    large shared-strings part costs time in proportion, not memory (fed a piece at a
    time when in pieces)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    for piece in pieces_of(content):
        if not isinstance(piece, Packed):  # packed ahead: the workbook's own, parsed before
            parser.Parse(piece, False)
    parser.Parse(b"", True)


def _shared_parts(archive, package: Package, strings: StringTable, ahead: PackedEntries | None,
                  styles: Styles, changed: dict[str, Content], added: dict[str, Content]
                  ) -> None:
    """The amended shared strings (`ahead`: their own entries packed ahead) and styles,
    creating either part if the package lacks it."""
    folder = posixpath.dirname(package.workbook_part)
    for part, table, rel, kind, default in (
        (package.strings_part, strings, STRINGS_REL, STRINGS_TYPE, "sharedStrings.xml"),
        (package.styles_part, styles, STYLES_REL, STYLES_TYPE, "styles.xml"),
    ):
        if not table.changed:
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
