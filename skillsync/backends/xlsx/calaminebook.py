"""calamine's side of reading a sheet: the workbook opened in a thread, a sheet made Python
rows, and whether calamine names the tabs as the package does (see reader.py and
readahead.py, which use them)."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from typing import Any

import python_calamine

from skillsync.backends.xlsx import precheck


@dataclass(frozen=True)
class Parsed:
    """A sheet calamine parsed, as Python rows, and what its XML adds (its Scan)."""

    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]  # calamine's merged ranges
    scan: precheck.Scan

    @classmethod
    def of(cls, sheet: Any, scan: precheck.Scan) -> Parsed:
        """`sheet` (a python_calamine.CalamineSheet) made Python rows: by the read-ahead,
        in its own thread, while the reader most often waits for it (0.1 s at 100,000
        people)."""
        return cls(sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [],
                   scan)


class Opening:
    """calamine's opening of a workbook, begun in a thread; `book` waits for it and gives
    the book, or raises what the opening raised (a panic too, which is a BaseException)."""

    def __init__(self, data: bytes) -> None:
        self._book: Any = None
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._open, args=(data,), daemon=True)
        self._thread.start()

    def _open(self, data: bytes) -> None:
        try:
            self._book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        except BaseException as exc:  # noqa: BLE001 (the reading thread says what it is)
            self._failure = exc

    def book(self) -> Any:
        self._thread.join()
        if self._failure is not None:
            raise self._failure
        return self._book


def names_agree(book: Any, tabs: tuple[str, ...]) -> bool:
    """Whether calamine (`book`) names the tabs as the package does, in the same order.
    calamine finds a sheet by its name, and reads a name as it is written: an XML parser
    reads a tab character written in a name as a space. A tab written so would share its
    name, to calamine, with another written "A&#9;B", and calamine would parse the first
    of them, not the part that was checked (its extent, its stream)."""
    return tuple(book.sheet_names) == tabs
