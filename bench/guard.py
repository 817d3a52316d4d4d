"""The accident guard's cost at scale: `evaluate` on two snapshots of a big inventory.

Usage: python bench/guard.py [--people 100000] [--out bench/out] [--repeat 3]
Builds (once) a rows workbook and a matrix (wide) workbook, reads each as a sync does,
takes its snapshot, and times the guard against edited copies of it: a quiet night (0.5%
of people edit a skill), a busy night (20% do, and 5% move team), and an accident (one
column sorted on its own). The diff is timed apart, as a sync computes it anyway. Prints
the median of the repeats and what the guard found.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_workbook import build, build_wide  # noqa: E402

from skillsync.backends import open_backend  # noqa: E402
from skillsync.config import Config  # noqa: E402
from skillsync.core import history  # noqa: E402
from skillsync.core.integrity import evaluate  # noqa: E402
from skillsync.history import session  # noqa: E402
from skillsync.reading import analyse  # noqa: E402

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


SCENARIOS: dict[str, Edit] = {"quiet night": _skills_edited(0.005, 0), "busy night": _busy,
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
    people = edit(dict(previous.people))
    current = history.Snapshot(T0 + timedelta(days=1), people, previous.skills,
                               previous.columns)
    diffs, guards = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        changes = history.diff(previous, current)
        diffs.append(time.perf_counter() - started)
        started = time.perf_counter()
        verdict = evaluate(previous, current, changes=changes)
        guards.append(time.perf_counter() - started)
    found = ", ".join(f"{f.code} ({f.column})" for f in verdict.findings) or "nothing"
    return statistics.median(diffs), statistics.median(guards), found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
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
