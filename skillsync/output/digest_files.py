"""The digest's files: where they may go, and writing them privately."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from skillsync import paths
from skillsync.errors import ConfigError
from skillsync.output import digest
from skillsync.output.digest import Rendered
from skillsync.terminal import one_line

if TYPE_CHECKING:
    from skillsync.config import Config
    from skillsync.core.analysis import Analysis
    from skillsync.core.summary import SyncFacts


def prepare(facts: SyncFacts, result: Analysis, config: Config, source: str,
            digest_path: Path | None) -> tuple[Rendered, Path]:
    """The rendered digest and the path it will go to, both checked before any write."""
    target = digest_path or config.digest or default_path(source)
    try:
        rendered = digest.render(facts, result, config)
    except jinja2.TemplateError as exc:
        where = f" in {exc.name}" if getattr(exc, "name", None) else ""
        raise ConfigError(f"the digest template{where} does not work: {exc}") from exc
    check_target(target)
    return rendered, target


def default_path(source: str, preview: bool = False) -> Path:
    """Digests hold personal data, so by default they go to the private state folder; a
    dry run's `preview` beside the last sync's, not over it."""
    tag = "".join(c if c.isalnum() else "-" for c in Path(source).stem)[:60]
    name = f"{tag or 'sheet'}-digest{'-preview' if preview else ''}.html"
    return paths.private_subdir("digests") / name


def check_target(target: Path) -> None:
    """Refuse, before anything is written, a digest path that cannot be written."""
    shown = one_line(os.fsdecode(target), 200)
    if target.is_dir():
        raise ConfigError(f"the digest path {shown} is a folder; give a file name such as "
                          f"{one_line(os.fsdecode(target / 'digest.html'), 200)}")
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the digest folder {one_line(os.fsdecode(folder))} "
                          f"({exc.strerror or exc})") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"cannot write the digest into {one_line(os.fsdecode(folder))} "
                          "(permission denied)")


def twins(target: Path) -> tuple[Path, Path]:
    """(HTML file, text file) for a digest path: 'digest.html' gives 'digest.txt' beside
    it; a path ending in .txt is the text twin, and the HTML goes beside it."""
    if target.suffix.lower() == ".txt":
        return target.with_suffix(".html"), target
    return target, target.with_suffix(".txt")


def write_files(rendered: Rendered, target: Path, mode: int = 0o600) -> Path:
    """The HTML and its text twin (see `twins`); private (0600) like all our output.
    Returns the HTML file's path.

    Each is written to a temporary file beside it, fsynced and renamed into place: an old
    file keeps neither its mode nor its content, and a link at the path is replaced, never
    followed (it could point at any file the runner may write).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    html_path, text_path = twins(target)
    for path, content in ((html_path, rendered.html), (text_path, rendered.text)):
        _replace(path, content.encode("utf-8"), mode)
    return html_path


def _replace(path: Path, data: bytes, mode: int) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)  # exactly `mode`, whatever the umask
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        raise ConfigError(f"cannot write the digest {one_line(os.fsdecode(path), 200)} "
                          f"({exc.strerror or exc})") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
