"""The read floor: a raw python-calamine read of a workbook's first tab, nothing else.

Usage: python bench/floor.py WORKBOOK.xlsx
"""

from __future__ import annotations

import sys

import python_calamine


def main(path: str) -> None:
    book = python_calamine.CalamineWorkbook.from_path(path)
    rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    print(len(rows))


if __name__ == "__main__":
    main(sys.argv[1])
