"""`skillsync export`: the tidy table as CSV or JSON, on standard output or in a file.

A file is written privately (0600, it holds personal data) through a temporary file and
a rename, so a reader never sees half of it.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from skillsync.core.schema import EXPORT_COLUMNS
from skillsync.errors import ConfigError


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as JSON-ready objects: a missing level is null, numbers are numbers."""
    out = []
    for row in table[list(EXPORT_COLUMNS)].itertuples(index=False, name=None):
        item = dict(zip(EXPORT_COLUMNS, row, strict=True))
        item["level"] = None if pd.isna(item["level"]) else int(item["level"])
        item["row"] = int(item["row"])
        out.append(item)
    return out


def render(table: pd.DataFrame, form: str) -> str:
    if form == "json":
        return json.dumps(records(table), ensure_ascii=False, indent=1) + "\n"
    buffer = io.StringIO()
    frame = table[list(EXPORT_COLUMNS)].copy()
    frame["level"] = frame["level"].astype("Int64")
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def write_table(table: pd.DataFrame, form: str, out: Path | None) -> None:
    text = render(table, form)
    if out is None:
        sys.stdout.write(text)
        return
    if out.is_dir():
        raise ConfigError(f"{out} is a folder; give a file name such as {out / 'skills.csv'}")
    temp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, out)
    except OSError as exc:
        raise ConfigError(f"cannot write {out} ({exc.strerror or exc})") from exc
    finally:
        if temp.exists():
            temp.unlink()
