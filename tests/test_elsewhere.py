"""Columns parsed elsewhere (core/elsewhere.py): what a column sent to another process
reads as must be what parsing it here reads as, value for value and problem for problem,
and an answer that is missing or not one meaning per value leaves the column to be parsed
here. The "elsewhere" here runs the work in this process, through pickle as a second
process would (test_aside.py drives the real one)."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from corekit import extract
from hypothesis import given
from hypothesis import strategies as st
from test_parse_columns import PROFILE, hostile_text

from skillsync.core import elsewhere, fields, nameorder
from skillsync.core.model import Grid
from skillsync.core.people import Rules, begin, read_records
from skillsync.reading import base_vocabulary

RULES = Rules(today=date(2026, 6, 1))
HEADER = ["Name", "E-mail", "Skills", "Want to learn", "Past projects", "Current projects",
          "Success rate"]
SKILLS = ["Python (5), SQL (3)", "pyhton 4; Spark", "=HYPERLINK(\"x\")", "", "R & D (9)",
          "TensorFlow, tensorflow", "Kubernetes (expert)", "#N/A", "Scala (2), ???"]


def _through_pickle(work):
    """What a second process would answer: the work, pickled both ways."""
    answer = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(work))()))
    return lambda: answer


def _grid(rows: int) -> Grid:
    return Grid("People", [HEADER] + [
        [f"Person {i}", f"p{i}@x.org", SKILLS[i % len(SKILLS)] + f", Skill{i % 7}",
         SKILLS[(i * 5) % len(SKILLS)], f"Alpha; Beta {i % 3}", "=cmd|' /C calc'!A0" if i == 4
         else f"Gamma {i}", "80%"] for i in range(rows)])


def _read(grid: Grid, to=None):
    found = extract(grid)
    assert found is not None
    result = read_records(found, base_vocabulary(), RULES,
                          begin(found, base_vocabulary(), RULES, to))
    return result.frame, result.issues, result.unknown_skills


@pytest.mark.parametrize("rows", [1, 40, 200])
def test_a_sheet_read_with_its_columns_parsed_elsewhere_reads_the_same(monkeypatch, rows):
    monkeypatch.setattr(elsewhere, "SENT_VALUES", 0)
    asked = []

    def to(work, what):
        asked.append(what)
        return _through_pickle(work)

    here, there = _read(_grid(rows)), _read(_grid(rows), to)
    assert asked == [f"parsing the {n} column" for n in elsewhere.SENT_FIELDS]
    assert repr(here) == repr(there)


@pytest.mark.parametrize("answer", [None, [], "not a list", ["one too few"]])
def test_an_answer_that_is_not_one_meaning_per_value_is_parsed_here(monkeypatch, answer):
    monkeypatch.setattr(elsewhere, "SENT_VALUES", 0)
    here = _read(_grid(40))
    assert repr(_read(_grid(40), lambda work, what: lambda: answer)) == repr(here)


def test_once_nothing_can_be_sent_the_rest_is_parsed_here(monkeypatch):
    monkeypatch.setattr(elsewhere, "SENT_VALUES", 0)
    asked = []

    def nowhere(work, what):
        asked.append(what)

    assert repr(_read(_grid(40), nowhere)) == repr(_read(_grid(40)))
    assert asked == ["parsing the expertise column"]


def test_small_columns_stay_here(monkeypatch):
    monkeypatch.setattr(elsewhere, "SENT_VALUES", 41)
    asked = []
    _read(_grid(40), lambda work, what: asked.append(what))
    assert asked == []


@PROFILE
@given(st.lists(st.one_of(hostile_text, st.sampled_from(SKILLS)), max_size=60),
       st.sampled_from(["skills", "items"]))
def test_what_is_sent_back_reads_as_what_is_parsed_here(values, kind):
    parser = fields.skills(base_vocabulary()) if kind == "skills" else fields.item_list
    sent = pickle.loads(pickle.dumps(elsewhere.sendable(parser, values)))
    assert repr(elsewhere.received(parser, sent)) == repr(fields.parse_all(parser, values))
    assert all(type(a) is type(b) for (a, _), (b, _) in zip(
        elsewhere.received(parser, sent), fields.parse_all(parser, values), strict=True))


def test_a_columnar_list_travels_as_its_instances():
    """What a tab offered aside is built from (Data Issues, Duplicates) pickles as one
    list per field, and unpickles as the very instances; anything else as any list."""
    from skillsync.core.codes import Code
    from skillsync.core.dedupe import Duplicate
    from skillsync.core.model import Issue, Severity
    from skillsync.core.tabs import Columnar

    issues = [Issue(4, "Skills", Code.UNKNOWN_SKILL, Severity.WARNING, "=cmd", "C4",
                    None, "Ads"), Issue(None, None, Code.FORMULA_TEXT, Severity.ERROR, "")]
    duplicates = [Duplicate((3, 9), "same e-mail", "merged", ("a@x.org",), ("A", "a"),
                            {"team": ("Ads", "ads")}, ("P", "Q"))]
    for items in (issues, duplicates, [], [1, "two"], [issues[0], duplicates[0]]):
        back = pickle.loads(pickle.dumps(Columnar(items)))
        assert type(back) is list and back == items
        assert [type(item) for item in back] == [type(item) for item in items]
    assert b"Columnar" not in pickle.dumps(Columnar(issues))  # no class of ours to find


NAMES = ["Ana Lima", "ana lima", "Bo Chen", "", "Zoë", "ǅemal", "Doe, Jane", "Bo Chen", "ß"]


@pytest.mark.parametrize("names", [NAMES, [], ["One"], ["with\0nul", "b", "a"]])
def test_a_name_order_sent_elsewhere_is_the_one_made_here(names):
    """Sent as one text (or as the list, when a name holds the separator), the order
    comes back with its places worked out, and is the one made here."""
    sent = nameorder.sendable(names)
    order = nameorder.given(_through_pickle(sent), names)
    here = nameorder.NameOrder.of(names)
    assert order is not None and "places" in vars(order)  # worked out there
    assert order.codes.tolist() == here.codes.tolist() and order.found == here.found
    assert order.places.tolist() == here.places.tolist()


@pytest.mark.parametrize("answer", [
    None, "not an order", nameorder.NameOrder.of(["a"]),  # not one, or too short
    nameorder.NameOrder.of(["b", "a"]),  # the right length, other people's names
    nameorder.NameOrder(np.array([0, 5]), ["a", "b"], np.array([0, 1]))])  # past its names
def test_a_name_order_that_is_not_these_names_is_made_here(answer):
    assert nameorder.given(lambda: answer, ["a", "b"]) is None
    assert nameorder.given(None, ["a", "b"]) is None
    assert nameorder.given(lambda: nameorder.NameOrder.of(["a", "b"]), ["a", "b"]) is not None


def test_names_are_sent_only_when_many_and_asked_for_once(monkeypatch):
    from skillsync.core import analysis as core

    sent = []

    def elsewhere(work, what):
        sent.append(what)
        answer = _through_pickle(work)
        return lambda: sent.append("taken") or answer()

    result = core.analyse(extract(_grid(40)), base_vocabulary(), RULES)
    assert core.names_sent(result.people, elsewhere) is None  # too few people
    monkeypatch.setattr(core, "NAMES_ELSEWHERE", 10)
    given = replace(result, names_given=core.names_sent(result.people, elsewhere))
    assert given.name_order.places.tolist() == result.name_order.places.tolist()
    given.names_given()
    assert sent == ["ordering the names", "taken"]  # taken once, however often asked
    assert core.names_sent(result.people, lambda work, what: None) is None


def test_the_names_go_elsewhere_before_the_people_are_said_to_be_known(monkeypatch):
    """Sent first, the order is sorted before the tabs begun from the people, which then
    take it there (nameorder.of_names) rather than sort the names again."""
    from skillsync.core import analysis as core

    monkeypatch.setattr(core, "NAMES_ELSEWHERE", 10)
    happened = []

    def elsewhere(work, what):
        happened.append(what)
        answer = _through_pickle(work)
        return answer

    found = extract(_grid(40))
    begun = begin(found, base_vocabulary(), RULES, elsewhere)
    result = core.analyse(found, base_vocabulary(), RULES, begun=begun,
                          people_known=lambda people, layout: happened.append("known"))
    assert happened[-2:] == ["ordering the names", "known"]
    sorted_here = []
    real = nameorder.NameOrder.of.__func__
    monkeypatch.setattr(nameorder.NameOrder, "of", classmethod(
        lambda cls, names: sorted_here.append(len(names)) or real(cls, names)))
    names = result.people["name"].tolist()
    assert nameorder.of_names(names).places.tolist() == result.name_order.places.tolist()
    assert sorted_here == []  # the order sorted for the names sent, taken again
    turned = [*names[1:], names[0]]
    assert nameorder.of_names(turned).places.tolist() == nameorder.places(turned).tolist()
    assert sorted_here == [len(names), len(names)]  # other names: sorted
    taken = nameorder.of_names(names, keep=False)  # the order sorted for them, let go
    assert nameorder.of_names(names) is not taken
    assert sorted_here == [len(names)] * 3  # sorted again
