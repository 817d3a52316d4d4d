"""Which settings file a run uses, how far it is trusted, and reading its text safely.

Apart from the settings themselves (config/) because the command line looks at the file
before it loads the rest of skillsync (see backends/xlsx/readahead.py); `config.for_source`
finds and reads it here too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from skillsync.errors import ConfigError
from skillsync.terminal import one_line

DEFAULT_FILE = "skillsync.toml"
MAX_FILE_BYTES = 1_000_000  # a settings file is a page of text, never megabytes
# Where a settings file came from decides how far it is trusted (see config.for_source).
GIVEN = "given"  # --config FILE, or a path passed to the library: the runner chose it
CURRENT_FOLDER = "current folder"  # ./skillsync.toml, where the runner runs
BESIDE = "beside the workbook"  # in the workbook's folder, which others may write


def settings_file(source: str | Path, given: Path | str | None) -> tuple[Path, str] | None:
    """(the settings file a run uses, where it came from): `given` (--config); else
    ./skillsync.toml; else the skillsync.toml beside the workbook, where `skillsync init`
    puts one. None: no settings file, the defaults."""
    if given:
        return Path(given), GIVEN
    here = Path(DEFAULT_FILE)
    if _is_file(here):
        return here, CURRENT_FOLDER
    if _is_file_source(source):
        beside = Path(str(source)).parent / DEFAULT_FILE
        if _is_file(beside):
            return beside, BESIDE
    return None


def read_text(path: Path) -> str:
    """The file's text, refusing what is not a regular file or too large to be settings."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not hang
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ConfigError(f"{one_line(os.fsdecode(path))} is not a regular file")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ConfigError(f"{one_line(os.fsdecode(path))} is larger than "
                          f"{MAX_FILE_BYTES:,} bytes; a settings file is a page of text")
    return data.decode("utf-8-sig")  # Windows editors may add a BOM


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a folder we may not look into holds no settings we could read
        return False


def _is_file_source(source: str | Path) -> bool:
    from skillsync.backends import spreadsheet_id

    return spreadsheet_id(str(source)) is None
