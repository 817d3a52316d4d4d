"""Evidence and mentor pairs, worked out by numpy, agree with the rules written out plainly.

The plain versions below follow the docstrings of core/evidence.py and core/mentoring.py
one project, one wish at a time; random organisations (projects spelled several ways,
skills differing only in case, people booked, full or wanting what they hold) must get
the same answers, in the same order, from both.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict

import pytest
from staffingbook import people_table, person

from skillsync.core import evidence, mentoring
from skillsync.core.evidence import key_of
from skillsync.reading import base_vocabulary

VOCABULARY = base_vocabulary()
SKILLS = ("PyTorch", "SQL", "sql", "Natural Language Processing", "Kubernetes", "Go", "Rust")
PROJECTS = ("Atlas", "atlas ", "ATLAS", "NLP search", "Churn model v2", "Beacon 7", "k8s move",
            "  ", "Go rewrite", "Fraud")
TEAMS = ("NLP", "nlp ", "Search", "", "Vision")
RARE = ("COBOL", "Quantum computing")  # held by the first person only; held by nobody


def organisation(seed: int, size: int):
    """People, held and learners tables; odd seeds number people 5, 8, 11... (the core
    keys people by index label, not position)."""
    rng = random.Random(seed)
    rows = []
    for at in range(size):
        skills = rng.sample(SKILLS, rng.randint(0, 4))
        rows.append(person(
            f"{rng.choice('AaBbCc')}{rng.choice('xyz')} {at % 7}", rng.choice(TEAMS),
            skills=tuple((s, rng.choice((None, 1, 2, 3, 4, 5, 5))) for s in skills)
            + ((("COBOL", 5),) if at == 0 else ()),
            past=tuple(rng.sample(PROJECTS, rng.randint(0, 3))),
            current=tuple(rng.sample(PROJECTS, rng.randint(0, 2))),
            learn=tuple(rng.sample(SKILLS + RARE, rng.randint(0, 2)))))
    people, held, learners = people_table(*rows)
    if seed % 2:
        people.index = people.index * 3 + 5
        held["person"] = held["person"] * 3 + 5
        learners["person"] = learners["person"] * 3 + 5
    return people, held, learners


def plain_evidence(people, expert_level: int) -> evidence.Evidence:
    members, spelled = defaultdict(set), {}
    for who, past, current in zip(people.index, people["past_projects"],
                                  people["current_projects"], strict=True):
        for project in (*past, *current):
            if key_of(project):
                members[key_of(project)].add(who)
                spelled.setdefault(key_of(project), project)
    skills_of = dict(zip(people.index, people["expertise"], strict=True))
    used = {}
    for key, who in members.items():
        named = evidence.skills_named(spelled[key], VOCABULARY)
        counts = Counter(s for p in who for s, _, _ in skills_of[p])
        enough = max(2, math.ceil(0.5 * len(who)))
        used[key] = named | {s for s, n in counts.items() if n >= enough and len(who) >= 2}
    unproven = {}
    for who, items, past, current in zip(people.index, people["expertise"],
                                         people["past_projects"], people["current_projects"],
                                         strict=True):
        backed = set().union(*(used.get(key_of(p), ()) for p in (*past, *current)))
        missing = tuple(s for s, level, _ in items
                        if level is not None and level >= expert_level and s not in backed)
        if missing:
            unproven[who] = missing
    return evidence.Evidence(used, unproven)


@pytest.mark.parametrize("seed", range(12))
def test_evidence_agrees_with_the_rules_one_project_at_a_time(seed):
    people, held, _ = organisation(seed, 40)
    found = evidence.build(people, VOCABULARY, 4, held)
    expected = plain_evidence(people, 4)
    assert list(found.used.items()) == list(expected.used.items())
    assert list(found.unproven.items()) == list(expected.unproven.items())
    assert evidence.build(people, VOCABULARY, 4).used == expected.used  # held made here


def plain_pairs(people, held, learners, *, min_level, max_mentees, prefer_other_teams,
                booked):
    names, teams = people["name"].to_dict(), people["team"].to_dict()
    wishes = learners[["person", "skill"]].drop_duplicates()
    wanting = set(zip(wishes["person"], wishes["skill"], strict=True))
    holders = defaultdict(list)
    for who, skill, level in zip(held["person"], held["skill"], held["level"], strict=True):
        if level >= min_level and (who, skill) not in wanting:
            holders[skill].append((who, int(level)))
    free = {s: [m for m in found if m[0] not in booked] for s, found in holders.items()}
    served = sorted(zip(wishes["person"], wishes["skill"], strict=True), key=lambda w: (
        len(free.get(w[1], ())), w[1].casefold(), names[w[0]].casefold(), w[0]))
    load = Counter()
    pairs, unpaired = [], []
    for learner, skill in served:
        ready = [(load[m], -level, m) for m, level in free.get(skill, ()) if load[m] < max_mentees]
        if prefer_other_teams and key_of(teams[learner]):  # own team last
            ready.sort(key=lambda e: (key_of(teams[e[2]]) == key_of(teams[learner]), e))
        else:
            ready.sort()
        chosen = ready[0] if ready else None
        if chosen is None:
            why = ("every possible mentor already has" if free.get(skill) else
                   "fully booked" if holders.get(skill) else "nobody holds it")
            unpaired.append((skill, learner, why))
            continue
        load[chosen[2]] += 1
        pairs.append((skill, learner, chosen[2], -chosen[1]))
    def listed(wish):
        return wish[0].casefold(), names[wish[1]].casefold(), wish[1]

    return sorted(pairs, key=listed), sorted(unpaired, key=listed)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("prefer_other_teams", [False, True])
def test_mentor_pairs_agree_with_the_rules_one_wish_at_a_time(seed, prefer_other_teams):
    people, held, learners = organisation(seed, 60)
    rng = random.Random(seed)
    booked = frozenset(rng.sample(list(people.index), 10) + list(people.index[:seed % 3]))
    options = {"min_level": rng.choice((3, 4, 5)), "max_mentees": rng.choice((1, 2, 3)),
               "prefer_other_teams": prefer_other_teams, "booked": booked}
    found = mentoring.pair(people, held, learners, **options)
    pairs, unpaired = plain_pairs(people, held, learners, **options)
    assert [(p.skill, p.learner, p.mentor, p.mentor_level) for p in found.pairs] == pairs
    assert [(u.skill, u.learner) for u in found.unpaired] == [u[:2] for u in unpaired]
    assert all(why in u.why for u, (*_, why) in zip(found.unpaired, unpaired, strict=True))
    names = people["name"].to_dict()
    assert all(p.learner_name == names[p.learner] and p.mentor_name == names[p.mentor]
               for p in found.pairs)


@pytest.mark.parametrize("prefer_other_teams", [False, True])
def test_an_organisation_nobody_wishes_anything_of_has_no_pairs(prefer_other_teams):
    people, held, learners = organisation(1, 20)
    found = mentoring.pair(people, held, learners.iloc[:0], min_level=3,
                           prefer_other_teams=prefer_other_teams)
    assert found.pairs == () and found.unpaired == ()
