"""skillsync against the naive pandas/openpyxl script and the calamine read floor, side by side.

Usage: python bench/run.py [--sizes 10000 100000] [--shapes tidy hand] [--repeat 3]
       python bench/run.py --sizes 10000 100000 1048576     (Excel's limit: opt-in, minutes)

For each workbook shape (see make_workbook.py) and size it builds the workbook once, then
runs, each as its own process on its own copy, taking turns so that a busy moment of the
machine does not fall on one of them only: the naive script (bench/naive.py), `skillsync
sync`, `skillsync check`, and the floor (bench/floor.py: python-calamine reading the same
tab and nothing else). Wall and CPU time (the best of the repeats: on a shared machine the
slower runs measure the neighbours) and peak memory (the largest of the repeats; for each
run the larger of ru_maxrss and the sampled PSS total of the process and its children)
come from the operating system. It prints the table
and whether each target holds:

1. 100,000 people: sync <= 0.15x the naive time on every shape, and <= 600 MB.
2. 1,048,576 rows (Excel's limit, when asked for): sync <= 60 s and <= 3 GB, and the
   synced workbook opens in LibreOffice.
3. Growth of the sync time from 10k to 100k and from 100k to 1M: <= 11x.
4. 100,000 people: check <= 0.10x the naive time.

The naive script is not run past --naive-limit rows (openpyxl would need many minutes and
gigabytes at a million rows, and no target compares against it there).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from make_workbook import EXCEL_ROWS, SHAPES, rows_for  # noqa: E402

MB = 1_000_000
CONTENDERS = ("naive", "sync", "check", "floor")


@dataclass(frozen=True)
class Measure:
    wall: float  # seconds
    cpu: float  # user + system seconds
    peak: float  # MB (10^6 bytes)


def measure(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> Measure:
    """One child process; the OS counts its time and memory (its own children's included).
    The peak is the larger of the largest process's (ru_maxrss) and the sampled total of
    the process and its children (their proportional set sizes, which count a page two
    processes share once): a run that forked would otherwise show one process's only."""
    started = time.perf_counter()
    pid = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, cwd=cwd).pid
    sampler = TreeMemory(pid)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    sampler.stop()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed with exit code "
                         f"{os.waitstatus_to_exitcode(status)}")
    return Measure(elapsed, usage.ru_utime + usage.ru_stime,
                   max(usage.ru_maxrss * 1024, sampler.peak) / MB)


class TreeMemory:
    """The largest total PSS of a process and its descendants, sampled on a thread."""

    EVERY = 0.1  # seconds between samples

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(self.EVERY):
            self.peak = max(self.peak, sum(map(_pss, _tree(self.pid))))


def _tree(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        at = pending.pop()
        found.append(at)
        try:
            for task in os.listdir(f"/proc/{at}/task"):
                with open(f"/proc/{at}/task/{task}/children") as children:
                    pending += map(int, children.read().split())
        except OSError:  # ended meanwhile
            continue
    return found


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def commands(work: Path, shape: str) -> dict[str, list[str]]:
    python = sys.executable
    header_row = "2" if shape == "hand" else "1"  # the hand-edited shape has a title row
    return {
        "naive": [python, str(HERE / "naive.py"), str(work / "naive.xlsx"), header_row],
        "sync": [python, "-m", "skillsync", "sync", str(work / "sync.xlsx"),
                 "--digest", str(work / "digest.html")],
        "check": [python, "-m", "skillsync", "check", str(work / "check.xlsx")],
        "floor": [python, str(HERE / "floor.py"), str(work / "floor.xlsx")],
    }


def workbook(shape: str, size: int, out: Path) -> Path:
    source = out / f"{shape}-{size}.xlsx"
    if not source.exists():
        print(f"building {source.name} ...", file=sys.stderr, flush=True)
        # In a process of its own: Linux carries a process's peak memory over into the
        # children it starts, so every run measured after a build in this process would
        # report at least the build's peak (255 MB at hand 10k, after tidy 100k was built).
        subprocess.run([sys.executable, str(HERE / "make_workbook.py"), str(size),
                        str(source), "--shape", shape], check=True, stdout=subprocess.DEVNULL)
    return source


def run_size(shape: str, size: int, args: argparse.Namespace) -> dict[str, Measure]:
    """Best wall and CPU time and the largest peak of each contender over the repeats."""
    source = workbook(shape, size, args.out)
    names = [n for n in CONTENDERS if n != "naive" or size <= args.naive_limit]
    repeat = 1 if size > args.naive_limit else args.repeat
    runs: dict[str, list[Measure]] = {n: [] for n in names}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        env = {**os.environ, "SKILLSYNC_STATE_DIR": str(work / "state")}
        for _ in range(repeat):
            for name in names:
                shutil.copyfile(source, work / f"{name}.xlsx")
                runs[name].append(measure(commands(work, shape)[name], env))
                print(f"  {shape} {size} {name}: {runs[name][-1].wall:.2f} s",
                      file=sys.stderr, flush=True)
        if size >= EXCEL_ROWS - 2 and not args.skip_libreoffice:
            opened = opens(work / "sync.xlsx")
            print(f"  LibreOffice opens the synced workbook: {opened}", file=sys.stderr)
            runs["libreoffice"] = [Measure(float(opened), 0, 0)]
    return {name: Measure(min(m.wall for m in found), min(m.cpu for m in found),
                          max(m.peak for m in found))
            for name, found in runs.items()}


def opens(path: Path) -> bool:
    """Whether LibreOffice opens the workbook and saves its first tab again as CSV."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    out = path.parent / "libreoffice"
    done = subprocess.run([soffice, "--headless", "--norestore",
                           f"-env:UserInstallation=file://{out / 'profile'}",
                           "--convert-to", "csv", "--outdir", str(out), str(path)],
                          capture_output=True, timeout=3600, check=False)
    csv = out / (path.stem + ".csv")
    return done.returncode == 0 and csv.exists() and csv.stat().st_size > 0


Table = dict[tuple[str, int], dict[str, Measure]]


def print_table(table: Table, markdown: bool) -> None:
    head = ["shape", "people", "naive s", "naive MB", "sync s", "sync MB", "sync/naive",
            "check s", "check MB", "check/naive", "floor s", "floor MB", "sync CPU s"]
    lines = []
    for (shape, size), found in table.items():
        naive = found.get("naive")
        sync, check, floor = found["sync"], found["check"], found["floor"]
        lines.append([shape, f"{rows_for(shape, size):,}",
                      f"{naive.wall:.2f}" if naive else "-",
                      f"{naive.peak:.0f}" if naive else "-",
                      f"{sync.wall:.2f}", f"{sync.peak:.0f}", _ratio(sync, naive),
                      f"{check.wall:.2f}", f"{check.peak:.0f}", _ratio(check, naive),
                      f"{floor.wall:.2f}", f"{floor.peak:.0f}", f"{sync.cpu:.2f}"])
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("| " + " | ".join(["---"] * 2 + ["---:"] * (len(head) - 2)) + " |")
        for line in lines:
            print("| " + " | ".join(line) + " |")
        return
    widths = [max(len(head[i]), *(len(line[i]) for line in lines)) for i in range(len(head))]
    for line in [head, *lines]:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)))


def _ratio(found: Measure, naive: Measure | None) -> str:
    return f"{found.wall / naive.wall:.2f}x" if naive else "-"


def verdicts(table: Table) -> list[tuple[str, bool]]:
    found = []
    shapes = dict.fromkeys(shape for shape, _ in table)
    for shape in shapes:
        sizes = sorted(size for s, size in table if s == shape)
        at = {size: table[(shape, size)] for size in sizes}
        if 100_000 in at and "naive" in at[100_000]:
            row = at[100_000]
            sync, check, naive = row["sync"].wall, row["check"].wall, row["naive"].wall
            found += [(f"{shape}: sync at 100k {sync / naive:.2f}x naive (target <= 0.15x)",
                       sync <= 0.15 * naive),
                      (f"{shape}: sync peak at 100k {row['sync'].peak:.0f} MB "
                       "(target <= 600 MB)", row["sync"].peak <= 600),
                      (f"{shape}: check at 100k {check / naive:.2f}x naive (target <= 0.10x)",
                       check <= 0.10 * naive)]
        top = next((size for size in sizes if size >= EXCEL_ROWS - 2), None)
        if top is not None:
            row = at[top]
            found += [(f"{shape}: sync at {rows_for(shape, top):,} rows {row['sync'].wall:.1f} s"
                       " (target <= 60 s)", row["sync"].wall <= 60),
                      (f"{shape}: sync peak at {rows_for(shape, top):,} rows "
                       f"{row['sync'].peak:.0f} MB (target <= 3000 MB)",
                       row["sync"].peak <= 3000)]
            if "libreoffice" in row:
                found.append((f"{shape}: LibreOffice opens the synced {top:,}-row workbook",
                              bool(row["libreoffice"].wall)))
        for small, large in ((10_000, 100_000), (100_000, top)):
            if small in at and large in at:
                growth = at[large]["sync"].wall / at[small]["sync"].wall
                found.append((f"{shape}: growth {small:,} -> {large:,}: {growth:.1f}x "
                              "(target <= 11x)", growth <= 11))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs per contender and size (the best time is kept)")
    parser.add_argument("--naive-limit", type=int, default=200_000,
                        help="largest size the naive script runs at")
    parser.add_argument("--skip-libreoffice", action="store_true",
                        help="do not open the largest synced workbook in LibreOffice")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    # As `pip install` leaves it: byte-compiled. Under PYTHONDONTWRITEBYTECODE (or in a
    # read-only checkout) each run would otherwise compile the package again (~0.3 s).
    compileall.compile_dir(ROOT / "skillsync", quiet=1)
    table = {(shape, size): run_size(shape, size, args)
             for shape in args.shapes for size in sorted(args.sizes)}
    print_table(table, args.markdown)
    results = verdicts(table)
    for text, ok in results:
        print(("HELD " if ok else "MISSED ") + text)
    return 0 if all(ok for _, ok in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
