"""The naive baseline: what a quick script would do with pandas and openpyxl.

Usage: python bench/naive.py WORKBOOK.xlsx
Reads the inventory with pandas' openpyxl engine, drops duplicate e-mails, and writes a
summary tab back with ExcelWriter(mode="a", if_sheet_exists="replace") - a load/save round
trip of the whole workbook through openpyxl.
"""

from __future__ import annotations

import sys

import pandas as pd


def main(path: str) -> None:
    people = pd.read_excel(path, sheet_name="People", engine="openpyxl")
    people["E-mail"] = people["E-mail"].astype(str).str.strip().str.lower()
    people = people.drop_duplicates(subset="E-mail")
    skills = (people["Areas of Expertise"].astype(str).str.split(",").explode().str.strip()
              .value_counts().rename_axis("Skill").reset_index(name="People"))
    with pd.ExcelWriter(path, engine="openpyxl", mode="a", if_sheet_exists="replace") as out:
        skills.to_excel(out, sheet_name="Skills", index=False)


if __name__ == "__main__":
    main(sys.argv[1])
