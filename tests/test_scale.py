"""Behaviour at the sizes a spreadsheet can hold (the speed itself is measured in bench/)."""

from __future__ import annotations

from skillsync.backends.xlsx import extent
from skillsync.core.grids import budget


def _dense(xml: bytes) -> bool:
    rows, columns, cells = extent.dense_extent(xml)
    return rows * columns <= budget(cells)


def _sheet(*cells: str, last_row: int, filled: int = 1_000_000) -> bytes:
    """A sheet's XML: `cells` in row 1, `filled` more cells in column B below, and the
    last row's A cell."""
    written = "".join(f'<c r="{ref}"><v>1</v></c>' for ref in cells)
    below = '<row r="2">' + '<c r="B2"><v>1</v></c>' * filled + "</row>"
    return (f'<worksheet><sheetData><row r="1">{written}</row>{below}'
            f'<row r="{last_row}"><c r="A{last_row}"><v>1</v></c></row></sheetData>'
            "</worksheet>").encode()


def test_a_full_length_sheet_of_a_few_columns_is_read_densely():
    """Excel's full 1,048,576 rows of nine columns are data, not an absurd used range: read
    by calamine, not cell by cell (26 columns would have been assumed without looking)."""
    columns = [f"{letter}1" for letter in "ABCDEFGHI"]
    xml = _sheet(*columns, last_row=1_048_576)
    rows, width, _ = extent.dense_extent(xml)
    assert rows == 1_048_576 and width >= 9
    assert _dense(xml)


def test_a_cell_far_to_the_right_of_a_full_length_sheet_still_counts():
    xml = _sheet("A1", "Z1", last_row=1_048_576)
    assert extent.dense_extent(xml)[:2] == (1_048_576, 26)
    assert not _dense(xml)
