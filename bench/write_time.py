"""CPU time of writing the tabs into a workbook, apart from the rest of a sync.

Usage:
  python bench/write_time.py capture WORKBOOK TABS.pickle   (runs a sync on a copy, keeps
                                                            the tabs it would write)
  python bench/write_time.py time WORKBOOK TABS.pickle [--repeat 3] [--out NEW.xlsx]

`time` builds the new workbook's bytes from the kept tabs (the XlsxDocument.build a sync
calls) and prints process time of each repeat, so the writer's cost can be compared
between two versions of the code without the noise of the rest of a sync.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path


def capture(workbook: Path, out: Path) -> None:
    from skillsync import pipeline
    from skillsync.backends.excel import ExcelBackend

    kept = {}

    def keep(self, tabs, plan):
        kept["tabs"], kept["plan"] = tabs, plan
        raise SystemExit(0)

    ExcelBackend.write = keep
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("SKILLSYNC_STATE_DIR", os.path.join(folder, "state"))
        os.makedirs(os.environ["SKILLSYNC_STATE_DIR"], mode=0o700, exist_ok=True)
        copy = Path(folder) / workbook.name
        shutil.copyfile(workbook, copy)
        with contextlib.suppress(SystemExit):  # raised by `keep`, once the tabs are kept
            pipeline.sync(copy)
    with out.open("wb") as handle:
        pickle.dump((kept["tabs"], kept["plan"]), handle, protocol=pickle.HIGHEST_PROTOCOL)


def time_build(workbook: Path, kept: Path, repeat: int, out: Path | None) -> None:
    from skillsync.backends.excel import XlsxDocument

    data = workbook.read_bytes()
    for _ in range(repeat):
        with kept.open("rb") as handle:
            tabs, plan = pickle.load(handle)
        document = XlsxDocument(data, workbook.name, writing=True)
        started = time.process_time()
        built = document.build(tabs, plan)
        print(f"build {time.process_time() - started:.2f} s CPU, {len(built):,} bytes",
              flush=True)
    if out is not None:
        out.write_bytes(built)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=("capture", "time"))
    parser.add_argument("workbook", type=Path)
    parser.add_argument("tabs", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.action == "capture":
        capture(args.workbook, args.tabs)
    else:
        time_build(args.workbook, args.tabs, args.repeat, args.out)


if __name__ == "__main__":
    sys.exit(main())
