"""Writing the site folder so that a reader never sees half a site.

Everything is written into a new folder beside the target, then renamed into place: the
old site is moved aside first and removed after, so a reader sees the old site, the new
one, or (for the instant between two renames) none, never a mix. A folder that is not an
atlas skillsync wrote is never replaced.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from skillsync.errors import ConfigError

MARKER = ".skillsync-atlas"
MARKER_TEXT = ("This folder is a skills atlas written by skillsync; each sync replaces it whole.\n"
               "The files it wrote, one per line (a folder holding any other is never "
               "replaced):\n")


def check_target(target: Path) -> Path:
    """The folder the site will take (a link is followed), or ConfigError saying why not."""
    folder = target.expanduser()
    folder = folder.resolve() if folder.is_symlink() else folder.absolute()
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"the site folder {folder} is a file; give a folder for the atlas")
    if folder.is_dir():
        _only_our_files(folder)
    parent = folder.parent
    if not parent.is_dir():
        raise ConfigError(f"the folder {parent} for the site does not exist; create it first")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ConfigError(f"cannot write in {parent} (permission denied); choose another "
                          "site folder")
    return folder


def _only_our_files(folder: Path) -> None:
    """Refuse a folder holding anything the last atlas did not write: a file someone added,
    the workbook itself, a marker planted in a folder of other files."""
    written = _listed(folder / MARKER)
    found = sorted(_entries(folder) - written - {MARKER})
    if found:
        shown = ", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
        raise ConfigError(f"the site folder {folder} holds files skillsync did not write "
                          f"({shown}); give a new or empty folder, or move them out "
                          "(skillsync replaces the whole folder each sync)")


def _listed(marker: Path) -> set[str]:
    if marker.is_symlink() or not marker.is_file() or marker.stat().st_size > 1 << 20:
        return set()
    text = marker.read_text(encoding="utf-8", errors="replace")
    if not text.startswith(MARKER_TEXT):
        return set()
    return {line for line in text[len(MARKER_TEXT):].splitlines() if line}


def _entries(folder: Path) -> set[str]:
    """Every file, link and other non-folder entry under `folder`, as relative paths."""
    found = set()
    for root, dirs, names in os.walk(folder):
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        for name in [*names, *links]:
            found.add(os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/"))
    return found


def write_site(target: Path, files: Mapping[str, str]) -> Path:
    """Write `files` (relative path -> text) as the folder `target`, all at once."""
    folder = check_target(target)
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
    manifest = MARKER_TEXT + "".join(f"{name}\n" for name in sorted(files))
    try:
        for name, text in {**files, MARKER: manifest}.items():
            path = fresh / name
            path.parent.mkdir(parents=True, exist_ok=True)
            # A file name that is not UTF-8 on disk reaches the pages as surrogate escapes:
            # shown as \udcff, never a failed write after the sync itself has finished.
            path.write_text(text, encoding="utf-8", errors="backslashreplace", newline="\n")
        _publishable(fresh)
        _swap(fresh, folder)
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise ConfigError(f"cannot write the site to {folder} ({exc.strerror or exc})") from exc
    return folder


def _publishable(folder: Path) -> None:
    """mkdtemp makes a private folder; the atlas is meant to be shared like a web page."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def _swap(fresh: Path, folder: Path) -> None:
    if not folder.exists():
        fresh.rename(folder)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
    old.rmdir()
    folder.rename(old)
    try:
        fresh.rename(folder)
    except OSError:
        with contextlib.suppress(OSError):
            old.rename(folder)  # put the old site back rather than leave none
        raise
    shutil.rmtree(old, ignore_errors=True)
