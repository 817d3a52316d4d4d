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


def check_target(out: Path, source: str | None) -> None:
    """Refuse, before anything is read, an --out that would replace what it must not: the
    source itself, a folder, or anything but a regular file (a device, a pipe)."""
    if out.is_dir():
        raise ConfigError(f"{out} is a folder; give a file name such as {out / 'skills.csv'}")
    if out.exists() and not out.is_file():
        raise ConfigError(f"{out} is not a regular file; give the path of a new file")
    if source is not None and out.exists() and Path(source).exists() and \
            out.resolve() == Path(source).resolve():
        raise ConfigError(f"--out {out} is the source itself; give another file name")


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
    for column in ("email", "name", "team", "skill", "sheet"):
        frame[column] = [inert(v) for v in frame[column].tolist()]
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


_RUNS = ("=", "+", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """Text a spreadsheet opening the CSV would run as a formula ('=cmd|...', '+1+1',
    '-2+3') gets a leading apostrophe, which spreadsheets read as "this is text"."""
    if not isinstance(value, str) or not value:
        return value
    runs = value.startswith(_RUNS) or (value[0] == "-" and not _is_number(value))
    return "'" + value if runs else value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_table(table: pd.DataFrame, form: str, out: Path | None,
                source: str | None = None) -> None:
    if out is not None:
        check_target(out, source)
    text = render(table, form)
    if out is None:
        sys.stdout.write(text)
        return
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
