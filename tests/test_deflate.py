"""The deflate engine: zlib-ng where installed, zlib otherwise; zip readers open both."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
import zlib

import pytest

from skillsync import deflate
from skillsync.backends.xlsx.zipparts import RawPart, write_parts

PROBE = """
import io, sys, zipfile
sys.modules["zlib_ng"] = None  # as on a platform without a zlib-ng wheel
from skillsync import deflate
from skillsync.backends.xlsx.zipparts import RawPart, write_parts
out = io.BytesIO()
write_parts(out, [RawPart.new("a.xml", b"<a>" * 50_000)])
assert zipfile.ZipFile(out).read("a.xml") == b"<a>" * 50_000
print(deflate.compressobj.__module__)
"""


def test_parts_packed_by_either_engine_open_in_zipfile():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "zlib"
    assert deflate.compressobj.__module__.startswith("zlib_ng")  # a declared dependency
    out = io.BytesIO()
    content = "".join(f"<row r='{i}'>Ana Ruiz</row>" for i in range(20_000)).encode()
    write_parts(out, [RawPart.new("b.xml", content),
                      RawPart.streamed("c.xml", [content[:1000], content[1000:]])])
    archive = zipfile.ZipFile(out)
    assert archive.testzip() is None
    assert archive.read("b.xml") == archive.read("c.xml") == content


def test_both_engines_errors_are_caught_as_one():
    with pytest.raises(deflate.ERRORS):
        deflate.decompressobj(-15).decompress(b"\xff" * 16)
    with pytest.raises(deflate.ERRORS):
        zlib.decompressobj(-15).decompress(b"\xff" * 16)  # as zipfile raises


class Refused(Exception):
    pass


def _raw(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, deflate.RAW)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize("piece,step", [(1, 1), (3, 7), (64, 5), (1 << 20, 8 << 20)])
@pytest.mark.parametrize("wbits", [deflate.RAW, 15])
def test_a_stream_unpacks_whole_in_bounded_steps(piece, step, wbits):
    data = b"".join(b"line %d\n" % i for i in range(3000))
    packed = _raw(data) if wbits == deflate.RAW else zlib.compress(data)
    chunks = list(deflate.inflated(packed, len(data), Refused, wbits=wbits, piece=piece,
                                   step=step))
    assert b"".join(chunks) == data
    assert max(map(len, chunks)) <= step


def test_a_stream_unpacking_past_its_bound_is_refused_on_the_way():
    packed = zlib.compress(b"\0" * (64 << 20))  # 64 MiB from 64 KB
    unpacked = 0
    with pytest.raises(Refused):
        for chunk in deflate.inflated(packed, 1 << 20, Refused, piece=4096, step=1 << 16):
            unpacked += len(chunk)
    assert unpacked <= (1 << 20) + (1 << 16)  # refused within a step of the bound


def test_what_follows_a_stream_is_not_read_and_a_broken_stream_raises():
    data = b"<a>" * 1000
    chunks = deflate.inflated(_raw(data) + b"not deflate", len(data), Refused,
                              wbits=deflate.RAW, piece=16, step=64)
    assert b"".join(chunks) == data
    with pytest.raises(deflate.ERRORS):
        list(deflate.inflated(b"\xff" * 64, 1000, Refused, wbits=deflate.RAW, piece=8, step=8))
