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
