"""The Excel backend: read tabs through python-calamine, write our tabs at the part level."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from skillsync.backends import WriteResult
from skillsync.backends.xlsx import guard, reader, writer
from skillsync.backends.xlsx.package import Package, read_package
from skillsync.backends.xlsx.perms import ensure_writable
from skillsync.backends.xlsx.zipparts import check_archive, needs_zip64
from skillsync.config import Limits
from skillsync.core.model import Grid
from skillsync.core.tabs import Tab
from skillsync.errors import NotAWorkbook
from skillsync.paths import private_subdir
from skillsync.terminal import printable_path

SUFFIXES = (".xlsx", ".xlsm")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class ExcelBackend:
    def __init__(self, path: Path, *, wait: float = 0.0, backups: int = 7,
                 writing: bool = True, limits: Limits | None = None) -> None:
        self.source = printable_path(path)
        # Through links to the real file (its lock, its folder); a regular file only.
        self.path = guard.resolve_source(path)
        self.wait = wait
        self.backups = backups
        self.limits = limits or Limits()
        if self.path.suffix.lower() == ".xls":
            raise NotAWorkbook(f"{path.name} is in the old .xls format; open it in Excel and "
                               "save it as an Excel Workbook (.xlsx)")
        if self.path.suffix.lower() not in SUFFIXES:
            raise NotAWorkbook(f"{path.name} is not an Excel workbook (.xlsx or .xlsm); "
                               "save it in that format first")
        if writing:  # reading alone never disturbs someone who has the workbook open
            guard.remove_leftovers(self.path.parent, self.path.name)
            guard.ensure_not_open(self.path, wait)
            ensure_writable(self.path)
        self.snapshot = guard.take_snapshot(self.path, self.limits.max_file_mb << 20)
        self.archive = _open_zip(self.snapshot.data, self.path)
        name = printable_path(self.path.name)
        check_archive(self.archive, self.snapshot.data, self.limits, name)
        self.package: Package = read_package(self.archive, name)
        if writing:  # a part the writer cannot read is refused before any work
            writer.preflight(self.archive, self.package, name)

    def tab_names(self) -> list[str]:
        return [s.name for s in self.package.sheets
                if s.kind == "worksheet" and s.name not in self.package.owned]

    def read(self, names: list[str]) -> dict[str, Grid]:
        return reader.read_grids(self.snapshot.data, self.archive, self.package, names,
                                 self.limits, printable_path(self.path.name))

    def write(self, tabs: list[Tab]) -> WriteResult:
        plan = writer.plan(self.package, [t.title for t in tabs])
        result = WriteResult(written=[*plan.replace, *plan.add], conflicts=plan.conflicts,
                             stale=plan.stale)
        if plan.add and self.package.structure_locked:
            # The organisation locked the tab list on purpose: add nothing, say why.
            result.notes.append(messages_structure_locked(plan.add))
            plan.add = []
            result.written = list(plan.replace)
        if not result.written:
            return result
        if needs_zip64(self.archive):
            raise NotAWorkbook(f"{self.path.name} is larger than 4 GB; skillsync cannot write it")
        data = writer.build(self.snapshot.data, self.package, tabs, plan)
        result.backup = guard.replace_workbook(
            self.snapshot, data, private_subdir("backups"), self.backups, self.wait)
        return result

    def cell_link(self, sheet: str, cell: str) -> str:
        return f"{self.path} — tab '{sheet}', cell {cell}"

    def close(self) -> None:
        self.archive.close()


def messages_structure_locked(titles: list[str]) -> str:
    return (f"Tabs not added: {', '.join(titles)} — the workbook's structure is protected "
            "(Review → Protect Workbook); unprotect it once so skillsync can add its tabs, "
            "then protect it again.")


def _open_zip(data: bytes, path: Path) -> zipfile.ZipFile:
    if data[:4] == _OLE_MAGIC:
        raise NotAWorkbook(f"{path.name} is password-protected or in the old .xls format; "
                           "save it as an unprotected .xlsx")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OverflowError, NotImplementedError,
            struct.error) as exc:
        raise NotAWorkbook(f"{path.name} is not a readable .xlsx/.xlsm file (damaged or "
                           "another format); open it in Excel and save it again") from exc
