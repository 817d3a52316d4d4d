"""Same-name proposals are built for all groups at once: the values each group disagrees
on are found field by field for every group (`distinct_by_group`), and each address is
split once per block, not once per pair. Both must say exactly what the one-group,
one-pair way says, on hostile values and addresses."""

import random

import numpy as np
import pandas as pd
import pytest

from skillsync.core import namesakes
from skillsync.core.model import Layout
from skillsync.core.shown import distinct_by_group, distinct_of_shown, shown_values
from tests.test_columnar_core import plain_groups  # the pairwise rules, plainly

TEXTS = ["", " ", "Team A", "team a", "TEAM A", "Straße", "STRASSE", "e\u0301", "\u00e9",
         "İ", "\ud800", "0", "nan", "None", "x" * 3000, "A" + "\u0000"]
VALUES = [*TEXTS, None, 0.0, -0.0, 0.5, float("nan"), 1, True]


def _grouped(rng: random.Random, pool: list, groups: int) -> tuple[list[list], list[int]]:
    sizes = [rng.choice([0, 1, 2, 2, 3, 7, 25]) for _ in range(groups)]
    return [[rng.choice(pool) for _ in range(size)] for size in sizes], sizes


def _plain(groups: list[list]) -> list[tuple[str, ...]]:
    return [distinct_of_shown(group) for group in groups]


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("least", [0, 1, 2, 3])
def test_each_group_shows_what_it_shows_alone(seed, least):
    rng = random.Random(seed)
    pool = rng.choice([TEXTS, VALUES, [None], ["same"], TEXTS[:3]])
    values, sizes = _grouped(rng, pool, rng.randint(0, 30))
    flat = shown_values([v for group in values for v in group])
    shown, at = [], 0
    for size in sizes:
        shown.append(flat[at:at + size])
        at += size
    group = np.repeat(np.arange(len(sizes)), sizes)
    chosen, found = distinct_by_group(np.array(flat, dtype=object).reshape(-1), group,
                                      len(sizes), least)
    expected = {g: d for g, d in enumerate(_plain(shown)) if len(d) >= least}
    assert dict(zip(chosen.tolist(), found, strict=True)) == expected
    assert all(type(v) is str for d in found for v in d)


def test_no_groups_and_no_values():
    chosen, found = distinct_by_group(np.array([], dtype=object), np.array([], dtype=np.intp),
                                      0)
    assert chosen.tolist() == [] and found == []
    chosen, found = distinct_by_group(np.array([None, None], dtype=object), np.array([0, 2]),
                                      3)
    assert chosen.tolist() == [0, 1, 2] and found == [(), (), ()]


ADDRESSES = ["john.smith@x.example", "john.smith2@x.example", "john.smith02@x.example",
             "john.smith2@y.example", "john.smith", "john.smith2", "John.Smith3@x.example",
             "john.smith\u0663@x.example", "john.smith\uff12@x.example", "john_smith-3@x",
             "@x", "2@x", "", "a@b@c", "a2@b@c", "a@b@c2", "jöhn.smith2@x.example",
             "jöhn.smith@x.example", "john.smith²@x.example", "x" * 300 + "9" * 300 + "@x"]


@pytest.mark.parametrize("seed", range(60))
def test_ruled_out_pairs_are_the_pairwise_ones(seed):
    rng = random.Random(seed)
    keys = rng.sample(ADDRESSES, rng.randint(2, len(ADDRESSES)))
    if seed % 3 == 0:
        keys = keys + keys[:2]  # one address twice: equal local parts are no numbering
    members = list(range(len(keys)))
    rng.shuffle(members)
    not_same = ({frozenset(rng.sample(keys, 2)) for _ in range(rng.randint(1, 3))}
                if seed % 2 else set())
    assert (namesakes._candidate_groups(keys, members, not_same)
            == plain_groups(keys, members, not_same))


def _people() -> pd.DataFrame:
    keys = ["ana@x", "ana2@x", "ana.l@x", "bo@x", "bo2@x", "bo@y", "zoe@x", "zoë@x"]
    return pd.DataFrame({
        "key": keys, "email": keys,
        "name": ["Ana Lima", "ana lima", "Ana  Lima", "Bo Li", "Bo Li", "Bo Li", "Zoë Ng", ""],
        "name_key": ["ana lima"] * 3 + ["bo li"] * 3 + ["zoe ng"] * 2,
        "rows": [(2,), (3,), (4, ("Other", 1)), (5,), (6,), (7,), (8,), (9,)],
        "sheet": ["Team"] * 8,
        "team": ["A", "a", None, "B", "B", "", "Ω", "Ω"],
        "success_rate": [0.5, 0.5, float("nan"), 0.0, -0.0, 0.1, 1.0, 1.0],
        "role": [""] * 8,
        "location": ["Straße", "STRASSE", "Straße", "x", "y", "x", "e\u0301", "\u00e9"],
        "manager": ["m"] * 8,
        "availability": ["50%", "half", "", "", "", "", "", ""],
    })


def test_proposals_hold_what_each_group_holds_alone():
    people = _people()
    layout = Layout("Team", 1, {}, {"team": "Squad"})
    found = namesakes.propose_same_name(people, layout, set())
    assert [(d.rows, d.emails, d.sheets) for d in found] == [
        ((1, 2, 4), ("ana@x", "ana.l@x"), ("Other", "Team", "Team")),
        ((1, 3, 4), ("ana2@x", "ana.l@x"), ("Other", "Team", "Team")),
        ((5, 7), ("bo@x", "bo@y"), ("Team", "Team")),
        ((6, 7), ("bo2@x", "bo@y"), ("Team", "Team")),
        ((8, 9), ("zoe@x", "zoë@x"), ("Team", "Team"))]
    fields = ("team", "success_rate", "role", "location", "manager", "availability")
    shown = {name: shown_values(people[name].tolist()) for name in ("name", *fields)}
    for proposal in found:
        group = [people.index[people["key"] == key][0] for key in proposal.emails]
        assert proposal.names == distinct_of_shown(shown["name"][p] for p in group)
        expected = {layout.headers.get(name, name): distinct_of_shown(
            shown[name][p] for p in group) for name in fields}
        assert proposal.conflicts == {h: d for h, d in expected.items() if len(d) > 1}
    assert found[1].reason == "same name 'ana lima' / 'Ana  Lima'"
    assert found[3].conflicts == {"success_rate": ("-0%", "10%"), "location": ("y", "x")}
