"""Zip containers at the byte level: untouched parts are copied as their compressed bytes.

The standard library can read a zip but, when writing, always recompresses. Copying the
stored bytes instead keeps every part we do not own identical down to its compressed form
(and saves recompressing a large inventory sheet every night).
"""

from __future__ import annotations

import struct
import zipfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from skillsync import deflate

if TYPE_CHECKING:
    from skillsync.config import Limits

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
_LIMIT = 0xFFFFFFFF
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
_DOS_EPOCH = (0, 0x21)  # 1980-01-01 00:00: new parts get a fixed time, so output is repeatable
# The deflate level for the parts we amend (shared strings, workbook, relationships): on
# XML, level 5 packs much faster than the default 6 for a part under 2% larger.
PACK_LEVEL = 5
# The level for the sheets we write, by far the largest parts (People x Skills at 100k
# people is 139 MB unpacked). With zlib-ng, the new parts of a first sync at 100k people
# pack in 0.48 s at level 3 against 0.68 s at level 5 (hand) and 0.48 s against 0.77 s
# (tidy), for workbooks 9.4% and 9.8% larger (25.9 -> 28.4 MB, 29.1 -> 31.9 MB; 10k people:
# 8.2% and 9.7%). Level 4 would save a tenth of the time for 1.2%; level 2 grows them 14%.
SHEET_PACK_LEVEL = 3


Content = bytes | tuple[bytes | memoryview, ...]  # a part's bytes, whole or in pieces


def pieces_of(content: Content) -> tuple[bytes | memoryview, ...]:
    return (content,) if isinstance(content, bytes | bytearray) else content


@dataclass(frozen=True)
class RawPart:
    """A part as stored: its compressed bytes and the facts the zip directory records."""

    name: str
    data: bytes | bytearray  # a part packed here is built up in place
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
            data += packer.compress(piece)
            crc, size = deflate.crc32(piece, crc), size + len(piece)
        data += packer.flush()
        flags = _UTF8_FLAG if not name.isascii() else 0
        return cls(name, bytes(data), zipfile.ZIP_DEFLATED, crc, size, flags)

    @classmethod
    def streamed(cls, name: str, chunks: Iterable[bytes]) -> RawPart:
        """A new sheet part compressed as its pieces are produced, never held whole unpacked. The
        compressing runs on a second thread (deflate lets go of the interpreter while it
        works), so producing the next piece and packing the last overlap."""
        packer = deflate.compressobj(SHEET_PACK_LEVEL, deflate.DEFLATED, -15)
        crc, size = 0, 0

        def pack(chunk: bytes) -> bytes:
            nonlocal crc, size
            crc, size = deflate.crc32(chunk, crc), size + len(chunk)
            return packer.compress(chunk)

        # Appended to in place (a large buffer grows by remapping, not copying): the
        # packed part is never held twice, as a list of pieces and their join.
        packed = bytearray()
        with ThreadPoolExecutor(max_workers=1) as worker:  # one worker: pieces in order
            pending: deque[Future[bytes]] = deque()
            for chunk in chunks:
                pending.append(worker.submit(pack, chunk))
                while len(pending) > 1:  # bounded: one piece packs while the next is made
                    packed += pending.popleft().result()
            for done in pending:
                packed += done.result()
        packed += packer.flush()
        flags = _UTF8_FLAG if not name.isascii() else 0
        return cls(name, packed, zipfile.ZIP_DEFLATED, crc, size, flags)


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


# --- reading guards: sizes, ratios and honest streams, checked before anything is parsed ---

RATIO_FLOOR = 1 << 20  # a part this small may compress as well as it likes
_CHUNK = 1 << 16
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def check_archive(archive: zipfile.ZipFile, data: bytes, limits: Limits, name: str) -> None:
    """Refuse a package whose parts are too many, too large, too compressed, named twice
    (OPC ignores case), or whose XML parts unpack to other than their recorded size.

    `limits` is a config.Limits. Python's zipfile stops at a part's recorded size, but
    other readers (calamine) inflate until the stream ends, so every XML part's stream is
    inflated here once, in bounded steps, and must end exactly at its recorded size and
    checksum. Its prolog must not declare a document type (entity bombs live there).
    """
    from skillsync.backends.xlsx.package import damaged

    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise _too_big(name, f"has {len(infos):,} parts (the [limits] max_parts setting is "
                             f"{limits.max_parts:,})")
    total, seen = 0, set()
    for info in infos:
        folded = info.filename.casefold()
        if folded in seen:
            raise damaged(name, info.filename, "is stored twice (names differ only in case)")
        if info.flag_bits & _ENCRYPTED_FLAG:  # Excel encrypts a whole file, never a part
            raise damaged(name, info.filename, "is marked as encrypted, which Excel never does")
        seen.add(folded)
        _check_size(info, limits, name)
        total += info.file_size
        if total > limits.max_total_mb << 20:
            raise _too_big(name, f"unpacks to more than {limits.max_total_mb:,} MB (the "
                                 "[limits] max_total_mb setting)")
    for info in infos:
        if info.filename.lower().endswith(_XML_SUFFIXES):
            verify_stream(data, info, name)


def _check_size(info: zipfile.ZipInfo, limits: Limits, name: str) -> None:
    if info.file_size > limits.max_part_mb << 20:
        raise _too_big(name, f"has a part ({info.filename}) of {info.file_size >> 20:,} MB "
                             f"unpacked (the [limits] max_part_mb setting is "
                             f"{limits.max_part_mb:,})")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
        raise _too_big(name, f"has a part ({info.filename}) compressed {ratio:,.0f} to 1, "
                             "like a zip bomb (the [limits] max_ratio setting is "
                             f"{limits.max_ratio:,})")


def _too_big(name: str, what: str):
    from skillsync.errors import NotAWorkbook

    return NotAWorkbook(f"{name} {what}; skillsync does not read it — raise the limit in "
                        "skillsync.toml if the workbook is genuine")


def verify_stream(data: bytes, info: zipfile.ZipInfo, name: str) -> None:
    """Inflate one part in bounded steps: it must end at its recorded size and checksum."""
    from skillsync.backends.xlsx import xmlscan
    from skillsync.backends.xlsx.package import damaged

    chunks = _unpacked(data, info, name)
    size, crc, head = 0, 0, b""
    try:
        for chunk in chunks:
            size += len(chunk)
            crc = deflate.crc32(chunk, crc)
            if len(head) < 65_536:
                head += chunk[: 65_536 - len(head)]
    except deflate.ERRORS as exc:
        raise damaged(name, info.filename, f"cannot be unpacked ({exc})") from exc
    if size != info.file_size or crc != info.CRC:
        raise damaged(name, info.filename, "does not unpack to its recorded size and checksum")
    if xmlscan.has_doctype(head):
        raise damaged(name, info.filename, "declares a document type, which Excel never writes")


# Parts read again after `check_archive` are read from the package's bytes here rather
# than through zipfile, which inflates with the standard zlib at about half zlib-ng's speed
# (a 24 MB shared-strings part: 43 ms against 17 ms). Their size and checksum are checked
# again; a mismatch raises zipfile's own error, as zipfile would.

def read_part(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """A part's content, in one piece."""
    raw = _stored_bytes(data, info, "the workbook")
    if info.compress_type == zipfile.ZIP_DEFLATED:
        content = deflate.decompressobj(-15).decompress(raw, info.file_size + 1)
    elif info.compress_type == zipfile.ZIP_STORED:
        content = bytes(raw[: info.file_size + 1])
    else:
        raise zipfile.BadZipFile(f"{info.filename} uses compression method "
                                 f"{info.compress_type}, which Excel never writes")
    _check_unpacked(info, len(content), deflate.crc32(content))
    return content


def count_in_part(data: bytes, info: zipfile.ZipInfo, token: bytes) -> int:
    """How often `token` occurs in a part, inflated a piece at a time (a large part is
    never held whole)."""
    count, carry, size, crc = 0, b"", 0, 0
    for chunk in _unpacked(data, info, "the workbook"):
        size, crc = size + len(chunk), deflate.crc32(chunk, crc)
        window = carry + chunk  # a token may straddle two pieces
        count += window.count(token)
        carry = window[-(len(token) - 1):]  # too short to hold a whole token again
    _check_unpacked(info, size, crc)
    return count


def _check_unpacked(info: zipfile.ZipInfo, size: int, crc: int) -> None:
    if size != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile(f"{info.filename} does not unpack to its recorded size and "
                                 "checksum")


def _unpacked(data: bytes, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """A part's content in pieces, from its stored bytes (inflating raises deflate.ERRORS)."""
    from skillsync.backends.xlsx.package import damaged

    raw = _stored_bytes(data, info, name)
    if info.compress_type == zipfile.ZIP_STORED:
        if len(raw) != info.file_size:
            raise damaged(name, info.filename, "is shorter than recorded")
        return iter([raw[: info.file_size]])
    if info.compress_type == zipfile.ZIP_DEFLATED:
        return _inflated(raw, info.file_size)
    raise damaged(name, info.filename, f"uses compression method {info.compress_type}, "
                                       "which Excel never writes")


def _stored_bytes(data: bytes, info: zipfile.ZipInfo, name: str) -> memoryview:
    from skillsync.backends.xlsx.package import damaged

    header = data[info.header_offset: info.header_offset + _LOCAL.size]
    if len(header) < _LOCAL.size or header[:4] != _LOCAL_SIG:
        raise damaged(name, info.filename, "has no valid zip header")
    fields = _LOCAL.unpack(header)
    start = info.header_offset + _LOCAL.size + fields[9] + fields[10]
    if start + info.compress_size > len(data):
        raise damaged(name, info.filename, "is cut short (the file is truncated)")
    return memoryview(data)[start: start + info.compress_size]


def _inflated(raw: memoryview, size: int):
    """Chunks of the inflated stream; more than `size` bytes, or a broken stream, raises."""
    inflater = deflate.decompressobj(-15)
    produced = 0
    for at in range(0, len(raw), _CHUNK):
        pending = bytes(raw[at: at + _CHUNK])
        while pending:
            chunk = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            produced += len(chunk)
            if produced > size:
                raise deflate.error("the part unpacks to more than its recorded size")
            yield chunk
            if inflater.eof:
                return
    yield inflater.flush()
