"""The `[limits]` settings, apart from the others (config.model): the workbook reader and
its read-ahead need them before the rest of skillsync (pandas above all) has loaded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Limits:
    """How much of a workbook or a network answer skillsync agrees to read (`[limits]`)."""

    max_file_mb: int = 1024  # the workbook file
    max_part_mb: int = 512  # one part of the workbook, uncompressed
    max_total_mb: int = 2048  # every part together, uncompressed
    max_ratio: int = 200  # uncompressed / compressed, for a part over 1 MB
    max_parts: int = 20_000  # parts in the workbook's zip
    max_cell_chars: int = 32_767  # Excel's own limit; longer text is cut with a warning
    network_seconds: int = 300  # one request to Google, its retries included
    max_response_mb: int = 256  # one answer from Google, decompressed

    RANGES: ClassVar[dict[str, tuple[int, int]]] = {
        "max_file_mb": (1, 4096), "max_part_mb": (1, 4096), "max_total_mb": (1, 65_536),
        "max_ratio": (10, 100_000), "max_parts": (10, 1_000_000),
        "max_cell_chars": (255, 32_767), "network_seconds": (1, 3600),
        "max_response_mb": (1, 4096),
    }
