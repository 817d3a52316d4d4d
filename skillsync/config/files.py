"""Which settings file a run uses, how far it is trusted, and reading it safely.

Secrets never live in a settings file, only in the environment."""

from __future__ import annotations

import math
import os
import stat
import tomllib
from pathlib import Path

from skillsync import paths
from skillsync.config.model import (
    BESIDE,
    CURRENT_FOLDER,
    DEFAULT_FILE,
    GIVEN,
    MAX_FILE_BYTES,
    MAX_WAIT,
    Config,
)
from skillsync.config.tables import parse
from skillsync.errors import ConfigError
from skillsync.terminal import one_line


def for_source(source: str | Path, given: Path | str | None) -> Config:
    """The settings for a run: `given` (--config); else ./skillsync.toml; else the
    skillsync.toml beside the workbook, where `skillsync init` puts one.

    A file beside the workbook is in a folder other people may write, so it is trusted
    less: what it names to be written (the digest) must stay inside the workbook's folder
    or the state folder, and templates come from inside the workbook's folder (they always
    render sandboxed). mail.preflight also refuses an SMTP login it would direct.
    """
    if given:
        return load(Path(given), GIVEN)
    here = Path(DEFAULT_FILE)
    if _is_file(here):
        return load(here, CURRENT_FOLDER)
    if _is_file_source(source):
        beside = Path(str(source)).parent / DEFAULT_FILE
        if _is_file(beside):
            return confine(load(beside, BESIDE), beside.parent)
    return Config()


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a folder we may not look into holds no settings we could read
        return False


def _is_file_source(source: str | Path) -> bool:
    from skillsync.backends import spreadsheet_id

    return spreadsheet_id(str(source)) is None


def confine(config: Config, folder: Path) -> Config:
    """Refuse settings beside a workbook that reach outside its folder and the state folder."""
    where = one_line(os.fsdecode(config.path or folder / DEFAULT_FILE))
    home = folder.resolve()
    allowed = (home, paths.state_root().resolve())
    written = {"[output] digest": config.digest, "[site] dir": config.site.dir,
               "[privacy] restricted_workbook": config.org.restricted_workbook,
               "[history] database": config.history.database}
    for setting, target in written.items():
        if target is not None and not _inside(target, allowed):
            raise ConfigError(f"{where}: {setting} {one_line(os.fsdecode(target))} is outside "
                              "the workbook's folder and the state folder; a settings file "
                              "beside the workbook may not write elsewhere (pass one with "
                              "--config to do that)")
    if config.templates is not None:  # the atlas's scripts would be theirs, run by readers
        raise ConfigError(f"{where}: [output] templates may not be set by a settings file "
                          "beside the workbook, where others may write; pass one with "
                          "--config (or keep it in ./skillsync.toml) to use your own templates")
    return config


def _inside(path: Path, folders: tuple[Path, ...]) -> bool:
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a link loop points nowhere safe
        return False
    return any(real == f or real.is_relative_to(f) for f in folders)


def check_wait(seconds: float) -> float:
    """--wait as a number of seconds that ends: not NaN, not infinite, at most a day."""
    try:
        value = float(seconds)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"--wait {seconds!r} is not a number of seconds") from exc
    if not math.isfinite(value) or not 0 <= value <= MAX_WAIT:
        raise ConfigError(f"--wait {seconds!r} must be from 0 to {MAX_WAIT:g} seconds")
    return value


def load(path: Path | None, origin: str = GIVEN) -> Config:
    """The config at `path`, or ./skillsync.toml when present, else the defaults."""
    if path is None:
        candidate = Path(DEFAULT_FILE)
        if not candidate.is_file():
            return Config()
        path, origin = candidate, CURRENT_FOLDER
    shown = one_line(os.fsdecode(path))
    try:
        data = tomllib.loads(_read_text(path))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file {shown} does not exist") from exc
    except IsADirectoryError as exc:
        raise ConfigError(f"{shown} is a folder; give the path of skillsync.toml") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown} is not UTF-8 text; save it as UTF-8") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read {shown} ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: not valid TOML ({exc})") from exc
    except (RecursionError, MemoryError) as exc:
        raise ConfigError(f"{shown}: nested too deeply to be a settings file") from exc
    return parse(data, path, origin)


def _read_text(path: Path) -> str:
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
