"""Reading an e-mail cell: the person key, and whether it is a usable address (pure,
cached where values repeat)."""

from __future__ import annotations

import re
import unicodedata

from skillsync.core import memos
from skillsync.core.cells import BLANK_WORDS, CACHED_LENGTH, INVISIBLE
from skillsync.core.codes import Code

# Without an e-mail column a person is keyed by their name, folded, after this prefix: a
# key to merge and compare by, never an address to show.
NAME_KEY = "name:"


def shown_email(key: str | None) -> str:
    """A person's key as an e-mail column shows it: blank for a key by name."""
    return "" if not key or key.startswith(NAME_KEY) else key

# Linear patterns, as for all cell text (see cells.py): possessive runs stop at the next
# delimiter, so a failed match never rescans what it read.
_ANGLED = re.compile(r"<([^<>@]++@[^<>]++)>")
_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]++@[^@\s<>(),;:\"\[\]]++")  # the dot: see email_problem


def normalize_email(value: str) -> str:
    """The person key: NFKC, no invisible characters or surrounding spaces, no mailto:,
    the address alone when written as 'Jane Doe <jane@x.com>', lower case."""
    return _normalize_email(value) if len(value) <= CACHED_LENGTH else email_key(value)


@memos.per_value(maxsize=131072)
def _normalize_email(value: str) -> str:
    return email_key(value)


def email_key(value: str) -> str:
    """normalize_email without the memo: for values met once (a column's distinct values),
    where remembering costs more than it saves."""
    # ASCII text is in NFKC form already and holds no invisible character.
    text = (value if value.isascii()
            else INVISIBLE.sub("", unicodedata.normalize("NFKC", value))).strip()
    angled = _ANGLED.search(text)
    if angled:
        text = angled.group(1).strip()
    if text[:7].casefold() == "mailto:":
        text = text[7:].strip()
    return text.strip("<>").strip().casefold()


# An address already in its own normalised form and usable: lower-case ASCII, nothing to
# strip or unwrap, a local part of at most 64 characters without stray dots, a domain of
# letters, digits and inner hyphens. Most cells of an e-mail column look like this.
_PLAIN_ADDRESS = re.compile(r"(?=[^@]{1,64}@)[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*"
                            r"@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")


def plain_address(text: str) -> bool:
    """Whether `text` is its own key and a usable address: `normalize_email` would change
    nothing and `email_problem` finds nothing (a shortcut; tests/test_core_cells.py checks
    it against the full path on generated addresses)."""
    return len(text) <= 255 and _PLAIN_ADDRESS.fullmatch(text) is not None


def plain_addresses(texts: list[str]) -> list[bool]:
    """`[plain_address(text) for text in texts]`, the pattern run over the list from C."""
    return [found is not None and len(text) <= 255
            for found, text in zip(map(_PLAIN_ADDRESS.fullmatch, texts), texts, strict=True)]


def email_problem(key: str) -> str | None:
    """None when `key` (already normalised) is a usable address, else a problem code."""
    if not key or key in BLANK_WORDS:
        return Code.MISSING_EMAIL
    if not _EMAIL.fullmatch(key) or not _plausible_address(key):
        return Code.INVALID_EMAIL
    return None


def _plausible_address(key: str) -> bool:
    """An address a mail server would take: a local part of at most 64 characters without
    stray dots, and a domain of letters, digits and inner hyphens with a dot inside it."""
    local, _, domain = key.rpartition("@")
    labels = domain.split(".")
    return (0 < len(local) <= 64 and len(domain) <= 255 and ".." not in local
            and not local.startswith(".") and not local.endswith(".") and len(labels) >= 2
            and all(label and label[0] != "-" and label[-1] != "-" for label in labels)
            and labels[-1].isalpha() and len(labels[-1]) >= 2)
