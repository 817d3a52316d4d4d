"""Where a sync's time goes: py-spy samples of one run, grouped by pipeline step.

Usage: python bench/profile.py WORKBOOK [--command sync|check] [--nightly] [--rate 200]
                               [--top 15]
Runs `skillsync COMMAND` on a copy of WORKBOOK under py-spy (a sampling profiler: no
per-call overhead, so pure-Python and native work are weighed alike), then prints the share
of samples spent in each step (the innermost step a sample is inside wins) and the
functions where the time is spent. py-spy is a development tool: `pip install py-spy`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

# (step, function names, module): a frame is "[Class.]function (path:line)"; the innermost
# frame matching a step names the sample.
STEPS = (
    ("start-up (imports)", "_find_and_load", "<frozen importlib"),
    ("read: open and snapshot", "ExcelBackend.__init__|open_backend", "skillsync/backends/"),
    ("read: calamine + error cells", "read_grids", "skillsync/backends/xlsx/reader"),
    ("layout: find the table", "candidates", "skillsync/core/layouts/detect"),
    ("layout: rows to records", "read", "skillsync/core/layouts/readers"),
    ("parse fields", "read_records", "skillsync/core/people"),
    ("merge by e-mail", "merge_by_email", "skillsync/core/dedupe"),
    ("same-name proposals", "propose_same_name", "skillsync/core/namesakes"),
    ("summary tables (held, learners)", "skill_table|learner_table", "skillsync/core/summary"),
    ("checksum", "checksum_of", "skillsync/core/analysis"),
    ("staffing answers", "answer", "skillsync/orgsteps"),
    ("staffing answers", r"Staffing\.\w+", "skillsync/core/orgview"),  # first asked for
    ("staffing: report section", "report_section", "skillsync/output/staffing"),
    ("tab: People × Skills", "people_skills_tab|tidy", "skillsync/core/"),
    ("tabs: the others", "build_tabs", "skillsync/core/analysis"),
    ("tabs: staffing", "extend", "skillsync/core/orgtabs"),
    ("history: recall, guard", r"Session\.recall", "skillsync/history/session"),
    ("history: remember", r"Session\.remember", "skillsync/history/session"),
    ("digest", "prepare", "skillsync/output/digest_files"),
    ("write: sheet XML", r"SheetWriter\.(?:render|chunks)|group_columns",
     "skillsync/backends/xlsx/sheetxml"),
    ("write: shared strings", r"_texts|StringTable\.(?:render|__init__)",
     "skillsync/backends/xlsx/"),
    ("write: well-formedness check", "_well_formed", "skillsync/backends/xlsx/writer"),
    ("write: zip", r"write_parts|RawPart\.(?:new|streamed)|read_raw",
     "skillsync/backends/xlsx/zipparts"),
    ("write: backup, fsync, swap", "replace_workbook", "skillsync/backends/xlsx/guard"),
)
_COMPILED = [(step, re.compile(rf"^(?:{names}) \(.*{re.escape(module)}"))
             for step, names, module in STEPS]


def step_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for step, pattern in _COMPILED:
            if pattern.search(frame):
                return step
    return "other"


def leaf_of(frames: list[str]) -> str:
    """The innermost frame of skillsync's own code, and the innermost frame below it."""
    ours = [i for i, f in enumerate(frames) if "/skillsync/" in f and "site-packages" not in f]
    at = ours[-1] if ours else len(frames) - 1
    name = _short(frames[at])
    return name if at == len(frames) - 1 else f"{name} -> {_short(frames[-1])}"


def _short(frame: str) -> str:
    """'Class.function (module.py)'."""
    function, _, where = frame.rpartition(" (")
    return f"{function} ({where.split(':')[0].rsplit('/', 1)[-1]})"


def record(workbook: Path, command: str, rate: int, nightly: bool = False) -> Path:
    scratch = Path(tempfile.mkdtemp(prefix="skillsync-profile-"))
    copy = scratch / workbook.name
    shutil.copyfile(workbook, copy)
    raw = scratch / "samples.txt"
    args = [sys.executable, "-m", "skillsync", command, str(copy)]
    if command == "sync":
        args += ["--digest", str(scratch / "digest.html")]
    env = {**os.environ, "SKILLSYNC_STATE_DIR": str(scratch / "state")}
    if nightly:  # a sync first, unprofiled: the profiled run finds its history
        subprocess.run([sys.executable, "-m", "skillsync", "-q", "sync", str(copy)], env=env,
                       check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["py-spy", "record", "-r", str(rate), "-f", "raw", "--full-filenames",
                    "-o", str(raw), "--",
                    *args], env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return raw


def summarise(raw: Path, top: int, rate: int) -> None:
    steps: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        steps[step_of(frames)] += int(count)
        leaves[leaf_of(frames)] += int(count)
    total = sum(steps.values()) or 1
    print(f"{'step':<34} {'share':>6} {'seconds':>8}  (all threads)")
    order = [s for s, _, _ in STEPS] + ["other"]
    for step in sorted(steps, key=order.index):
        print(f"{step:<34} {steps[step] / total:>6.1%} {steps[step] / rate:>8.2f}")
    print(f"\ninnermost skillsync functions (top {top}):")
    for leaf, count in leaves.most_common(top):
        print(f"{count / total:>6.1%}  {leaf}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--command", choices=("sync", "check"), default="sync")
    parser.add_argument("--rate", type=int, default=200, help="samples per second")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--samples", type=Path, help="summarise this py-spy raw file instead")
    parser.add_argument("--nightly", action="store_true",
                        help="sync once first, so the profiled run compares with a history")
    args = parser.parse_args()
    if args.samples is None and shutil.which("py-spy") is None:
        raise SystemExit("py-spy is not installed: pip install py-spy")
    raw = args.samples or record(args.workbook, args.command, args.rate, args.nightly)
    print(f"samples: {raw}")
    summarise(raw, args.top, args.rate)


if __name__ == "__main__":
    main()
