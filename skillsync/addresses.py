"""One e-mail address as written in the settings: strictly one, or a clear reason why not.

`email.utils.parseaddr` is forgiving: "a@x, b@x" gives a@x and silently drops b@x, and a
garbled "Skills <a@x> <b@y>" can come out as another sender. Settings choose who receives
personal data and who the mail claims to be from, so here nothing is guessed.
"""

from __future__ import annotations

MAX_LENGTH = 320  # 64 for the local part, 255 for the domain, and the @
_NOT_IN_ADDRESS = set(' \t<>(),;:"[]\\')


class AddressError(ValueError):
    """str() says, in a few words, what is wrong with the address."""


def parse_one(text: str) -> tuple[str, str]:
    """(display name, address) from 'name@host' or 'Display Name <name@host>'."""
    value = text.strip()
    if not value:
        raise AddressError("is empty")
    if len(value) > MAX_LENGTH + 200:
        raise AddressError("is too long to be an e-mail address")
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value):
        raise AddressError("holds control characters")
    if "<" not in value and ">" not in value:
        return "", _spec(value)
    if value.count("<") != 1 or value.count(">") != 1 or not value.endswith(">"):
        raise AddressError("must be one address, as 'name@host' or 'Name <name@host>'")
    name, _, rest = value.partition("<")
    return _display(name.strip()), _spec(rest[:-1].strip())


def _display(name: str) -> str:
    if len(name) >= 2 and name[0] == name[-1] == '"':
        inner = name[1:-1]
        if '"' in inner.replace('\\"', ""):
            raise AddressError("has unbalanced quotes in its display name")
        return inner.replace('\\"', '"')
    if any(c in name for c in ',;@"'):
        raise AddressError("looks like several addresses; write a list such as "
                           '["a@example.com", "b@example.com"]')
    return name


def _spec(spec: str) -> str:
    if "," in spec or ";" in spec or spec.count("@") > 1:
        raise AddressError("looks like several addresses; write a list such as "
                           '["a@example.com", "b@example.com"]')
    local, at, domain = spec.rpartition("@")
    if not at or not local or not domain or len(spec) > MAX_LENGTH:
        raise AddressError("is not an e-mail address")
    if _NOT_IN_ADDRESS.intersection(spec) or domain.startswith(".") or domain.endswith("."):
        raise AddressError("is not an e-mail address")
    return spec
