"""Name keys (names.name_key) of a whole column at once.

Most names are plain ASCII: for them the folding name_key does name by name (case,
apostrophes, hyphens, anything not a letter) is done once on all of them joined into one
text, and each distinct word is looked up once (nickname, title, umlaut spelling); only
sorting each name's words is left per name. Any other name (accents, another script, a
line break) is keyed by name_key itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from skillsync.core.names import NICKNAMES, TITLES, fold_umlauts, name_key

_NOT_LETTERS = re.compile(r"[^a-z \n]+")  # as names._NOT_LETTERS, the line breaks kept
_DROPPED = str.maketrans({"'": None, "`": None, "-": " "})


def name_keys(names: Sequence[Any]) -> list[str]:
    """`name_key(n) if n else ""` for each of `names`, in order."""
    if set(map(type, names)) <= {str}:
        text = "\n".join(names)
        if text.isascii() and text.count("\n") == len(names) - 1:  # every name plain
            return _plain_keys(text)
    keys: list[str] = [""] * len(names)
    plain = [i for i, n in enumerate(names) if _plain(n)]
    if plain:
        for i, key in zip(plain, _plain_keys("\n".join([names[i] for i in plain])),
                          strict=True):
            keys[i] = key
    if len(plain) < len(names):
        for i, name in enumerate(names):
            if name and not _plain(name):
                keys[i] = name_key(name)
    return keys


def _plain(name: Any) -> bool:
    return name.__class__ is str and name.isascii() and "\n" not in name


def _plain_keys(text: str) -> list[str]:
    """The keys of ASCII names without line breaks, given as one text, a name a line."""
    text = _NOT_LETTERS.sub(" ", text.lower().translate(_DROPPED))
    lookup = _Words().__getitem__
    keys = []
    add = keys.append
    for line in text.split("\n"):
        kept = sorted(filter(None, map(lookup, line.split())))  # "" does not count
        add(" ".join(kept) if len(kept) >= 2 else "")
    return keys


class _Words(dict):
    """A folded word -> what it counts as in a key ("" when it does not count: initials
    and titles), each worked out the first time it is met."""

    def __missing__(self, word: str) -> str:
        if len(word) <= 1 or word in TITLES:
            found = ""
        else:
            found = NICKNAMES.get(word, word)
            found = fold_umlauts(found) if "e" in found else found
        self[word] = found
        return found
