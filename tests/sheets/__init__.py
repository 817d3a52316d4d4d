"""Realistic skills sheets of every layout, each with the truth recorded while writing it.

Pure helpers for tests (no tests here). `SHEETS` maps a sheet id to a builder taking a
folder and returning a `Sheet` (the path written and its `Truth`); `build_files` writes
one inventory as CSV (three ways), .ods and .xls in one go (it needs LibreOffice).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from sheets.files import FORMS, build_files
from sheets.form import build_google_forms, build_google_forms_csv, build_microsoft_forms
from sheets.long import build_long
from sheets.names import build_names
from sheets.notation import NOTATION_CASES
from sheets.rows import (
    build_merged_teams,
    build_no_email,
    build_notation,
    build_rows,
    build_tabs,
    notation_email,
)
from sheets.transposed import build_transposed, build_transposed_without_email
from sheets.truth import HAS_IT, Level, Person, Sheet, Truth, fold, is_rating_or_mark
from sheets.wide import (
    VARIANTS,
    build_matrix_with_other_skills,
    build_matrix_without_skill_names,
    build_wide,
)

SHEETS: dict[str, Callable[[Path], Sheet]] = {
    "rows": build_rows,
    **{f"wide-{v}": partial(build_wide, variant=v) for v in VARIANTS},
    "form-google": build_google_forms,
    "form-microsoft": build_microsoft_forms,
    "form-google-csv": build_google_forms_csv,
    "long": build_long,
    "transposed": build_transposed,
    "transposed-no-email": build_transposed_without_email,
    "tabs": build_tabs,
    "merged-teams": build_merged_teams,
    "no-email": build_no_email,
    "names": build_names,
}
FILE_SHEETS = tuple(f"files-{form}" for form in FORMS)

__all__ = [
    "FILE_SHEETS", "FORMS", "HAS_IT", "NOTATION_CASES", "SHEETS", "VARIANTS", "Level",
    "Person", "Sheet", "Truth", "build_files", "build_matrix_with_other_skills",
    "build_matrix_without_skill_names", "build_notation", "fold", "is_rating_or_mark",
    "notation_email",
]
