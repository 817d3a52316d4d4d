"""Deflate for the parts we pack and unpack ourselves, through zlib-ng where it is installed.

zlib-ng writes the same deflate streams as zlib (any zip reader opens them) about a third
faster at the level we use, and inflates about twice as fast; the workbook's largest parts
(a 139 MB People x Skills sheet at 100k people) make that a second or more of a sync. The
standard zlib stands in where zlib-ng has no wheel. Both raise their own error class, and
the standard library's zipfile keeps raising zlib's, so callers catch `ERRORS`.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator

try:
    from zlib_ng import zlib_ng as _engine
except ImportError:  # a platform without a zlib-ng wheel (tests/test_deflate.py)
    _engine = zlib

compressobj = _engine.compressobj
decompressobj = _engine.decompressobj
compress = _engine.compress
crc32 = _engine.crc32
# The CRC of two runs of bytes joined, from each one's; zlib-ng has it, the standard
# zlib module does not (without it, nothing is packed ahead: see zipparts.Packed).
crc32_combine = getattr(_engine, "crc32_combine", None)
FULL_FLUSH = zlib.Z_FULL_FLUSH
error = _engine.error
DEFLATED = zlib.DEFLATED
ERRORS: tuple[type[Exception], ...] = tuple({zlib.error, _engine.error})
RAW = -15  # wbits of a bare deflate stream (a zip entry's), against zlib's framing (15)


def inflated(packed: bytes | memoryview, limit: int, refusal: Callable[[], Exception], *,
             wbits: int = 15, piece: int, step: int) -> Iterator[bytes]:
    """`packed` unpacked in chunks of at most `step` bytes, taking `piece` packed bytes at
    a time, so neither side is ever held whole: past `limit` bytes in all it raises
    `refusal()` (a stream packed to unpack without end), and a broken stream raises
    `ERRORS`. What follows the end of the stream is not read."""
    inflater, produced, view = decompressobj(wbits), 0, memoryview(packed)
    for at in range(0, len(view), piece):
        pending: bytes | memoryview = view[at: at + piece]
        while pending:
            chunk = inflater.decompress(pending, step)
            pending = inflater.unconsumed_tail
            produced += len(chunk)
            if produced > limit:
                raise refusal()
            yield chunk
            if inflater.eof:
                return
    yield inflater.flush()  # what the last step's bound held back
