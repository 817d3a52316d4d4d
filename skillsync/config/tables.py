"""skillsync.toml's tables read into the settings dataclasses, each value checked."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from skillsync.addresses import AddressError, parse_one
from skillsync.config.model import (
    _BAD_TITLE,
    Config,
    EmailConfig,
    HistoryConfig,
    LevelsConfig,
    Limits,
    SiteConfig,
    SourceConfig,
)
from skillsync.config.org import KNOWN as ORG_KNOWN
from skillsync.config.org import read as read_org
from skillsync.core.headers import header_key
from skillsync.core.layouts.detect import LAYOUTS
from skillsync.core.schema import FIELDS
from skillsync.core.summary import DEFAULT_TITLES
from skillsync.errors import ConfigError
from skillsync.terminal import is_printable_name, one_line
from skillsync.tomltables import TableReader, did_you_mean


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


# Names people give a field that no spelling distance leads to.
FIELD_WORDS = {"skills": "expertise", "skill": "expertise", "wishes": "learn",
               "want_to_learn": "learn", "project": "current_projects or past_projects",
               "wants": "learn", "interests": "learn", "projects": "current_projects or "
               "past_projects", "updated": "last_updated", "mail": "email", "rate": "success_rate"}


def _field_meant(name: str) -> str:
    meant = FIELD_WORDS.get(name.strip().casefold().replace(" ", "_").replace("-", "_"))
    return f"; did you mean {meant}?" if meant else ""


def _one_field_each(reader: TableReader, headers: dict[str, list[str]]) -> None:
    """A header given to two fields would be read as one of them, silently."""
    claimed: dict[str, str] = {}
    for name, spellings in headers.items():
        for spelling in spellings:
            other = claimed.setdefault(header_key(spelling), name)
            if other != name:
                raise ConfigError(f"{reader.where}: [source.headers] gives the header "
                                  f"{one_line(spelling, 60)!r} to both {other} and {name}; "
                                  "keep it under the one field it holds")


def _source(reader: TableReader) -> SourceConfig:
    headers = reader.get("source", "headers", {}, dict)
    for name, spellings in headers.items():
        if name not in FIELDS:
            near = _field_meant(name) or did_you_mean(name, FIELDS)
            raise ConfigError(f"{reader.where}: [source.headers] {one_line(name, 60)} is not "
                              "a field" + (near or f"; fields are {', '.join(FIELDS)}"))
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            raise ConfigError(f"{reader.where}: [source.headers] {name} must be a list of text")
        for spelling in spellings:
            reader.printable(spelling, f"[source.headers] {name}")
    _one_field_each(reader, headers)
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
                                  f"name ({_title_rule(value)})")
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
    return 0 < len(title) <= 31 and not _BAD_TITLE.search(title) and not (
        title.startswith("'") or title.endswith("'")) and title.casefold() != "history"


def _title_rule(title: object) -> str:
    # Excel keeps "History" for its change-tracking sheet and refuses it for any other.
    if isinstance(title, str) and title.casefold() == "history":
        return "Excel keeps 'History' for itself; pick another name"
    return "1-31 characters, none of [ ] : * ? / \\, not starting or ending with '"


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
