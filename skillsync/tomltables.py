"""Typed access to the tables of a TOML settings file, every value checked.

Wrong types, numbers out of range, text with control characters or of runaway length,
and unknown sections or keys (typos) are refused with one line naming the setting.
"""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path
from typing import Any

from skillsync.errors import ConfigError
from skillsync.terminal import is_printable_name, one_line

MAX_TEXT = 2_000  # characters in one text setting


class TableReader:
    """Typed access to the TOML tables that remembers what was used, to flag typos."""

    def __init__(self, data: dict[str, Any], where: str, known: dict[str, set[str]]) -> None:
        self.data = data
        self.where = where
        self.known = known

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
                              f"({type(value).__name__}); write {_kind_wanted(kinds)}")
        return value

    def integer(self, table: str, key: str, default: int, low: int, high: int) -> int:
        value = self.get(table, key, default, int)
        if not low <= value <= high:
            raise ConfigError(f"{self.where}: [{table}] {key} must be from {low} to {high}")
        return value

    def boolean(self, table: str, key: str, default: bool) -> bool:
        return self.get(table, key, default, bool)

    def text(self, table: str, key: str, default: str | None = None) -> str | None:
        value = self.get(table, key, default, str)
        if value is not None:
            self.printable(value, f"[{table}] {key}")
        return value

    def printable(self, value: str, what: str) -> str:
        """Text that shows as typed: no control characters, no runaway length."""
        if not is_printable_name(value):
            raise ConfigError(f"{self.where}: {what} = {one_line(repr(value), 80)} holds "
                              "control characters; type it without them")
        if len(value) > MAX_TEXT:
            raise ConfigError(f"{self.where}: {what} is longer than {MAX_TEXT:,} characters")
        return value

    def mapping(self, table: str, key: str) -> dict[str, str]:
        value = self.get(table, key, {}, dict)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise ConfigError(f"{self.where}: [{table}] {key} maps text to text")
        for pair in value.items():
            for text in pair:
                self.printable(text, f"[{table}] {key}")
        return dict(value)

    def path(self, table: str, key: str, config_path: Path | None) -> Path | None:
        value = self.text(table, key)
        if value is None:
            return None
        if not value.strip():
            raise ConfigError(f"{self.where}: [{table}] {key} is empty; give a path, or "
                              "leave the setting out")
        found = Path(value).expanduser()
        return found if found.is_absolute() or config_path is None else config_path.parent / found

    def reject_unknown(self) -> None:
        for table, value in self.data.items():
            if table not in self.known:
                raise ConfigError(f"{self.where}: unknown section [{one_line(table, 60)}]"
                                  + did_you_mean(table, self.known, "[{}]"))
            for key in value if isinstance(value, dict) else ():
                if key not in self.known[table]:
                    raise ConfigError(f"{self.where}: unknown setting {one_line(key, 60)} in "
                                      f"[{table}]" + did_you_mean(key, self.known[table]))


def did_you_mean(typed: str, known: Any, shown: str = "{}") -> str:
    """'; did you mean …?' with the nearest known name, when one is near (case aside)."""
    folded = {name.casefold(): name for name in sorted(known)}
    near = get_close_matches(typed.casefold(), folded, n=1, cutoff=0.75)
    return f"; did you mean {shown.format(folded[near[0]])}?" if near else ""


_KIND_WORDS = {bool: "true or false", int: "a whole number without quotes",
               float: "a number without quotes", str: "text in quotes",
               dict: "a table", list: "a list in [ ]"}


def _kind_wanted(kinds: tuple[type, ...]) -> str:
    """What a setting of `kinds` is written as, in words."""
    return " or ".join(_KIND_WORDS.get(kind, kind.__name__) for kind in kinds)
