"""The digest's files: where they may go, and writing them privately."""

from __future__ import annotations

import os
from pathlib import Path

from skillsync.errors import ConfigError
from skillsync.output.digest import Rendered


def check_target(target: Path) -> None:
    """Refuse, before anything is written, a digest path that cannot be written."""
    if target.is_dir():
        raise ConfigError(f"the digest path {target} is a folder; give a file name such as "
                          f"{target / 'digest.html'}")
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the digest folder {folder} ({exc.strerror})") from exc
    if not os.access(folder, os.W_OK):
        raise ConfigError(f"cannot write the digest into {folder} (permission denied)")


def twins(target: Path) -> tuple[Path, Path]:
    """(HTML file, text file) for a digest path: 'digest.html' gives 'digest.txt' beside
    it; a path ending in .txt is the text twin, and the HTML goes beside it."""
    if target.suffix.lower() == ".txt":
        return target.with_suffix(".html"), target
    return target, target.with_suffix(".txt")


def write_files(rendered: Rendered, target: Path) -> Path:
    """The HTML and its text twin (see `twins`); private (0600) like all our output.
    Returns the HTML file's path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    html_path, text_path = twins(target)
    for path, content in ((html_path, rendered.html), (text_path, rendered.text)):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
    return html_path
