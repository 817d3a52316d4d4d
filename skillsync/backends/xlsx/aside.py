"""The largest tab built, rendered and packed in a second process, on the machine's other core.

After the read, a sync is Python on one core. The People × Skills tab is about a third of
what follows (at 100,000 people: built in 0.6 s, rendered and packed in 1.2 s) and depends
on nothing the other tabs, the digest or the history do. So a child process (child.py)
builds it, renders it and packs it, while the sync goes on with the rest. The child is
started once a workbook large enough for one (`worth_a_child`) has its sheets read
(`spare`): not before, while calamine, reading ahead, has the other core (a child
importing beside it kept the reader waiting 0.07 s longer at 100,000 people); its imports
are done by the time it is given its first column. It is then sent the workbook's bytes and
the tab's inputs (`start`), pickled. Before that, while the sheet is analysed, it parses
the slowest columns (`elsewhere`: see core/elsewhere.py), which it would otherwise wait
through idle. A run that writes nothing (`check`) has a child for that alone, on a
workbook large enough for a column to be worth it.

The child writes the tab's texts inline, in their cells (sheetxml.InlineTexts), not in
the workbook's shared strings: the table stays the sync's alone, and the child has no
table of a hundred thousand entries to search. At its end it sends how many cells of the
tab it replaces referred to the table (which the table's count loses), and the packed
part, in its memory file.

If the child fails in any way, the tab is built and rendered in the sync instead, with
shared strings as every other tab, and a column it was sending back is parsed in the
sync: what is written never depends on the child. The `aside.failed` event
(`--log-format json`) names the tab or the work, and says why; `aside.handed_back`, a tab
the child leaves to the sync by design (a text only shared strings carry). Used only
where a child can run (`child.available`), for tabs of at least ASIDE_ROWS rows (below
that, a process costs more than it saves), one after another: its first whatever its
size, then others while the tabs given hold no more than ROWS_PER_CHILD rows in all
(Data Issues, when People × Skills is too large to be built at a million people). Tabs
given early, before the history is recalled (Projects, Duplicates), are taken whatever
the child holds and not counted: the child has the history's time for them.
"""

from __future__ import annotations

import mmap
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd

from skillsync import allocator, events
from skillsync.backends.xlsx import child
from skillsync.backends.xlsx.inline import InlineTexts, NeedsSharedStrings
from skillsync.backends.xlsx.package import Package
from skillsync.backends.xlsx.sheetparts import Stored, read_or_none, sheet_part
from skillsync.backends.xlsx.sheetxml import SheetWriter, group_columns
from skillsync.backends.xlsx.styles import Styles
from skillsync.backends.xlsx.tabtexts import TabTexts
from skillsync.backends.xlsx.zipparts import RawPart, Spool, name_flags
from skillsync.core.tabs import Tab

ASIDE_ROWS = 20_000  # rows of a tab worth a process of its own
ROWS_PER_CHILD = 400_000  # rows of tabs one child is given in all (its first, whatever its
# size): more would keep the sync waiting (People × Skills at 100k people: 400,000 rows)
# Worksheet XML (unpacked) from which a workbook may have a tab of ASIDE_ROWS rows: a
# person's row takes 200 to 500 bytes, and has two to eight rows in People × Skills.
START_BYTES = 1 << 20
# The same for a run that writes nothing, whose child only parses columns: a column of
# SENT_VALUES (20,000) distinct values takes 4 MB of sheet or more.
PARSE_BYTES = 4 << 20
# What the child imports while it waits: what its work, unpickled, runs.
PRELOAD = ("skillsync.core.peopleskills", "skillsync.backends.xlsx.aside",
           "skillsync.core.fields", "skillsync.core.projecttab")
_REASON_CHARS = 300  # of a failure, in the `aside.failed` event
_NEW_PART = "xl/worksheets/aside.xml"  # the child's name for a part the sync will name
_NOTHING = object()  # no answer: the child failed


class Worker:
    """The child a workbook opened for writing starts: given work (`elsewhere`) and tabs
    (`start`), whose answers it sends in the order given and which are kept, by what they
    answer, until asked for: a tab given before some work is asked for after it."""

    def __init__(self, process: child.Child) -> None:
        self.child = process
        self.rows = 0  # of the tabs given
        self.works = 0  # work given (`elsewhere`), numbered in order
        self._said: dict[tuple[str, str | int], Any] = {}  # answers not yet asked for

    def takes(self, rows: int, early: bool = False) -> bool:
        """Whether a tab of `rows` rows is worth giving: large enough, and the child not
        given so much already that the sync would wait for it; a tab given `early` (before
        the history is recalled), whatever the child was given, and not counted: recalling
        the history and building the other tabs take longer than such a tab does."""
        if rows < ASIDE_ROWS:
            return False
        return early or not self.rows or self.rows + rows <= ROWS_PER_CHILD

    def answer_for(self, key: str) -> tuple | str | None:
        """What the child said of the tab `key`: its part's facts, or why it left that tab
        to the sync; None once it failed, or said anything but what it is asked."""
        found = self.said(("tab", key))
        if found is _NOTHING or not isinstance(found, tuple | str):
            if found is not _NOTHING:
                self.child.fail("it answered out of turn")
            return None
        return found

    def said(self, wanted: tuple[str, str | int]) -> Any:
        """The answer `wanted` (("tab", key) or ("answer", the work's number)), read in
        turn, the answers before it kept; _NOTHING once the child failed, or when it says
        anything but an answer (which fails it)."""
        while wanted not in self._said:
            found = self.child.message()
            if not (isinstance(found, tuple) and len(found) == 3
                    and found[0] in ("tab", "answer") and type(found[1]) in (str, int)):
                if found is not None:
                    self.child.fail("it answered out of turn")
                return _NOTHING
            self._said[found[0], found[1]] = found[2]
        return self._said.pop(wanted)

    def done_giving(self) -> None:
        """Every tab is begun: a child given none goes now, any other ends after its work."""
        if self.rows:
            self.child.finish()
        else:
            self.child.close()

    def close(self) -> None:
        self.child.close()


@dataclass(frozen=True)
class _Handle:
    build: Callable[[], Tab]
    worker: Worker


@dataclass(frozen=True)
class AsideTab(Tab):
    """A tab being built by a child: its title, no rows here (see `part`)."""

    handle: _Handle | None = None


def worth_a_child(archive: zipfile.ZipFile, package: Package, writing: bool = True) -> bool:
    """Whether a child is worth starting (`spare`) for this workbook: when its own sheets
    are large enough for one, and a child can run here. For a run that writes nothing
    (`check`, `export`...), a child only parses columns (`elsewhere`): worth it when the
    sheets are large enough for a column to be worth sending (PARSE_BYTES)."""
    sizes = {info.filename: info.file_size for info in archive.infolist()}
    sheets = sum(sizes.get(sheet.part, 0) for sheet in package.sheets
                 if sheet.kind == "worksheet" and sheet.name not in package.owned)
    return sheets >= (START_BYTES if writing else PARSE_BYTES) and child.available()


def spare() -> Worker | None:
    """A child started now, for `elsewhere` and `start` to give work later; None when one
    cannot be started."""
    try:
        return Worker(child.Child(PRELOAD))
    except OSError:
        return None


def elsewhere(worker: Worker, work: Callable[[], Any], what: str
              ) -> Callable[[], Any] | None:
    """`work` (a pure function, pickled) given to `worker`; a function that returns the
    work's result, or None when the child failed (then the event says why, and the child
    is given nothing more). None at once when the work cannot be given."""
    number = worker.works
    try:
        worker.child.give(partial(_answer, work, number), last=False)
    except Exception:  # noqa: BLE001 (what pickling raises, a child past its work)
        return None
    worker.works += 1
    return partial(_answer_of, worker, number, what)


def _answer(work: Callable[[], Any], number: int, send: child.Send, memfd: int) -> None:
    """In the child: the work done, its result sent."""
    send(("answer", number, work()))


def _answer_of(worker: Worker, number: int, what: str) -> Any | None:
    """The result of the work given `number`th; None when the child failed."""
    found = worker.said(("answer", number))
    if found is not _NOTHING:
        return found
    events.emit("aside.failed", work=what,
                reason=(worker.child.failure or "")[:_REASON_CHARS])
    return None


def start(worker: Worker, data: bytes, archive: zipfile.ZipFile, package: Package,
          key: str, title: str, rows: int, build: Callable[[], Tab], replaced: str | None,
          early: bool = False) -> Tab:
    """The tab `build` makes (`rows` rows, replacing the part `replaced` if any), as an
    AsideTab whose child, `worker`, is at work on it; or the tab itself, built now, when
    the child does not take it (`Worker.takes`) or cannot be given the work. The child is
    sent what it needs of the workbook: its styles, the part it replaces."""
    if not worker.takes(rows, early):
        return build()
    try:
        old = Stored.of(data, archive, replaced).alone() if replaced else None
        styles = read_or_none(data, archive, package.styles_part)
        worker.child.give(partial(_work, [(key, build, styles, package.date1904, old)]),
                          last=False)
    except Exception:  # noqa: BLE001 (what pickling raises, a failed child: built here)
        return build()
    worker.rows += 0 if early else rows
    return AsideTab(key=key, title=title, columns=(), frame=pd.DataFrame(),
                    handle=_Handle(build, worker))


def part(tab: AsideTab, name: str, replaced: Stored | None, texts: TabTexts) -> RawPart:
    """The tab's packed part `name` from its child; else built and rendered here."""
    handle = tab.handle
    assert handle is not None
    process = handle.worker.child
    done = handle.worker.answer_for(tab.key)
    why = None
    if (isinstance(done, tuple) and len(done) == 6
            and done[0] == (replaced.info.filename if replaced else None)):
        _, crc, size, start, length, dropped = done
        try:
            packed = process.mapped(length, start)
        except (OSError, ValueError) as error:  # no memory, or past the file's end
            why = f"its part could not be mapped ({error})"
        else:
            texts.dropped(dropped)
            return RawPart(name, packed, zipfile.ZIP_DEFLATED, crc, size, name_flags(name))
    if isinstance(done, str):  # the child's own choice (a text only shared strings carry)
        events.emit("aside.handed_back", tab=tab.title, reason=done[:_REASON_CHARS])
    else:
        why = why or process.failure or "it answered for another part"
        events.emit("aside.failed", tab=tab.title, reason=why[:_REASON_CHARS])
    made = handle.build()  # made here instead, its texts sought first
    return texts.render(name, made, group_columns(made), replaced, sought=False)


def _work(given: list[tuple[str, Callable[[], Tab], bytes | None, bool, Stored | None]],
          send: child.Send, memfd: int) -> None:
    """What the child does for a tab: build it, render it with its texts inline and pack
    it into the memory file after what it packed before, send its part's facts (or why it
    leaves the tab to the sync). `given` holds the inputs, taken out so that those the
    tab is built from go once it is built."""
    key, build, styles, date1904, old = given.pop()
    tab = build()
    del build
    # Building took three times what the tab holds: given back, the sync has it.
    allocator.give_back_free_pages()
    try:
        send(("tab", key, _packed(tab, styles, date1904, old, memfd)))
    except NeedsSharedStrings as error:  # this tab only: the next may be written inline
        send(("tab", key, str(error)))


def _packed(tab: Tab, styles: bytes | None, date1904: bool, old: Stored | None, memfd: int
            ) -> tuple[str | None, int, int, int, int, int]:
    """The tab rendered, its texts inline, and packed into the memory file from the next
    page on: its part's name, crc and size, where it starts and its length there, and the
    references to the shared strings the part it replaces held."""
    sheets = SheetWriter(InlineTexts(), Styles(styles).ids(), date1904)
    name = old.info.filename if old else None
    start = _next_page(memfd)
    spool = Spool(memfd)  # packed straight into the memory file, never held here too
    packed = sheet_part(name or _NEW_PART, tab, group_columns(tab), sheets, old, spool)
    if packed.data is not spool:  # the old part's bytes, kept (the tab is unchanged)
        spool += packed.data
    return (name, packed.crc, packed.size, start, spool.length,
            sheets.strings.references_dropped)


def _next_page(fd: int) -> int:
    """The file's position moved on to where a mapping can start (past what the tabs
    before wrote), and that position."""
    page = mmap.ALLOCATIONGRANULARITY
    start = -(-os.lseek(fd, 0, os.SEEK_CUR) // page) * page
    return os.lseek(fd, start, os.SEEK_SET)
