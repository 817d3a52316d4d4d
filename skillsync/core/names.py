"""Person-name keys: order, case, accents, transliteration and nicknames folded away."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from skillsync.core import memos

# Nickname -> the name it stands for; a few forms share one key where the long form is unsure.
NICKNAMES = {
    "bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert", "bert": "robert",
    "bill": "william", "billy": "william", "will": "william", "willy": "william", "liam": "william",
    "liz": "elizabeth", "lizzy": "elizabeth", "beth": "elizabeth", "betty": "elizabeth",
    "eliza": "elizabeth", "jim": "james", "jimmy": "james", "jamie": "james",
    "mike": "michael", "mick": "michael", "mikey": "michael", "kate": "katherine",
    "katie": "katherine", "kathy": "katherine", "catherine": "katherine", "cathy": "katherine",
    "kathryn": "katherine", "tom": "thomas", "tommy": "thomas", "dave": "david",
    "davey": "david", "dan": "daniel", "danny": "daniel", "chris": "christopher",
    "matt": "matthew", "nick": "nicholas", "nicky": "nicholas", "nico": "nicholas",
    "steve": "stephen", "steven": "stephen", "tony": "anthony", "andy": "andrew",
    "drew": "andrew", "ben": "benjamin", "benji": "benjamin", "joe": "joseph", "joey": "joseph",
    "jen": "jennifer", "jenny": "jennifer", "meg": "margaret", "maggie": "margaret",
    "peggy": "margaret", "rick": "richard", "rich": "richard", "dick": "richard",
    "greg": "gregory", "ed": "edward", "eddie": "edward", "ted": "edward", "fred": "frederick",
    "jon": "john", "johnny": "john", "jack": "john", "alex": "alexander", "sasha": "alexander",
    "sam": "samuel", "pat": "patrick", "vicky": "victoria", "tori": "victoria", "abby": "abigail",
    "sue": "susan", "susie": "susan", "suzanne": "susan", "becky": "rebecca", "jess": "jessica",
    "jessie": "jessica", "chuck": "charles", "charlie": "charles", "hank": "henry",
    "harry": "henry", "al": "albert", "tim": "timothy", "timmy": "timothy", "ken": "kenneth",
    "kenny": "kenneth", "larry": "lawrence", "len": "leonard", "leo": "leonard",
    "ron": "ronald", "ronnie": "ronald", "don": "donald", "gabe": "gabriel", "max": "maximilian",
    "manny": "manuel", "pepe": "jose", "paco": "francisco", "pancho": "francisco",
    "misha": "mikhail", "dima": "dmitry", "dmitri": "dmitry", "kolya": "nikolai",
    "vova": "vladimir", "volodya": "vladimir", "zhenya": "evgeny", "yevgeny": "evgeny",
}
_NOT_LETTERS = re.compile(r"[^a-z ]+")
_APOSTROPHES = re.compile(r"['’`´]")
_UMLAUT_SPELLINGS = (("ae", "a"), ("oe", "o"), ("ue", "u"))  # Müller = Mueller = Muller
TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "prof", "jr", "sr", "phd", "md", "ii",
                    "iii", "iv", "sir", "dame"})


CACHED_LENGTH = 1000  # longer names are not worth remembering (and would fill the cache)


def name_key(name: str) -> str:
    """'Zhang, Wei' and 'wei ZHANG' -> 'wei zhang'; 'Bob Søren-Łukasz' -> 'lukasz robert soren'.

    Initials are dropped so "John A. Smith" meets "John Smith"; an empty key means "no name".
    Names in Chinese, Japanese or Korean script are written without spaces and their order
    is fixed, so their key is their characters: '刘玉' and '刘 玉' meet.
    """
    return _cached_key(name) if len(name) <= CACHED_LENGTH else _name_key(name)


@memos.per_value(maxsize=131072)
def _cached_key(name: str) -> str:
    return _name_key(name)


def _name_key(name: str) -> str:
    if not name.isascii():
        script = _cjk_key(name)
        if script is not None:
            return script
        name = anyascii(unicodedata.normalize("NFKC", name))
    ascii_name = name.casefold()
    if "'" in ascii_name or "`" in ascii_name or not ascii_name.isascii():
        ascii_name = _APOSTROPHES.sub("", ascii_name)  # O'Brien, and Cyrillic soft signs
    ascii_name = ascii_name.replace("-", " ")
    # Most names are letters and spaces already: nothing for the pattern to blank out.
    if not ascii_name.replace(" ", "").isalpha() or not ascii_name.isascii():
        ascii_name = _NOT_LETTERS.sub(" ", ascii_name)
    tokens = [NICKNAMES.get(t, t) for t in ascii_name.split() if len(t) > 1 and t not in TITLES]
    tokens = [fold_umlauts(t) if "e" in t else t for t in tokens]
    return " ".join(sorted(tokens)) if len(tokens) >= 2 else ""


# Han, kana, Hangul (syllables and jamo) and the CJK compatibility block.
_CJK = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
                  "\uac00-\ud7af\uf900-\ufaff]")
_NOT_CJK = re.compile("[\\s\u00b7\u30fb,.()\\-]+")  # spaces, middle dots, punctuation


def _cjk_key(name: str) -> str | None:
    """The key of a name written in CJK script, or None when it is not one."""
    text = unicodedata.normalize("NFKC", name)
    if not _CJK.search(text):
        return None
    key = _NOT_CJK.sub("", text)
    return key if len(key) >= 2 and all(_CJK.match(c) for c in key) else None


def _tokens(name: str) -> list[str]:
    ascii_name = (name if name.isascii() else anyascii(unicodedata.normalize("NFKC", name)))
    ascii_name = _APOSTROPHES.sub("", ascii_name.casefold())
    return [t for t in _NOT_LETTERS.sub(" ", ascii_name.replace("-", " ")).split()
            if t not in TITLES]


@memos.per_value(maxsize=131072)
def is_initialled(name: str) -> bool:
    """'J. Smith', 'Smith, J': one full name and initials only."""
    tokens = _tokens(name)
    full = [t for t in tokens if len(t) > 1]
    return len(full) == 1 and len(tokens) >= 2


@memos.per_value(maxsize=131072)
def initial_keys(name: str) -> tuple[str, ...]:
    """'J. Smith' -> ('smith j',); 'John Smith' -> ('smith j', 'john s'): a surname with
    the other name's first letter, for meeting names written with an initial."""
    if not name.isascii() and _cjk_key(name) is not None:
        return ()
    tokens = _tokens(name)
    full = [fold_umlauts(NICKNAMES.get(t, t)) for t in tokens if len(t) > 1]
    initials = [t for t in tokens if len(t) == 1]
    if len(full) == 1 and initials:
        return (f"{full[0]} {initials[0]}",)
    if len(full) == 2:
        return (f"{full[1]} {full[0][0]}", f"{full[0]} {full[1][0]}")
    return ()


def initial_keys_given(name: str, key: str) -> tuple[str, ...]:
    """`initial_keys(name)` (in some order), knowing `key` = name_key(name). A key holds a
    name's full names, folded and sorted: two of them give both keys as they stand (the
    pair is symmetric), more give none. Only a name with a key of "" (one full name at
    most, perhaps with initials) is read again: most people never are."""
    if not key:
        return initial_keys(name)
    first, _, second = key.partition(" ")
    if not second or " " in second:
        return ()
    return (f"{second} {first[0]}", f"{first} {second[0]}")


def fold_umlauts(token: str) -> str:
    for written, plain in _UMLAUT_SPELLINGS:
        token = token.replace(written, plain)
    return token


def numbered_namesakes(email_a: str, email_b: str) -> bool:
    """john.smith@x and john.smith2@x: numbered addresses exist to tell namesakes apart."""
    local_a, _, domain_a = email_a.partition("@")
    local_b, _, domain_b = email_b.partition("@")
    if domain_a != domain_b or local_a == local_b:
        return False
    stem_a, stem_b = without_number(local_a), without_number(local_b)
    return stem_a == stem_b and (stem_a != local_a or stem_b != local_b)


def without_number(local: str) -> str:
    """'john.smith2' -> 'john.smith': trailing digits and one separator before them.

    A loop, not a `[._-]?\\d+$` search, which restarts at every digit of a long run; an
    ASCII address's digits are stripped in one step (its only decimal digits are 0-9)."""
    if local.isascii():
        end = len(local.rstrip("0123456789"))
    else:
        end = len(local)
        while end and local[end - 1].isdecimal():
            end -= 1
    if end == len(local):
        return local
    return local[: end - 1] if end and local[end - 1] in "._-" else local[:end]
