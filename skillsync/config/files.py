"""The settings a run uses: the file settingsfile.py finds, read into a Config, and what
a file beside the workbook may name confined to its folder.

Secrets never live in a settings file, only in the environment."""

from __future__ import annotations

import math
import os
import tomllib
from pathlib import Path

from skillsync import paths
from skillsync.config.model import (
    MAX_WAIT,
    Config,
    HistoryConfig,
)
from skillsync.config.tables import parse
from skillsync.errors import ConfigError
from skillsync.settingsfile import (
    BESIDE,
    CURRENT_FOLDER,
    DEFAULT_FILE,
    GIVEN,
    read_text,
    settings_file,
)
from skillsync.terminal import one_line


def for_source(source: str | Path, given: Path | str | None) -> Config:
    """The settings for a run: `given` (--config); else ./skillsync.toml; else the
    skillsync.toml beside the workbook, where `skillsync init` puts one (see
    settingsfile.settings_file).

    A file beside the workbook is in a folder other people may write, so it is trusted
    less: what it names to be written (the digest) must stay inside the workbook's folder
    or the state folder, and templates come from inside the workbook's folder (they always
    render sandboxed). mail.preflight also refuses an SMTP login it would direct.
    """
    found = settings_file(source, given)
    if found is None:
        return Config()
    path, origin = found
    config = load(path, origin)
    return confine(config, path.parent) if origin == BESIDE else config


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
    loosest = HistoryConfig().vanished_share
    if config.history.vanished_share > loosest:  # the guard is for the file's accidents
        raise ConfigError(f"{where}: [history] vanished_share = "
                          f"{config.history.vanished_share:g} would let more people vanish "
                          f"unnoticed than the default {loosest:g}; a settings file beside "
                          "the workbook may only make the accident guard stricter (pass one "
                          "with --config to loosen it)")
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
        data = tomllib.loads(read_text(path))
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


