"""Where things live: the private state folder and the files shipped with the package."""

from __future__ import annotations

import importlib.resources
import os
import stat
from pathlib import Path

import platformdirs

from skillsync.errors import ConfigError


def state_dir() -> Path:
    """SKILLSYNC_STATE_DIR, else the per-user data folder; created private (0700)."""
    configured = os.environ.get("SKILLSYNC_STATE_DIR")
    folder = Path(configured).expanduser() if configured else Path(
        platformdirs.user_data_dir("skillsync", appauthor=False))
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (FileExistsError, NotADirectoryError) as exc:
        raise ConfigError(f"the state folder {folder} is a file; point SKILLSYNC_STATE_DIR "
                          "at a folder") from exc
    except PermissionError as exc:
        raise ConfigError(f"cannot create the state folder {folder} (permission denied); "
                          "point SKILLSYNC_STATE_DIR at a folder you can write") from exc
    if stat.S_IMODE(folder.stat().st_mode) & 0o077:
        folder.chmod(0o700)  # it holds backups of a sheet full of personal data
    return folder


def private_subdir(name: str) -> Path:
    folder = state_dir() / name
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


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
