"""Reading a package's parts from its bytes, guarded: sizes, ratios and honest streams,
checked before anything is parsed.

A zip's directory can lie (a part recorded small that inflates without end), and readers
differ in how far they trust it, so the streams are checked here once, in bounded steps,
and parts read again are inflated straight from the package's bytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from skillsync import deflate
from skillsync.backends.xlsx.zipparts import LOCAL_HEADER, LOCAL_SIG

if TYPE_CHECKING:
    from skillsync.config import Limits

_ENCRYPTED_FLAG = 0x1

RATIO_FLOOR = 1 << 20  # a part this small may compress as well as it likes
_CHUNK = 1 << 16
# Whole parts are inflated in steps this large: bounded memory, and fewer calls (checking
# a nightly 100k workbook's package took 0.36 s in 64 KB steps, 0.31 s in 4 MB steps).
_STEP = 4 << 20
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_HEAD = 65_536  # bytes of a part looked into for a document type (xmlscan.PROLOG_LIMIT)


def check_archive(archive: zipfile.ZipFile, data: bytes, limits: Limits, name: str) -> None:
    """Refuse a package whose parts are too many, too large, too compressed, named twice
    (OPC ignores case), or whose XML parts unpack to other than their recorded size.

    `limits` is a config.Limits. Python's zipfile stops at a part's recorded size, but
    other readers (calamine) inflate until the stream ends, so every XML part's stream is
    inflated here once, in bounded steps, and must end exactly at its recorded size and
    checksum. Its prolog must not declare a document type (entity bombs live there).
    """
    check_directory(archive, limits, name)
    verify_streams(data, archive, name)


def check_directory(archive: zipfile.ZipFile, limits: Limits, name: str) -> None:
    """`check_archive`'s checks of what the zip's directory records, inflating nothing."""
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
        if info.flag_bits & _ENCRYPTED_FLAG:  # Excel and LibreOffice encrypt otherwise
            raise damaged(name, info.filename,
                          "is marked as encrypted, which no spreadsheet program does")
        seen.add(folded)
        _check_size(info, limits, name)
        total += info.file_size
        if total > limits.max_total_mb << 20:
            raise _too_big(name, f"unpacks to more than {limits.max_total_mb:,} MB (the "
                                 "[limits] max_total_mb setting)")


def verify_streams(data: bytes, archive: zipfile.ZipFile, name: str,
                   later: Collection[str] = ()) -> list[zipfile.ZipInfo]:
    """`check_archive`'s checks of the XML parts' streams (`verify_stream`), after
    `check_directory`; those named in `later` are left, for the caller to verify before
    anything reads them (`verify_stream`, `verified_part`), and returned."""
    left = []
    for info in archive.infolist():
        if not info.filename.lower().endswith(_XML_SUFFIXES):
            continue
        if info.filename in later:
            left.append(info)
        else:
            verify_stream(data, info, name)
    return left


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
    from skillsync.backends.xlsx.package import damaged

    chunks = _unpacked(data, info, name, _STEP)
    size, crc, head = 0, 0, b""
    try:
        for chunk in chunks:
            size += len(chunk)
            crc = deflate.crc32(chunk, crc)
            if len(head) < _HEAD:
                head += chunk[: _HEAD - len(head)]
    except deflate.ERRORS as exc:
        raise damaged(name, info.filename, f"cannot be unpacked ({exc})") from exc
    if size != info.file_size or crc != info.CRC:
        raise damaged(name, info.filename, "does not unpack to its recorded size and checksum")
    _refuse_doctype(head, info, name)


def verified_part(data: bytes, info: zipfile.ZipInfo, name: str) -> bytes:
    """A part's content in one piece, verified as `verify_stream` verifies it: for a part
    about to be read whole anyway, one inflating instead of two."""
    content = read_part(data, info)
    _refuse_doctype(content[:_HEAD], info, name)
    return content


def _refuse_doctype(head: bytes, info: zipfile.ZipInfo, name: str) -> None:
    from skillsync.backends.xlsx import xmlscan
    from skillsync.backends.xlsx.package import damaged

    if xmlscan.has_doctype(head):
        raise damaged(name, info.filename,
                      "declares a document type, which no spreadsheet program writes")


# Parts read again after `check_archive` are read from the package's bytes here rather
# than through zipfile, which inflates with the standard zlib at about half zlib-ng's speed
# (a 24 MB shared-strings part: 43 ms against 17 ms). Their size and checksum are checked
# again; a mismatch raises zipfile's own error, as zipfile would.

def read_part(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """A part's content, in one piece."""
    raw = stored_bytes(data, info, "the workbook")
    if info.compress_type == zipfile.ZIP_DEFLATED:
        content = deflate.decompressobj(-15).decompress(raw, info.file_size + 1)
    elif info.compress_type == zipfile.ZIP_STORED:
        content = bytes(raw[: info.file_size + 1])
    else:
        raise zipfile.BadZipFile(f"{info.filename} uses compression method "
                                 f"{info.compress_type}, which no spreadsheet program writes")
    _check_unpacked(info, len(content), deflate.crc32(content))
    return content


def part_head(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The first bytes of a part (up to 64 KB), inflated without inflating the rest."""
    return next(iter(_unpacked(data, info, "the workbook")), b"")


_LONGEST_TAG = 1 << 16  # bytes from a '<' beyond which no cell's tag reaches


def tag_regions(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part's content inflated a piece at a time, each piece cut before its last '<'
    (the rest starts the next): a tag is never split between two, nor a text node, which
    holds no '<'. A piece with no '<' in its last _LONGEST_TAG bytes is not cut."""
    carry, size, crc = b"", 0, 0
    for chunk in _unpacked(data, info, "the workbook", _STEP):
        size, crc = size + len(chunk), deflate.crc32(chunk, crc)
        window = carry + chunk
        cut = window.rfind(b"<")
        if cut < 0 or len(window) - cut > _LONGEST_TAG:
            cut = len(window)
        yield window[:cut]
        carry = window[cut:]
    yield carry
    _check_unpacked(info, size, crc)


def _check_unpacked(info: zipfile.ZipInfo, size: int, crc: int) -> None:
    if size != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile(f"{info.filename} does not unpack to its recorded size and "
                                 "checksum")


def _unpacked(data: bytes, info: zipfile.ZipInfo, name: str, step: int = _CHUNK
              ) -> Iterator[bytes]:
    """A part's content in pieces of up to `step` bytes, from its stored bytes (inflating
    raises deflate.ERRORS)."""
    from skillsync.backends.xlsx.package import damaged

    raw = stored_bytes(data, info, name)
    if info.compress_type == zipfile.ZIP_STORED:
        if len(raw) != info.file_size:
            raise damaged(name, info.filename, "is shorter than recorded")
        return iter([raw[: info.file_size]])
    if info.compress_type == zipfile.ZIP_DEFLATED:
        return deflate.inflated(raw, info.file_size, _larger, wbits=deflate.RAW, piece=step,
                                step=step)
    raise damaged(name, info.filename, f"uses compression method {info.compress_type}, "
                                       "which no spreadsheet program writes")


def stored_bytes(data: bytes, info: zipfile.ZipInfo, name: str) -> memoryview:
    start, end = stored_span(data, info, name)
    return memoryview(data)[start:end]


def stored_span(data: bytes, info: zipfile.ZipInfo, name: str) -> tuple[int, int]:
    """Where a part's stored (packed) bytes start and end in `data`, after its local header."""
    from skillsync.backends.xlsx.package import damaged

    header = data[info.header_offset: info.header_offset + LOCAL_HEADER.size]
    if len(header) < LOCAL_HEADER.size or header[:4] != LOCAL_SIG:
        raise damaged(name, info.filename, "has no valid zip header")
    fields = LOCAL_HEADER.unpack(header)
    if not _named_alike(data, info, fields[9], fields[2]):  # zipfile would refuse it
        raise damaged(name, info.filename, "is named differently in its own header than in "
                                           "the zip's directory")
    start = info.header_offset + LOCAL_HEADER.size + fields[9] + fields[10]
    if start + info.compress_size > len(data):
        raise damaged(name, info.filename, "is cut short (the file is truncated)")
    return start, start + info.compress_size


def _named_alike(data: bytes, info: zipfile.ZipInfo, length: int, flags: int) -> bool:
    """Whether the part's local header (its name `length` bytes long, its `flags`) names it
    as the directory does, as zipfile checks it."""
    at = info.header_offset + LOCAL_HEADER.size
    raw = data[at: at + length]
    local = raw.decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
    return local == info.orig_filename


def _larger() -> Exception:
    return deflate.error("the part unpacks to more than its recorded size")
