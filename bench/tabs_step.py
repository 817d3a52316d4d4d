"""CPU time of building a sync's tabs, in one process, part by part.

Usage: python bench/tabs_step.py WORKBOOK [--repeat 3] [--hash]
Reads and analyses WORKBOOK once (writing nothing, staffing answered as in a sync), builds
the tabs once so the staffing answers are worked out, then, `--repeat` times, builds them
again from a fresh copy of the analysis (its own cached tables emptied), with per-value
memos emptied and the cyclic collector paused, as in a sync. Prints the CPU seconds
(time.process_time) of the whole `build_tabs` and of its larger parts, best of the repeats.
`--hash` prints a digest of every tab (title, columns, frame values, dtypes, categories,
links), to hold two versions of the code to the same output.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import time
from datetime import datetime
from pathlib import Path

import pandas as pd

from skillsync import pipeline
from skillsync.allocator import gc_paused
from skillsync.backends import open_backend
from skillsync.core import analysis as core
from skillsync.core import (
    memos,
    mentorlists,
    peopleskills,
    projecttab,
    runtabs,
    schema,
    summary,
)
from skillsync.reading import analyse

NOW = datetime(2026, 6, 1, 12, 0).astimezone()


def analysed(workbook: Path):
    config = pipeline.settings_for(str(workbook), None)
    backend = open_backend(str(workbook), writing=False, limits=config.limits)
    try:
        result, facts = analyse(backend, config, NOW)
    finally:
        backend.close()
    memos.forget(result.vocabulary)
    core.build_tabs(result, facts, config.titles)  # the staffing answers, once
    return config, result, facts


def parts(result: core.Analysis) -> dict:
    """The larger parts of build_tabs, each on its own."""
    by_name = result.name_order.places
    listed = core._tidy_rows_each(result.people)
    return {
        "tidy": lambda: schema.tidy_columns(result.people),
        "people_skills": lambda: peopleskills.people_skills_tab(
            schema.tidy_columns(result.people), result.layout, "P",
            names=peopleskills.RowNames.of(result.name_order, listed)),
        "name_order": lambda: type(result.name_order).of(result.people["name"].tolist()),
        "skills": lambda: summary.skills_tab(result.held, result.learners, {}, "S", by_name),
        "team_skills": lambda: summary.team_skills_tab(result.people, result.held, "T"),
        "projects": lambda: projecttab.projects_tab(result.people, "P", by_name),
        "learning": lambda: summary.learning_tab(result.learners, result.mentors, "L",
                                                 by_name),
        "mentors": lambda: mentorlists.mentors_by_skill(result.held, result.learners,
                                                        result.mentor_level),
        "issues": lambda: runtabs.issues_tab(result.issues, result.layout, "I"),
        "duplicates": lambda: runtabs.duplicates_tab(result.duplicates, result.layout, "D"),
    }


def timed(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def once(config, result, facts) -> dict[str, float]:
    spent = {}
    memos.forget(result.vocabulary)
    fresh = dataclasses.replace(result)  # no cached tables (mentors, tidy) carried over
    spent["build_tabs"] = timed(lambda: core.build_tabs(fresh, facts, config.titles))
    fresh.mentors  # noqa: B018 - asked for by the Learning tab below
    for name, work in parts(fresh).items():
        memos.forget(result.vocabulary)
        spent[name] = timed(work)
    return spent


def digest(tabs) -> str:
    hashed = hashlib.sha256()
    for tab in tabs:
        hashed.update(repr((tab.key, tab.title, tab.columns, tab.heat_columns,
                            tab.omitted)).encode())
        frame = tab.frame
        hashed.update(repr((list(frame.columns), list(map(str, frame.dtypes)),
                            list(frame.index))).encode())
        for name in frame.columns:
            column = frame[name]
            if isinstance(column.dtype, pd.CategoricalDtype):
                hashed.update(repr((column.cat.categories.tolist(),
                                    column.cat.codes.tolist())).encode())
            hashed.update(repr(column.tolist()).encode())
            hashed.update(repr([type(v).__name__ for v in column.tolist()]).encode())
    return hashed.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--hash", action="store_true")
    args = parser.parse_args()
    with gc_paused():
        config, result, facts = analysed(args.workbook)
        if args.hash:
            fresh = dataclasses.replace(result)
            tabs = core.build_tabs(fresh, facts, config.titles)
            print("digest", digest(tabs))
            for tab in tabs:
                print(f"  {tab.key:14} {digest([tab])}")
            del tabs
        runs = [once(config, result, facts) for _ in range(args.repeat)]
    for part in runs[0]:
        print(f"{part:14} {min(run[part] for run in runs):7.3f} s")


if __name__ == "__main__":
    main()
