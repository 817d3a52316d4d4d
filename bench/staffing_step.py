"""CPU time of a sync's staffing answers alone, in one process, step by step.

Usage: python bench/staffing_step.py WORKBOOK [--config TOML] [--repeat 3]
Reads and analyses WORKBOOK once (writing nothing), then, `--repeat` times, works the
staffing answers out afresh as a sync does: the answers a sync asks for (evidence, mentor
pairs, gaps, the bus factor, shortlists, success rates), the staffing tabs added to the
sync's tabs, and the digest's staffing sections. Per-value memos are emptied before each
repeat, as a sync empties them once the sheet is read, and the cyclic collector is paused,
as in a sync. Prints the CPU seconds (time.process_time) of each part, best of the repeats.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path

from skillsync import orgsteps, pipeline
from skillsync.allocator import gc_paused
from skillsync.backends import open_backend
from skillsync.core import analysis as core
from skillsync.core import memos, orgtabs
from skillsync.output import staffing as staffing_out
from skillsync.reading import analyse

ANSWERS = ("evidence", "pool", "capacities", "booked", "mentoring", "supply", "demand",
           "gaps", "_bus_factor", "shortlists", "by_skill", "by_team", "names", "teams")


def analysed(workbook: Path, settings: Path | None):
    """The analysis as it stands before the staffing step, and what that step is given."""
    config = pipeline.settings_for(str(workbook), settings)
    given = {}
    answer = orgsteps.answer

    def keep(result, extras, config_, source, *epoch):
        given.update(result=result, extras=extras, source=source, epoch=epoch)
        return answer(result, extras, config_, source, *epoch)

    orgsteps.answer = keep
    backend = open_backend(str(workbook), writing=False, limits=config.limits)
    try:
        result, facts = analyse(backend, config, datetime.now().astimezone())
    finally:
        backend.close()
        orgsteps.answer = answer
    memos.forget(result.vocabulary)
    tabs = core.build_tabs(given["result"], facts, config.titles)  # without staffing
    return config, given, tabs


def once(config, given, tabs) -> dict[str, float]:
    memos.forget(given["result"].vocabulary)
    spent = {}
    start = time.process_time()
    answers = orgsteps.answer(given["result"], given["extras"], config, given["source"],
                              *given["epoch"]).staffing
    spent["plan"] = time.process_time() - start
    for name in ANSWERS:
        start = time.process_time()
        getattr(answers, name)
        spent[name] = time.process_time() - start
    start = time.process_time()
    orgtabs.extend(tabs, answers, config.titles)
    spent["tabs"] = time.process_time() - start
    start = time.process_time()
    staffing_out.view(answers)
    spent["digest"] = time.process_time() - start
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with gc_paused():
        config, given, tabs = analysed(args.workbook, args.config)
        runs = [once(config, given, tabs) for _ in range(args.repeat)]
    best = {part: min(run[part] for run in runs) for part in runs[0]}
    totals = sorted(sum(run.values()) for run in runs)
    for part, seconds in best.items():
        print(f"{part:<12} {seconds:7.3f}")
    print(f"{'total':<12} {totals[0]:7.3f}  (best; all: "
          f"{', '.join(f'{t:.3f}' for t in totals)})")


if __name__ == "__main__":
    main()
