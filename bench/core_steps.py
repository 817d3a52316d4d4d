"""CPU time of the core's steps around parsing, each on its own, in one process.

Usage: python bench/core_steps.py WORKBOOK [--repeat 3] [--hash]
Reads WORKBOOK's tabs once (writing nothing), then, `--repeat` times: finds the table
(detect), turns its rows into records, merges rows by e-mail, proposes same-name pairs and
builds the held and learner tables, as `check` and `sync` do; per-value memos are emptied
before each step, so no step is timed on what an earlier one left behind, and the cyclic
collector is paused, as in a run. Prints the CPU seconds (time.process_time) of each step,
best of the repeats. `--hash` also prints a digest of what the steps produce, to compare
two versions of the code on the same workbook.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from datetime import datetime
from pathlib import Path

from parse_step import grids_of

from skillsync import reading
from skillsync.allocator import gc_paused
from skillsync.core import layouts, memos, schema, summary
from skillsync.core.dedupe import merge_by_email
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.layouts import detect
from skillsync.core.namesakes import propose_same_name
from skillsync.core.people import read_records

NOW = datetime(2026, 6, 1, 12, 0)


def once(config, grids) -> tuple[dict[str, float], list]:
    vocabulary = reading.base_vocabulary().with_aliases(dict(config.aliases))
    options = layouts.Options(config.source.layout, config.source.tab,
                              config.source.header_row, reading.words_of(config),
                              vocabulary.known)
    headers = HeaderVocabulary.build(config.source.headers)
    rules = reading.rules_of(config, NOW)
    spent: dict[str, float] = {}
    out: list = []

    def step(name, work, *args, **named):
        memos.forget(vocabulary)
        start = time.process_time()
        found = work(*args, **named)
        spent[name] = time.process_time() - start
        out.append(found)
        return found

    step("find the table", detect.candidates, grids, headers, options)
    extract = step("layout (all)", layouts.read, grids, headers, options)
    rows = read_records(extract, vocabulary, rules)
    merged = step("merge by e-mail", merge_by_email, rows.frame, extract.layout,
                  submissions=extract.latest_wins)
    people = schema.check(merged.people, schema.PEOPLE_COLUMNS, "people")
    step("same-name proposals", propose_same_name, people, extract.layout, set(), rows.frame)
    step("held table", summary.skill_table, people, rules.expert_level)
    step("learner table", summary.learner_table, people)
    return spent, out[2:]


def digest(out: list) -> str:
    hashed = hashlib.sha256()
    merged, proposals, held, learners = out
    for part in (merged.people, merged.duplicates, merged.issues, proposals, held, learners):
        if hasattr(part, "dtypes"):
            hashed.update(repr(list(part.dtypes.items())).encode())
            part = part.to_dict("list")
        hashed.update(repr(part).encode())
    return hashed.hexdigest()[:16]


def main() -> None:
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
    main()
