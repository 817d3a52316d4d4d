"""The match ranking as documented in core/staffing.py and core/capacity.py: tables of cases."""

from __future__ import annotations

import pytest
from staffingbook import people_table, person

from skillsync.core import capacity, evidence, staffing
from skillsync.core.asking import resolve
from skillsync.core.staffing import Need, Pool, Required, rank, score_of
from skillsync.reading import base_vocabulary

NLP, TORCH, SQL = "Natural Language Processing", "PyTorch", "SQL"


@pytest.mark.parametrize(("levels", "past", "rate", "share", "expected"), [
    ([5, 5], 3, 1.0, 1.0, 100),  # everything at its best
    ([None], 0, 0.0, 0.0, 0),  # nothing met, nothing known
    ([4, 3], 3, 0.85, 0.75, 79),  # .45*.7 + .2*1 + .15*.85 + .2*.75 = .7925
    ([5, None], 0, 0.5, 1.0, 50),  # one of two skills met: S = .5
    ([3], 1, 0.5, 0.5, 51),  # .45*.6 + .2/3 + .075 + .1 = .5117
    ([5], 6, 0.6, 0.0, 74),  # evidence stops counting at three projects
    ([9], 0, 0.0, 0.0, 45),  # a level above 5 counts as 5
])
def test_score_is_the_documented_formula(levels, past, rate, share, expected):
    assert score_of(levels, past, rate, share) == expected


def test_weights_add_up_to_one():
    assert sum(staffing.WEIGHTS.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(("written", "share"), [
    ("50%", 0.5), ("50 %", 0.5), ("0.5", 0.5), ("50", 0.5), (0.25, 0.25), (80, 0.8),
    ("20h/week", 0.5), ("20 hours", 0.5), ("10 hrs per week", 0.25), ("2 days/week", 0.4),
    ("2 days a week", 0.4), ("Full-time", 1.0), ("available", 1.0), ("part-time", 0.5),
    ("limited", 0.25), ("on leave", 0.0), ("Not available", 0.0), ("fully booked", 0.0),
    ("none", 0.0), ("0", 0.0), ("0%", 0.0), ("100%", 1.0),
    ("", None), (None, None), ("ask me", None), ("from March", None), ("150%", 1.0),
    (250, None), (-1, None), (True, None), ("n/a", None),
])
def test_availability_is_read_as_people_type_it(written, share):
    assert capacity.read_share(written) == (None if share is None else pytest.approx(share))


@pytest.mark.parametrize(("availability", "projects", "share", "from_column"), [
    ("", 0, 1.0, False), ("", 1, 0.75, False), ("", 2, 0.5, False), ("", 4, 0.0, False),
    ("", 6, 0.0, False), ("ask me", 2, 0.5, False), ("20%", 3, 0.2, True),
    ("on leave", 0, 0.0, True),
])
def test_current_projects_stand_in_when_availability_says_nothing(availability, projects,
                                                                 share, from_column):
    found = capacity.capacity(availability, tuple(f"P{i}" for i in range(projects)))
    assert (found.share, found.from_column, found.projects) == (
        pytest.approx(share), from_column, projects)
    assert found.booked == (share == 0)


VOCABULARY = base_vocabulary()


@pytest.mark.parametrize(("typed", "floor", "skills", "shown", "levels"), [
    ("NLP", None, [NLP], ["NLP"], [None]),
    ("nlp, PyTorch", None, [NLP, TORCH], ["NLP", "PyTorch"], [None, None]),
    ("Natural Language Processing", None, [NLP], ["Natural Language Processing"], [None]),
    ("NLP (4), pytorch", 2, [NLP, TORCH], ["NLP", "PyTorch"], [4, 2]),  # 2: --min-level
    ("Pytroch", 2, [TORCH], ["PyTorch"], [2]),  # a typo is folded to the skill it means
    ("k8s; SQL", 3, ["Kubernetes", SQL], ["k8s", "SQL"], [3, 3]),
    ("NLP, nlp, text mining", None, [NLP], ["NLP"], [None]),  # one skill however often asked
])
def test_skill_names_go_through_the_sync_vocabulary(typed, floor, skills, shown, levels):
    found = resolve(typed, VOCABULARY, [], floor)
    assert [r.skill for r in found.skills] == skills
    assert [r.shown for r in found.skills] == shown
    assert [r.level for r in found.skills] == levels
    assert found.unknown == ()


def test_unknown_names_are_kept_only_when_someone_lists_them():
    found = resolve("Qunatum computing, Churn wizardry", VOCABULARY, ["Churn wizardry"])
    assert [r.skill for r in found.skills] == ["Churn wizardry"]
    assert found.unknown == ("Qunatum computing",)


def org() -> Pool:
    people, held, learners = people_table(
        person("Ana Lima", skills=((NLP, 4), (TORCH, 3)), rate=0.85, current=("Bot v2",),
               past=("NLP bot", "NLP search", "Text mining pilot")),
        person("Bo Chen", skills=((NLP, 5), (TORCH, 5)), rate=0.2, availability="on leave",
               current=("A", "B")),
        person("Cy Diaz", "Vision", skills=((NLP, 2), (TORCH, 4)), learn=(NLP,), rate=1.0,
               availability="full-time"),
        person("Di Ek", "Vision", skills=((TORCH, None),), learn=(NLP,), rate=0.9),
        person("Ed Fox", "Search", skills=((NLP, None), (TORCH, None)), rate=0.5),
        person("Flo Gil", "Search", skills=((NLP, 2),), rate=0.99),
        person("Gus Ho", "Risk", skills=((SQL, 5),), learn=("Rust",)),
    )
    return Pool(people, held, learners, evidence.build(people, VOCABULARY, 4))


def need(*skills: tuple[str, int | None], **options) -> Need:
    return Need(tuple(Required(s, "NLP" if s == NLP else s, lv) for s, lv in skills), **options)


def names(found) -> list[str]:
    return [c.name for c in found]


@pytest.mark.parametrize(("asked", "options", "holders", "stretch"), [
    # all required skills by default; stretch = wants an unmet required skill
    (((NLP, None), (TORCH, None)), {}, ["Ana Lima", "Bo Chen", "Cy Diaz", "Ed Fox"],
     ["Di Ek"]),
    # a minimum level: NLP 2 no longer meets 3; unrated counts as 3
    (((NLP, 3), (TORCH, 3)), {}, ["Ana Lima", "Bo Chen", "Ed Fox"], ["Cy Diaz", "Di Ek"]),
    # unrated does not meet 4
    (((NLP, 4), (TORCH, 4)), {}, ["Bo Chen"], ["Cy Diaz", "Di Ek"]),
    # any: one met skill is enough
    (((NLP, 3), (TORCH, 3)), {"any_skill": True},
     ["Ana Lima", "Bo Chen", "Cy Diaz", "Di Ek", "Ed Fox"], []),
    # one team only, spelled any way
    (((NLP, None), (TORCH, None)), {"team": " vision"}, ["Cy Diaz"], ["Di Ek"]),
    # --available drops the fully booked (on leave)
    (((NLP, None), (TORCH, None)), {"available_only": True},
     ["Ana Lima", "Cy Diaz", "Ed Fox"], ["Di Ek"]),
    # stretch not welcome
    (((NLP, 3), (TORCH, 3)), {"stretch": False}, ["Ana Lima", "Bo Chen", "Ed Fox"], []),
    # people already on it are left out
    (((NLP, None),), {"exclude": frozenset({0})}, ["Bo Chen", "Cy Diaz", "Ed Fox", "Flo Gil"],
     ["Di Ek"]),
])
def test_who_is_listed_and_as_what(asked, options, holders, stretch):
    found = rank(org(), need(*asked, **options))
    assert sorted(c.name for c in found if not c.stretch) == holders
    assert sorted(c.name for c in found if c.stretch) == stretch
    flags = [c.stretch for c in found]
    assert flags == sorted(flags), "every holder comes before every stretch candidate"


def test_holders_outrank_better_stretch_candidates_and_ties_go_by_name():
    found = rank(org(), need((NLP, 3), (TORCH, 3)))
    assert names(found) == ["Ana Lima", "Ed Fox", "Bo Chen", "Cy Diaz", "Di Ek"]
    scores = [c.score for c in found if not c.stretch]
    assert scores == sorted(scores, reverse=True)
    assert max(c.score for c in found if c.stretch) > min(scores)  # Cy outscores Bo yet ranks after


def test_a_blank_success_rate_counts_as_the_median():
    pool = org()
    rates = pool.people["success_rate"].dropna()
    assert pool.median_rate == pytest.approx(float(rates.median()))
    gus = rank(pool, need((SQL, None)))[0]
    assert gus.rate is None
    assert gus.score == score_of([5], 0, pool.median_rate, 1.0)


def test_top_keeps_the_best():
    assert names(rank(org(), need((NLP, None)), top=2)) == ["Ana Lima", "Ed Fox"]


def test_the_reason_is_one_line_a_manager_can_check():
    ana = rank(org(), need((NLP, None), (TORCH, None)))[0]
    assert ana.why() == ("NLP 4, PyTorch 3; 3 past NLP projects, 85% success; 1 current project")
    assert ana.as_dict()["why"] == ana.why()
    assert ana.as_dict()["matched"] == [NLP, TORCH] and ana.as_dict()["missing"] == []
    assert ana.why(frozenset({"success_rate"})) == (
        "NLP 4, PyTorch 3; 3 past NLP projects; 1 current project")


@pytest.mark.parametrize(("who", "asked", "why"), [
    ("Bo Chen", ((NLP, None),),
     "NLP 5 (unproven); no past NLP project (20% success overall); on leave (0%), "
     "2 current projects"),
    ("Cy Diaz", ((NLP, 3), (TORCH, 3)),
     "NLP 2 (below 3, wants to learn it), PyTorch 4 (unproven); no past NLP/PyTorch project "
     "(100% success overall); full-time (100%), no current project"),
    ("Di Ek", ((NLP, None), (TORCH, None)),
     "wants to learn NLP, PyTorch (no level); no past NLP/PyTorch project (90% success "
     "overall); no current project"),
    ("Ed Fox", ((NLP, 4), (TORCH, None)),
     "NLP (no level) (below 4), PyTorch (no level); no past NLP/PyTorch project (50% success "
     "overall); no current project"),
])
def test_reasons_say_levels_gaps_wishes_and_unproven_claims(who, asked, why):
    found = {c.name: c for c in rank(org(), need(*asked, any_skill=True))}
    assert found[who].why() == why


def test_json_object_has_exactly_the_documented_keys_and_hides_a_restricted_score():
    found = rank(org(), need((NLP, None)))[0].as_dict(frozenset({"score"}))
    assert set(found) == {"email", "name", "team", "score", "matched", "missing", "stretch",
                          "why"}
    assert found["score"] is None
