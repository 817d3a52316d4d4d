"""Per-value memos: a parser reads each distinct cell once and remembers the answer.

At 100,000 people these memos hold tens of megabytes once the sheet has been read. `forget`
empties them when the analysis is done, so building and writing the tabs reuse that memory
instead of adding to the run's peak (bench/run.py measures it). A memo asked again after
`forget` simply works its answers out afresh.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol, TypeVar

Function = TypeVar("Function", bound=Callable[..., Any])

_FORGETTABLE: list[Any] = []
_HOLDERS: weakref.WeakSet[Any] = weakref.WeakSet()  # objects keeping memos of their own


class Forgetful(Protocol):
    def forget(self) -> None: ...


def per_value(maxsize: int) -> Callable[[Function], Function]:
    """`functools.lru_cache`, emptied by `forget`."""

    def remembered(function: Function) -> Function:
        cached = lru_cache(maxsize=maxsize)(function)
        _FORGETTABLE.append(cached)
        return cached  # type: ignore[return-value]

    return remembered


def holding(holder: Forgetful) -> None:
    """Have `forget` empty the memos `holder` keeps (a Splitter's, say), for as long as
    it lives."""
    _HOLDERS.add(holder)


def forget(*holders: Forgetful | None) -> None:
    """Empty every per-value memo, those of every registered holder, and those `holders`
    keep (a vocabulary's)."""
    for cached in _FORGETTABLE:
        cached.cache_clear()
    for holder in [*_HOLDERS, *holders]:
        if holder is not None:
            holder.forget()
