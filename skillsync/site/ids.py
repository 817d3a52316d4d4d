"""People's ids in the atlas: what a link to someone's page carries, person.html#p=<id>.

A person keyed by e-mail is known by that address, which their page shows anyway; with
e-mails restricted, by their place in the sheet (p1, p2, ...), which says nothing of it.
A person keyed by name (a sheet without e-mails) is known by a slug of the name, never by
the sync's key (`name:ana lima`: a colon and a space, and an internal spelling).

A name id is a function of the name alone, so a link stays valid night after night and
never comes to mean someone else when people join or leave: the name written exactly as
its slug ("ana lima") is "ana-lima"; any other name ("José Lima", "Ana-Lima", "王伟")
loses something in its slug, so a short hash of the name follows after two hyphens
("jose-lima--c70edd"), and two names sharing a slug are told apart by it. A name's own
slug never holds two hyphens in a row, so no name ("jose lima c70edd") can take the id
another's hash gives.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence

from skillsync.core.emails import NAME_KEY

SLUG_CHARS = 60
HASH_CHARS = 6  # 16.7 million values: a clash among names of one slug is lengthened away
NO_LETTERS = "person"  # the slug of a name without a Latin letter or digit
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Letters NFKD does not split into an ASCII letter and a mark (the name is casefolded).
_OWN_LETTERS = str.maketrans({"ł": "l", "đ": "d", "ħ": "h", "ı": "i", "ŀ": "l", "ø": "o",
                              "ŧ": "t", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th"})


def person_ids(keys: Sequence[str], hide_email: bool) -> list[str]:
    """Each person's id, in the order of their (distinct) keys."""
    by_name = name_ids(k for k in keys if is_name_key(k))
    return [by_name.get(key) or (f"p{i + 1}" if hide_email else key)
            for i, key in enumerate(keys)]


def is_name_key(key: str) -> bool:
    return key.startswith(NAME_KEY)


def name_ids(keys: Iterable[str]) -> dict[str, str]:
    """key -> id for people keyed by name: the slug when it is the name itself, else the
    slug and a hash of the name; in key order, so a lengthened hash is the same each run."""
    names = {key: key[len(NAME_KEY):] for key in keys}
    found = {key: slug for key, name in names.items() if (slug := slug_of(name))
             and slug.replace("-", " ") == name}
    taken = set(found.values())
    for key in sorted(names.keys() - found.keys()):
        found[key] = _hashed(names[key], taken)
        taken.add(found[key])
    return found


def slug_of(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: accents dropped, other scripts left out."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_OWN_LETTERS))
    words = _NOT_SLUG.sub("-", folded.encode("ascii", "ignore").decode())
    return words.strip("-")[:SLUG_CHARS].rstrip("-")


def _hashed(name: str, taken: set[str]) -> str:
    """The name's slug and the first hex digits of its hash not yet taken by another id."""
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
    base = slug_of(name) or NO_LETTERS
    size = HASH_CHARS
    while f"{base}--{digest[:size]}" in taken and size < len(digest):
        size += 2
    return f"{base}--{digest[:size]}"
