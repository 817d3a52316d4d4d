"""How the process holds memory: large blocks go back to the system when freed, and the
cyclic collector rests while a run builds its tables.

glibc serves a large request (128 KiB and up) with a mapping of its own, returned to the
system on free, but after the first such block is freed it raises that threshold to the
block's size (up to 32 MiB). From then on a run's large, short-lived buffers (numpy
arrays, pandas blocks, a part's bytes) come from the heap, and their holes stay part of
the process for as long as anything above them lives. The command keeps the threshold
fixed at 4 MiB instead: blocks of a few MiB and more (a million people's columns, a
part's bytes) still go back to the system when freed, while the many blocks of a few
hundred KiB (a column of 100,000 people, a piece of a sheet being written) are reused from
the heap rather than mapped, zeroed by the kernel page by page and unmapped each time.
The heap keeps up to 64 MiB free at its top for the same reason. At 100,000 people,
against a threshold fixed at 128 KiB, a sync spends 0.73 s in the kernel instead of 1.36
s (median of five runs each, taking turns) for a peak 19 MB higher; at a million people
time and peak are unchanged.

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

M_TRIM_THRESHOLD = -1  # mallopt's parameter numbers in glibc's malloc.h
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
LARGE_BLOCK = 4 << 20  # blocks this large and up are mappings of their own
KEPT_FREE = 64 << 20  # free bytes the heap keeps at its top before giving them back


def return_large_blocks() -> bool:
    """Keep glibc's mapping threshold fixed at LARGE_BLOCK for this process, and the free
    top of the heap it keeps at KEPT_FREE; whether they were set (not on other C libraries
    or systems, where nothing changes)."""
    return _mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK) and _mallopt(M_TRIM_THRESHOLD, KEPT_FREE)


def share_one_arena() -> bool:
    """Have every thread allocate from the main thread's arena (see the module's
    docstring); whether it was set. Called before any thread starts."""
    return _mallopt(M_ARENA_MAX, 1)


def give_back_free_pages() -> bool:
    """Return the heap's free pages to the system (glibc's malloc_trim), whether it could:
    after a step that builds much and keeps little, in a process that lives on."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return False
    trim.argtypes = (ctypes.c_size_t,)
    trim.restype = ctypes.c_int
    trim(0)
    return True


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
