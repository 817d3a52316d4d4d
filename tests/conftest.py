"""Shared fixtures: a private state folder per test, the Sheets stand-in, real readers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import settings
from lxml import etree
from standin import standin_fixture

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE_WORKBOOKS = SHARED / "reference" / "excel-made-workbooks" / "files"
RECORDED_SHEETS = SHARED / "reference" / "google-sheets-recorded" / "cassettes"

standin = pytest.fixture(standin_fixture)

# On CI the property tests draw the same examples at every run, so what lands is what was
# run before it; drawing new examples is what a developer's runs and bench/fuzz are for.
# No per-example time limit there: a runner's pause is not a finding.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI", "").strip().lower() == "true":
    settings.load_profile("ci")


def require_shared(path: Path, what: str) -> None:
    """Skip, with the reason, when the shared reference folder is not here; on CI
    (CI=true), where it always is, fail instead, so its tests never silently drop out."""
    if path.exists():
        return
    message = f"{what} not found at {path} (the shared reference folder)"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{message}; CI must have it")
    pytest.skip(message)


@pytest.fixture(autouse=True, scope="session")
def private_state_for_module_fixtures(tmp_path_factory):
    """Module fixtures (a synced atlas shared by a file's tests) are set up before the
    per-test folder below: they get a folder of the session's, never the real one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path_factory.mktemp("session-state")))
        yield


@pytest.fixture(autouse=True)
def private_state(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own state folder; nothing reaches the real per-user one."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(folder))
    monkeypatch.delenv("SKILLSYNC_SMTP_PASSWORD", raising=False)
    monkeypatch.delenv("SKILLSYNC_SHEETS_API", raising=False)
    return folder


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (Debian package libreoffice-calc-nogui) is not installed")
    return found


def libreoffice_convert(sources: list[Path], out: Path, target: str) -> None:
    """Let LibreOffice open each file and save it as `target` (one process for all)."""
    out.mkdir(parents=True, exist_ok=True)
    profile = out / ".profile"
    command = [soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
               "--convert-to", target, "--outdir", str(out), *map(str, sources)]
    subprocess.run(command, check=True, capture_output=True, timeout=3600)


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def libreoffice_tables(path: Path, out: Path, max_rows: int = 2000) -> dict[str, list[list[str]]]:
    """Every tab as LibreOffice sees it: saved to .ods by soffice, read from content.xml."""
    libreoffice_convert([path], out, "ods")
    ods = out / (path.stem + ".ods")
    root = etree.fromstring(zipfile.ZipFile(ods).read("content.xml"),
                            etree.XMLParser(huge_tree=True))
    tables = {}
    for table in root.iter(f"{_TABLE}table"):
        tables[table.get(f"{_TABLE}name")] = _ods_rows(table, max_rows)
    return tables


def _ods_rows(table, max_rows: int) -> list[list[str]]:
    rows = []
    for row in table.iter(f"{_TABLE}table-row"):
        repeat = min(int(row.get(f"{_TABLE}number-rows-repeated", "1")), max_rows)
        cells = []
        for cell in row:
            if not isinstance(cell.tag, str) or not cell.tag.endswith("table-cell"):
                continue
            text = "\n".join("".join(p.itertext()) for p in cell.iter(f"{_TEXT}p"))
            width = min(int(cell.get(f"{_TABLE}number-columns-repeated", "1")), 64)
            cells.extend([text] * width)
        while cells and cells[-1] == "":
            cells.pop()
        rows.extend([cells] * repeat)
        if len(rows) >= max_rows:
            break
    while rows and not rows[-1]:
        rows.pop()
    return rows


def shared_xml_only_grew(old: bytes, new: bytes) -> list[str]:
    """Differences between two versions of a shared XML part that are not pure insertions.

    Tokens are tags and text runs; `count`/`uniqueCount` attributes may change with the
    entries added. An empty list means the new part is the old one with things inserted.
    """
    import difflib

    def tokens(xml: bytes) -> list[str]:
        text = re.sub(r'\b(count|uniqueCount)="\d+"', r'\1=""', xml.decode("utf-8"))
        return re.findall(r"<[^>]*>|[^<]+", text)

    a, b = tokens(old), tokens(new)
    problems = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op not in ("equal", "insert"):
            problems.append(f"{op}: {''.join(a[i1:i2])[:120]!r} -> {''.join(b[j1:j2])[:120]!r}")
    return problems
