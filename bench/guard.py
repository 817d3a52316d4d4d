"""The accident guard's cost at scale: `evaluate` on two snapshots of a big inventory.

Usage: python bench/guard.py [--people 100000] [--out bench/out] [--repeat 3]
                             [--nightly WORKBOOK]
Builds (once) a rows workbook and a matrix (wide) workbook, reads each as a sync does,
takes its snapshot, and times the guard against edited copies of it: an unchanged sheet,
a quiet night (0.5% of people edit a skill), a busy night (20% do, and 5% move team), and
an accident (one column sorted on its own). The diff is timed apart, as a sync computes
it anyway. Prints the median of the repeats (process CPU seconds) and what the guard found.
With --nightly, times instead what a nightly `check` of WORKBOOK spends on the history
after a sync (a copy, with a history of its own): the source checksum and Session.recall
(the last good run read back, the snapshot, the diff and the guard), best of the repeats.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_workbook import build, build_wide  # noqa: E402

from skillsync import pipeline  # noqa: E402
from skillsync.backends import open_backend  # noqa: E402
from skillsync.config import Config  # noqa: E402
from skillsync.core import history  # noqa: E402
from skillsync.core.checksum import checksum_of  # noqa: E402
from skillsync.core.integrity import evaluate  # noqa: E402
from skillsync.history import session  # noqa: E402
from skillsync.reading import analyse, read_inventory  # noqa: E402

T0 = datetime(2026, 11, 1, 2, 30).astimezone()
Edit = Callable[[dict[str, dict]], dict[str, dict]]


def snapshot(path: Path) -> history.Snapshot:
    backend = open_backend(str(path), writing=False)
    try:
        result, _ = analyse(backend, Config(), T0)
    finally:
        backend.close()
    return session.snapshot(result, T0)


def _skills_edited(share: float, seed: int) -> Edit:
    def edit(people):
        rng = random.Random(seed)
        out = dict(people)
        for key in rng.sample(list(people), int(len(people) * share)):
            items = list(people[key]["expertise"])
            if items:
                skill, level = items[0]
                items[0] = (skill, 1 + (level or 0) % 5)
            out[key] = {**people[key], "expertise": tuple(items)}
        return out
    return edit


def _busy(people):
    out = _skills_edited(0.2, 1)(people)
    rng = random.Random(2)
    for key in rng.sample(list(people), len(people) // 20):
        out[key] = {**out[key], "team": f"Team {rng.randint(0, 59)}"}
    return out


def _team_sorted_alone(people):
    teams = sorted((r["team"] for r in people.values()), key=str.casefold)
    return {k: {**r, "team": t} for (k, r), t in zip(people.items(), teams, strict=True)}


SCENARIOS: dict[str, Edit] = {"unchanged": lambda people: people,
                              "quiet night": _skills_edited(0.005, 0), "busy night": _busy,
                              "team sorted alone": _team_sorted_alone}


def _skill_sorted_alone(people):
    """The matrix's first skill column sorted on its own (blanks last, as Excel does)."""
    skill = next(s for r in people.values() for s, _ in r["expertise"])
    levels = [dict(r["expertise"]).get(skill) for r in people.values()]
    ordered = sorted(v for v in levels if v is not None)
    ordered += [None] * (len(levels) - len(ordered))
    out = {}
    for (key, record), level in zip(people.items(), ordered, strict=True):
        items = [(s, v) for s, v in record["expertise"] if s != skill]
        if level is not None:
            items.insert(0, (skill, level))
        out[key] = {**record, "expertise": tuple(items)}
    return out


def timed(previous: history.Snapshot, edit: Edit, repeat: int) -> tuple[float, float, str]:
    people = edit(previous.people)  # unchanged: the very People, as a sync has it
    current = history.Snapshot(T0 + timedelta(days=1), people, previous.skills,
                               previous.columns)
    diffs, guards = [], []
    for _ in range(repeat):
        started = time.process_time()
        changes = history.diff(previous, current)
        diffs.append(time.process_time() - started)
        started = time.process_time()
        verdict = evaluate(previous, current, changes=changes)
        guards.append(time.process_time() - started)
    found = ", ".join(f"{f.code} ({f.column})" for f in verdict.findings) or "nothing"
    return statistics.median(diffs), statistics.median(guards), found


def nightly(workbook: Path, repeat: int) -> None:
    """Checksum and recall of a `check` run the night after a sync, best of `repeat`."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SKILLSYNC_STATE_DIR"] = str(Path(folder, "state"))
        Path(folder, "state").mkdir(mode=0o700)
        book = Path(folder, workbook.name)
        shutil.copy(workbook, book)
        pipeline.sync(book, None, now=T0)
        config, now = pipeline.settings_for(book, None), T0 + timedelta(days=1)
        backend = open_backend(str(book), writing=False)
        try:
            checksum_s = _checksum_time(read_inventory(backend, config).extract, repeat)
            result, facts = analyse(backend, config, now)
        finally:
            backend.close()
        assert result.skills is not None  # asked for by the report anyway: not the history's

        def recall() -> None:
            with session.Session(str(book), config, now, guard=True, advise=True) as memo:
                memo.recall(result, facts)
        recall_s = _best(repeat, recall)
    print(f"{workbook.name}: checksum {checksum_s:.3f} s, recall {recall_s:.3f} s")


def _checksum_time(extract: Any, repeat: int) -> float:
    return _best(repeat, lambda: checksum_of(extract))


def _best(repeat: int, step: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        step()
        times.append(time.process_time() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--nightly", type=Path, metavar="WORKBOOK")
    args = parser.parse_args()
    if args.nightly:
        nightly(args.nightly, args.repeat)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    books = {"rows": (build, SCENARIOS),
             "wide": (build_wide, {**SCENARIOS, "skill column sorted alone":
                                   _skill_sorted_alone})}
    print(f"{'layout':<6} {'scenario':<26} {'diff s':>8} {'guard s':>8}  found")
    for layout, (maker, scenarios) in books.items():
        path = args.out / f"guard-{layout}-{args.people}.xlsx"
        if not path.exists():
            maker(args.people, path)
        previous = snapshot(path)
        for name, edit in scenarios.items():
            diff_s, guard_s, found = timed(previous, edit, args.repeat)
            print(f"{layout:<6} {name:<26} {diff_s:>8.3f} {guard_s:>8.3f}  {found}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
