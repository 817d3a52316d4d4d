"""A large Google Sheet synced against the local stand-in: requests, payloads, cells, time.

Usage: python bench/sheets.py [--people 100000] [--shape tidy|hand]
Seeds the stand-in (tests/standin: Google's Sheets API v4 over real HTTP, with its limits:
10,000,000 cells a spreadsheet, 10 MB a request) with the bench workbook's rows, runs
`skillsync sync gsheet:<id>` as its own process through the real gspread client, and
prints every request made (method, path, body size), the cells the spreadsheet holds
after, and which tabs were skipped and why. Google allows 60 write requests a minute
per user (300 per project), so a sync is within quota when it makes a handful.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import python_calamine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))
from make_workbook import SHAPES  # noqa: E402
from run import workbook  # noqa: E402
from standin import SheetsStandIn  # noqa: E402

CELL_LIMIT = 10_000_000  # cells a Google spreadsheet holds
WRITES_PER_MINUTE = 60  # Google's write quota per user and minute


def rows_of(path: Path) -> list[list]:
    """The inventory tab's values, as a person's Sheet would hold them."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    return [[v.isoformat() if hasattr(v, "isoformat") else v for v in row] for row in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--shape", choices=SHAPES, default="tidy")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = rows_of(workbook(args.shape, args.people, args.out))
    with SheetsStandIn() as standin, tempfile.TemporaryDirectory() as scratch:
        sheet = standin.create_spreadsheet("Skills inventory", {"People": rows})
        standin.reset_counts()
        env = {**os.environ, "SKILLSYNC_SHEETS_API": standin.url,
               "SKILLSYNC_STATE_DIR": str(Path(scratch) / "state")}
        env.pop("GOOGLE_APPLICATION_CREDENTIALS", None)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "skillsync", "sync", f"gsheet:{sheet}",
                               "--digest", str(Path(scratch) / "digest.html")],
                              cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"sync failed ({done.returncode}): {done.stderr[-500:]}")
        requests = standin.requests
        cells = sum(len(standin.values(sheet, title)) * max(
            (len(r) for r in standin.values(sheet, title)), default=0)
            for title in standin.sheet_titles(sheet))
    writes = sum(1 for r in requests if r.method == "POST")
    print(f"{len(rows) - 1:,} rows x {max(len(r) for r in rows)} columns "
          f"({sum(len(r) for r in rows):,} cells), shape {args.shape}: sync {elapsed:.1f} s")
    for request in requests:
        size = len(json.dumps(request.body)) if request.body is not None else 0
        print(f"  {request.method:5} {request.path.rsplit('/', 1)[-1][:60]:60} {size:>12,} bytes")
    print(f"requests: {len(requests)} ({writes} batchUpdate) — quota {WRITES_PER_MINUTE} writes "
          f"a minute: {'within' if writes <= WRITES_PER_MINUTE else 'OVER'}")
    print(f"cells in the spreadsheet after the sync (used ranges): {cells:,} of {CELL_LIMIT:,}")
    for line in done.stdout.splitlines():
        if line.startswith(("Wrote", "Skipped")):
            print(line)
    return 0 if writes <= WRITES_PER_MINUTE and cells <= CELL_LIMIT else 1


if __name__ == "__main__":
    raise SystemExit(main())
