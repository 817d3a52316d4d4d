"""The extent calamine will allocate for a sheet, known from its XML before calamine runs.

calamine allocates the whole extent of a sheet's cells densely, so a sheet goes to it only
when that extent is certain and fits a budget. It is certain when every cell is written
`<c r="A1"` (the way Excel, LibreOffice, openpyxl and xlsxwriter write them); then the
last row, the columns and the cells are counted from those references. Comments and CDATA
can only make these counts larger, never hide a cell from them.
"""

from __future__ import annotations

import re

from skillsync.core.grids import budget

# Cells as Excel, LibreOffice, openpyxl and xlsxwriter write them: `<c r="A1"`, nothing else.
_ODD_CELL = re.compile(rb'<c(?! r="[A-Z]{1,3}[1-9][0-9]{0,6}")[\s/>]')
_PREFIXED_CELL = re.compile(rb":c[\s/>]")  # `<x:c`; text such as "Note:c " only costs speed
_LETTERS = {3: re.compile(rb'<c r="([A-Z]{3})[1-9]'), 2: re.compile(rb'<c r="([A-Z]{2,3})[1-9]')}
# Row numbers of 7 digits, then 6, 5, 4, fewer: the longest class present holds the last row.
_ROWS = [re.compile(rb'<c r="[A-Z]{1,3}([1-9][0-9]{%d,%d})"' % (low - 1, high - 1))
         for low, high in ((7, 7), (6, 6), (5, 5), (4, 4), (1, 3))]
_PIECE = 1 << 24  # bytes of sheet XML searched at a time: never all its matches at once
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')


def dense_extent(xml: bytes) -> tuple[int, int, int] | None:
    """(last row, a bound on the last column, cells) when every cell is written as
    `<c r="A1"`, so the extent calamine will allocate is certain; None when it cannot be
    known cheaply (then the sheet is streamed instead)."""
    last = _CELL_REF.match(xml, max(xml.rfind(b'<c r="'), 0))
    if last is not None and len(last.group(1)) == 1 and len(last.group(2)) > 1:
        return _extent_of_narrow_sheet(xml, last.group(2).decode())
    return _extent_searched(xml)


def _extent_of_narrow_sheet(xml: bytes, last_row: str) -> tuple[int, int, int] | None:
    """dense_extent in one search, for a sheet whose last cell is in columns A to Z, in row
    `last_row` (of two digits or more), as sheets written top to bottom end.

    Taking that row for the last, the budget allows the first `fits` columns. A cell in
    those columns, in that row or above, changes nothing, so one search passes over those
    (nearly every cell) and stops only at the others: cells further right, cells lower
    down, and cells written another way (an empty reference then: the extent is not
    certain). Only when a cell lies lower is the last row another, and the columns are
    then bounded as _extent_searched bounds them."""
    if _PREFIXED_CELL.search(xml):
        return None
    cells = xml.count(b'<c r="')
    assumed = int(last_row)
    fits = min(budget(cells) // assumed, 26)
    if fits < 1:
        return _extent_searched(xml)
    other = re.compile(rb'<c(?! r="[A-%s](?:[1-9][0-9]{0,%d}|%s)")'
                       rb'(?: r="([A-Z]{1,3})([1-9][0-9]{0,6})"|(?=[\s/>]))'
                       % (chr(64 + fits).encode(), len(last_row) - 2, _up_to(last_row)))
    found_last, wide, right = assumed, set(), False
    for start, end in _pieces(xml):
        found = other.findall(xml, start, end)
        if not found:
            continue
        letters, rows = zip(*found, strict=True)
        if b"" in letters:
            return None
        found_last = max(found_last, max(map(int, rows)))
        wide.update(filter(lambda c: len(c) > 1, letters))
        right = right or any(len(c) == 1 for c in letters)
    if found_last > assumed or wide:
        return found_last, _columns(xml, found_last, cells, wide), cells
    # Every cell is in the first `fits` columns, or some lie right of them (as
    # _columns_of_long_sheet bounds them, without searching again).
    return found_last, 26 if fits == 26 or right else fits, cells


def _up_to(number: str) -> bytes:
    """A pattern of the numbers written with as many digits as `number`, up to it ("3521":
    [1-2][0-9][0-9][0-9]|3[0-4][0-9][0-9]|35[0-1][0-9]|352[0-0]|3521)."""
    choices = []
    for at, digit in enumerate(number):
        lowest = 1 if at == 0 else 0
        if int(digit) > lowest:
            rest = "[0-9]" * (len(number) - at - 1)
            choices.append(f"{number[:at]}[{lowest}-{int(digit) - 1}]{rest}")
    choices.append(number)
    return "|".join(choices).encode()


def _extent_searched(xml: bytes) -> tuple[int, int, int] | None:
    """dense_extent for any sheet: one search for what each answer needs."""
    if _ODD_CELL.search(xml) or _PREFIXED_CELL.search(xml):
        return None
    last_row = 0
    for pattern in _ROWS:
        last_row = _last_row(xml, pattern)
        if last_row:
            break
    cells = xml.count(b'<c r="')
    columns = 26
    if _LETTERS[2].search(xml):  # two letters or three
        columns = 16_384 if _LETTERS[3].search(xml) else 702
        if last_row * columns > budget(cells):
            letters = _LETTERS[3 if columns > 702 else 2].findall(xml)
            columns = max(_column_index(c) for c in letters)
    elif last_row * columns > budget(cells):
        columns = _columns_of_long_sheet(xml, last_row, cells)
    return last_row, columns, cells


def _columns(xml: bytes, last_row: int, cells: int, wide: set[bytes]) -> int:
    """The bound on the last column, as _extent_searched finds it, from the references
    of every cell right of Z (`wide`)."""
    if not wide:
        if last_row * 26 > budget(cells):
            return _columns_of_long_sheet(xml, last_row, cells)
        return 26
    columns = 16_384 if any(len(c) == 3 for c in wide) else 702
    if last_row * columns > budget(cells):
        columns = max(_column_index(c) for c in wide)
    return columns


def _columns_of_long_sheet(xml: bytes, last_row: int, cells: int) -> int:
    """A long sheet of columns A to Z: are its columns as few as the budget allows?"""
    fits = budget(cells) // max(last_row, 1)
    return 26 if _past_column(xml, fits) else fits


def _pieces(xml: bytes):
    """(start, end) of pieces of about _PIECE bytes, each ending just before a `<c `."""
    start = 0
    while start < len(xml):
        end = xml.find(b"<c ", start + _PIECE)
        end = len(xml) if end < 0 else end
        yield start, end
        start = end


def _last_row(xml: bytes, pattern: re.Pattern[bytes]) -> int:
    """The largest row number `pattern` finds, searched a piece at a time (a million-row
    sheet has millions of cell references: never all held in one list)."""
    last = 0
    for start, end in _pieces(xml):
        found = pattern.findall(xml, start, end)
        if found:
            last = max(last, max(map(int, found)))
    return last


def _past_column(xml: bytes, columns: int) -> bool:
    """Whether some cell lies right of the first `columns` single-letter columns."""
    if columns >= 26:
        return False
    letters = bytes(range(65 + max(columns, 0), 91))
    return re.search(rb'<c r="[' + letters + rb'][1-9]', xml) is not None


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + char - 64
    return index
