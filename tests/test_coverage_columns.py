"""Supply, the bus factor and current demand worked out on columns agree with the plain
loops they replaced, on random organisations (the staffing reference tests' own: skills
differing only in case, projects spelled several ways, people numbered from 5, booked
people, people wanting what they hold, a skill listed twice)."""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
import pytest
from test_staffing_reference import organisation

from skillsync.core import capacity, coverage, evidence, mentoring
from skillsync.core.coverage import BOOKED, NOBODY, ONE, Loss, SkillRisk, Supply
from skillsync.core.evidence import key_of


def plain_supply(held, learners, pairs, booked):
    able = held[held["level"] >= pairs.min_level]
    best_first = np.lexsort((able["person"].to_numpy(), -able["level"].to_numpy()))
    teachers_of = defaultdict(list)
    for skill, person in zip(able["skill"].to_numpy()[best_first].tolist(),
                             able["person"].to_numpy()[best_first].tolist(), strict=True):
        teachers_of[skill].append(person)
    left = Counter(u.skill for u in pairs.unpaired)
    found = []
    for skill, group in learners.groupby("skill")["person"]:
        wishing = set(group.tolist())
        teachers = tuple(p for p in teachers_of.get(str(skill), [])
                         if p not in wishing and p not in booked)
        found.append(Supply(str(skill), tuple(sorted(wishing)), teachers,
                            left.get(str(skill), 0)))
    found.sort(key=lambda s: (-s.unpaired, -len(s.learners), s.skill.casefold()))
    return found


def plain_bus_factor(held, wanted, capacities):
    working = held[held["level"].isna() | (held["level"] >= evidence.WORKING_LEVEL)]
    holders = defaultdict(set)
    for person, skill in zip(working["person"].tolist(), working["skill"].tolist(),
                             strict=True):
        holders[skill].add(person)
    risks = [SkillRisk(s, NOBODY, (), wanted.need(s), wanted.said(s))
             for s in wanted.skills() if s not in holders]
    for skill, who in holders.items():
        kind = ONE if len(who) == 1 else (
            BOOKED if all(capacities[p].booked for p in who) else None)
        if kind:
            risks.append(SkillRisk(skill, kind, tuple(sorted(who)), wanted.need(skill),
                                   wanted.said(skill)))
    severity = {NOBODY: 0, ONE: 1, BOOKED: 2}
    risks.sort(key=lambda r: (-r.need, severity[r.kind], r.skill.casefold()))
    alone = defaultdict(list)
    for risk in risks:
        if risk.kind == ONE:
            alone[risk.holders[0]].append(risk.skill)
    losses = [Loss(p, tuple(skills), sum(wanted.need(s) for s in skills))
              for p, skills in alone.items()]
    losses.sort(key=lambda loss: (-loss.need, -len(loss.skills), loss.person))
    return risks, losses


def plain_current(people, used):
    current = Counter()
    for key in {key_of(p) for projects in people["current_projects"] for p in projects}:
        current.update(used.get(key, ()))
    return dict(current)


@pytest.mark.parametrize("size", [0, 1, 3, 40])
@pytest.mark.parametrize("seed", range(8))
def test_supply_bus_factor_and_demand_are_the_plain_ones(seed, size):
    people, held, learners = organisation(seed, size)
    capacities = {p: capacity.capacity(a, w) for p, a, w in zip(
        people.index.tolist(), people["availability"].tolist(),
        people["current_projects"].tolist(), strict=True)}
    booked = frozenset(p for p, c in capacities.items() if c.booked) | frozenset(
        people.index.tolist()[::3])
    pairs = mentoring.pair(people, held, learners, min_level=4, booked=booked)
    assert coverage.supply(held, learners, pairs, booked) == plain_supply(
        held, learners, pairs, booked)
    found = evidence.build(people, None, 4, held)
    wanted = coverage.demand(people, found, (), ())
    assert wanted.current == plain_current(people, found.used)
    assert coverage.bus_factor(held, wanted, capacities) == plain_bus_factor(
        held, wanted, capacities)


def test_skills_alike_but_for_case_keep_the_plain_order():
    """Wished skills equal but for case, with as many learners and unpaired wishes each,
    are listed in the order the plain groupby gave (by the skill as written), not in the
    order the sheet first names them."""
    from staffingbook import people_table, person

    people, held, learners = people_table(
        person("Zed", learn=("sql",)), person("Amy", learn=("SQL",)),
        person("Bo", learn=("Ölm",)), person("Cy", learn=("ölm",)),
        person("Di", skills=(("Go", 5),), learn=("Rust",)))
    pairs = mentoring.pair(people, held, learners, min_level=4)
    found = coverage.supply(held, learners, pairs)
    assert found == plain_supply(held, learners, pairs, frozenset())
    shown = [s.skill for s in found]
    assert shown.index("SQL") < shown.index("sql") and shown.index("Ölm") < shown.index("ölm")
