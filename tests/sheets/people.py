"""Made-up people: distinct names (no two share a name key, no nicknames), their addresses."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

# No first name here is a nickname of another, none is also a surname, and no pair of
# (first, last) repeats, so the only same-name cases are the ones a builder means.
FIRST = (
    "Ana", "Bruno", "Chiara", "Diego", "Elif", "Farah", "Goran", "Hana", "Ines", "Jonas",
    "Kemal", "Lina", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq",
    "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zara", "Amara", "Bilal", "Carmen", "Dario",
    "Emeka", "Freya", "Hugo", "Ingrid", "Jun", "Kofi", "Lucia", "Malik", "Noor", "Olga",
)
LAST = (
    "Lima", "Okoro", "Rossi", "Fernández", "Yilmaz", "Haddad", "Petrović", "Sato", "Ortiz",
    "Berg", "Demir", "Moreau", "Silva", "Rahman", "Nilsson", "Iyer", "Laurent", "Costa",
    "Lund", "Aziz", "Novak", "Kaur", "Chen", "Mendes", "Adeyemi", "Bauer", "Castro",
    "Duarte", "Eze", "Fischer",
)
TEAMS = ("Search", "Vision", "Forecasting", "Platform", "Risk")


@dataclass(frozen=True)
class Someone:
    name: str
    email: str
    team: str


def ascii_part(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def address(first: str, last: str, domain: str = "acme.example") -> str:
    return f"{ascii_part(first)}.{ascii_part(last)}@{domain}"


def people(count: int, seed: int, teams: tuple[str, ...] = TEAMS,
           domain: str = "acme.example") -> list[Someone]:
    """`count` distinct people, spread over `teams` in turn, the same for the same seed."""
    rng = random.Random(seed)
    pairs = [(f, s) for f in FIRST for s in LAST]
    chosen = rng.sample(pairs, count)
    return [Someone(f"{first} {last}", address(first, last, domain), teams[i % len(teams)])
            for i, (first, last) in enumerate(chosen)]
