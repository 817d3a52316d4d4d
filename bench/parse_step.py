"""CPU time of reading a sheet's rows into people, step by step, in one process.

Usage: python bench/parse_step.py WORKBOOK [--repeat 3] [--hash]
Reads WORKBOOK's tabs once (writing nothing), then, `--repeat` times: finds the table and
turns its rows into records, parses the fields, merges rows by e-mail and proposes
same-name pairs, as `check` and `sync` do. Per-value memos are emptied before each repeat
and the cyclic collector is paused, as in a run. Prints the CPU seconds
(time.process_time) of each step, best of the repeats. `--hash` also prints a digest of
everything the steps produce (records, issues, people, merged groups, proposals), to
compare two versions of the code on the same workbook.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from datetime import datetime
from pathlib import Path

from skillsync import pipeline, reading
from skillsync.allocator import gc_paused
from skillsync.backends import open_backend
from skillsync.core import layouts, memos, schema
from skillsync.core.dedupe import merge_by_email
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.namesakes import propose_same_name
from skillsync.core.people import read_records

NOW = datetime(2026, 6, 1, 12, 0)  # fixed, so stale and future dates read the same each run


def grids_of(workbook: Path):
    config = pipeline.settings_for(str(workbook), None)
    backend = open_backend(str(workbook), writing=False, limits=config.limits)
    try:
        names = backend.tab_names()
        return config, backend.read(names)
    finally:
        backend.close()


def once(config, grids) -> tuple[dict[str, float], list]:
    vocabulary = reading.base_vocabulary().with_aliases(dict(config.aliases))
    memos.forget(vocabulary)
    options = layouts.Options(config.source.layout, config.source.tab,
                              config.source.header_row, reading.words_of(config),
                              vocabulary.known)
    spent: dict[str, float] = {}
    out: list = []

    def step(name, work, *args, **named):
        start = time.process_time()
        found = work(*args, **named)
        spent[name] = time.process_time() - start
        out.append(found)
        return found

    extract = step("layout", layouts.read, grids, HeaderVocabulary.build(config.source.headers),
                   options)
    rows = step("parse fields", read_records, extract, vocabulary,
                reading.rules_of(config, NOW))
    merged = step("merge by e-mail", merge_by_email, rows.frame, extract.layout,
                  submissions=extract.latest_wins)
    people = schema.check(merged.people, schema.PEOPLE_COLUMNS, "people")
    step("same-name proposals", propose_same_name, people, extract.layout, set(), rows.frame)
    return spent, out


def digest(out: list) -> str:
    _, rows, merged, proposals = out
    return hashed([rows.frame, rows.issues, rows.unknown_skills, rows.rows_read, merged.people,
                   merged.issues, merged.duplicates, merged.resubmitted, merged.latest_read,
                   proposals])


def hashed(parts: list) -> str:
    """A short digest of what steps produced (frames with their dtypes), to compare two
    versions of the code on the same workbook."""
    found = hashlib.sha256()
    for part in parts:
        if hasattr(part, "dtypes"):
            found.update(repr(list(part.dtypes.items())).encode())
            part = part.to_dict("list")
        found.update(repr(part).encode())
    return found.hexdigest()[:16]


def run_steps(once, digest) -> None:
    """The command line shared by the step benches: WORKBOOK [--repeat N] [--hash]; each
    step's best CPU time over the repeats, with the collector paused as in a run."""
    parser = argparse.ArgumentParser()
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--hash", action="store_true")
    args = parser.parse_args()
    config, grids = grids_of(args.workbook)
    best: dict[str, float] = {}
    with gc_paused():
        for _ in range(args.repeat):
            spent, out = once(config, grids)
            for name, seconds in spent.items():
                best[name] = min(best.get(name, seconds), seconds)
            if args.hash:
                print("digest", digest(out))
            del out
    for name, seconds in best.items():
        print(f"{name:22} {seconds:7.3f} s")


if __name__ == "__main__":
    run_steps(once, digest)
