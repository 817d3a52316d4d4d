"""The Microsoft 365 backend: a workbook on OneDrive, SharePoint or in Teams.

One sync: resolve the link to its drive item (metadata with the eTag), download the content
(a redirect to a pre-authenticated URL), read and plan with the same `XlsxDocument` as a file
on disk, build the new workbook with the byte-preserving part writer, keep a backup of the
version read, upload it only if the eTag is unchanged, then read our tabs back to verify.
Requests per sync: 3 to read (metadata, content redirect, download); a write adds 1 upload
(or createUploadSession + fragments + a check + commit) and 2 to read the tabs back.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from skillsync.backends import Linker, WritePlan, WriteResult
from skillsync.backends.excel import SUFFIXES, DocumentBackend, XlsxDocument
from skillsync.backends.m365 import auth, http, login, upload
from skillsync.backends.m365.http import CONTENT_LIMIT, GraphClient, GraphFailure, TokenSource
from skillsync.backends.m365.links import ItemRef
from skillsync.backends.xlsx.guard import Snapshot, write_backup
from skillsync.core.tabs import Tab
from skillsync.errors import (
    CredentialsError,
    NotAWorkbook,
    RemoteError,
    SkillsyncError,
    SourceBusy,
    SourceChanged,
    SourceNotFound,
)
from skillsync.paths import private_subdir

LOCK_POLL = 15.0  # seconds between upload attempts while the workbook is locked (--wait)
PERMISSION = ("give the app the Files.ReadWrite.All application permission, or Sites.Selected "
              "with write access to this site, or sign in as someone who may edit the file")


class ChangedMeanwhile(SourceChanged):
    """Someone saved the workbook between our read and our upload (HTTP 412)."""

    retry_whole_run = True  # the pipeline reads, analyses and writes again, a bounded number


def token_source() -> TokenSource:
    """The app registration in the environment, else the saved `login microsoft`."""
    if auth.app_configured():
        return auth.app_tokens()
    saved = login.saved_login()
    if saved is not None:
        return login.user_tokens(saved)
    raise CredentialsError(f"no Microsoft 365 credentials: {auth.HOW_TO}")


class M365Backend(DocumentBackend):
    def __init__(self, ref: ItemRef, *, wait: float = 0.0, backups: int = 7,
                 writing: bool = True, tokens: TokenSource | None = None) -> None:
        self.ref = ref
        self.source = ref.source
        self.wait = wait
        self.backups = backups
        self.tokens = tokens or token_source()
        self.client = GraphClient(self.tokens)
        self.name = "the workbook"
        try:
            self.item = self._metadata()
            self.document = XlsxDocument(self._content(), self.name)
        except GraphFailure as failure:
            self.client.close()
            raise self._explain(failure, "reading") from failure
        except BaseException:
            self.client.close()
            raise

    @property
    def requests_made(self) -> int:
        return self.client.requests_made

    def write(self, tabs: list[Tab], plan: WritePlan) -> WriteResult:
        if not plan.writes:
            return WriteResult(plan)
        data = self.document.build(tabs, plan)
        backup = write_backup(self._snapshot(), private_subdir("backups"), self.backups)
        try:
            self._upload_once(list(plan.writes), data)
        except GraphFailure as failure:
            raise self._explain(failure, "writing") from failure
        return WriteResult(plan, True, backup)

    def _upload_once(self, titles: list[str], data: bytes) -> None:
        """Upload and read our tabs back. An upload whose answer was lost (a cut connection,
        a garbled or huge answer) may have been stored: the read-back tells, and only when
        it was not is the upload sent again (once, under the same eTag condition)."""
        try:
            self._upload_when_free(data)
        except GraphFailure as failure:
            if not _answer_lost(failure):
                raise
            if self._stored_is_ours(titles, data, failure):
                return
            self._upload_when_free(data)  # not stored: once more, under the same condition
        self._verify(titles, data)

    def _stored_is_ours(self, titles: list[str], data: bytes, lost: GraphFailure) -> bool:
        try:
            self._verify(titles, data)
        except RemoteError:
            return False  # the stored workbook is not ours: the upload was not done
        except GraphFailure as unknown:
            raise RemoteError(f"Microsoft 365's answer to the upload of {self.name} was lost "
                              f"({lost.code}), and reading it back failed; the workbook may "
                              "or may not hold the new tabs (its version history shows) — "
                              "the next sync rewrites them") from unknown
        return True

    def linker(self) -> Linker:
        where = self.item.get("webUrl") if isinstance(self.item.get("webUrl"), str) else None
        place = where or self.source

        def link(sheet: str, cell: str) -> str:
            if not where:  # no web address to open: say where, in words
                return f"{place} — tab '{sheet}', cell {cell}"
            # Excel for the web opens at `activeCell`; elsewhere the workbook still opens.
            joiner = "&" if "?" in where else "?"
            tab = quote(f"'{sheet}'!", safe="")
            return f"{where}{joiner}activeCell={tab}{cell}"

        return link

    def close(self) -> None:
        self.client.close()
        self.document.close()

    # Reading

    def _metadata(self) -> dict[str, Any]:
        path = (f"/shares/{self.ref.share_token}/driveItem" if self.ref.link
                else f"/drives/{_q(self.ref.drive_id)}/items/{_q(self.ref.item_id)}")
        item = self.client.call("GET", self.client.api(path)).json()
        name, etag = item.get("name"), item.get("eTag")
        drive = (item.get("parentReference") or {}).get("driveId")
        if not all(isinstance(v, str) and v for v in (name, etag, drive, item.get("id"))):
            raise RemoteError(f"Microsoft 365 described {self.source} without a name, id or "
                              "eTag; nothing was read")
        self.name = PurePosixPath(name).name or "the workbook"
        self._check_kind(item)
        return item

    def _check_kind(self, item: dict[str, Any]) -> None:
        if "file" not in item:
            raise NotAWorkbook(f"{self.source} is a folder, not a workbook; share the "
                               "workbook itself")
        suffix = PurePosixPath(self.name).suffix.lower()
        if suffix == ".xls":
            raise NotAWorkbook(f"{self.name} is in the old .xls format; open it in Excel and "
                               "save it as an Excel Workbook (.xlsx)")
        if suffix not in SUFFIXES:
            raise NotAWorkbook(f"{self.name} is not an Excel workbook (.xlsx or .xlsm)")
        size = item.get("size")
        if isinstance(size, int) and size > CONTENT_LIMIT:
            raise NotAWorkbook(f"{self.name} is larger than {CONTENT_LIMIT // 2**20} MB; "
                               "skillsync does not download workbooks that large")

    @property
    def item_path(self) -> str:
        drive = self.item["parentReference"]["driveId"]
        return f"/drives/{_q(drive)}/items/{_q(self.item['id'])}"

    def _content(self) -> bytes:
        return self.client.call("GET", self.client.api(f"{self.item_path}/content"),
                                limit=CONTENT_LIMIT, redirect=True, ok=(200,)).body

    # Writing

    def _upload_when_free(self, data: bytes) -> None:
        """Upload; while the workbook is locked, try again until `wait` seconds are used."""
        waited = 0.0
        while True:
            try:
                upload.upload(self.client, self.item_path, data, self.item["eTag"])
                return
            except GraphFailure as failure:
                if not _locked(failure) or waited >= self.wait:
                    raise
            pause = min(LOCK_POLL, self.wait - waited)
            http.sleep(pause)
            waited += pause

    def _verify(self, titles: list[str], data: bytes) -> None:
        """Read our tabs back from the service (never the bytes: SharePoint rewrites files)."""
        stored = XlsxDocument(self._content(), self.name)
        built = XlsxDocument(data, self.name)
        try:
            mine, theirs = built.read(titles), stored.read(titles)
        finally:
            stored.close()
            built.close()
        differ = [t for t in titles if t not in theirs or theirs[t].rows != mine[t].rows]
        if differ:
            raise RemoteError(f"{self.name} was uploaded, but reading it back shows other "
                              f"content in {', '.join(differ)} (someone edited it at once?); "
                              "sync again to rewrite the tabs")

    def _snapshot(self) -> Snapshot:
        data = self.document.data
        drive = self.item["parentReference"]["driveId"]
        where = Path("/", "m365", _safe(drive), _safe(self.item["id"]), self.name)
        return Snapshot(where, data, len(data), 0)

    def _explain(self, failure: GraphFailure, doing: str) -> SkillsyncError:
        return explain(failure, doing, self.name, self.source)


def explain(failure: GraphFailure, doing: str, name: str, source: str) -> SkillsyncError:
    """One line for a failed call: what happened, and what to do about it."""
    status, code = failure.status, failure.code or "error"
    nothing = "nothing was written"
    if status == 412 or "resourceModified" in failure.codes:
        return ChangedMeanwhile(f"{name} changed while syncing; {nothing} — try later")
    if _locked(failure):
        why = failure.message or "the file is locked"
        return SourceBusy(f"{name} is locked for editing (HTTP {status} resourceLocked: {why}); "
                          "it is open in the Excel desktop app or checked out — close or check "
                          f"it in and sync again, or use --wait SECONDS; {nothing}")
    if failure.tokenless and status in (401, 403, 404, 410):
        return RemoteError(f"the address Microsoft 365 handed out for {doing} {name} no longer "
                           f"answers (HTTP {status} {code}): it expired or was withdrawn; "
                           f"{nothing} — sync again")
    if status == 401:
        return CredentialsError(f"Microsoft 365 refused the credentials (HTTP 401 {code}); "
                                f"{auth.HOW_TO}")
    if status == 403:
        return CredentialsError(f"Microsoft 365 denied {doing} {name} (HTTP 403 {code}): "
                                f"{PERMISSION}")
    if status == 404:
        return SourceNotFound(f"no workbook at {source} (HTTP 404 {code}): check the link, "
                              "and that the account can open the file")
    if status == 413:
        return RemoteError(f"{name} is too large for Microsoft 365 to accept (HTTP 413); "
                           f"{nothing}")
    if status == 507:
        return RemoteError(f"the storage that holds {name} is full (HTTP 507 {code}); free "
                           f"space there and sync again; {nothing}")
    if status in http.RETRY_AFTER_STATUSES:
        after = (f", asking to wait {failure.retry_after:.0f} s" if failure.retry_after else "")
        return RemoteError(f"Microsoft 365 is throttling requests (HTTP {status}{after}) after "
                           f"{failure.attempts} attempts; {nothing} — try again later")
    if status is None:
        return RemoteError(f"Microsoft 365 did not answer while {doing} {name} ({code}, "
                           f"{failure.attempts} attempts); {nothing} — try again later")
    detail = f": {failure.message}" if failure.message else ""
    return RemoteError(f"Microsoft 365 refused {doing} {name} (HTTP {status} {code}{detail}); "
                       f"{nothing}")


def _answer_lost(failure: GraphFailure) -> bool:
    """No answer, or an answer past its limit or garbled: the request may have been done."""
    return failure.status is None or (200 <= failure.status < 300)


def _locked(failure: GraphFailure) -> bool:
    return failure.status == 423 or "resourceLocked" in failure.codes


def _q(value: str | None) -> str:
    return quote(value or "", safe="!")


def _safe(value: str) -> str:
    return "".join(c if c.isalnum() or c in "-_!" else "_" for c in value)[:120]
