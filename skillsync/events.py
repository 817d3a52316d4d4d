"""What a run did, as events for log collectors: `skillsync --log-format json` writes one
JSON object per line on stderr (time, level, event, then the event's own fields).

The library only emits; nothing is printed unless the CLI (or a caller) installs a
handler, so `import skillsync` stays silent.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import IO, Any

LOGGER = logging.getLogger("skillsync.events")
LOGGER.addHandler(logging.NullHandler())  # silent unless a handler is installed


def done(report: Any, command: str | None) -> None:
    """The `command.done` event: how a command ended, in the numbers a monitor watches."""
    changes = report.extra.get("changes") or {}
    emit("command.done", logging.WARNING if report.exit_code else logging.INFO,
         command=command, source=report.source, exit_code=report.exit_code,
         people=report.people, errors=report.errors, warnings=report.warnings,
         tabs_written=report.tabs_written, held_back=bool(report.held_back),
         joined=len(changes.get("joined", [])), left=len(changes.get("left", [])),
         changed=len(changes.get("changed", [])),
         digest=str(report.digest) if report.digest else None, mail=list(report.mail))


def emit(event: str, level: int = logging.INFO, **fields: Any) -> None:
    """One event: a dotted name (`sync.done`) and JSON-ready fields."""
    LOGGER.log(level, event, extra={"skillsync_event": event, "skillsync_fields": fields})


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created).astimezone().isoformat(
                    timespec="milliseconds"),
                "level": record.levelname.lower(),
                "event": getattr(record, "skillsync_event", record.getMessage()),
                **getattr(record, "skillsync_fields", {})}
        return json.dumps(line, ensure_ascii=False, default=str)


def install(stream: IO[str]) -> logging.Handler:
    """Write every event to `stream` as a JSON line; returns the handler to remove."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
    return handler


def remove(handler: logging.Handler) -> None:
    LOGGER.removeHandler(handler)
    if len(LOGGER.handlers) == 1:  # only the NullHandler left
        LOGGER.setLevel(logging.NOTSET)
        LOGGER.propagate = True
