"""Progress on long work, for a person at a terminal.

The pipeline says when each step of a run begins ("Reading", "Checking", "Writing")
through a callback it is given; the library itself prints nothing. The command line
passes `shown(...)`'s callback, which keeps one line on stderr up to date — the step under
way and the seconds the run has taken — but only when stderr is a terminal, nobody asked
for quiet or JSON output, and the run has lasted more than a couple of seconds. The line
is wiped when the run ends, so the report prints as it always does.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TextIO

Step = Callable[[str], None]  # called with a step's name as the step begins
DELAY = 2.0  # seconds of quiet before the line appears: short runs show nothing
TICK = 0.5  # how often the seconds are brought up to date


def silent(step: str) -> None:
    """The callback when nobody is watching: steps go unsaid."""


class Line:
    """One line of `stream` showing the step under way and the time so far."""

    def __init__(self, stream: TextIO, delay: float = DELAY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.delay = delay
        self.clock = clock
        self.started = clock()
        self.step = ""
        self.drawn = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="progress", daemon=True)

    def __call__(self, step: str) -> None:
        with self._lock:
            self.step = step
            self._draw()

    def start(self) -> None:
        self._ticker.start()

    def close(self) -> None:
        self._stop.set()
        if self._ticker.is_alive():
            self._ticker.join()
        with self._lock:
            if self.drawn:
                self.stream.write("\r\033[K")  # wipe the line; the report follows
                self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(TICK):
            with self._lock:
                self._draw()

    def _draw(self) -> None:
        elapsed = self.clock() - self.started
        if not self.step or elapsed < self.delay or self._stop.is_set():
            return
        self.stream.write(f"\r\033[K{self.step}… {elapsed:.0f} s")
        self.stream.flush()
        self.drawn = True


@contextlib.contextmanager
def shown(enabled: bool = True, stream: TextIO | None = None,
          delay: float | None = None) -> Iterator[Step]:
    """A step callback for one run: a live line on a terminal, else `silent`."""
    stream = stream if stream is not None else sys.stderr
    if not enabled or not _is_terminal(stream):
        yield silent
        return
    line = Line(stream, DELAY if delay is None else delay)
    line.start()
    try:
        yield line
    finally:
        line.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream: no progress
        return False
