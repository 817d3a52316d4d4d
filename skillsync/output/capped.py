"""Lists and texts cut to what a message shows (a phone's screen, Gmail's clipping size).

A cell can hold 32,767 characters and a skill thousands of mentors: what the digest, the
nudges and the alerts show of them is clipped and capped here, the rest counted."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

LIST_LIMIT = 12
SHOWN_IN_LINE = 4  # names, e-mails or rows listed in one line before "+N more"


def clip(value: Any, limit: int = 80) -> str:
    """One line of at most `limit` characters: a cell can hold 32,767 of them."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listed(values: Iterable[Any], limit: int = SHOWN_IN_LINE, sep: str = ", ") -> str:
    """The first `limit` values, each clipped, and how many more (a skill's mentors can
    be thousands: only those shown are clipped)."""
    items = values if isinstance(values, (list, tuple)) else list(values)
    clipped = [clip(v, 60) for v in items[:limit]]
    shown = joined(clipped) if sep == ", " else sep.join(clipped)
    return shown + (f" +{len(items) - limit} more" if len(items) > limit else "")


def joined(texts: list[str]) -> str:
    """Texts joined by commas, or by semicolons when one holds a comma: "Lima, Ana, Diaz,
    Cara" would read as four people."""
    return ("; " if any("," in text for text in texts) else ", ").join(texts)


@dataclass(frozen=True)
class Capped:
    """A list cut to what a phone screen and Gmail's size limit allow, with the rest counted."""

    items: list[Any]
    more: int = 0

    @classmethod
    def of(cls, items: list[Any], limit: int = LIST_LIMIT,
           shown: Callable[[Any], Any] = lambda item: item) -> Capped:
        return cls([shown(i) for i in items[:limit]], max(len(items) - limit, 0))
