"""Every Excel-made reference workbook, with an inventory tab added, synced twice.

The 993 workbooks in ../shared/reference/excel-made-workbooks were saved by Excel and hold
charts, images, text boxes, macros, sparklines and more. Each must keep every part we do
not own byte for byte, open in LibreOffice, and draw no new schema finding.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pytest
from conftest import (
    REFERENCE_WORKBOOKS,
    libreoffice_convert,
    require_shared,
    shared_xml_only_grew,
)
from featurebook import part_digests
from openxml_audit import OpenXmlValidator

from skillsync.backends.xlsx import writer
from skillsync.backends.xlsx.package import read_package
from skillsync.config import Config
from skillsync.core.tabs import Column, Tab

pytestmark = pytest.mark.reference


@pytest.fixture(autouse=True, scope="module")
def reference_workbooks() -> None:
    require_shared(REFERENCE_WORKBOOKS, "the Excel-made reference workbooks")
CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"
SHARED_PARTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                "xl/styles.xml", "xl/sharedStrings.xml"}
INVENTORY = pd.DataFrame({
    "Full Name": ["Ana Lima", "Bo Chen", "Bo Chen"],
    "E-mail": ["ana@example.com", "bo@example.com", " BO@example.com"],
    "Team": ["Search", "Vision", "Vision"],
    "Areas of Expertise": ["NLP (4), SQL", "PySpark, CV (5)", "k8s"],
})


@dataclass
class Outcome:
    name: str
    problems: list[str]
    result: Path | None


def add_inventory(source: Path, target: Path) -> str:
    """The reference workbook plus a plain inventory tab, as a person would add one."""
    data = source.read_bytes()
    package = read_package(zipfile.ZipFile(io.BytesIO(data)))
    title = "Inventory"
    while title.casefold() in {s.name.casefold() for s in package.sheets}:
        title += "_"
    tab = Tab("inventory", title, tuple(Column(c) for c in INVENTORY.columns), INVENTORY)
    plan = writer.plan(package, [title])
    plan.mark_owned = False
    target.write_bytes(writer.build(data, package, [tab], plan))
    return title


def check_one(source: Path, work: Path) -> Outcome:
    from skillsync.pipeline import sync

    target = work / source.name
    title = add_inventory(source, target)
    config = replace(Config(backups=0), source=replace(Config().source, tab=title))
    before = part_digests(target)
    with zipfile.ZipFile(target) as archive:
        shared = {p: archive.read(p) for p in SHARED_PARTS if p in archive.namelist()}
    problems: list[str] = []
    for round_ in (1, 2):
        report = sync(target, config, digest_path=work / f"{source.stem}.html")
        after = part_digests(target)
        problems += [f"sync {round_}: {p} changed or lost" for p in before
                     if p not in SHARED_PARTS and after.get(p) != before[p]]
        skipped = report.plan.skip if report.plan else ()
        if report.people != 2 or skipped:
            problems.append(f"sync {round_}: people={report.people} skipped={skipped}")
        if round_ == 1:
            parts_after_one = set(after)
        elif set(after) != parts_after_one:
            problems.append("second sync changed the set of parts")
    with zipfile.ZipFile(target) as archive:
        for part, old in shared.items():
            problems += [f"{part}: {d}" for d in shared_xml_only_grew(old, archive.read(part))]
    return Outcome(source.name, problems, target)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory, private_state_module) -> list[Outcome]:
    work = tmp_path_factory.mktemp("reference")
    files = sorted(REFERENCE_WORKBOOKS.glob("*.xls[xm]"))
    with ProcessPoolExecutor(max_workers=2) as pool:
        return list(pool.map(check_one, files, [work] * len(files), chunksize=16))


@pytest.fixture(scope="module")
def private_state_module(tmp_path_factory):
    import os

    folder = tmp_path_factory.mktemp("state-reference")
    old = os.environ.get("SKILLSYNC_STATE_DIR")
    os.environ["SKILLSYNC_STATE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("SKILLSYNC_STATE_DIR", None)
    else:
        os.environ["SKILLSYNC_STATE_DIR"] = old


def test_every_reference_workbook_keeps_every_part(outcomes):
    failed = [o for o in outcomes if o.problems]
    kept = len(outcomes) - len(failed)
    print(f"\n{kept}/{len(outcomes)} Excel-made workbooks keep every user part byte-identical "
          "after one and two syncs")
    assert len(outcomes) >= 993
    assert not failed, [(o.name, o.problems[:3]) for o in failed[:10]]


def _findings(path: Path) -> set[tuple[str, str]]:
    result = OpenXmlValidator().validate(path)
    return {(e.part_uri or "", re.sub(r"\d+", "#", e.description)) for e in result.errors}


def _new_findings(pair: tuple[Path, Path]) -> list[tuple[str, str]]:
    original, synced = pair
    return sorted(_findings(synced) - _findings(original))


def test_schema_validator_finds_nothing_new(outcomes):
    pairs = [(REFERENCE_WORKBOOKS / o.name, o.result) for o in outcomes]
    with ProcessPoolExecutor(max_workers=2) as pool:
        new = [(p[0].name, f) for p, f in zip(pairs, pool.map(_new_findings, pairs,
                                                              chunksize=16), strict=True) if f]
    print(f"\n{len(pairs) - len(new)}/{len(pairs)} synced workbooks draw no schema finding "
          "their original did not")
    assert not new, new[:10]


# Declared cells past which a sheet's CSV is not asked for: LibreOffice writes a sheet's
# whole used area, and comment03.xlsx's Sheet1 declares A1:XFD1048576 (an empty last row
# spanning every column), which made 17 GB of commas and took eight minutes.
VAST_SHEET = 10_000_000


def _declares_a_vast_sheet(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                found = _DIMENSION.search(archive.open(info).read(4096))
                if found and _cells(*found.groups()) > VAST_SHEET:
                    return True
    return False


_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')


def _cells(first_col: bytes, first_row: bytes, last_col: bytes, last_row: bytes) -> int:
    def number(letters: bytes) -> int:
        return sum((c - 64) * 26 ** i for i, c in enumerate(reversed(letters)))
    return ((number(last_col) - number(first_col) + 1)
            * (int(last_row) - int(first_row) + 1))


def _sync_tab_alone(path: Path, out: Path) -> None:
    """Only the Sync tab saved as CSV, under the name the every-sheet export gives it."""
    with zipfile.ZipFile(path) as archive:
        number = [s.name for s in read_package(archive).sheets].index("Sync") + 1
    alone = out / ".alone"
    libreoffice_convert([path], alone, f"{CSV_EVERY_SHEET.rsplit(',', 1)[0]},{number}")
    for name in (f"{path.stem}-Sync.csv", f"{path.stem}.csv"):  # as LibreOffice versions do
        if (alone / name).is_file():
            (alone / name).replace(out / f"{path.stem}-Sync.csv")
            break


def test_libreoffice_opens_every_result(outcomes, tmp_path):
    results = [o.result for o in outcomes]
    out = tmp_path / "csv"
    vast = [path for path in results if _declares_a_vast_sheet(path)]
    for path in vast:
        _sync_tab_alone(path, out)
    # One soffice process per chunk: a long batch can stop early, and a file that fails is
    # retried alone so only a file LibreOffice really cannot open counts against us.
    every = [path for path in results if path not in vast]
    for start in range(0, len(every), 60):
        libreoffice_convert(every[start:start + 60], out, CSV_EVERY_SHEET)
    for path in every:
        if not (out / f"{path.stem}-Sync.csv").is_file():
            libreoffice_convert([path], out, CSV_EVERY_SHEET)
    missing = []
    for path in results:
        sync_csv = out / f"{path.stem}-Sync.csv"
        if not sync_csv.is_file():
            missing.append(path.name)
            continue
        rows = {r[0]: r[1] for r in csv.reader(sync_csv.open(encoding="utf-8")) if len(r) > 1}
        if rows.get("People") != "2":
            missing.append(f"{path.name}: People={rows.get('People')}")
    print(f"\nLibreOffice opened {len(results) - len(missing)}/{len(results)} synced workbooks "
          "and read their Sync tab")
    shutil.rmtree(out, ignore_errors=True)
    assert not missing, missing[:10]
