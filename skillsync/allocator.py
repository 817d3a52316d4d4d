"""How the process holds memory: large blocks go back to the system when freed, and the
cyclic collector rests while a run builds its tables.

glibc serves a large request (128 KiB and up) with a mapping of its own, returned to the
system on free, but after the first such block is freed it raises that threshold to the
block's size (up to 32 MiB). From then on a run's large, short-lived buffers (numpy
arrays, pandas blocks, a part's bytes) come from the heap, and their holes stay part of
the process for as long as anything above them lives. Keeping the threshold fixed lowers
a 100,000-person sync's peak by about 40 MB, for no measurable time (bench/run.py).

glibc also gives each thread that allocates an arena of its own. The threads that read
the workbook ahead, open it with calamine or unpack its shared strings allocate a
hundred thousand cells' worth of blocks there; the main thread frees them once the cells
are Python objects, but freed blocks go back to their own arena, so the analysis that
follows grows the main one afresh. One arena for every thread lets the main thread reuse
them: a 100,000-person `check` 0.2 s quicker and 14 MB smaller (bench/run.py, side by side).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys
from collections.abc import Iterator

M_MMAP_THRESHOLD = -3  # mallopt's parameter numbers in glibc's malloc.h
M_ARENA_MAX = -8
LARGE_BLOCK = 128 * 1024  # glibc's own starting threshold


def return_large_blocks() -> bool:
    """Keep glibc's mapping threshold at its starting value for this process; whether it
    was set (not on other C libraries or systems, where nothing changes)."""
    return _mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)


def share_one_arena() -> bool:
    """Have every thread allocate from the main thread's arena (see the module's
    docstring); whether it was set. Called before any thread starts."""
    return _mallopt(M_ARENA_MAX, 1)


def _mallopt(parameter: int, value: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt(parameter, value) == 1


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """A run builds millions of small objects that form no cycles worth hunting: the cyclic
    collector would rescan them again and again (measured in bench/gc.py). Reference
    counting frees everything as usual; the collector's state is restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
