"""Does pausing the cyclic garbage collector pay? `skillsync sync` with and without it.

Usage: python bench/gc.py [--sizes 100000] [--shapes tidy hand] [--repeat 2]
skillsync.pipeline runs its steps inside `gc_paused()`: the cyclic collector is off while
a run builds its millions of small objects (reference counting still frees them). This
runs the same sync both ways, each as its own process on its own copy, taking turns, and
prints wall time, CPU time and peak memory (median time, largest peak), and whether the
pause pays. "collector on" is the real command with `gc_paused` replaced by a context that
does nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_workbook import SHAPES  # noqa: E402
from run import Measure, measure, workbook  # noqa: E402

ENTRY = "from skillsync.cli import entry; sys.argv[0] = 'skillsync'; entry()"
VARIANTS = {
    "paused": "import sys; " + ENTRY,
    "collector on": ("import contextlib, sys; import skillsync.pipeline as p; "
                     "p.gc_paused = contextlib.nullcontext; " + ENTRY),
}


def run_both(shape: str, size: int, repeat: int, out: Path) -> dict[str, Measure]:
    source = workbook(shape, size, out)
    runs: dict[str, list[Measure]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        env = {**os.environ, "SKILLSYNC_STATE_DIR": str(work / "state")}
        for _ in range(repeat):
            for name, code in VARIANTS.items():
                copy = work / "book.xlsx"
                shutil.copyfile(source, copy)
                shutil.rmtree(work / "state", ignore_errors=True)  # each run its first sync
                runs[name].append(measure([sys.executable, "-c", code, "sync", str(copy),
                                           "--digest", str(work / "digest.html")], env))
    return {name: Measure(statistics.median(m.wall for m in found),
                          statistics.median(m.cpu for m in found), max(m.peak for m in found))
            for name, found in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"{'shape':>5} {'people':>9} {'variant':>13} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}")
    verdicts = []
    for shape in args.shapes:
        for size in args.sizes:
            found = run_both(shape, size, args.repeat, args.out)
            for name, m in found.items():
                print(f"{shape:>5} {size:>9,} {name:>13} {m.wall:>7.2f} {m.cpu:>7.2f} "
                      f"{m.peak:>8.0f}")
            paused, on = found["paused"], found["collector on"]
            verdicts.append((shape, size, on.cpu - paused.cpu, paused.peak - on.peak))
    for shape, size, saved, extra in verdicts:
        print(f"{shape} {size:,}: the pause saves {saved:.2f} s of CPU and costs "
              f"{extra:+.0f} MB of peak memory -> {'keep it' if saved > 0 else 'drop it'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
