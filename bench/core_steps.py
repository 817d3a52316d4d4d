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

import time
from datetime import datetime

from parse_step import hashed, run_steps

from skillsync import reading
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
    merged, proposals, held, learners = out
    return hashed([merged.people, merged.duplicates, merged.issues, proposals, held, learners])


if __name__ == "__main__":
    run_steps(once, digest)
