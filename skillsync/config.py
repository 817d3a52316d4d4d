"""skillsync.toml into frozen dataclasses. Secrets never live here, only in the environment."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from skillsync.core.layouts.detect import LAYOUTS
from skillsync.core.schema import FIELDS
from skillsync.core.summary import DEFAULT_TITLES
from skillsync.errors import ConfigError
from skillsync.orgsettings import KNOWN as ORG_KNOWN
from skillsync.orgsettings import OrgConfig
from skillsync.orgsettings import read as read_org

DEFAULT_FILE = "skillsync.toml"
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


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


@dataclass(frozen=True)
class SiteConfig:
    dir: Path | None = None  # where `sync` writes the skills atlas (a static site)


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
    path: Path | None = None  # the file this came from


def load(path: Path | None) -> Config:
    """The config at `path`, or ./skillsync.toml when present, else the defaults."""
    if path is None:
        candidate = Path(DEFAULT_FILE)
        if not candidate.is_file():
            return Config()
        path = candidate
    try:
        text = path.read_text(encoding="utf-8-sig")  # Windows editors may add a BOM
        data = tomllib.loads(text)
    except FileNotFoundError as exc:
        raise ConfigError(f"config file {path} does not exist") from exc
    except IsADirectoryError as exc:
        raise ConfigError(f"{path} is a folder; give the path of skillsync.toml") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text; save it as UTF-8") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read {path} ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    return parse(data, path)


def parse(data: dict[str, Any], path: Path | None = None) -> Config:
    where = str(path or "config")
    reader = _Reader(data, where)
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
        path=path,
    )
    reader.reject_unknown()
    return config


class _Reader:
    """Typed access to the TOML tables that remembers what was used, to flag typos."""

    KNOWN: ClassVar[dict[str, set[str]]] = {
        "source": {"tab", "headers", "aliases_tab", "not_duplicates_tab", "layout",
                   "header_row"},
        "levels": {"words", "marks", "scale"},
        "skills": {"expert_level", "aliases"},
        "dedupe": {"not_same"},
        "dates": {"day_first"},
        "checks": {"stale_days"},
        "tabs": set(DEFAULT_TITLES),
        "output": {"digest", "templates", "backups"},
        "google": {"credentials"},
        "email": {"smtp_host", "smtp_port", "security", "username", "from", "to", "timeout",
                  "team_digests", "nudges", "ca_file"},
        "site": {"dir"},
        **ORG_KNOWN,
    }

    def __init__(self, data: dict[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    def table(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.where}: [{name}] must be a table")
        return value

    def get(self, table: str, key: str, default: Any, kind: type | tuple[type, ...]) -> Any:
        value = self.table(table).get(key, default)
        kinds = kind if isinstance(kind, tuple) else (kind,)
        wrong = value is not default and not isinstance(value, kind)
        if wrong or (isinstance(value, bool) and bool not in kinds):  # True is an int too
            raise ConfigError(f"{self.where}: [{table}] {key} has the wrong type "
                              f"({type(value).__name__})")
        return value

    def integer(self, table: str, key: str, default: int, low: int, high: int) -> int:
        value = self.get(table, key, default, int)
        if not low <= value <= high:
            raise ConfigError(f"{self.where}: [{table}] {key} must be from {low} to {high}")
        return value

    def boolean(self, table: str, key: str, default: bool) -> bool:
        return self.get(table, key, default, bool)

    def text(self, table: str, key: str, default: str | None = None) -> str | None:
        return self.get(table, key, default, str)

    def mapping(self, table: str, key: str) -> dict[str, str]:
        value = self.get(table, key, {}, dict)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise ConfigError(f"{self.where}: [{table}] {key} maps text to text")
        return dict(value)

    def path(self, table: str, key: str, config_path: Path | None) -> Path | None:
        value = self.text(table, key)
        if value is None:
            return None
        found = Path(value).expanduser()
        return found if found.is_absolute() or config_path is None else config_path.parent / found

    def reject_unknown(self) -> None:
        for table, value in self.data.items():
            if table not in self.KNOWN:
                raise ConfigError(f"{self.where}: unknown section [{table}]")
            for key in value if isinstance(value, dict) else ():
                if key not in self.KNOWN[table]:
                    raise ConfigError(f"{self.where}: unknown setting {key} in [{table}]")


def _source(reader: _Reader) -> SourceConfig:
    headers = reader.get("source", "headers", {}, dict)
    for name, spellings in headers.items():
        if name not in FIELDS:
            raise ConfigError(f"{reader.where}: [source.headers] {name} is not a field; "
                              f"fields are {', '.join(FIELDS)}")
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            raise ConfigError(f"{reader.where}: [source.headers] {name} must be a list of text")
    return SourceConfig(
        tab=reader.text("source", "tab"),
        headers={k: tuple(v) for k, v in headers.items()},
        aliases_tab=reader.text("source", "aliases_tab", "Aliases"),
        not_duplicates_tab=reader.text("source", "not_duplicates_tab", "Not duplicates"),
        layout=_layout(reader),
        header_row=(reader.integer("source", "header_row", 1, 1, 1_048_576)
                    if "header_row" in reader.table("source") else None),
    )


def _layout(reader: _Reader) -> str | None:
    layout = reader.text("source", "layout")
    if layout is not None and layout not in LAYOUTS:
        raise ConfigError(f"{reader.where}: [source] layout must be one of "
                          f"{', '.join(LAYOUTS)}")
    return layout


def _levels(reader: _Reader) -> LevelsConfig:
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


def _pairs(reader: _Reader) -> tuple[tuple[str, str], ...]:
    pairs = reader.get("dedupe", "not_same", [], list)
    if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(e, str) for e in p)
               for p in pairs):
        raise ConfigError(f"{reader.where}: [dedupe] not_same is a list of [email, email] pairs")
    return tuple((a, b) for a, b in pairs)


def _titles(reader: _Reader) -> dict[str, str]:
    titles = dict(DEFAULT_TITLES)
    for key, value in reader.table("tabs").items():
        if key in titles:
            if not isinstance(value, str) or not _valid_title(value):
                raise ConfigError(f"{reader.where}: [tabs] {key} = {value!r} is not a valid tab "
                                  "name (1-31 characters, none of [ ] : * ? / \\)")
            titles[key] = value
    if len({t.casefold() for t in titles.values()}) != len(titles):
        raise ConfigError(f"{reader.where}: [tabs] two tabs share a name")
    return titles


def _folder(path: Path | None, where: str) -> Path | None:
    if path is not None and not path.is_dir():
        raise ConfigError(f"{where}: [output] templates folder {path} does not exist")
    return path


def _valid_title(title: str) -> bool:
    # Excel keeps "History" for its change-tracking sheet and refuses it for any other.
    return 0 < len(title) <= 31 and not _BAD_TITLE.search(title) and not (
        title.startswith("'") or title.endswith("'")) and title.casefold() != "history"


def _email(reader: _Reader, config_path: Path | None = None) -> EmailConfig:
    security = reader.text("email", "security", "starttls")
    if security not in ("starttls", "ssl", "none"):
        raise ConfigError(f"{reader.where}: [email] security must be starttls, ssl or none")
    recipients = reader.get("email", "to", [], (list, str))
    recipients = [recipients] if isinstance(recipients, str) else recipients
    if not all(isinstance(r, str) for r in recipients):
        raise ConfigError(f"{reader.where}: [email] to is a list of e-mail addresses")
    default_port = {"starttls": 587, "ssl": 465, "none": 25}[security]
    timeout = float(reader.get("email", "timeout", 30, (int, float)))
    if not 0 < timeout <= 3600:  # 0 would make the socket non-blocking, not patient
        raise ConfigError(f"{reader.where}: [email] timeout must be above 0 and at most "
                          "3600 seconds")
    return EmailConfig(
        smtp_host=reader.text("email", "smtp_host"),
        smtp_port=reader.integer("email", "smtp_port", default_port, 1, 65535),
        security=security,
        username=reader.text("email", "username"),
        sender=reader.text("email", "from"),
        to=tuple(recipients),
        timeout=timeout,
        team_digests=reader.boolean("email", "team_digests", False),
        nudges=reader.boolean("email", "nudges", False),
        ca_file=reader.path("email", "ca_file", config_path),
    )
