"""The Excel backend: read tabs through python-calamine, write our tabs at the part level.

`XlsxDocument` is the package-level work on bytes in memory (check the package, read the
tabs, plan and build our tabs into new bytes); `ExcelBackend` adds what a file on disk
needs (a regular file only, permissions, lock files, the snapshot, the atomic swap). The
Microsoft 365 backend uses the same document on bytes it downloaded.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from skillsync.backends import TAKEN, Linker, WritePlan, WriteResult
from skillsync.backends.xlsx import aside, guard, readahead, reader, writer
from skillsync.backends.xlsx.package import Package, read_package
from skillsync.backends.xlsx.perms import ensure_writable
from skillsync.backends.xlsx.zipparts import needs_zip64
from skillsync.backends.xlsx.zipread import check_archive
from skillsync.config import Limits
from skillsync.core.model import Grid
from skillsync.core.tabs import Tab
from skillsync.errors import NotAWorkbook
from skillsync.paths import private_subdir
from skillsync.terminal import printable_path

SUFFIXES = (".xlsx", ".xlsm")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class XlsxDocument:
    """A workbook package held as bytes: its tabs, and our tabs built into new bytes.

    The package is checked before anything is read (sizes, part count, compression ratio:
    see [limits]); with `writing`, every part a write will edit is parsed at the first read
    or plan (`_preflight`), so a damaged workbook is refused before any work (or, only
    written, before the write's plan) rather than at write time."""

    def __init__(self, data: bytes, name: str, limits: Limits | None = None,
                 writing: bool = False) -> None:
        self.data = data
        self.name = printable_path(name)  # the file name, for messages
        self.limits = limits or Limits()
        self.archive = _open_zip(data, self.name)
        if not readahead.checked(data, self.limits):  # else checked there already
            check_archive(self.archive, data, self.limits, self.name)
        self.package: Package = read_package(self.archive, self.name)
        self.writing = writing  # the parts a write edits are parsed (writer.preflight)
        self._preflown = False
        # A child to parse columns and build tabs aside (aside.py), started once the
        # sheets are read (`_spared`), or at its first use when nothing is read.
        self._to_spare = aside.worth_a_child(self.archive, self.package, writing)
        self._worker: aside.Worker | None = None
        self._children: list[aside.Worker] = []

    def tab_names(self) -> list[str]:
        return [s.name for s in self.package.sheets
                if s.kind == "worksheet" and s.name not in self.package.owned]

    def read(self, names: list[str]) -> dict[str, Grid]:
        # Parsed here, not on opening: while calamine, reading ahead, is still parsing the
        # sheet the reader would wait for (a million rows: 1 s of the 7 s it waits).
        self._preflight()
        grids = reader.read_grids(self.data, self.archive, self.package, names, self.limits,
                                  self.name)
        self._spared()  # its imports now, beside finding the table, not beside calamine
        return grids

    def plan(self, tabs: list[Tab]) -> WritePlan:
        self._preflight()  # a workbook only written (a CSV source's companion) is never read
        self._to_spare = False  # too late for one now
        if self._worker is not None:  # every tab is begun by now: a child given none
            self._worker.done_giving()  # goes (its tab passed a sheet's rows, say)
            self._worker = None
        parts = writer.plan(self.package, [t.title for t in tabs])
        skip = [(title, TAKEN) for title in parts.conflicts]
        for tab in tabs:
            if tab.unfit and (tab.title in parts.add or tab.title in parts.replace):
                skip.append((tab.title, tab.unfit))
                parts.add = [t for t in parts.add if t != tab.title]
                parts.replace.pop(tab.title, None)
        add, notes = list(parts.add), []
        if add and self.package.structure_locked:
            # The organisation locked the tab list on purpose: add nothing, say why.
            skip += [(title, STRUCTURE_LOCKED) for title in add]
            notes.append(messages_structure_locked(add))
            add = []
        return WritePlan(tuple(parts.replace), tuple(add), tuple(skip), tuple(parts.stale),
                         tuple(notes))

    def build(self, tabs: list[Tab], plan: WritePlan) -> bytes:
        """The new workbook's bytes, carrying out `plan` (which must write something)."""
        return b"".join(self.pieces(tabs, plan))

    def pieces(self, tabs: list[Tab], plan: WritePlan) -> list[bytes]:
        """`build`'s bytes in the pieces written one after another (see writer.build_pieces)."""
        if needs_zip64(self.archive):
            raise NotAWorkbook(f"{self.name} is larger than 4 GB; skillsync cannot write it")
        self._preflight()
        parts = writer.plan(self.package, list(plan.writes))
        parts.add = [t for t in parts.add if t in plan.add]
        return writer.build_pieces(self.data, self.package, tabs, parts, checked=self.writing)

    @property
    def builds_aside(self) -> bool:
        """Whether a child builds tabs (started, or to be at its first use); else `aside`
        builds them at once."""
        return self._to_spare or self._worker is not None

    def elsewhere(self, work: Callable[[], Any], what: str) -> Callable[[], Any] | None:
        """`work` done by the child started for tabs, before them, while the sync goes on
        (see core/elsewhere.Elsewhere); None when there is no such child."""
        worker = self._spared()
        if worker is None:
            return None
        return aside.elsewhere(worker, work, what)

    def aside(self, key: str, title: str, rows: int, build: Callable[[], Tab], *,
              early: bool = False) -> Tab:
        """The tab `build` makes, built and rendered by a child process while the sync goes
        on (see xlsx/aside.py) when it is large enough; else built now (see core/tabs.Aside)."""
        if not self.builds_aside:
            return build()
        parts = writer.plan(self.package, [title])
        if parts.conflicts or (parts.add and self.package.structure_locked):
            return build()  # a tab that will not be written is not worth a process
        worker = self._spared()
        if worker is None:
            return build()
        return aside.start(worker, self.data, self.archive, self.package, key, title,
                           rows, build, parts.replace.get(title), early)

    def _spared(self) -> aside.Worker | None:
        """The child, started now if it is worth one and not started yet."""
        if self._to_spare:
            self._to_spare = False
            self._worker = aside.spare()
            self._children += [self._worker] if self._worker else []
        return self._worker

    def _preflight(self) -> None:
        """With `writing`, the parts a write edits parsed, once: a damaged one stops the
        run (exit 3) before any work."""
        if self.writing and not self._preflown:
            writer.preflight(self.data, self.archive, self.package, self.name)
            self._preflown = True

    def close(self) -> None:
        for worker in self._children:
            worker.close()
        self.archive.close()


class DocumentBackend:
    """A backend over one workbook's bytes held as an XlsxDocument (a file here, a drive
    item in Microsoft 365): reading and planning are the document's; writing is each's."""

    document: XlsxDocument

    @property
    def date1904(self) -> bool:
        """Whether the workbook counts its date serials from 1904 (Excel for Mac's old
        default): a plain number in a date column is then a day since 1904-01-01."""
        return self.document.package.date1904

    def tab_names(self) -> list[str]:
        return self.document.tab_names()

    def read(self, names: list[str]) -> dict[str, Grid]:
        return self.document.read(names)

    def plan(self, tabs: list[Tab]) -> WritePlan:
        return self.document.plan(tabs)

    @property
    def builds_aside(self) -> bool:
        return self.document.builds_aside

    def elsewhere(self, work: Callable[[], Any], what: str) -> Callable[[], Any] | None:
        return self.document.elsewhere(work, what)

    def aside(self, key: str, title: str, rows: int, build: Callable[[], Tab], *,
              early: bool = False) -> Tab:
        return self.document.aside(key, title, rows, build, early=early)


class ExcelBackend(DocumentBackend):
    def __init__(self, path: Path, *, wait: float = 0.0, backups: int = 7,
                 writing: bool = True, limits: Limits | None = None) -> None:
        self.source = printable_path(path)
        # Through links to the real file (its lock, its folder); a regular file only.
        self.path = guard.resolve_source(path)
        self.wait = wait
        self.backups = backups
        limits = limits or Limits()
        if self.path.suffix.lower() == ".xls":
            raise NotAWorkbook(f"{path.name} is in the old .xls format; open it in Excel and "
                               "save it as an Excel Workbook (.xlsx)")
        if self.path.suffix.lower() not in SUFFIXES:
            raise NotAWorkbook(f"{printable_path(path.name)} is not a workbook skillsync reads "
                               "(.xlsx, .xlsm, .xls, .ods, .csv); save it in one of those")
        if writing:  # reading alone never disturbs someone who has the workbook open
            guard.remove_leftovers(self.path.parent, self.path.name)
            guard.ensure_not_open(self.path, wait)
            ensure_writable(self.path)
        self.snapshot = guard.take_snapshot(self.path, limits.max_file_mb << 20)
        self.document = XlsxDocument(self.snapshot.data, self.path.name, limits, writing)
        self.archive = self.document.archive
        self.package: Package = self.document.package

    def write(self, tabs: list[Tab], plan: WritePlan) -> WriteResult:
        if not plan.writes:
            return WriteResult(plan)
        pieces = self.document.pieces(tabs, plan)
        backup = guard.replace_workbook(
            self.snapshot, pieces, private_subdir("backups"), self.backups, self.wait)
        return WriteResult(plan, True, backup)

    def linker(self) -> Linker:
        path = self.path

        def link(sheet: str, cell: str) -> str:
            return f"{path} — tab '{sheet}', cell {cell}"

        return link

    def close(self) -> None:
        self.document.close()


STRUCTURE_LOCKED = "the workbook's structure is protected"


def messages_structure_locked(titles: list[str]) -> str:
    return (f"Tabs not added: {', '.join(titles)} — the workbook's structure is protected "
            "(Review → Protect Workbook); unprotect it once so skillsync can add its tabs, "
            "then protect it again.")


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    if data[:4] == _OLE_MAGIC:
        raise NotAWorkbook(f"{name} is password-protected or in the old .xls format; "
                           "save it as an unprotected .xlsx")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OverflowError, NotImplementedError,
            struct.error) as exc:
        raise NotAWorkbook(f"{name} is not a readable .xlsx/.xlsm file (damaged or "
                           "another format); open it in Excel and save it again") from exc
