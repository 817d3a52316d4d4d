"""Mentor pairs are kept as columns and a Pair is made only when read: the few per skill
in the Learning tab, the few of a team in the digest. What they show must be exactly what
the list of every pair, filtered and cut the plain way, shows."""

import random
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from skillsync.core import mentoring
from skillsync.core.pairtable import Pair, PairTable

SKILLS = ["NLP", "nlp", "Nlp", "Straße", "STRASSE", "e\u0301", "\u00e9", "", "C++", "x" * 300]
NAMES = ["Ana", "ana", "", "Zoë", "Zoe\u0308", "İris", "\ud800", "Bo"]


def _table(rng: random.Random, size: int) -> tuple[PairTable, list[Pair]]:
    """Random pairs, each text field kept as an array, or as places among its values (the
    values distinct, or not: a text twice)."""
    pairs = [Pair(rng.choice(SKILLS), rng.randint(0, 30), rng.choice(NAMES), rng.choice(NAMES),
                  rng.randint(0, 30), rng.choice(NAMES), rng.choice(NAMES), rng.randint(1, 5))
             for _ in range(size)]
    columns = []
    for field, kind in zip(Pair._fields, (str, int, str, str, int, str, str, int), strict=True):
        values = [getattr(p, field) for p in pairs]
        if kind is int:
            columns.append(np.array(values, dtype=np.int64))
        elif rng.random() < 0.5:
            columns.append(np.array(values, dtype=object))
        else:
            texts = list(dict.fromkeys(values)) * rng.choice([1, 2])
            rng.shuffle(texts)
            places = [rng.choice([i for i, t in enumerate(texts) if t == v]) for v in values]
            columns.append((np.array(texts, dtype=object), np.array(places, dtype=np.intp)))
    return PairTable(*columns), pairs


@pytest.mark.parametrize("seed", range(30))
def test_first_by_skill_is_the_plain_grouping_cut(seed):
    rng = random.Random(seed)
    table, pairs = _table(rng, rng.choice([1, 2, 5, 40, 300]))
    plain: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        plain[pair.skill].append(pair)
    for shown in (0, 1, 3, 1000):
        found = table.first_by_skill(shown)
        assert list(found) == list(plain)
        assert found == {skill: (listed[:shown], len(listed)) for skill, listed in plain.items()}
        assert all(type(v) is type(w) for skill in found for p, q in zip(
            found[skill][0], plain[skill], strict=False) for v, w in zip(p, q, strict=True))


@pytest.mark.parametrize("seed", range(30))
def test_first_of_some_learners_is_the_plain_filter_cut(seed):
    rng = random.Random(seed)
    table, pairs = _table(rng, rng.choice([1, 3, 50, 400]))
    for learners in (None, frozenset(), frozenset(rng.sample(range(40), 5)),
                     frozenset(range(40)), {pairs[0].learner}):
        kept = [p for p in pairs if learners is None or p.learner in learners]
        for shown in (0, 1, 12, 10_000):
            assert table.first_of(learners, shown) == (kept[:shown], len(kept))
    assert table.all() == tuple(pairs)
    again, _ = _table(random.Random(seed), len(pairs))
    assert (again == table) == (again.all() == table.all())


def test_no_pairs():
    table = PairTable(*(np.array([], dtype=object) for _ in Pair._fields))
    assert table.all() == () and table.first_by_skill(3) == {}
    assert table.first_of(None, 3) == ([], 0) and table.first_of({1}, 3) == ([], 0)


def test_mentoring_reads_its_pairs_from_the_table():
    people = pd.DataFrame({"name": ["Ana", "Bo", "Cy", "Di"], "team": ["A", None, "B", "A"]},
                          index=[10, 11, 12, 13])
    held = pd.DataFrame({"person": [10, 11, 12], "skill": ["NLP", "NLP", "Go"],
                         "level": [5, 4, 5]})
    learners = pd.DataFrame({"person": [12, 13, 13, 10], "skill": ["NLP", "NLP", "Go", "Go"]})
    found = mentoring.pair(people, held, learners, min_level=4, max_mentees=1)
    assert found.pairs == tuple(found.table.all())
    assert [tuple(p) for p in found.pairs] == [
        ("Go", 10, "Ana", "A", 12, "Cy", "B", 5), ("NLP", 12, "Cy", "B", 10, "Ana", "A", 5),
        ("NLP", 13, "Di", "A", 11, "Bo", "", 4)]
    assert [type(v) for v in found.pairs[0]] == [str, int, str, str, int, str, str, int]
    assert [(u.learner_name, u.skill) for u in found.unpaired] == [("Di", "Go")]
    assert found.first_by_skill(1)["NLP"] == ([found.pairs[1]], 2)
