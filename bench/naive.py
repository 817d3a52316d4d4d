"""The naive baseline: what a quick script would do with pandas and openpyxl.

Usage: python bench/naive.py WORKBOOK.xlsx [HEADER_ROW]
Reads the inventory (the first tab; its header on HEADER_ROW, 1 by default) with pandas'
openpyxl engine, drops duplicate e-mails, counts skills, and writes a summary tab back with
ExcelWriter(mode="a", if_sheet_exists="replace") - a load/save round trip of the whole
workbook through openpyxl.
"""

from __future__ import annotations

import sys

import pandas as pd


def main(path: str, header_row: int = 1) -> None:
    people = pd.read_excel(path, sheet_name=0, header=header_row - 1, engine="openpyxl")
    people["E-mail"] = people["E-mail"].astype(str).str.strip().str.lower()
    people = people.drop_duplicates(subset="E-mail")
    skills = (people["Areas of Expertise"].astype(str).str.split(",").explode().str.strip()
              .value_counts().rename_axis("Skill").reset_index(name="People"))
    with pd.ExcelWriter(path, engine="openpyxl", mode="a", if_sheet_exists="replace") as out:
        skills.to_excel(out, sheet_name="Skills", index=False)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1)
