"""Where things live: the private state folder and the files shipped with the package."""

from __future__ import annotations

import importlib.resources
import os
import stat
from pathlib import Path

import platformdirs

from skillsync.errors import ConfigError


def state_root() -> Path:
    """Where the state folder is, without creating it: SKILLSYNC_STATE_DIR, else the
    per-user data folder."""
    configured = os.environ.get("SKILLSYNC_STATE_DIR")
    return Path(configured).expanduser() if configured else Path(
        platformdirs.user_data_dir("skillsync", appauthor=False))


def state_dir() -> Path:
    """The state folder: created private (0700) when it does not exist.

    An existing folder is never chmod'ed (SKILLSYNC_STATE_DIR=/tmp must keep its sticky
    bit, $HOME its mode); it is refused when others could write it or it belongs to
    someone else. Private files go in subfolders skillsync creates (`private_subdir`).
    """
    folder = state_root()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)  # ours: mkdir's mode passes through the umask
    except FileExistsError:
        _check_existing(folder, "the state folder", "point SKILLSYNC_STATE_DIR at a folder "
                        "only you can write")
    except (NotADirectoryError, PermissionError, OSError) as exc:
        raise ConfigError(f"cannot create the state folder {_shown(folder)} "
                          f"({exc.strerror or exc}); point SKILLSYNC_STATE_DIR at a folder you "
                          "can write") from exc
    return folder


def _check_existing(folder: Path, what: str, fix: str) -> None:
    """A folder we did not create: a folder, ours, and writable by nobody else."""
    try:
        info = folder.stat()
    except OSError as exc:
        raise ConfigError(f"{what} {_shown(folder)} cannot be used ({exc.strerror or exc}); "
                          f"{fix}") from exc
    if not stat.S_ISDIR(info.st_mode):
        raise ConfigError(f"{what} {_shown(folder)} is a file; {fix}")
    if info.st_uid != os.geteuid():
        raise ConfigError(f"{what} {_shown(folder)} belongs to another user (uid "
                          f"{info.st_uid}); {fix}")
    if info.st_mode & 0o022:
        raise ConfigError(f"{what} {_shown(folder)} can be written by others (mode "
                          f"{stat.S_IMODE(info.st_mode):04o}); {fix}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"cannot write into {what} {_shown(folder)} (permission denied); "
                          f"{fix}")


def private_subdir(name: str) -> Path:
    """A 0700 folder of the state folder, for files that hold personal data."""
    folder = state_dir() / name
    try:
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)
    except FileExistsError:
        _check_existing(folder, "the folder", "delete it or point SKILLSYNC_STATE_DIR at "
                        "another folder")
        if stat.S_IMODE(folder.stat().st_mode) & 0o077:
            raise ConfigError(f"{_shown(folder)} can be read by others (mode "
                              f"{stat.S_IMODE(folder.stat().st_mode):04o}); make it private "
                              f"(chmod 700 {_shown(folder)}) or delete it") from None
    except OSError as exc:
        raise ConfigError(f"cannot create {_shown(folder)} ({exc.strerror or exc}); point "
                          "SKILLSYNC_STATE_DIR at a folder you can write") from exc
    return folder


def _shown(path: Path) -> str:
    from skillsync.terminal import one_line

    return one_line(os.fsdecode(path), 200)


def shipped(name: str) -> Path:
    """A file or folder shipped inside the package: templates/, examples/, data/.

    Found through importlib.resources, so it is the same in a wheel, an editable install
    and a source checkout (where skillsync/templates and skillsync/examples link to the
    top-level folders they are built from).
    """
    return Path(str(importlib.resources.files("skillsync").joinpath(name)))


def templates_dir() -> Path:
    return shipped("templates")


def examples_dir() -> Path:
    return shipped("examples")


def skills_file() -> Path:
    return shipped("data/skills.toml")
