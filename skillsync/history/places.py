"""Where a source's history lives: its key in the database, the database file, and the
folder of its run locks."""

from __future__ import annotations

import os
from pathlib import Path

from skillsync import paths
from skillsync.backends import spreadsheet_id
from skillsync.config import Config
from skillsync.history.schema import HistoryUnusable

DATABASE_NAME = "history.sqlite3"


def source_key(source: str) -> str:
    """One name per source however it is written: a workbook's real path, a Sheet's id."""
    sheet = spreadsheet_id(source)
    if sheet is not None:
        return f"gsheet:{sheet}"
    if "://" in source:
        return source.strip()
    path = Path(source).expanduser()
    try:
        path = path.resolve()
    except (OSError, RuntimeError):  # a loop of links: opening the source says so clearly
        path = path.absolute()
    # A file name that is not UTF-8 keeps its bytes, escaped, so SQLite can store it.
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def database_of(config: Config) -> tuple[Path, bool]:
    """The database file and whether it uses WAL. A configured path is meant for a folder
    shared between machines, where WAL's shared memory does not work, so it keeps the
    rollback journal; the private state folder is one machine's and uses WAL."""
    if config.history.database is not None:
        return config.history.database, False
    return paths.private_subdir("history") / DATABASE_NAME, True


def locks_folder(config: Config) -> Path:
    if config.history.database is None:
        return paths.private_subdir("locks")
    folder = Path(f"{config.history.database}.locks")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise HistoryUnusable(f"cannot create {folder} for the run locks beside the history "
                              f"database ({exc.strerror}); check that the folder of the "
                              "history database exists and can be written") from exc
    if folder.is_symlink() or not folder.is_dir():
        raise HistoryUnusable(f"{folder}, where the run locks go, is not a folder of its own "
                              "(a link?); delete it and run again")
    return folder
