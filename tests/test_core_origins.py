"""Where each skill was read (core/origins.py): a row on the person's own tab, or (tab, row)
for a merged person's skill read on another tab; everyone else shares one empty map."""

from __future__ import annotations

from datetime import date

import pytest

from skillsync.core import analysis, layouts, origins, schema
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.model import Grid
from skillsync.core.people import Rules
from skillsync.reading import base_vocabulary

RULES = Rules(today=date(2026, 11, 27))


# --------------------------------------------------------------------------- the shape


def test_a_merged_skill_from_another_tab_keeps_the_tab_and_the_rest_stay_rows():
    found = origins.merged(
        [origins.OWN_ROW, origins.OWN_ROW, {"Spark": 7, "SQL": 6}],
        [2, 4, 6], ["Search", "Vision", "Vision"],
        [(("Python", 4, "4"), ("SQL", 2, "2")), (("NLP", 3, "3"), ("SQL", 3, "3")),
         (("Spark", 1, "1"), ("SQL", 2, "2"))],
        (("Python", 4, "4"), ("SQL", 3, "3"), ("NLP", 3, "3"), ("Spark", 1, "1")),
        "Search")
    # SQL: the first record naming it, on the person's own tab, even if a later one is higher
    assert found == {"Python": 2, "SQL": 2, "NLP": ("Vision", 4), "Spark": ("Vision", 7)}


def test_a_merged_person_read_from_one_tab_keeps_plain_rows():
    found = origins.merged([origins.OWN_ROW, {"Go": 9}], [3, 8], ["Team", "Team"],
                           [(("Rust", 2, "2"),), (("Go", 1, "1"),)],
                           (("Rust", 2, "2"), ("Go", 1, "1")), "Team")
    assert found == {"Rust": 3, "Go": 9}
    assert all(isinstance(row, int) for row in found.values())


def test_rows_and_tabs_names_a_tab_only_where_it_differs():
    held = [(("Python", 4, "4"),), (("A", 1, "1"), ("B", 2, "2"), ("C", 3, "3")), ()]
    rows, elsewhere = origins.rows_and_tabs(
        held, [origins.OWN_ROW, {"A": 5, "B": ("Other", 9)}, origins.OWN_ROW], [2, 5, 11])
    assert rows == [2, 5, 9, 5]  # C has no origin: its person's first row
    assert elsewhere == {2: "Other"}


def test_people_read_from_their_own_row_add_nothing():
    rows, elsewhere = origins.rows_and_tabs([(("X", 1, "1"), ("Y", 2, "2"))] * 3,
                                            [origins.OWN_ROW] * 3, [2, 3, 4])
    assert (rows, elsewhere) == ([2, 2, 3, 3, 4, 4], {})


def test_places_name_a_tab_only_for_rows_on_another_tab():
    rows = origins.places([(2,), (4, 5), (9,)], ["Search", "Vision", "Search"], "Search")
    assert rows == (2, ("Vision", 4), ("Vision", 5), 9)
    assert origins.located(rows, "Search") == [("Search", 2), ("Vision", 4), ("Vision", 5),
                                                ("Search", 9)]


def test_a_wish_read_from_a_later_record_keeps_its_row_and_tab():
    found = origins.listed([2, 4, 6], ["Search", "Ads", "Search"],
                           [("Go",), ("Rust", "Go"), ("SQL",)], ("Go", "Rust", "SQL"),
                           "Search", 2)
    assert found == {"Go": 2, "Rust": ("Ads", 4), "SQL": 6}


def test_wishes_all_from_the_first_row_share_the_one_empty_origin():
    found = origins.listed([2, 4], ["Search", "Ads"], [("Go", "Rust"), ("Rust",)],
                           ("Go", "Rust"), "Search", 2)
    assert found is origins.OWN_ROW


def test_rows_and_tabs_of_wishes_read_skill_names():
    rows, elsewhere = origins.rows_and_tabs(
        [("Go", "Rust"), ("SQL",)], [{"Go": 2, "Rust": ("Ads", 4)}, origins.OWN_ROW],
        [2, 7], named=True)
    assert (rows, elsewhere) == ([2, 4, 7], {1: "Ads"})


# --------------------------------------------------------------------------- through the core


def _analyse(tabs: dict[str, list[list]], layout: str | None = None) -> analysis.Analysis:
    grids = {name: Grid(name, rows) for name, rows in tabs.items()}
    extract = layouts.read(grids, HeaderVocabulary.build(), layouts.Options(layout=layout))
    assert isinstance(extract, layouts.Extract)
    assert extract.layout.sheets == tuple(tabs), "the tabs are read together"
    return analysis.analyse(extract, base_vocabulary(), RULES, ())


def _sources(result: analysis.Analysis) -> dict[tuple[str, str], tuple[str, int]]:
    tidy = schema.tidy(result.people)
    held = tidy[tidy["kind"] == "expertise"]
    return {(e, s): (t, int(r)) for e, s, t, r in zip(
        held["email"], held["skill"], held["sheet"], held["row"], strict=True)}


HEADER = ["Name", "Email", "Team", "Skills", "Last updated"]
TEAM_TABS = {
    "Search team": [HEADER, ["Ana Lima", "ana@x.com", "Search", "Python (4)", ""],
                    ["Bo Chen", "bo@x.com", "Search", "SQL (3)", ""],
                    ["Cy Dorn", "cy@x.com", "Search", "Rust (2)", ""]],
    "Vision team": [HEADER, ["Di Eze", "di@x.com", "Vision", "Docker (4)", ""],
                    ["Ed Fox", "ed@x.com", "Vision", "Spark (2)", ""],
                    ["Ana Lima", "ana@x.com", "Vision", "NLP (3), Python (2)", ""]],
}


def test_a_person_on_two_team_tabs_gets_each_skill_from_its_own_tab():
    result = _analyse(TEAM_TABS)
    sources = _sources(result)
    assert sources[("ana@x.com", "Python")] == ("Search team", 2)
    assert sources[("ana@x.com", "Natural Language Processing")] == ("Vision team", 4)
    assert sources[("cy@x.com", "Rust")] == ("Search team", 4)
    assert sources[("ed@x.com", "Spark")] == ("Vision team", 3)
    ana = result.people[result.people["key"] == "ana@x.com"].iloc[0]
    assert ana["origin"] == {"Python": 2, "Natural Language Processing": ("Vision team", 4)}
    assert (ana["sheet"], ana["rows"]) == ("Search team", (2, ("Vision team", 4)))


def test_everyone_read_from_one_tab_keeps_plain_rows():
    people = _analyse(TEAM_TABS).people
    others = [r for k, r in zip(people["key"], people["rows"], strict=True) if k != "ana@x.com"]
    assert others == [(3,), (4,), (2,), (3,)]


def test_everyone_read_from_one_row_shares_the_one_empty_origin():
    """The memory promise: no map per person unless their skills come from other rows."""
    people = _analyse(TEAM_TABS).people
    others = [o for k, o in zip(people["key"], people["origin"], strict=True)
              if k != "ana@x.com"]
    assert len(others) == 4 and all(o is origins.OWN_ROW for o in others)


def test_a_wish_from_another_tab_is_read_there_and_everyone_else_shares_one_origin():
    tabs = {name: [[*row, ""] for row in rows] for name, rows in TEAM_TABS.items()}
    for rows in tabs.values():
        rows[0][-1] = "Want to learn"
    tabs["Vision team"][3][-1] = "Rust"  # Ana's row there
    people = _analyse(tabs).people
    tidy = schema.tidy(people)
    wish = tidy[(tidy["kind"] == "learn") & (tidy["email"] == "ana@x.com")]
    assert list(zip(wish["skill"], wish["sheet"], wish["row"], strict=True)) == [
        ("Rust", "Vision team", 4)]
    assert all(o is origins.OWN_ROW for k, o in zip(people["key"], people["learn_origin"],
                                                     strict=True) if k != "ana@x.com")


def test_the_newest_row_on_another_tab_is_the_person_and_its_tab_is_named():
    tabs = {name: [list(r) for r in rows] for name, rows in TEAM_TABS.items()}
    tabs["Search team"][1][4] = "2026-01-10"
    tabs["Vision team"][3][4] = "2026-10-01"  # Ana's newest row: read from it alone
    sources = _sources(_analyse(tabs))
    assert sources[("ana@x.com", "Python")] == ("Vision team", 4)
    assert sources[("ana@x.com", "Natural Language Processing")] == ("Vision team", 4)


MATRIX = ["Name", "Email", "Team", "Python", "SQL", "Spark"]


@pytest.mark.parametrize("layout", [None, "wide"])
def test_a_person_in_two_skill_matrix_tabs_gets_each_skill_from_its_own_tab(layout):
    tabs = {"Search team": [MATRIX, ["Ana Lima", "ana@x.com", "Search", 4, None, None],
                            ["Bo Chen", "bo@x.com", "Search", None, 3, 2]],
            "Vision team": [MATRIX, ["Di Eze", "di@x.com", "Vision", 2, None, 1],
                            ["Ed Fox", "ed@x.com", "Vision", None, 2, None],
                            ["Ana Lima", "ana@x.com", "Vision", 2, 3, 1]]}
    result = _analyse(tabs, layout)
    assert result.layout.name == "wide"
    sources = _sources(result)
    assert sources[("ana@x.com", "Python")] == ("Search team", 2)
    assert sources[("ana@x.com", "SQL")] == ("Vision team", 4)
    assert sources[("ana@x.com", "Spark")] == ("Vision team", 4)
    assert sources[("di@x.com", "Spark")] == ("Vision team", 2)
    assert sources[("bo@x.com", "SQL")] == ("Search team", 3)
