"""Reading a workbook's sheets ahead, while skillsync starts up.

A command on a local workbook spends its first half second importing pandas and the
rest of skillsync. calamine lets go of the GIL while it opens a workbook and parses a
sheet, so the two can run at once: `begin(path)`, called before those imports, takes its
own snapshot of the file, asks what the reader asks before calamine sees anything (the
package's checks, the shared strings' declared count, the first sheet's extent: see
precheck.py), and leaves a thread parsing the worksheets the reader will ask for (the
tab the settings name under [source], else every one we do not own), in the workbook's
order (a sheet the reader is waiting for first). The package's checks inflate every XML
part once: the reader, given the very same bytes, does not inflate them again (`checked`).
Worksheets are verified last: each one calamine parses as it is scanned, before calamine
sees it (one inflating, not two), the others when the reader asks whether the bytes were
checked. So calamine does not wait for tabs it never parses (our own: People × Skills
alone is 200 MB of XML at 100,000 people) to be verified first.

The asking is done before the imports, not beside them: the imports and a thread
running Python would take turns at the GIL, each kept waiting at every turn (the
imports took twice as long so).

What was parsed ahead is used only for the very same bytes: the reader asks with the
bytes of its own snapshot, taken after any wait for the workbook to be closed, and gets
nothing when they differ. Whatever reading ahead meets (a damaged part, a refusal, a file
over the size worth reading twice, a workbook open in Office) only means nothing is read
ahead: the reader meets it again on its own way and says what it is. The settings are
not loaded yet: their file is only looked into for the tab it names, and a file setting
its own [limits] leaves the reading to the reader, so the checks here are the reader's
own under the default limits.
"""

from __future__ import annotations

import contextlib
import io
import threading
import tomllib
import zipfile
from collections import Counter
from pathlib import Path

from skillsync.backends.xlsx import precheck
from skillsync.backends.xlsx.calaminebook import Opening, Parsed, names_agree
from skillsync.backends.xlsx.guard import owner_files, take_snapshot
from skillsync.backends.xlsx.package import Package, read_package
from skillsync.backends.xlsx.zipread import (
    check_directory,
    verified_part,
    verify_stream,
    verify_streams,
)
from skillsync.limits import Limits
from skillsync.settingsfile import read_text, settings_file

# Past this the file would be read twice for a gain that stays a third of a second (the
# imports it overlaps), while calamine's own reading takes tens of seconds.
LARGEST = 128 << 20
SUFFIXES = (".xlsx", ".xlsm")


class Ahead:
    """One workbook's worksheets parsed in a thread (see the module's docstring)."""

    def __init__(self, data: bytes, sheets: list[tuple[str, zipfile.ZipInfo]],
                 unverified: list[zipfile.ZipInfo], name: str, tabs: tuple[str, ...]
                 ) -> None:
        self.data: bytes | None = data
        self._name = name  # the file's, for messages
        self._tabs = tabs  # every tab's name, in the package's order (`names_agree`)
        # The worksheets the package's checks left (see the module's docstring), by part.
        self._unverified = {info.filename: info for info in unverified}
        self._verified: bool | None = None  # whether they passed, once `checked` asks
        self._book = Opening(data)
        self._infos = dict(sheets)
        self._queue = [name for name, _ in sheets]  # still to parse, in order
        self._parsed: dict[str, Parsed | None] = {}  # None: not parsed here
        self._handed: set[str] = set()  # asked for already: the reader has them
        self._awaited: str | None = None  # the sheet the reader is waiting for
        self._over = False
        self._changed = threading.Condition()
        first = self._queue.pop(0)
        scan = self._scanned(data, first)  # here, while calamine opens the workbook
        threading.Thread(target=self._run, args=(first, scan), daemon=True,
                         name="skillsync read-ahead").start()

    def parsed(self, data: bytes, name: str) -> Parsed | None:
        """The sheet `name` parsed ahead from these same bytes, else None. Waits while the
        thread is parsing it; a sheet not reached yet is parsed next."""
        if name not in self._infos or name in self._handed:
            return None
        self._handed.add(name)
        with self._changed:
            if self.data is None or not (self.data is data or self.data == data):
                self._stop()
                return None
            self.data = data  # the reader's own copy: the snapshot taken here can go
            if name in self._queue:
                self._queue.remove(name)
                self._queue.insert(0, name)
            self._awaited = name
            self._changed.notify_all()
            self._changed.wait_for(lambda: self._over or name in self._parsed)
            self._awaited = None
            found = self._parsed.pop(name, None)
            self._changed.notify_all()  # room for the next sheet
            return found

    def checked(self, data: bytes, limits: Limits) -> bool:
        """Whether `data` are the bytes checked here, and `limits` the limits they passed."""
        with self._changed:
            same = limits == Limits() and self.data is not None and (
                self.data is data or self.data == data)
        return same and self._rest_verified(data)

    def _rest_verified(self, data: bytes) -> bool:
        """Whether the worksheets left unverified pass the package's checks (verified
        now, once). One that does not leaves the reader to check the package itself, and
        say what is wrong with it."""
        if self._verified is None:
            try:
                for info in list(self._unverified.values()):  # a scan may take one meanwhile
                    verify_stream(data, info, self._name)
            except Exception:  # noqa: BLE001 (the reader meets it again and says what it is)
                self._verified = False
            else:
                self._verified = True
        return self._verified

    def end(self) -> None:
        """Parse nothing more and let go of what was parsed and not asked for."""
        with self._changed:
            self._stop()

    def _stop(self) -> None:
        self._queue.clear()
        self._parsed.clear()
        self.data = None
        self._changed.notify_all()

    def _run(self, name: str, scan: precheck.Scan | None) -> None:
        try:
            while True:
                parsed = None if scan is None else self._parsed_now(name, scan)
                with self._changed:
                    if self.data is not None:
                        self._parsed[name] = parsed
                    self._changed.notify_all()
                    # One sheet ahead at most: the next waits until the reader has taken
                    # this one or waits for another, so no more cells are held at once
                    # than the reader's own order would hold.
                    self._changed.wait_for(self._room_for_next)
                    if not self._queue or self.data is None:
                        return
                    name, data = self._queue.pop(0), self.data
                scan = self._scanned(data, name)
        except BaseException:  # noqa: BLE001 (the reader meets it again and says what it is)
            pass
        finally:
            with self._changed:
                self._over = True
                self._changed.notify_all()

    def _parsed_now(self, name: str, scan: precheck.Scan) -> Parsed | None:
        """The sheet parsed by calamine, when calamine names the tabs as the package does."""
        book = self._book.book()
        if not names_agree(book, self._tabs):
            return None
        return Parsed.of(book.get_sheet_by_name(name), scan)

    def _room_for_next(self) -> bool:
        return (self.data is None or not self._parsed
                or (self._awaited is not None and self._awaited not in self._parsed))

    def _scanned(self, data: bytes, name: str) -> precheck.Scan | None:
        """The sheet's Scan; None when calamine must not parse it (the reader streams such
        a sheet). The sheet is verified first, as the package's checks would have."""
        info = self._infos[name]
        xml = verified_part(data, info, self._name)
        self._unverified.pop(info.filename, None)
        return precheck.scanned_if_dense(xml)


class _NotAhead(Exception):
    """Nothing is read ahead for this run (see `_tab_named`)."""


def _tab_named(source: str, given: Path | None) -> str | None:
    """The tab the run's settings name under [source] (None: it reads every tab), from the
    settings file it will use. A file setting its own [limits] is left to the reader, which
    refuses by them: nothing is read before it."""
    found = settings_file(source, given)
    if found is None:
        return None
    table = tomllib.loads(read_text(found[0]))
    wanted = table.get("source", {}).get("tab")
    if "limits" in table or not isinstance(wanted, str | None):
        raise _NotAhead
    return wanted


def _ahead(path: Path, tab: str | None) -> Ahead | None:
    if path.suffix.lower() not in SUFFIXES or not path.is_file():
        return None
    if any(lock.exists() for lock in owner_files(path.resolve())):
        return None  # open in Office: a sync waits for it, with what it read held meanwhile
    data = take_snapshot(path, LARGEST).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_directory(archive, Limits(), path.name)
        # Read before the streams are verified, to know the worksheets: zipfile stops at
        # a part's recorded size (checked just now), and lxml refuses a document type.
        package = read_package(archive, path.name)
        worksheets = {s.part for s in package.sheets if s.kind == "worksheet"}
        unverified = verify_streams(data, archive, path.name, later=worksheets)
        infos = {info.filename: info for info in archive.infolist()}
        if not precheck.strings_declared_fit(data, archive):
            return None
    sheets = _worksheets(package, infos, tab)
    tabs = tuple(s.name for s in package.sheets)
    return Ahead(data, sheets, unverified, path.name, tabs) if sheets else None


def _worksheets(package: Package, infos: dict[str, zipfile.ZipInfo], tab: str | None
                ) -> list[tuple[str, zipfile.ZipInfo]]:
    """The worksheets the reader will ask for: the tab named, else every one we do not own.
    A name two tabs share (ignoring case) is left out: which of them a reader takes is
    theirs to say, not ours to guess."""
    named = Counter(s.name.casefold() for s in package.sheets)
    return [(s.name, infos[s.part]) for s in package.sheets
            if s.kind == "worksheet" and s.name not in package.owned and s.part in infos
            and named[s.name.casefold()] == 1
            and (tab is None or s.name.casefold() == tab.casefold())]


_current: Ahead | None = None


def begin(source: str, settings: Path | None = None) -> None:
    """Start reading `source` ahead when it names a local workbook (any other source, a
    Google Sheet, a CSV file, is left to its backend); `settings`: --config."""
    global _current
    end()
    if source.lower().endswith(SUFFIXES):
        with contextlib.suppress(Exception):  # the reader meets it again and says so
            _current = _ahead(Path(source), _tab_named(source, settings))


def current() -> Ahead | None:
    """The read-ahead begun; None when nothing is read ahead."""
    return _current


def parsed(data: bytes, name: str) -> Parsed | None:
    """The sheet `name` of the workbook whose bytes are `data`, parsed ahead; else None."""
    ahead = current()
    return ahead.parsed(data, name) if ahead is not None else None


def checked(data: bytes, limits: Limits) -> bool:
    """Whether these very bytes passed the package's checks (zipread.check_archive) under
    these limits here, so a reader of them need not check them again."""
    ahead = current()
    return ahead is not None and ahead.checked(data, limits)


def end() -> None:
    """The reader has what it needs: nothing more is parsed, nothing is kept."""
    global _current
    if _current is not None:
        _current.end()
        _current = None
