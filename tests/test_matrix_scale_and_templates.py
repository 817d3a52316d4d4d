"""A skills matrix whose headers state their scale ("Python [1-4]"), and a custom digest
template that fails as it renders. Real files, real `skillsync` processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
PATIENCE = 300  # seconds before a stuck child counts as a failure (never a timing check)


def skillsync(*args: str, cwd: Path = ROOT, **options) -> subprocess.CompletedProcess:
    options.setdefault("capture_output", True)
    return subprocess.run([sys.executable, "-m", "skillsync", *args], cwd=cwd,
                          timeout=PATIENCE, **options)


def people_book(path: Path, header: list[str], rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Skills"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


ROWS = [["Ana Lima", "ana@x.example", "Search", 4, 3, 2],
        ["Bo Chen", "bo@x.example", "Search", 2, 4, 1],
        ["Cy Doe", "cy@x.example", "Vision", 3, 1, 4],
        ["Di Eve", "di@x.example", "Vision", 1, 2, 3]]


def test_a_matrix_header_stating_its_scale_names_the_skill_without_the_scale(tmp_path):
    """'Python [1-4]' above a column of levels: the [1-4] is read as the scale (4 becomes
    5), but the skill keeps the bracket, so 'Python [1-4]' is an unknown skill (the report
    itself says "did you mean 'Python'?") and 'NLP [1-4]' is not NLP."""
    book = people_book(tmp_path / "matrix.xlsx",
                       ["Name", "E-mail", "Team", "Python [1-4]", "SQL [1-4]", "NLP [1-4]"],
                       ROWS)
    done = skillsync("check", str(book), "--json")
    assert done.returncode == 0, done.stderr.decode()
    report = json.loads(done.stdout)
    assert report["layout"] == "wide"
    assert set(report["skills"]) == {"Python", "SQL", "Natural Language Processing"}
    assert not [i for i in report["issues"] if i["code"] == "unknown-skill"]


def test_a_digest_template_failing_as_it_renders_is_a_configuration_error(tmp_path):
    """README: exit 2 for 'a digest path or template that cannot work'. A template that
    compiles but fails when rendered ({{ 1 / 0 }}) gives exit 1, 'unexpected
    ZeroDivisionError', and the hint to rerun with --debug."""
    book = people_book(tmp_path / "inventory.xlsx",
                       ["Name", "E-mail", "Team", "Python", "SQL", "NLP"], ROWS)
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "digest.txt.j2").write_text("{{ 1 / 0 }}\n")
    (tmp_path / "skillsync.toml").write_text('[output]\ntemplates = "tpl"\n')
    done = skillsync("sync", str(book), cwd=tmp_path)
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    assert stderr.startswith("Error: the digest template"), stderr
