"""Ranking and gaps by columns agree with the rules applied one person, one target at a time.

The plain ranking below is the one core/staffing.py documents: every person who lists or
wants a required skill is judged by `_candidate`, then all are sorted by (stretch, score,
skills met, name ignoring case, key). Random organisations with ties, namesakes sharing a
key, names differing only in case, skills listed twice, levels missing or past 5, people
on leave or booked by their projects, and index labels out of order must get the same
candidates, in the same order, for any `top`. Gaps against targets (core/coverage.py) are
checked the same way against the rules applied target by target.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from staffingbook import people_table, person

from skillsync.core import capacity, coverage, evidence, staffing
from skillsync.core.evidence import key_of, level_of
from skillsync.core.requests import Target
from skillsync.core.staffing import Need, Pool, Required
from skillsync.reading import base_vocabulary

VOCABULARY = base_vocabulary()
SKILLS = ("PyTorch", "SQL", "sql", "Natural Language Processing", "Kubernetes", "Go", "Ünïcode")
PROJECTS = ("Atlas", "atlas ", "ATLAS", "NLP search", "SQL report", "k8s move", "  ", "",
            "Go rewrite", "PyTorch port", "Fraud")
TEAMS = ("NLP", "nlp ", "Search", "", "Vision", "Straße")
NAMES = ("Ana Lima", "ana lima", "ANA LIMA", "Bo", "bo", "Ærø", "Strasse", "Straße", "李雷", "")
AVAILABLE = ("", "", "on leave", "50%", "ask me", "full-time", "0", "10 hrs per week", 0.0,
             0.25, 80)


def organisation(seed: int, size: int) -> Pool:
    rng = random.Random(seed)
    rows = []
    for _ in range(size):
        skills = [(s, rng.choice((None, 0, 1, 2, 3, 3, 4, 5, 5, 7)))
                  for s in rng.sample(SKILLS, rng.randint(0, 4))]
        if skills and rng.random() < 0.1:  # the same skill listed twice: the last counts
            skills.append((skills[0][0], rng.choice((None, 1, 5))))
        rows.append(person(
            rng.choice(NAMES), rng.choice(TEAMS), skills=tuple(skills),
            past=tuple(rng.choice(PROJECTS) for _ in range(rng.randint(0, 4))),
            current=tuple(rng.sample(PROJECTS, rng.randint(0, 5))),
            learn=tuple(rng.sample((*SKILLS, "COBOL"), rng.randint(0, 2))),
            rate=rng.choice((None, None, 0.0, 0.5, 0.85, 1.0, 1.3)),
            availability=rng.choice(AVAILABLE)))
    people, held, learners = people_table(*rows)
    if seed % 3 == 1:  # labels out of sheet order: ties fall back on label order
        labels = np.array(rng.sample(range(5, 5 + 4 * size), size))
    else:
        labels = people.index.to_numpy() * 3 + 5
    relabel = dict(zip(people.index.tolist(), labels.tolist(), strict=True))
    people.index = labels
    held["person"] = held["person"].map(relabel)
    learners["person"] = learners["person"].map(relabel)
    pool = Pool(people, held, learners, evidence.build(people, VOCABULARY, 4, held))
    return pool


def plain_rank(pool: Pool, need: Need, top: int | None) -> list[staffing.Candidate]:
    """staffing.rank one person at a time: everyone listing or wanting a required skill."""
    if not need.skills:
        return []
    wanted = {r.skill for r in need.skills}
    team = key_of(need.team) if need.team else None
    found = []
    for label in sorted(pool.people.index.tolist()):
        row = pool.row(label)
        if not wanted & ({s for s, _, _ in row.expertise} | set(row.learn)):
            continue
        if label in need.exclude or (team and key_of(row.team) != team):
            continue
        candidate = staffing._candidate(pool, label, need)
        if candidate is None or (need.available_only and candidate.capacity.booked):
            continue
        found.append(candidate)
    found.sort(key=lambda c: (c.stretch, -c.score, -len(c.matched), c.name.casefold(), c.key))
    return found[:top] if top else found


def random_need(rng: random.Random, pool: Pool) -> Need:
    skills = rng.sample((*SKILLS, "COBOL", "Nobody's"), rng.randint(1, 3))
    asked = tuple(Required(s, s.upper(), rng.choice((None, None, 0, 1, 3, 4, 5, 6)))
                  for s in skills)
    if rng.random() < 0.1:
        asked += asked[:1]  # asked twice
    labels = pool.people.index.tolist()
    return Need(asked, any_skill=rng.random() < 0.3,
                team=rng.choice((None, None, "nlp", " NLP", "straße", "STRASSE", "", "Nowhere")),
                available_only=rng.random() < 0.3, stretch=rng.random() < 0.7,
                exclude=frozenset(rng.sample(labels, min(len(labels), rng.randint(0, 5)))))


@pytest.mark.parametrize("seed", range(40))
def test_ranking_by_columns_matches_the_plain_rules(seed):
    rng = random.Random(1000 + seed)
    pool = organisation(seed, rng.choice((0, 1, 2, 7, 40, 150)))
    for _ in range(12):
        need = random_need(rng, pool)
        for top in (None, 0, 1, 2, 3, 5, 50):
            assert staffing.rank(pool, need, top) == plain_rank(pool, need, top), (need, top)


def test_many_ties_at_the_cut_are_broken_by_name_then_key():
    # Forty people alike but for their names: who is shown depends on the names alone.
    rows = [person(name, skills=(("SQL", 3),)) for name in
            [f"{c}{n}" for c in "zZyYaA" for n in range(7)]]
    people, held, learners = people_table(*rows)
    pool = Pool(people, held, learners, evidence.build(people, VOCABULARY, 4, held))
    need = Need((Required("SQL", "SQL"),))
    shown = staffing.rank(pool, need, 5)
    assert [c.name for c in shown] == ["a0", "A0", "a1", "A1", "a2"]
    assert shown == plain_rank(pool, need, 5)


def test_people_on_a_project_are_found_by_its_name_spelled_any_way():
    pool = organisation(4, 150)
    plain: dict[str, set[int]] = {}
    for label, projects in zip(pool.people.index.tolist(),
                               pool.people["current_projects"].tolist(), strict=True):
        for project in projects:
            plain.setdefault(key_of(project), set()).add(label)
    asked = [*plain, "", "nobody's project", "ATLAS"]
    found = pool.columns.working_on(key_of(p) for p in asked)
    assert found == plain
    assert pool.columns.working_on([]) == {}


def plain_gaps(people, held, learners, targets, capacities, mentor_level):
    """coverage.gaps target by target, as its docstring says."""
    members = {}
    for kind in ("team", "role"):
        members[kind] = {}
        for label, value in zip(people.index.tolist(), people[kind].tolist(), strict=True):
            if value:
                members[kind].setdefault(key_of(value), set()).add(label)
    found = []
    for target in targets:
        inside = members[target.kind].get(key_of(target.group), set())
        rows = held[held["skill"] == target.skill]
        levels = dict(zip(rows["person"].tolist(), rows["level"].tolist(), strict=True))
        able = [p for p, lv in levels.items() if level_of(lv) >= (target.min_level or 1)]
        teachers = [p for p, lv in levels.items() if lv == lv and lv >= mentor_level]
        outside = sorted((p for p in able if p not in inside),
                         key=lambda p: (-capacities[p].share, -level_of(levels[p]), p))
        wanting = learners.loc[learners["skill"] == target.skill, "person"].tolist()
        found.append(coverage.Gap(
            target, tuple(sorted(p for p in able if p in inside)), tuple(outside),
            tuple(sorted(p for p in teachers if p not in inside)),
            tuple(sorted({p for p in wanting if p in inside}))))
    found.sort(key=lambda g: (-g.shortfall, -g.shortfall / max(g.target.needed, 1),
                              g.target.group.casefold(), g.target.skill.casefold()))
    return found


@pytest.mark.parametrize("seed", range(30))
def test_gaps_in_one_grouped_pass_match_the_plain_rules(seed):
    rng = random.Random(2000 + seed)
    pool = organisation(seed, rng.choice((0, 1, 3, 40, 150)))
    people = pool.people.assign(role=[rng.choice(("DS", "ds ", "MLE", "", "Ærø"))
                                      for _ in range(len(pool.people))])
    capacities = {p: capacity.capacity(a, c) for p, a, c in zip(
        people.index.tolist(), people["availability"].tolist(),
        people["current_projects"].tolist(), strict=True)}
    targets = [Target(row, rng.choice((*TEAMS[:3], "STRASSE", "Straße", "ds", "Nowhere", "-",
                                      "\xa0")),
                      rng.choice(("team", "role")), rng.choice((*SKILLS, "COBOL", "None's")),
                      rng.randint(0, 30), rng.choice((None, 1, 2, 3, 4, 5, 6)))
               for row in range(rng.randint(0, 15))]
    for mentor_level in (3, 4, 5):
        assert coverage.gaps(people, pool.held, pool.learners, targets, capacities,
                             mentor_level) == plain_gaps(people, pool.held, pool.learners,
                                                         targets, capacities, mentor_level)
