"""Large blocks go back to the system when freed: glibc's mapping threshold stays fixed;
blocks under it are reused from the heap; and every thread allocates from one arena."""

from __future__ import annotations

import ctypes
import subprocess
import sys
import textwrap

import pytest

# What a probe starts with: the allocator, and glibc's account of where blocks live.
MALLINFO = textwrap.dedent("""
    import ctypes, sys
    from skillsync import allocator

    class Info(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in (
            "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks "
            "keepcost").split()]

    info = ctypes.CDLL(None).mallinfo2
    info.restype = Info
    if sys.argv[1] == "fixed":
        assert allocator.return_large_blocks()
""")

PROBE = MALLINFO + textwrap.dedent("""
    first = bytearray(8 << 20)
    del first  # glibc would now raise its threshold past 8 MiB
    second = bytearray(8 << 20)
    print(info().hblkhd >= 8 << 20)  # is the second block a mapping of its own?
""")


def _glibc_with_mallinfo2() -> bool:
    try:
        ctypes.CDLL(None).mallinfo2  # noqa: B018 - glibc 2.33 and later
    except AttributeError:
        return False
    return sys.platform.startswith("linux")


pytestmark = pytest.mark.skipif(not _glibc_with_mallinfo2(),
                                reason="needs glibc's mallinfo2 to see where blocks live")


def _probe(script: str, mode: str) -> str:
    done = subprocess.run([sys.executable, "-c", script, mode], capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def _second_block_mapped(mode: str) -> bool:
    return _probe(PROBE, mode) == "True"


def test_a_large_block_is_its_own_mapping_again_after_one_was_freed():
    assert _second_block_mapped("fixed")


def test_without_it_glibc_serves_the_next_large_block_from_the_heap():
    """The probe can tell the difference: glibc's default behaviour moves the block."""
    assert not _second_block_mapped("default")


MIDSIZE = MALLINFO + textwrap.dedent("""
    mapped = info().hblkhd
    blocks = [bytearray(1 << 20) for _ in range(40)]  # a column of 100,000 people, each
    from_heap = info().hblkhd - mapped < 1 << 20
    del blocks
    print(from_heap, info().fordblks >= 32 << 20)  # served by the heap; kept there once freed
""")


@pytest.mark.parametrize(("mode", "expected"), [("fixed", "True True"),
                                                ("default", "False False")])
def test_blocks_of_a_mib_come_from_the_heap_and_stay_there_once_freed(mode, expected):
    assert _probe(MIDSIZE, mode) == expected


def test_the_command_line_sets_both():
    done = subprocess.run(
        [sys.executable, "-c",
         "import skillsync.cli.base as b, skillsync.allocator as a, sys;"
         "calls=[];a.return_large_blocks=lambda: calls.append(1) or True;"
         "a.share_one_arena=lambda: calls.append(2) or True;"
         "b.main=lambda: None; b.entry(); print(calls)"],
        capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[1, 2]"


ARENAS = textwrap.dedent("""
    import ctypes, sys, threading
    from skillsync import allocator

    libc = ctypes.CDLL(None)
    if sys.argv[1] == "one":
        assert allocator.share_one_arena()
    libc.malloc.restype = ctypes.c_void_p
    def allocate():
        blocks = [libc.malloc(1000) for _ in range(1000)]  # the cells a reader makes
        for block in blocks:
            libc.free(ctypes.c_void_p(block))
    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    libc.malloc_stats()  # one "Arena N:" section per arena, on stderr
""")


@pytest.mark.parametrize(("mode", "arenas"), [("one", 1), ("default", 2)])
def test_a_thread_allocates_from_the_main_arena_when_one_is_shared(mode, arenas):
    done = subprocess.run([sys.executable, "-c", ARENAS, mode], capture_output=True,
                          text=True, check=True)
    assert done.stderr.count("Arena ") == arenas, done.stderr
