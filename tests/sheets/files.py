"""One small inventory as the other files people have: CSV three ways, .ods and .xls.

The CSVs Excel writes are written here the way Excel writes them ("CSV UTF-8": a BOM,
commas, CRLF; a French or German Excel's "CSV": semicolons in Windows-1252); the
tab-separated CSV, the .ods and the legacy .xls are saved by LibreOffice from the .xlsx.
"""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from dataclasses import replace
from pathlib import Path

from conftest import libreoffice_convert
from sheets.books import workbook, write_row
from sheets.notation import typed_cell
from sheets.truth import Sheet, Truth

HEADER = ["Name", "E-mail", "Team", "Skills"]
TAB = "Équipe"
CREW = [("Zoé Lefèvre", "Recherche"), ("André Côté", "Recherche"), ("Hélène Dubois", "Vision"),
        ("Loïc Martin", "Vision"), ("Chloé Bernard", "Prévision"), ("Jérôme Petit", "Prévision"),
        ("Noémie Garnier", "Recherche"), ("Raphaël Faure", "Vision"),
        ("Inès Mercier", "Prévision"), ("Céline Roux", "Recherche"), ("Maël Girard", "Vision"),
        ("Gaëlle André", "Prévision")]
SKILLS = ["Python", "SQL", "Natural Language Processing", "Deep Learning", "Spark",
          "Statistics", "Docker", "Computer Vision", "Time Series Forecasting", "PyTorch"]
# The form's id -> file name; each has its own stem, so companions never collide.
FORMS = {"csv-bom": "inventory_utf8_bom.csv", "csv-semicolon": "inventory_excel_fr.csv",
         "csv-tab": "inventory_tabs.csv", "ods": "inventory_libre.ods",
         "xls": "inventory_legacy.xls"}


def _rows() -> tuple[list[list[str]], Truth]:
    truth = Truth("rows")
    rng = random.Random(12)
    rows = [HEADER]
    for i, (name, team) in enumerate(CREW):
        first, last = name.split()
        email = f"{_plain(first)}.{_plain(last)}@exemple.fr"
        text, meaning = typed_cell(rng, rng.sample(SKILLS, rng.randint(1, 4)))
        rows.append([name, email, team, text])
        key = truth.person(email, name, team)
        for spelled, skill, level in meaning:
            truth.holds(key, skill, level, TAB, i + 2, spelled)
    return rows, truth


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii()).lower()


def _excel_csv(rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def build_files(folder: Path) -> dict[str, Sheet]:
    """Every form of the inventory, keyed as FORMS; one LibreOffice run per target format."""
    rows, truth = _rows()
    source = folder / "inventory.xlsx"
    book = workbook(source)
    sheet = book.add_worksheet(TAB)
    for r, values in enumerate(rows):
        write_row(sheet, r, values)
    book.close()
    paths = {form: folder / name for form, name in FORMS.items()}
    paths["csv-bom"].write_bytes(b"\xef\xbb\xbf" + _excel_csv(rows, ",").encode("utf-8"))
    paths["csv-semicolon"].write_bytes(_excel_csv(rows, ";").encode("cp1252"))
    out = folder / "libreoffice"
    for target, form in (("ods", "ods"), ("xls", "xls"),
                         ("csv:Text - txt - csv (StarCalc):9,34,76", "csv-tab")):
        libreoffice_convert([source], out, target)
        made = out / f"inventory.{form.split('-')[0]}"
        made.replace(paths[form])
    no_tab = {k: (None, row) for k, (_, row) in truth.cells.items()}  # a CSV has no tab
    return {form: Sheet(path, replace(truth, cells=no_tab) if form.startswith("csv") else truth)
            for form, path in paths.items()}
