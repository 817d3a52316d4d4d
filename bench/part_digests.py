"""A digest of every unpacked part of workbooks, to hold two versions of the writer to the
same output (the packed bytes may differ with the deflate level; the parts must not).

Usage: python bench/part_digests.py A.xlsx [B.xlsx ...]
       python bench/part_digests.py --compare OLD.xlsx NEW.xlsx

Pair it with `bench/write_time.py time WORKBOOK TABS.pickle --out NEW.xlsx`, run under
each version of the code on the same kept tabs.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import zipfile
from pathlib import Path


def digests(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: hashlib.sha256(archive.read(name)).hexdigest()
                for name in archive.namelist()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workbooks", type=Path, nargs="+")
    parser.add_argument("--compare", action="store_true",
                        help="exit 1 unless the two workbooks' parts are the same, in order")
    args = parser.parse_args()
    if args.compare:
        old, new = (digests(p) for p in args.workbooks[:2])
        differing = [n for n in {*old, *new} if old.get(n) != new.get(n)]
        if differing or list(old) != list(new):
            print("different parts:", ", ".join(sorted(differing)) or "(order)")
            return 1
        print(f"the same {len(old)} parts")
        return 0
    for path in args.workbooks:
        for name, digest in digests(path).items():
            print(f"{digest}  {path.name}:{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
