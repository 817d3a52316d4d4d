"""skillsync.toml into frozen dataclasses. Secrets never live here, only in the environment."""

from __future__ import annotations

import math
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from skillsync import paths
from skillsync.addresses import AddressError, parse_one
from skillsync.core.layouts.detect import LAYOUTS
from skillsync.core.schema import FIELDS
from skillsync.core.summary import DEFAULT_TITLES
from skillsync.errors import ConfigError
from skillsync.orgsettings import KNOWN as ORG_KNOWN
from skillsync.orgsettings import OrgConfig
from skillsync.orgsettings import read as read_org
from skillsync.terminal import is_printable_name, one_line
from skillsync.tomltables import TableReader

DEFAULT_FILE = "skillsync.toml"
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_FILE_BYTES = 1_000_000  # a settings file is a page of text, never megabytes
MAX_WAIT = 86_400.0  # --wait: a day at most
# Where a settings file came from decides how far it is trusted (see `for_source`).
GIVEN = "given"  # --config FILE, or a path passed to the library: the runner chose it
CURRENT_FOLDER = "current folder"  # ./skillsync.toml, where the runner runs
BESIDE = "beside the workbook"  # in the workbook's folder, which others may write


@dataclass(frozen=True)
class SourceConfig:
    tab: str | None = None
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aliases_tab: str = "Aliases"
    not_duplicates_tab: str = "Not duplicates"
    layout: str | None = None  # rows | wide | form | long | transposed; else detected
    header_row: int | None = None  # the header's row number; else found


@dataclass(frozen=True)
class LevelsConfig:
    words: dict[str, int] = field(default_factory=dict)  # extra level words -> 0..5
    marks: tuple[str, ...] = ()  # extra marks meaning "has it"
    scale: int | None = None  # the top of the sheet's numeric levels (4 for 1-4)


@dataclass(frozen=True)
class EmailConfig:
    smtp_host: str | None = None
    smtp_port: int = 587
    security: str = "starttls"
    username: str | None = None
    sender: str | None = None
    to: tuple[str, ...] = ()
    timeout: float = 30.0  # seconds, for connecting and for every answer of the server
    team_digests: bool = False
    nudges: bool = False
    ca_file: Path | None = None  # PEM CAs trusted besides the system's, for a private relay
    deadline: float = 600.0  # seconds for the whole send, however the server behaves


@dataclass(frozen=True)
class Limits:
    """How much of a workbook or a network answer skillsync agrees to read (`[limits]`)."""

    max_file_mb: int = 1024  # the workbook file
    max_part_mb: int = 512  # one part of the workbook, uncompressed
    max_total_mb: int = 2048  # every part together, uncompressed
    max_ratio: int = 200  # uncompressed / compressed, for a part over 1 MB
    max_parts: int = 20_000  # parts in the workbook's zip
    max_cell_chars: int = 32_767  # Excel's own limit; longer text is cut with a warning
    network_seconds: int = 300  # one request to Google, its retries included
    max_response_mb: int = 256  # one answer from Google, decompressed

    RANGES: ClassVar[dict[str, tuple[int, int]]] = {
        "max_file_mb": (1, 4096), "max_part_mb": (1, 4096), "max_total_mb": (1, 65_536),
        "max_ratio": (10, 100_000), "max_parts": (10, 1_000_000),
        "max_cell_chars": (255, 32_767), "network_seconds": (1, 3600),
        "max_response_mb": (1, 4096),
    }


@dataclass(frozen=True)
class SiteConfig:
    dir: Path | None = None  # where `sync` writes the skills atlas (a static site)


@dataclass(frozen=True)
class HistoryConfig:
    database: Path | None = None  # default: history.sqlite3 in the private state folder
    keep_days: int = 90  # every sync is kept this long...
    keep_weekly: bool = True  # ...then one a week (false: none)
    vanished_share: float = 0.2  # hold back when this share of people vanished at once
    trend_syncs: int = 8  # syncs shown in the Trends tab, this one included


@dataclass(frozen=True)
class Config:
    source: SourceConfig = field(default_factory=SourceConfig)
    expert_level: int = 4
    levels: LevelsConfig = field(default_factory=LevelsConfig)
    aliases: dict[str, str] = field(default_factory=dict)
    not_same: tuple[tuple[str, str], ...] = ()
    day_first: bool = True
    stale_days: int = 180
    titles: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TITLES))
    digest: Path | None = None
    templates: Path | None = None
    backups: int = 7
    google_credentials: Path | None = None
    email: EmailConfig = field(default_factory=EmailConfig)
    site: SiteConfig = field(default_factory=SiteConfig)
    org: OrgConfig = field(default_factory=OrgConfig)  # [staffing], [mentoring], [privacy]
    history: HistoryConfig = field(default_factory=HistoryConfig)
    path: Path | None = None  # the file this came from
    origin: str | None = None  # GIVEN, CURRENT_FOLDER or BESIDE; None: no file
    limits: Limits = field(default_factory=Limits)
    digest_mode: int = 0o600

    def describe(self) -> str | None:
        """Which settings file was used, for the report."""
        if self.path is None:
            return None
        return f"{one_line(os.fsdecode(self.path))} ({self.origin or GIVEN})"


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
               "[privacy] restricted_workbook": config.org.restricted_workbook}
    for setting, target in written.items():
        if target is not None and not _inside(target, allowed):
            raise ConfigError(f"{where}: {setting} {one_line(os.fsdecode(target))} is outside "
                              "the workbook's folder and the state folder; a settings file "
                              "beside the workbook may not write elsewhere (pass one with "
                              "--config to do that)")
    if config.templates is not None and not _inside(config.templates, (home,)):
        raise ConfigError(f"{where}: [output] templates must be a folder beside the workbook "
                          "when the settings file is there too (pass one with --config to use "
                          "another folder)")
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


def parse(data: dict[str, Any], path: Path | None = None, origin: str | None = None) -> Config:
    where = one_line(os.fsdecode(path)) if path else "config"
    reader = TableReader(data, where, KNOWN)
    config = Config(
        source=_source(reader),
        expert_level=reader.integer("skills", "expert_level", 4, 1, 5),
        levels=_levels(reader),
        aliases=reader.mapping("skills", "aliases"),
        not_same=_pairs(reader),
        day_first=reader.boolean("dates", "day_first", True),
        stale_days=reader.integer("checks", "stale_days", 180, 1, 36500),
        titles=_titles(reader),
        digest=reader.path("output", "digest", path),
        templates=_folder(reader.path("output", "templates", path), where),
        backups=reader.integer("output", "backups", 7, 0, 1000),
        google_credentials=reader.path("google", "credentials", path),
        email=_email(reader, path),
        site=SiteConfig(reader.path("site", "dir", path)),
        org=read_org(reader, path),
        history=_history(reader, path),
        path=path,
        origin=origin if path is not None else None,
        limits=_limits(reader),
        digest_mode=_mode(reader),
    )
    reader.reject_unknown()
    return config


KNOWN: dict[str, set[str]] = {
    "source": {"tab", "headers", "aliases_tab", "not_duplicates_tab", "layout", "header_row"},
    "levels": {"words", "marks", "scale"},
    "skills": {"expert_level", "aliases"},
    "dedupe": {"not_same"},
    "dates": {"day_first"},
    "checks": {"stale_days"},
    "tabs": set(DEFAULT_TITLES),
    "output": {"digest", "templates", "backups", "digest_mode"},
    "google": {"credentials"},
    "email": {"smtp_host", "smtp_port", "security", "username", "from", "to", "timeout",
              "team_digests", "nudges", "ca_file", "deadline"},
    "limits": set(Limits.RANGES),
    "site": {"dir"},
    "history": {"database", "keep_days", "keep_weekly", "vanished_share", "trend_syncs"},
    **ORG_KNOWN,
}


def _source(reader: TableReader) -> SourceConfig:
    headers = reader.get("source", "headers", {}, dict)
    for name, spellings in headers.items():
        if name not in FIELDS:
            raise ConfigError(f"{reader.where}: [source.headers] {name} is not a field; "
                              f"fields are {', '.join(FIELDS)}")
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            raise ConfigError(f"{reader.where}: [source.headers] {name} must be a list of text")
        for spelling in spellings:
            reader.printable(spelling, f"[source.headers] {name}")
    return SourceConfig(
        tab=reader.text("source", "tab"),
        headers={k: tuple(v) for k, v in headers.items()},
        aliases_tab=reader.text("source", "aliases_tab", "Aliases"),
        not_duplicates_tab=reader.text("source", "not_duplicates_tab", "Not duplicates"),
        layout=_layout(reader),
        header_row=(reader.integer("source", "header_row", 1, 1, 1_048_576)
                    if "header_row" in reader.table("source") else None),
    )


def _layout(reader: TableReader) -> str | None:
    layout = reader.text("source", "layout")
    if layout is not None and layout not in LAYOUTS:
        raise ConfigError(f"{reader.where}: [source] layout must be one of "
                          f"{', '.join(LAYOUTS)}")
    return layout


def _levels(reader: TableReader) -> LevelsConfig:
    words = reader.get("levels", "words", {}, dict)
    if not all(isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
               and 0 <= v <= 5 for k, v in words.items()):
        raise ConfigError(f"{reader.where}: [levels] words maps a word to a level from 0 "
                          "(does not have it) to 5, e.g. words = { rockstar = 5 }")
    marks = reader.get("levels", "marks", [], list)
    if not all(isinstance(m, str) and m.strip() for m in marks):
        raise ConfigError(f"{reader.where}: [levels] marks is a list of text, e.g. [\"yes\"]")
    scale = (reader.integer("levels", "scale", 5, 2, 10)
             if "scale" in reader.table("levels") else None)
    return LevelsConfig(dict(words), tuple(marks), scale)


def _pairs(reader: TableReader) -> tuple[tuple[str, str], ...]:
    pairs = reader.get("dedupe", "not_same", [], list)
    if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(e, str) for e in p)
               for p in pairs):
        raise ConfigError(f"{reader.where}: [dedupe] not_same is a list of [email, email] pairs")
    for pair in pairs:
        for address in pair:
            reader.printable(address, "[dedupe] not_same")
    return tuple((a, b) for a, b in pairs)


def _titles(reader: TableReader) -> dict[str, str]:
    titles = dict(DEFAULT_TITLES)
    for key, value in reader.table("tabs").items():
        if key in titles:
            if isinstance(value, str) and not is_printable_name(value):
                raise ConfigError(f"{reader.where}: [tabs] {key} = {one_line(repr(value), 80)} "
                                  "holds control characters, which a tab name cannot show")
            if not isinstance(value, str) or not _valid_title(value):
                raise ConfigError(f"{reader.where}: [tabs] {key} = {value!r} is not a valid tab "
                                  "name (1-31 characters, none of [ ] : * ? / \\)")
            titles[key] = value
    if len({t.casefold() for t in titles.values()}) != len(titles):
        raise ConfigError(f"{reader.where}: [tabs] two tabs share a name")
    return titles


def _limits(reader: TableReader) -> Limits:
    values = {key: reader.integer("limits", key, getattr(Limits, key), low, high)
              for key, (low, high) in Limits.RANGES.items()}
    return Limits(**values)


def _mode(reader: TableReader) -> int:
    text = reader.text("output", "digest_mode", "0600") or "0600"
    try:
        mode = int(text, 8)
    except ValueError:
        mode = -1
    if not 0o400 <= mode <= 0o666 or mode & 0o111:
        raise ConfigError(f"{reader.where}: [output] digest_mode must be a file mode such as "
                          "\"0600\" or \"0640\" (owner may read, nobody may execute)")
    return mode


def _folder(path: Path | None, where: str) -> Path | None:
    if path is not None and not path.is_dir():
        raise ConfigError(f"{where}: [output] templates folder {path} does not exist")
    return path


def _valid_title(title: str) -> bool:
    # Excel keeps "History" for its change-tracking sheet and refuses it for any other.
    return 0 < len(title) <= 31 and not _BAD_TITLE.search(title) and not (
        title.startswith("'") or title.endswith("'")) and title.casefold() != "history"


def _email(reader: TableReader, config_path: Path | None = None) -> EmailConfig:
    security = reader.text("email", "security", "starttls")
    if security not in ("starttls", "ssl", "none"):
        raise ConfigError(f"{reader.where}: [email] security must be starttls, ssl or none")
    recipients = reader.get("email", "to", [], (list, str))
    recipients = [recipients] if isinstance(recipients, str) else recipients
    if not all(isinstance(r, str) for r in recipients):
        raise ConfigError(f"{reader.where}: [email] to is a list of e-mail addresses")
    for address in recipients:
        _address(reader, "to", address)
    sender = reader.text("email", "from")
    if sender is not None:
        _address(reader, "from", sender)
    default_port = {"starttls": 587, "ssl": 465, "none": 25}[security]
    timeout = _seconds(reader, "timeout", 30, 3600)  # 0 would make sockets non-blocking
    deadline = _seconds(reader, "deadline", 600, 86_400)
    return EmailConfig(
        smtp_host=reader.text("email", "smtp_host"),
        smtp_port=reader.integer("email", "smtp_port", default_port, 1, 65535),
        security=security,
        username=reader.text("email", "username"),
        sender=sender,
        to=tuple(recipients),
        timeout=timeout,
        deadline=deadline,
        team_digests=reader.boolean("email", "team_digests", False),
        nudges=reader.boolean("email", "nudges", False),
        ca_file=reader.path("email", "ca_file", config_path),
    )


def _address(reader: TableReader, key: str, text: str) -> None:
    try:
        parse_one(text)
    except AddressError as exc:
        raise ConfigError(f"{reader.where}: [email] {key} = {one_line(repr(text), 120)} "
                          f"{exc}") from exc


def _seconds(reader: TableReader, key: str, default: float, high: float) -> float:
    value = float(reader.get("email", key, default, (int, float)))
    if not (math.isfinite(value) and 0 < value <= high):
        raise ConfigError(f"{reader.where}: [email] {key} must be above 0 and at most "
                          f"{high:g} seconds")
    return value


def _history(reader: TableReader, config_path: Path | None) -> HistoryConfig:
    share = reader.get("history", "vanished_share", 0.2, (int, float))
    if not 0 < share <= 1:
        raise ConfigError(f"{reader.where}: [history] vanished_share is a share of people "
                          "above 0 and at most 1, e.g. 0.2 for 20%")
    return HistoryConfig(
        database=reader.path("history", "database", config_path),
        keep_days=reader.integer("history", "keep_days", 90, 1, 36500),
        keep_weekly=reader.boolean("history", "keep_weekly", True),
        vanished_share=float(share),
        trend_syncs=reader.integer("history", "trend_syncs", 8, 2, 60),
    )
