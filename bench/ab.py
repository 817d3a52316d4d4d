"""Two checkouts of skillsync side by side on the same workbooks, taking turns.

Usage: python bench/ab.py OLD_CHECKOUT NEW_CHECKOUT WORKBOOK [WORKBOOK ...] [--repeat 3]

Seconds measured on different days say little on a shared machine: its speed moves by a
fifth from one hour to the next. This runs `skillsync check` and a first `skillsync sync`
of each workbook (on a copy, with an empty state folder) from each checkout in turn, the
order swapped every round so that neither always runs first, and prints each one's best
wall and CPU time (user + system) and its largest peak memory, with the change.
`git worktree add --detach /tmp/old COMMIT` makes an old checkout to compare with.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import Measure, measure  # noqa: E402

COMMANDS = ("check", "sync")


def run_once(checkout: Path, command: str, workbook: Path) -> Measure:
    with tempfile.TemporaryDirectory(prefix="skillsync-ab-") as scratch:
        work = Path(scratch)
        copy = work / workbook.name
        shutil.copy(workbook, copy)
        state = work / "state"
        state.mkdir(mode=0o700)
        extra = ["--digest", str(work / "digest.html")] if command == "sync" else []
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(checkout),
               "SKILLSYNC_STATE_DIR": str(state), "HOME": str(work)}
        # From the checkout itself: `python -m` puts the working folder first on the path.
        return measure([sys.executable, "-m", "skillsync", "-q", command, str(copy), *extra],
                       env, cwd=checkout)


def best(runs: list[Measure]) -> Measure:
    return Measure(min(r.wall for r in runs), min(r.cpu for r in runs),
                   max(r.peak for r in runs))


def compare(old: Path, new: Path, workbooks: list[Path], repeat: int) -> dict:
    found: dict[tuple[str, str, str], list[Measure]] = {}
    for round_ in range(repeat):
        for workbook in workbooks:
            turns = (("old", old), ("new", new)) if round_ % 2 == 0 else (("new", new),
                                                                           ("old", old))
            for label, checkout in turns:
                for command in COMMANDS:
                    found.setdefault((workbook.name, command, label), []).append(
                        run_once(checkout, command, workbook))
    return {key: best(runs) for key, runs in found.items()}


def _change(before: float, after: float) -> str:
    return f"{after / before - 1:+.0%}" if before else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the checkout to compare with")
    parser.add_argument("new", type=Path, help="the checkout being measured")
    parser.add_argument("workbooks", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (best of them is kept)")
    args = parser.parse_args()
    for checkout in (args.old, args.new):  # as `pip install` leaves it: byte-compiled
        compileall.compile_dir(checkout / "skillsync", quiet=1)
    table = compare(args.old.resolve(), args.new.resolve(), args.workbooks, args.repeat)
    print(f"{'workbook':24} {'command':7} {'wall s old → new':>24} {'CPU s old → new':>24} "
          f"{'peak MB old → new':>20}")
    for workbook in args.workbooks:
        for command in COMMANDS:
            old, new = (table[(workbook.name, command, label)] for label in ("old", "new"))
            print(f"{workbook.name:24} {command:7} "
                  f"{old.wall:7.2f} → {new.wall:6.2f} {_change(old.wall, new.wall):>6} "
                  f"{old.cpu:7.2f} → {new.cpu:6.2f} {_change(old.cpu, new.cpu):>6} "
                  f"{old.peak:7.0f} → {new.peak:5.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
