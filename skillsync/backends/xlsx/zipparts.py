"""Zip containers at the byte level: untouched parts are copied as their compressed bytes.

The standard library can read a zip but, when writing, always recompresses. Copying the
stored bytes instead keeps every part we do not own identical down to its compressed form
(and saves recompressing a large inventory sheet every night).
"""

from __future__ import annotations

import os
import struct
import zipfile
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO

from skillsync import deflate

LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # a part's local header, read again by zipread
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
LOCAL_SIG, _CENTRAL_SIG, _END_SIG = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
_LIMIT = 0xFFFFFFFF
_UTF8_FLAG = 0x800
_DOS_EPOCH = (0, 0x21)  # 1980-01-01 00:00: new parts get a fixed time, so output is repeatable
# The deflate level for the parts we amend (shared strings, workbook, relationships): on
# XML, level 5 packs much faster than the default 6 for a part under 2% larger.
PACK_LEVEL = 5
# The level for the sheets we write, by far the largest parts (People x Skills at 100k
# people is 139 MB unpacked). With zlib-ng, that sheet packs in 0.36 s at level 2 against
# 0.56 s at level 3 and 0.77 s at level 4; the sheet writer makes its pieces as fast as
# level 3 packs them, so a first sync at 100k people ends about 0.25 s sooner at level 2
# (in-process, three runs each, taking turns). The workbooks grow 4.2% (hand 28.4 -> 29.6
# MB, tidy 31.9 -> 33.3 MB); level 1 is hardly quicker (0.34 s) and makes that sheet half
# as large again.
SHEET_PACK_LEVEL = 2


@dataclass(frozen=True)
class Packed:
    """A run of a part's bytes packed ahead, on its own (`pack_ahead`): a deflate stream
    that ends on a full flush, so it can stand between the pieces packed around it (each
    side of it starts afresh, referring to nothing before). `crc` and `size` are the
    run's own, combined into the part's (deflate.crc32_combine)."""

    data: bytes | bytearray
    crc: int
    size: int


# Bytes packed ahead at a time: a large run is never held twice, whole and as a copy.
_AHEAD_PIECE = 1 << 22


def pack_ahead(run: bytes | memoryview) -> Packed:
    packer = deflate.compressobj(PACK_LEVEL, deflate.DEFLATED, -15)
    data, crc = bytearray(), 0
    for start in range(0, len(run), _AHEAD_PIECE):
        piece = run[start:start + _AHEAD_PIECE]
        data += packer.compress(piece)
        crc = deflate.crc32(piece, crc)
    data += packer.flush(deflate.FULL_FLUSH)
    return Packed(data, crc, len(run))


Content = bytes | tuple[bytes | memoryview | Packed, ...]  # a part's bytes, whole or in pieces


def name_flags(name: str) -> int:
    """The flags a part's name asks for: a name beyond ASCII is marked as UTF-8."""
    return _UTF8_FLAG if not name.isascii() else 0


def pieces_of(content: Content) -> tuple[bytes | memoryview | Packed, ...]:
    return (content,) if isinstance(content, bytes | bytearray) else content


@dataclass(frozen=True)
class RawPart:
    """A part as stored: its compressed bytes and the facts the zip directory records."""

    name: str
    # packed here: built up in place; kept: a view; packed on to a file: its Spool
    data: bytes | bytearray | memoryview | Spool
    method: int
    crc: int
    size: int
    flags: int = 0
    dos_time: int = _DOS_EPOCH[0]
    dos_date: int = _DOS_EPOCH[1]
    external_attr: int = 0

    @classmethod
    def new(cls, name: str, content: Content) -> RawPart:
        """A part packed from its bytes, whole or in pieces (packed one after another)."""
        packer = deflate.compressobj(PACK_LEVEL, deflate.DEFLATED, -15)
        data, crc, size = bytearray(), 0, 0
        for piece in pieces_of(content):
            if isinstance(piece, Packed):  # packed ahead: what comes before is flushed
                data += packer.flush(deflate.FULL_FLUSH)
                data += piece.data  # appended in place: a large run is not copied twice
                crc, size = deflate.crc32_combine(crc, piece.crc, piece.size), size + piece.size
                continue
            data += packer.compress(piece)
            crc, size = deflate.crc32(piece, crc), size + len(piece)
        data += packer.flush()
        return cls(name, bytes(data), zipfile.ZIP_DEFLATED, crc, size, name_flags(name))

    @classmethod
    def streamed(cls, name: str, chunks: Iterable[bytes], old: RawPart | None = None,
                 into: Spool | None = None) -> RawPart:
        """A new sheet part compressed as its pieces are produced, never held whole unpacked.
        With `old`, the part it replaces: a part that unpacks to the very bytes produced
        now (most of a nightly sync's tabs) keeps its packed bytes, found by unpacking it
        alongside, which costs a sixth of packing. The work runs on a second thread
        (deflate lets go of the interpreter while it works), so producing the next piece
        and packing or comparing the last overlap. With `into`, the packed bytes go on to
        its file as they come, and the part's data is `into` itself (unless `old`'s bytes
        are kept)."""
        packer = _SheetPacker(old, into)
        with ThreadPoolExecutor(max_workers=1) as worker:  # one worker: pieces in order
            pending: deque[Future[None]] = deque()
            for chunk in chunks:
                pending.append(worker.submit(packer.add, chunk))
                while len(pending) > 1:  # bounded: one piece packs while the next is made
                    pending.popleft().result()
            for done in pending:
                done.result()
        return packer.finish(name)


class _SheetPacker:
    """Packs a part's pieces in order; while they repeat `old`'s unpacked bytes, only
    compares them. At the first piece that differs, the bytes repeated so far are unpacked
    again from `old` and packed, so the part is packed exactly as if from the start."""

    def __init__(self, old: RawPart | None, into: Spool | None = None) -> None:
        self.crc, self.size = 0, 0
        repeatable = old is not None and old.method == zipfile.ZIP_DEFLATED
        self._old = old if repeatable else None
        self._old_unpacked = _Unpacked(old.data) if repeatable else None
        self._packer = None if repeatable else _sheet_packer()
        # Appended to in place (a large buffer grows by remapping, not copying): the
        # packed part is never held twice, as a list of pieces and their join.
        self._packed: bytearray | Spool = bytearray() if into is None else into

    def add(self, chunk: bytes) -> None:
        if self._old_unpacked is not None and self._old_unpacked.read(len(chunk)) != chunk:
            self._pack_repeated()
        self.crc, self.size = deflate.crc32(chunk, self.crc), self.size + len(chunk)
        if self._packer is not None:
            self._packed += self._packer.compress(chunk)

    def finish(self, name: str) -> RawPart:
        flags = name_flags(name)
        old = self._old
        if self._old_unpacked is not None and old is not None:
            if (self._old_unpacked.at_end() and self.size == old.size
                    and self.crc == old.crc):
                return RawPart(name, old.data, zipfile.ZIP_DEFLATED, self.crc, self.size, flags)
            self._pack_repeated()
        assert self._packer is not None
        self._packed += self._packer.flush()
        return RawPart(name, self._packed, zipfile.ZIP_DEFLATED, self.crc, self.size, flags)

    def _pack_repeated(self) -> None:
        """Stop comparing; pack the bytes so far, which are `old`'s first `size` bytes."""
        assert self._old is not None
        self._old_unpacked = None
        self._packer = _sheet_packer()
        again = _Unpacked(self._old.data)
        for start in range(0, self.size, _REPACK_PIECE):
            piece = again.read(min(_REPACK_PIECE, self.size - start))
            self._packed += self._packer.compress(piece)


class Spool:
    """Packed bytes written on to a file as they are appended (`+=`), and counted: a part
    a second process packs for the sync (aside.py) is never held in that process too."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.length = 0

    def __iadd__(self, data: bytes) -> Spool:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
        self.length += len(data)
        return self


def _sheet_packer():
    return deflate.compressobj(SHEET_PACK_LEVEL, deflate.DEFLATED, -15)


_REPACK_PIECE = 1 << 22  # bytes unpacked again, and packed, at a time
_INPUT_PIECE = 1 << 20  # packed bytes given to the unpacker at a time


class _Unpacked:
    """A raw deflate stream's bytes, unpacked as they are read, a piece at a time."""

    def __init__(self, packed: bytes | bytearray | memoryview) -> None:
        self._packed = memoryview(packed)
        self._at = 0  # packed bytes given to the unpacker so far
        self._unpacker = deflate.decompressobj(-15)

    def read(self, size: int) -> bytes:
        """The next `size` bytes, or fewer where the stream ends."""
        pieces = []
        while size > 0 and not self._unpacker.eof:
            source = self._unpacker.unconsumed_tail or self._next_input()
            if not source:
                break
            piece = self._unpacker.decompress(source, size)
            pieces.append(piece)
            size -= len(piece)
        return b"".join(pieces)

    def at_end(self) -> bool:
        """Whether the stream ended exactly where it was read to, with nothing after it."""
        return (not self.read(1) and self._unpacker.eof and not self._unpacker.unused_data
                and not self._unpacker.unconsumed_tail and self._at >= len(self._packed))

    def _next_input(self) -> memoryview:
        piece = self._packed[self._at: self._at + _INPUT_PIECE]
        self._at += len(piece)
        return piece


def read_raw(archive: zipfile.ZipFile, stream: BinaryIO, info: zipfile.ZipInfo) -> RawPart:
    """The stored bytes of one entry, without decompressing them."""
    stream.seek(info.header_offset)
    header = LOCAL_HEADER.unpack(stream.read(LOCAL_HEADER.size))
    if header[0] != LOCAL_SIG:
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
        header = LOCAL_HEADER.pack(LOCAL_SIG, 20, part.flags, part.method, part.dos_time,
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
