"""skillsync sync against the naive pandas/openpyxl script, side by side, in one run.

Usage: python bench/run.py [--sizes 10000 100000] [--repeat 3] [--out bench/out]
Builds each workbook once, copies it for each contender, runs each as its own process
and reads wall time and peak memory (ru_maxrss) from the operating system; the median of
the repeats is kept. Prints the figures and checks the targets: at the largest size
skillsync takes at most 0.25x the naive time and less memory, and its time grows at most
12x from 10k to 100k people.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_workbook import build  # noqa: E402


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak MiB) of one child process; the OS counts its memory."""
    started = time.perf_counter()
    pid = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL).pid
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[:3]} failed with {status}")
    return elapsed, usage.ru_maxrss / 1024


def contenders(workbook: Path, work: Path) -> dict[str, list[str]]:
    return {
        "naive": [sys.executable, str(HERE / "naive.py"), str(work / "naive.xlsx")],
        "skillsync": [sys.executable, "-m", "skillsync", "sync", str(work / "skillsync.xlsx"),
                      "--digest", str(work / "digest.html")],
    }


def run_size(people: int, out: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """Median wall time and largest peak memory of `repeat` runs, the contenders taking
    turns so that a busy moment of the machine does not fall on one of them only."""
    source = out / f"inventory-{people}.xlsx"
    if not source.exists():
        build(people, source)
    runs: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        env = {**os.environ, "SKILLSYNC_STATE_DIR": str(work / "state")}
        for _ in range(repeat):
            for name, command in contenders(source, work).items():
                shutil.copyfile(source, work / f"{name}.xlsx")
                runs.setdefault(name, []).append(measure(command, env))
    return {name: (statistics.median(t for t, _ in found), max(m for _, m in found))
            for name, found in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender and size")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    table = {people: run_size(people, args.out, args.repeat) for people in args.sizes}
    print(f"{'people':>8} {'naive s':>9} {'naive MiB':>10} {'skillsync s':>12} "
          f"{'skillsync MiB':>14} {'time ratio':>11}")
    for people, found in table.items():
        (nt, nm), (st, sm) = found["naive"], found["skillsync"]
        print(f"{people:>8} {nt:>9.2f} {nm:>10.0f} {st:>12.2f} {sm:>14.0f} {st / nt:>11.2f}")
    return check(table)


def check(table: dict[int, dict[str, tuple[float, float]]]) -> int:
    largest, smallest = max(table), min(table)
    (nt, nm), (st, sm) = table[largest]["naive"], table[largest]["skillsync"]
    verdicts = [(f"time at {largest}: {st / nt:.2f}x naive (target <= 0.25x)", st <= 0.25 * nt),
                (f"memory at {largest}: {sm:.0f} MiB vs naive {nm:.0f} MiB", sm < nm)]
    if largest != smallest:
        growth = st / table[smallest]["skillsync"][0]
        verdicts.append((f"growth {smallest} -> {largest}: {growth:.1f}x (target <= 12x)",
                         growth <= 12))
    for text, ok in verdicts:
        print(("PASS " if ok else "MISS ") + text)
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
