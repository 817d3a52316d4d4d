"""A small mutation check: does the suite notice when a safety mechanism is weakened?

Usage: python bench/mutants.py [--without FILE ...] [--only NAME ...]

Each mutant is one textual change to the source (the mechanism weakened or removed). For
each, the script copies the committed tree to a temporary folder, applies the change,
runs the tests that guard that room of the house, and counts the mutant killed when they
fail. `--without tests/test_safety_pins.py` runs the same check with a test file left out,
to show what it adds. Prints a table and the kill rate.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRITER_TESTS = ["tests/test_safety_pins.py", "tests/test_workbook_guard.py",
                "tests/test_workbook_writer.py", "tests/test_sync_excel.py"]
CORE_TESTS = ["tests/test_safety_pins.py", "tests/test_core_dedupe.py", "tests/test_core_cells.py",
              "tests/test_core_analysis.py", "tests/test_core_levels.py",
              "tests/test_core_vocab.py", "tests/test_layouts.py"]
OUTPUT_TESTS = ["tests/test_digest_render.py", "tests/test_sync_excel.py"]
SHEETS_TESTS = ["tests/test_gsheets_lost_answers.py", "tests/test_sync_gsheets.py"]
HISTORY_TESTS = ["tests/test_history_core.py", "tests/test_history_examples.py",
                 "tests/test_history_sync.py"]


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTANTS = (
    Mutant("workbook written in place, not temp + replace", "skillsync/backends/xlsx/guard.py",
           "        os.replace(temp, path)\n",
           "        path.write_bytes(new_data)\n", tuple(WRITER_TESTS)),
    Mutant("no lock re-check just before the swap", "skillsync/backends/xlsx/guard.py",
           "        ensure_not_open(path, wait_seconds)\n        ensure_unchanged(snapshot)\n",
           "        ensure_unchanged(snapshot)\n", tuple(WRITER_TESTS)),
    Mutant("no change check just before the swap", "skillsync/backends/xlsx/guard.py",
           "        ensure_not_open(path, wait_seconds)\n        ensure_unchanged(snapshot)\n",
           "        ensure_not_open(path, wait_seconds)\n", tuple(WRITER_TESTS)),
    Mutant("sharedStrings counts not updated", "skillsync/backends/xlsx/strings.py",
           "        head = _with_counts(tag, len(root.name) + 1, self._total_count(tag),\n"
           "                            self._count + len(self._appended))\n",
           "        head = tag\n", tuple(WRITER_TESTS)),
    Mutant("common-name cap off by one", "skillsync/core/dedupe.py",
           "        if not 1 < len(members) <= MAX_BLOCK:",
           "        if not 1 < len(members) < MAX_BLOCK:", tuple(CORE_TESTS)),
    Mutant("common-name cap removed", "skillsync/core/dedupe.py",
           "        if not 1 < len(members) <= MAX_BLOCK:",
           "        if not 1 < len(members):", tuple(CORE_TESTS)),
    Mutant("three namesakes proposed as pairs", "skillsync/core/dedupe.py",
           "    if len(allowed) == len(pairs):\n        return [members]\n",
           "", tuple(CORE_TESTS)),
    Mutant("a level alone read as a skill", "skillsync/core/skillitems.py",
           "    if alone.kind is not Kind.OTHER and not known(text):\n"
           "        return Item(\"\", alone)\n",
           "", tuple(CORE_TESTS)),
    Mutant("typo folding without a length floor", "skillsync/core/vocab.py",
           "TYPO_MIN = 5\n", "TYPO_MIN = 1\n", tuple(CORE_TESTS)),
    Mutant("forms read as the union of answers", "skillsync/core/analysis.py",
           "submissions=extract.latest_wins", "submissions=False", tuple(CORE_TESTS)),
    Mutant("formula-like text not flagged", "skillsync/core/cells.py",
           '    return (len(text) > 1 and text[0] in "=+@") or text.startswith("-=")',
           "    return False", tuple(CORE_TESTS)),
    Mutant("digest HTML not escaped", "skillsync/output/templating.py",
           'autoescape=lambda name: name is None or name.endswith((".html.j2", ".html", ".htm")),',
           "autoescape=False,", tuple(OUTPUT_TESTS)),
    Mutant("no backup before the swap", "skillsync/backends/xlsx/guard.py",
           "        backup = write_backup(snapshot, backup_dir, keep)\n",
           "        backup = None\n", tuple(WRITER_TESTS)),
    Mutant("a lost Sheets answer sent again unchecked", "skillsync/backends/gsheets/writes.py",
           "            if applied:\n", "            if False:\n", tuple(SHEETS_TESTS)),
    Mutant("people vanishing never held back", "skillsync/core/integrity.py",
           "    if len(gone) < guard.min_people or share < guard.vanished_share:\n",
           "    if True:\n", tuple(HISTORY_TESTS)),
    Mutant("columns gone never held back", "skillsync/core/integrity.py",
           "    findings += gone + patterns(previous, current, changes, guard, names)\n",
           "    findings += patterns(previous, current, changes, guard, names)\n",
           tuple(HISTORY_TESTS)),
)


def run(mutant: Mutant, without: list[str]) -> bool:
    """True when the tests fail with the mutant applied (killed)."""
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "tree"
        shutil.copytree(ROOT, tree, symlinks=True,
                        ignore=shutil.ignore_patterns(".git", "__pycache__", "*.egg-info",
                                                      "test-artifacts", "skillsync-demo"))
        target = tree / mutant.path
        text = target.read_text(encoding="utf-8")
        if mutant.old not in text:
            raise SystemExit(f"mutant '{mutant.name}' no longer applies to {mutant.path}")
        target.write_text(text.replace(mutant.old, mutant.new, 1), encoding="utf-8")
        tests = [t for t in mutant.tests if t not in without]
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                   *tests]
        done = subprocess.run(command, cwd=tree, capture_output=True, timeout=1800)
        return done.returncode != 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--without", nargs="*", default=[], help="test files to leave out")
    parser.add_argument("--only", nargs="*", default=[], help="mutant names to run")
    args = parser.parse_args()
    chosen = [m for m in MUTANTS if not args.only or m.name in args.only]
    stale = [m.name for m in chosen
             if m.old not in (ROOT / m.path).read_text(encoding="utf-8")]
    if stale:  # say so before an hour of runs, not in the middle
        raise SystemExit(f"mutants that no longer apply: {', '.join(stale)}")
    killed = 0
    for mutant in chosen:
        dead = run(mutant, args.without)
        killed += dead
        print(f"{'killed  ' if dead else 'SURVIVED'}  {mutant.name}", flush=True)
    print(f"kill rate: {killed}/{len(chosen)} ({killed / len(chosen):.0%})"
          + (f" without {', '.join(args.without)}" if args.without else ""))


if __name__ == "__main__":
    main()
