"""Text made safe to print as one terminal line.

Whatever reaches stdout or stderr may come from a hostile source: a cell, a lock file's
owner name, an HTTP error page, an SMTP server's answer, a file name that is not UTF-8.
`one_line` turns any of it into a single, bounded line that cannot move the cursor, change
colours, rename the terminal window or reorder text: control characters (C0, C1, DEL),
escape sequences and invisible bidirectional overrides are shown as visible escapes, line
breaks and runs of spaces fold into one space, and long text is cut with a marker saying
how much was left out.
"""

from __future__ import annotations

import re
import unicodedata

LINE_LIMIT = 500  # characters; an error line longer than this is not read anyway
_BREAKS = re.compile(r"[\s\u2028\u2029\x85]+")  # any run of spacing, new lines included
# Characters a terminal acts on or that reorder what it shows: C0, DEL, C1, bidi controls.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def one_line(text: object, limit: int = LINE_LIMIT) -> str:
    """`text` as one printable line of at most `limit` characters plus a cut marker."""
    value = text if isinstance(text, str) else str(text)
    total = len(value)
    head = value[: 4 * limit]  # never scan megabytes to print a few hundred characters
    shown = _visible(_BREAKS.sub(" ", head)).strip()
    if len(shown) <= limit and len(head) == total:
        return shown
    return shown[:limit].rstrip() + f" … (cut; {total:,} characters in all)"


def _visible(value: str) -> str:
    value = _UNSAFE.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100
                        else f"\\u{ord(m.group(0)):04x}", value)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):  # undecodable bytes of a file name
        value = "".join(_surrogate(c) for c in value)
    return value


def _surrogate(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return char


def printable_path(path: object) -> str:
    """A path as text that any output can carry: bytes that are not UTF-8 become \\xNN."""
    import os

    text = os.fsdecode(path) if not isinstance(path, str) else path
    return "".join(_surrogate(c) for c in text) if not text.isascii() else text


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(text: str) -> str:
    """JSON text (as json.dumps writes it) with the characters a terminal acts on, and
    unpaired surrogates, written as \\uXXXX escapes: the same JSON, safe to print."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def is_printable_name(text: str) -> bool:
    """Whether `text` (a setting, a tab title) holds no control or unpaired surrogate."""
    return not _UNSAFE.search(text) and not any(
        unicodedata.category(c) in ("Cs", "Zl", "Zp") for c in text)
