"""The largest tab built, rendered and packed in a forked process, on the machine's other core.

After the read, a sync is Python on one core. The People × Skills tab is about a third of
what follows (at 100,000 people: built in 0.5 s, rendered and packed in 1.4 s) and depends
on nothing the other tabs, the digest or the history do. So a child forked from the sync
(child.py) builds it, renders it against the workbook's own shared strings and styles, and
packs it, while the sync goes on with the rest.

The shared strings are the one thing both write to. The child looks all its texts up first
and sends those it appends; the sync gives them the next entries, before any of its own
(`StringTable.reserve`), so every index the child writes holds. At its end the child sends
how many of its cells refer to the table, and the packed part in its memory file.

If the child fails in any way, the tab is built and rendered in the sync instead: what is
written never depends on the child. Used only where a child can run (`child.available`),
for one tab at a time, of at least ASIDE_ROWS rows: below that, forking costs more than
it saves.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from skillsync.backends.xlsx import child
from skillsync.backends.xlsx.package import Package
from skillsync.backends.xlsx.sheetparts import read_or_none, sheet_part
from skillsync.backends.xlsx.sheetxml import SheetWriter, group_columns
from skillsync.backends.xlsx.strings import StringTable
from skillsync.backends.xlsx.styles import Styles
from skillsync.backends.xlsx.tabtexts import texts_of
from skillsync.backends.xlsx.zipparts import RawPart, name_flags
from skillsync.core.tabs import Tab

ASIDE_ROWS = 20_000  # rows of a tab worth a process of its own
_NEW_PART = "xl/worksheets/aside.xml"  # the child's name for a part the sync will name


@dataclass
class _Handle:
    build: Callable[[], Tab]
    child: child.Child
    appended: list[str] | None = None  # the entries the child appends, once it said
    settled: bool = False
    made: Tab | None = None  # the tab, when it had to be built in the sync


@dataclass(frozen=True)
class AsideTab(Tab):
    """A tab being built by a child: its title, no rows here (see `settled`, `part`)."""

    handle: _Handle | None = None


def start(data: bytes, archive: zipfile.ZipFile, package: Package, key: str, title: str,
          rows: int, build: Callable[[], Tab], replaced: str | None,
          started: list[child.Child]) -> Tab:
    """The tab `build` makes (`rows` rows, replacing the part `replaced` if any), as an
    AsideTab whose child is at work on it (added to `started`, whose owner closes it); or
    the tab itself, built now, when a child is not worth it or cannot start."""
    if rows < ASIDE_ROWS or not child.available():
        return build()
    try:
        worker = child.Child(_work(data, archive, package, build, replaced))
    except OSError:
        return build()
    started.append(worker)
    return AsideTab(key=key, title=title, columns=(), frame=pd.DataFrame(),
                    handle=_Handle(build, worker))


def settled(tabs: list[Tab]) -> list[Tab]:
    """`tabs` once each child has sent the entries it appends; a tab whose child failed
    before that is built here instead, in its place."""
    return [_settle(tab) if isinstance(tab, AsideTab) else tab for tab in tabs]


def reserve(tabs: list[Tab], strings: StringTable) -> None:
    """Give the children's appended entries the next indices, before any of the sync's."""
    for tab in tabs:
        if isinstance(tab, AsideTab) and tab.handle and tab.handle.appended is not None:
            strings.reserve(tab.handle.appended)


def part(tab: AsideTab, data: bytes, archive: zipfile.ZipFile, name: str, replaces: bool,
         sheets: SheetWriter) -> RawPart:
    """The tab's packed part `name` from its child; else built and rendered here."""
    handle = tab.handle
    assert handle is not None
    done = handle.child.message()
    if done is not None and done[0] == (name if replaces else None):
        _, crc, size, length, references, dropped = done
        try:
            packed = handle.child.mapped(length)
        except OSError:  # no memory to map it: made here after all
            packed = None
        if packed is not None:
            sheets.strings.references += references
            sheets.strings.references_dropped += dropped
            return RawPart(name, packed, zipfile.ZIP_DEFLATED, crc, size, name_flags(name))
    made = handle.build()  # the child failed: the tab is made here, its texts sought first
    groups = group_columns(made)
    sheets.strings.seek(texts_of([made], {made.title: groups}))
    return sheet_part(data, archive, name, made, groups, sheets, replaces)


def _settle(tab: AsideTab) -> Tab:
    handle = tab.handle
    assert handle is not None
    if not handle.settled:
        handle.settled = True
        handle.appended = handle.child.message()
        if handle.appended is None:
            handle.made = handle.build()
    return handle.made or tab


def _work(data: bytes, archive: zipfile.ZipFile, package: Package, build: Callable[[], Tab],
          replaced: str | None) -> child.Work:
    """What the child does: build the tab, send the entries it appends, render and pack
    it into the memory file, send its part's facts."""

    def work(send: child.Send, memfd: int) -> None:
        tab = build()
        groups = group_columns(tab)
        texts = texts_of([tab], {tab.title: groups})
        strings = StringTable(read_or_none(data, archive, package.strings_part), 0, texts)
        written = [text for text in texts if text]  # a blank text is a blank cell
        strings.indices(written, [0] * len(written))  # every entry it appends, now
        appended = strings.appended
        send(appended)
        styles = Styles(read_or_none(data, archive, package.styles_part))
        sheets = SheetWriter(strings, styles.ids(), package.date1904)
        packed = sheet_part(data, archive, replaced or _NEW_PART, tab, groups, sheets,
                            replaced is not None)
        if strings.appended != appended:  # its index would be the sync's: never written
            raise ValueError("a text was written that was not looked up first")
        child.write_all(memfd, packed.data)
        send((replaced, packed.crc, packed.size, len(packed.data), strings.references,
              strings.references_dropped))

    return work
