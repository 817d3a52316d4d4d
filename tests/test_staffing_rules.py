"""Evidence, mentor pairs, gaps and the bus factor as their docstrings state: tables of cases."""

from __future__ import annotations

import pytest
from staffingbook import people_table, person

from skillsync.core import capacity, coverage, evidence, mentoring, rates
from skillsync.core.requests import Request, Target
from skillsync.core.staffing import Required
from skillsync.reading import base_vocabulary

VOCABULARY = base_vocabulary()
NLP, TORCH, K8S = "Natural Language Processing", "PyTorch", "Kubernetes"


@pytest.mark.parametrize(("name", "skills"), [
    ("NLP search revamp", {NLP, "Search & Ranking"}),  # "search" is a spelling of it
    ("Churn model v2", {"Churn Modeling"}),
    ("Contract parsing (NLP)", {NLP}),
    ("Q3 ML platform on k8s", {"Machine Learning", "MLOps", K8S}),  # "ML platform": MLOps
    ("Demand forecasting 2026", {"Time Series Forecasting"}),
    ("Project 2026", set()),
    ("R2 rollout", set()),  # one letter and a number: never a skill
    ("Support bot", set()),
])
def test_a_project_uses_the_skills_its_name_names(name, skills):
    assert evidence.skills_named(name, VOCABULARY) == skills


@pytest.mark.parametrize(("holders", "others", "used"), [
    (2, 0, True),  # two people, both hold it
    (1, 1, False),  # two people, one holds it: not enough people
    (2, 2, True),  # half of four
    (2, 3, False),  # two of five is under half
    (3, 3, True),  # three of six
    (1, 0, False),  # one person alone: only the name counts
])
def test_a_project_uses_a_skill_most_of_its_people_hold(holders, others, used):
    rows = [person(f"H{i}", skills=((TORCH, 3),), past=("Atlas",)) for i in range(holders)]
    rows += [person(f"O{i}", skills=(("SQL", 3),), current=("atlas ",)) for i in range(others)]
    people, _, _ = people_table(*rows)
    found = evidence.build(people, VOCABULARY, 4)
    assert (TORCH in found.used["atlas"]) is used


def test_expert_claims_without_a_project_are_unproven_and_others_are_not():
    people, _, _ = people_table(
        person("Ana", skills=((NLP, 5), (TORCH, 5), ("SQL", 3)), past=("NLP search",)),
        person("Bo", skills=((TORCH, 4),), past=("Vision",)),
        person("Cy", skills=((TORCH, 4),), current=("Vision",)),
        person("Di", skills=((K8S, None),)),
    )
    found = evidence.build(people, VOCABULARY, 4)
    assert found.unproven == {0: (TORCH,)}  # NLP backed by name, PyTorch by nothing
    assert evidence.unproven_by_skill(found, people) == {TORCH: ["Ana"]}
    assert found.projects_using(["NLP search", "Vision"], [TORCH]) == ["Vision"]


def test_success_rates_are_summarised_with_how_many_report():
    people, held, _ = people_table(
        person("A", "Search", skills=((NLP, 4),), rate=0.9),
        person("B", "Search", skills=((NLP, 3),), rate=0.7),
        person("C", "Search", skills=((NLP, 2),)),
        person("D", "Risk", skills=((NLP, 2),), rate=0.5),
    )
    by_skill = rates.rates_by_skill(held, people)
    assert (by_skill.reporting[NLP], by_skill.median[NLP]) == (3, pytest.approx(0.7))
    by_team = rates.rates_by_team(people)
    assert by_team.reporting == {"Search": 2, "Risk": 1}
    assert by_team.shown("Search", 3) is None and by_team.shown("Search", 2) == 0.8
    assert by_skill.shown(NLP, 3) == pytest.approx(0.7)


def mentor_org(**options):
    people, held, learners = people_table(
        person("Ana", "NLP", skills=((NLP, 5),)),
        person("Bo", "NLP", skills=((NLP, 4),)),
        person("Cy", "Search", skills=((NLP, 4), (K8S, 5))),
        person("Di", "Search", skills=((NLP, 3),), learn=(K8S,)),
        person("Ed", "NLP", learn=(NLP, "Rust")),
        person("Flo", "NLP", learn=(NLP,)),
        person("Gus", "Vision", learn=(NLP, K8S)),
        person("Hal", "Vision", skills=((NLP, None),), learn=(NLP,)),
        person("Ivy", "Search", skills=((K8S, 4),), learn=(NLP,)),
    )
    booked = options.pop("booked", frozenset())
    return mentoring.pair(people, held, learners, booked=booked, **options)


def pairs_of(found) -> dict[tuple[str, str], str]:
    return {(p.learner_name, p.skill): p.mentor_name for p in found.pairs}


def test_every_wish_is_paired_with_someone_at_a_high_level_spreading_the_load():
    found = mentor_org(min_level=4, max_mentees=3)
    got = pairs_of(found)
    # K8S has fewer mentors, so it goes first: Cy (5) then Ivy (4, fewer mentees)
    assert got[("Di", K8S)] == "Cy" and got[("Gus", K8S)] == "Ivy"
    # NLP: the least loaded first, then the highest level (Ana 5 before Bo 4)
    assert [got[(n, NLP)] for n in ("Ed", "Flo", "Gus", "Hal", "Ivy")] == [
        "Ana", "Bo", "Ana", "Bo", "Cy"]
    loads = [list(got.values()).count(m) for m in set(got.values())]
    assert max(loads) <= 3
    assert [(u.learner_name, u.skill, u.why) for u in found.unpaired] == [
        ("Ed", "Rust", "nobody holds it at level 4 or above")]


@pytest.mark.parametrize(("options", "expected"), [
    # K8S first (Cy, Ivy), then NLP: only Ana and Bo are left for five wishes
    ({"min_level": 4, "max_mentees": 1},
     {"paired": 4, "why": "every possible mentor already has 1 mentee"}),
    # Cy takes both K8S wishes, Ana three of the five NLP wishes
    ({"min_level": 5, "max_mentees": 3},
     {"paired": 5, "why": "every possible mentor already has 3 mentees"}),
    # Ana, Bo and Cy booked: nobody for NLP, Ivy for both K8S wishes
    ({"min_level": 4, "max_mentees": 3, "booked": frozenset({0, 1, 2})},
     {"paired": 2, "why": "everyone at level 4 or above is fully booked"}),
])
def test_limits_and_the_reason_a_wish_stays_unpaired(options, expected):
    found = mentor_org(**options)
    assert len(found.pairs) == expected["paired"]
    assert expected["why"] in {u.why for u in found.unpaired}
    assert all(p.mentor_level >= options["min_level"] for p in found.pairs)


def test_nobody_mentors_themselves_or_a_skill_they_want_or_without_a_level():
    found = mentor_org(min_level=3, max_mentees=10)
    for p in found.pairs:
        assert p.mentor != p.learner
    assert all(p.mentor_name != "Hal" for p in found.pairs)  # NLP listed without a level
    assert all(p.mentor_name != "Di" for p in found.pairs if p.skill == K8S)


def test_other_teams_are_preferred_when_asked():
    plain = pairs_of(mentor_org(min_level=4, max_mentees=3))
    crossed = pairs_of(mentor_org(min_level=4, max_mentees=3, prefer_other_teams=True))
    teams = {"Ana": "NLP", "Bo": "NLP", "Cy": "Search", "Ed": "NLP", "Flo": "NLP",
             "Ivy": "Search"}
    assert any(teams[plain[(n, NLP)]] == "NLP" for n in ("Ed", "Flo"))
    assert all(teams[crossed[(n, NLP)]] != teams[n] for n in ("Ed", "Flo", "Ivy")
               if (n, NLP) in crossed)
    assert crossed[("Ivy", NLP)] in ("Ana", "Bo")


def staffed():
    people, held, learners = people_table(
        person("Ana", "NLP", skills=((NLP, 5), (TORCH, 4)), current=("NLP bot",),
               role="Lead"),
        person("Bo", "NLP", skills=((NLP, 2),), learn=(TORCH,)),
        person("Cy", "Vision", skills=((TORCH, 5), (K8S, 4)), availability="50%"),
        person("Di", "Vision", skills=((TORCH, 3),), availability="on leave"),
        person("Ed", "Platform", skills=((K8S, 3), ("Go", 4)), availability="fully booked"),
        person("Flo", "Platform", skills=((K8S, None), ("Rust", 1)),
               current=("A", "B", "C", "D")),
    )
    capacities = {p: capacity.capacity(a, c) for p, a, c in zip(
        people.index, people["availability"], people["current_projects"], strict=True)}
    return people, held, learners, capacities


def test_gaps_against_targets_count_held_shortfall_cover_and_teachers():
    people, held, learners, capacities = staffed()
    targets = [Target(2, "NLP", "team", TORCH, 3, 3), Target(3, "nlp", "team", NLP, 1, None),
               Target(4, "Lead", "role", K8S, 1, 3), Target(5, "Robotics", "team", "Rust", 2)]
    found = coverage.gaps(people, held, learners, targets, capacities, mentor_level=4)
    rows = {(g.target.group, g.target.skill): g for g in found}
    torch = rows[("NLP", TORCH)]
    assert (len(torch.held), torch.shortfall) == (1, 2)
    assert torch.cover == (2, 3)  # Cy (50% free) before Di (on leave)
    assert torch.teach == (2,) and torch.learning == (1,)
    assert rows[("nlp", NLP)].shortfall == 0  # team matched however it is spelled
    assert rows[("Lead", K8S)].cover == (2, 4, 5)  # Cy 50% free, then Ed and Flo (booked)
    assert [(g.target.group, g.target.skill) for g in found][:2] == [
        ("Robotics", "Rust"), ("NLP", TORCH)]  # the worst first


def test_bus_factor_kinds_losses_and_order_by_need():
    people, held, _learners, capacities = staffed()
    request = Request(3, "Go rewrite", (Required("Go", "Go", 3),), headcount=2)
    wanted = coverage.demand(people, evidence.build(people, VOCABULARY, 4), [request],
                             [Target(2, "Platform", "team", "Rust", 1)])
    assert wanted.need(NLP) == 1 and wanted.said(NLP) == "1 current project"
    assert wanted.need("Go") == 2 and wanted.need("Rust") == 1
    risks, losses = coverage.bus_factor(held, wanted, capacities)
    kinds = {r.skill: (r.kind, r.holders) for r in risks}
    assert kinds["Go"] == (coverage.ONE, (4,))
    assert kinds["Rust"] == (coverage.NOBODY, ())  # held at 1 only, and a target needs it
    assert kinds[NLP] == (coverage.ONE, (0,))  # Bo's 2 is below working level
    assert K8S not in kinds  # Ed and Flo are booked, but Cy is half free
    assert TORCH not in kinds  # three hold it at working level, one of them free
    assert [r.skill for r in risks][:3] == ["Go", "Rust", NLP]  # need, then nobody first
    assert [(x.person, x.skills) for x in losses] == [(4, ("Go",)), (0, (NLP,))]


def test_all_booked_needs_every_working_holder_booked():
    _people, held, _learners, capacities = staffed()
    capacities = {**capacities, 2: capacity.Capacity(0.0, True, "on leave", 0)}
    risks, _ = coverage.bus_factor(held, coverage.Demand({}, {}, {}), capacities)
    assert {r.skill: r.kind for r in risks}[K8S] == coverage.BOOKED


@pytest.mark.parametrize("order", [(True, 1, 1.0), (1.0, True, 1), (1, 1.0, True)])
def test_an_availability_of_true_is_read_apart_from_the_number_one(order):
    capacity._capacity.cache_clear()  # the order cells arrive in must not matter
    read = {type(value): capacity.capacity(value, ()) for value in order}
    assert not read[bool].from_column and read[bool].written == ""
    assert read[int].from_column and read[int].written == "1"
    assert read[float].from_column and read[float].share == 1.0


PAIRED = (person("Ana", skills=((TORCH, 5), ("SQL", 5)), past=("Vision", "Churn")),  # 2 x 2
          person("Bo", skills=((TORCH, 4),), past=("Vision",)),  # 1 x 1
          person("Cy", skills=((TORCH, 5), (K8S, 5)), past=("Ops", "Infra")))  # 2 x 2


def test_people_past_the_pairing_budget_are_not_weighed_and_a_note_says_so(monkeypatch):
    from types import SimpleNamespace

    from skillsync.core import orgview

    people, held, learners = people_table(*PAIRED)
    whole = evidence.build(people, VOCABULARY, 4, held)
    assert 2 in whole.unproven  # Cy's claims are judged when everyone fits
    analysis = SimpleNamespace(people=people, held=held, learners=learners,
                               vocabulary=VOCABULARY)
    assert orgview.plan(analysis, orgview.Settings()).notes == ()

    monkeypatch.setattr(evidence, "MAX_PAIRINGS", 5)  # Ana and Bo need 5, Cy 4 more
    assert evidence.weighed_people(people, held) == 2
    bounded = evidence.build(people, VOCABULARY, 4, held)
    assert bounded.unproven == {p: s for p, s in whole.unproven.items() if p < 2}
    first_two, held_two, _ = people_table(*PAIRED[:2])
    assert bounded.used == {**{k: frozenset() for k in bounded.used},
                            **evidence.build(first_two, VOCABULARY, 4, held_two).used}
    notes = orgview.plan(analysis, orgview.Settings()).notes
    assert len(notes) == 1 and "first 2 of 3 people" in notes[0]


def test_no_one_is_weighed_when_the_first_person_alone_passes_the_budget(monkeypatch):
    people, held, _ = people_table(*PAIRED)
    monkeypatch.setattr(evidence, "MAX_PAIRINGS", 3)
    assert evidence.weighed_people(people, held) == 0
    assert evidence.build(people, VOCABULARY, 4, held).unproven == {}
