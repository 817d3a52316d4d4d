"""Zip containers at the byte level: untouched parts are copied as their compressed bytes.

The standard library can read a zip but, when writing, always recompresses. Copying the
stored bytes instead keeps every part we do not own identical down to its compressed form
(and saves recompressing a large inventory sheet every night).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
_LIMIT = 0xFFFFFFFF
_UTF8_FLAG = 0x800
_DOS_EPOCH = (0, 0x21)  # 1980-01-01 00:00: new parts get a fixed time, so output is repeatable


@dataclass(frozen=True)
class RawPart:
    """A part as stored: its compressed bytes and the facts the zip directory records."""

    name: str
    data: bytes
    method: int
    crc: int
    size: int
    flags: int = 0
    dos_time: int = _DOS_EPOCH[0]
    dos_date: int = _DOS_EPOCH[1]
    external_attr: int = 0

    @classmethod
    def new(cls, name: str, content: bytes) -> RawPart:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        data = packer.compress(content) + packer.flush()
        flags = _UTF8_FLAG if not name.isascii() else 0
        return cls(name, data, zipfile.ZIP_DEFLATED, zlib.crc32(content), len(content), flags)

    @classmethod
    def streamed(cls, name: str, chunks: Iterable[bytes]) -> RawPart:
        """A new part compressed as its pieces are produced, never held whole unpacked. The
        compressing runs on a second thread (zlib lets go of the interpreter while it
        works), so producing the next piece and packing the last overlap."""
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        crc, size = 0, 0

        def pack(chunk: bytes) -> bytes:
            nonlocal crc, size
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
            return packer.compress(chunk)

        packed: list[bytes] = []
        with ThreadPoolExecutor(max_workers=1) as worker:  # one worker: pieces in order
            pending: deque[Future[bytes]] = deque()
            for chunk in chunks:
                pending.append(worker.submit(pack, chunk))
                while len(pending) > 2:  # bounded: at most a few pieces wait unpacked
                    packed.append(pending.popleft().result())
            packed.extend(done.result() for done in pending)
        packed.append(packer.flush())
        flags = _UTF8_FLAG if not name.isascii() else 0
        return cls(name, b"".join(packed), zipfile.ZIP_DEFLATED, crc, size, flags)


def read_raw(archive: zipfile.ZipFile, stream: BinaryIO, info: zipfile.ZipInfo) -> RawPart:
    """The stored bytes of one entry, without decompressing them."""
    stream.seek(info.header_offset)
    header = _LOCAL.unpack(stream.read(_LOCAL.size))
    if header[0] != _LOCAL_SIG:
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    stream.seek(header[9] + header[10], 1)  # name and extra field
    data = stream.read(info.compress_size)
    time = (info.date_time[3] << 11) | (info.date_time[4] << 5) | (info.date_time[5] // 2)
    date = ((info.date_time[0] - 1980) << 9) | (info.date_time[1] << 5) | info.date_time[2]
    flags = info.flag_bits & _UTF8_FLAG  # data descriptors are not carried over
    return RawPart(info.filename, data, info.compress_type, info.CRC, info.file_size, flags,
                   time, date, info.external_attr)


def needs_zip64(archive: zipfile.ZipFile) -> bool:
    return any(
        i.file_size >= _LIMIT or i.compress_size >= _LIMIT or i.header_offset >= _LIMIT
        for i in archive.infolist()
    ) or len(archive.infolist()) >= 0xFFFF


def write_parts(out: BinaryIO, parts: Iterable[RawPart]) -> None:
    """Write a plain (non-zip64) archive of `parts` in order."""
    directory = []
    offset = 0
    for part in parts:
        name = part.name.encode("utf-8")
        header = _LOCAL.pack(_LOCAL_SIG, 20, part.flags, part.method, part.dos_time,
                             part.dos_date, part.crc, len(part.data), part.size, len(name), 0)
        out.write(header + name)
        out.write(part.data)
        directory.append((part, name, offset))
        offset += len(header) + len(name) + len(part.data)
        if offset >= _LIMIT:
            raise ValueError("workbook would exceed 4 GB, which needs zip64")
    start = offset
    for part, name, at in directory:
        entry = _CENTRAL.pack(_CENTRAL_SIG, 20, 20, part.flags, part.method, part.dos_time,
                              part.dos_date, part.crc, len(part.data), part.size, len(name),
                              0, 0, 0, 0, part.external_attr, at)
        out.write(entry + name)
        offset += len(entry) + len(name)
    out.write(_END.pack(_END_SIG, 0, 0, len(directory), len(directory), offset - start, start, 0))
