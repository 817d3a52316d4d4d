"""The staffing answers count the people the evidence weighs once, when the requests are
read (for the note), and hand the count to the evidence: the evidence is the one built
counting them again, within the pairing budget or past it, and the claims backed by a
project (found by a hash join) are those the plain evidence finds."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from test_staffing_reference import VOCABULARY, organisation, plain_evidence

from skillsync.core import evidence, orgview


@pytest.mark.parametrize("budget", [None, 0, 7, 40])
@pytest.mark.parametrize("seed", range(8))
def test_evidence_from_the_plans_count_is_the_evidence_counted_again(seed, budget,
                                                                     monkeypatch):
    people, held, learners = organisation(seed, 40 + seed * 5)
    if budget is not None:  # a budget the sheet passes: the later people are not weighed
        monkeypatch.setattr(evidence, "MAX_PAIRINGS", budget)
    analysis = SimpleNamespace(people=people, held=held, learners=learners,
                               vocabulary=VOCABULARY)
    answers = orgview.plan(analysis, orgview.Settings())
    assert answers.weighed == evidence.weighed_people(people, held)
    counted_again = evidence.build(people, VOCABULARY, 4, held)
    assert answers.evidence == counted_again
    if budget is None:
        assert counted_again.unproven == plain_evidence(people, 4).unproven


def test_evidence_without_a_count_counts_itself():
    people, held, learners = organisation(3, 30)
    answers = orgview.Staffing(orgview.Settings(), people, held, learners, VOCABULARY, (), ())
    assert answers.weighed is None
    assert answers.evidence == evidence.build(people, VOCABULARY, 4, held)
