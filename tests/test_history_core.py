"""The pure history core: snapshots, what changed, the accident guard, retention, trends.

The guard is tested on tables of cases: accidents that must be held back, each with the
evidence it must give, and big legitimate edits that must go through.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from skillsync.core import integrity, trends
from skillsync.core.history import (
    GOOD,
    HELD,
    KEPT,
    Columns,
    Snapshot,
    changed_fields,
    diff,
)
from skillsync.core.integrity import Guard, evaluate, spans
from skillsync.core.retention import to_prune

T0 = datetime(2026, 11, 1, 2, 30)
TEAMS = ["Ads", "Risk", "Search", "Vision"]
SKILLS = ["Python", "SQL", "Spark", "PyTorch", "NLP", "Computer Vision", "Forecasting",
          "RecSys", "Kubernetes", "Causal Inference", "Statistics", "Docker", "Airflow"]
PLACES = ["Lisbon", "Berlin", "Austin", "Pune", "Lagos"]
HEADERS = {"name": "Full Name", "email": "E-mail", "team": "Team", "role": "Role",
           "location": "Location", "expertise": "Areas of Expertise",
           "current_projects": "Current project(s)", "learn": "Want to learn next",
           "availability": "Availability"}
People = dict[str, dict]


def record(i: int, **values) -> dict:
    """Person i as a snapshot holds them (every stored field present)."""
    base = {
        "name": f"Person {chr(65 + i % 26)}{i // 26}", "team": TEAMS[i * 4 // 40 % 4],
        "role": ["Data Scientist", "ML Engineer", "Analyst"][i % 3], "manager": "",
        "location": PLACES[i * 3 % 5],
        "expertise": [[SKILLS[(i * 7 + k * 5) % len(SKILLS)], 1 + (i + k) % 5]
                      for k in range(3)],
        "learn": [SKILLS[(i * 11 + 3) % len(SKILLS)]], "past_projects": [],
        "current_projects": [f"Project {i % 7}"], "success_rate": None,
        "availability": ["Full-time", "Part-time"][i // 3 % 2],
        "email": f"p{i:03d}@corp.example", "row": 4 + i, "sheet": "People", "order": 0,
        "since": T0.isoformat(),
    }
    base["name_key"] = name_key(base["name"])
    base.update(values)
    return base


def org(n: int = 40) -> People:
    return {f"p{i:03d}@corp.example": record(i) for i in range(n)}


def snap(people: People, when: datetime = T0, headers: dict | None = None,
         filled: dict | None = None, ignored: tuple[str, ...] = ()) -> Snapshot:
    headers = HEADERS if headers is None else headers
    letters = {f: chr(65 + i) for i, f in enumerate(headers)}
    counts = filled if filled is not None else {f: len(people) for f in headers}
    return Snapshot(when, people, {}, Columns("rows", "People", headers, letters, ignored,
                                              counts))


def renumbered(people: People) -> People:
    """Rows as the sheet has them after an edit: people in dict order from row 4."""
    return {k: {**r, "row": 4 + i} for i, (k, r) in enumerate(people.items())}


# --- edits ---------------------------------------------------------------------------------

def name_key(name: str) -> str:
    return " ".join(sorted(name.casefold().replace(",", " ").split()))


def column_sorted_alone(field: str, reverse: bool = False) -> Callable[[People], People]:
    """As a spreadsheet sorts one selected column: case-insensitively, by its text."""
    def edit(people: People) -> People:
        values = sorted((r[field] for r in people.values()), reverse=reverse,
                        key=lambda v: (v[0][0] if v and isinstance(v[0], list) else
                                       v[0] if isinstance(v, list) else v).casefold())
        out = {k: {**r, field: values[i]} for i, (k, r) in enumerate(people.items())}
        for r in out.values():
            r["name_key"] = name_key(r["name"])
        return out
    return edit


def pasted(fields: tuple[str, ...], first: int, last: int, d: int = 1
           ) -> Callable[[People], People]:
    """Cells of `fields` in positions first..last copied from `d` rows away."""
    def edit(people: People) -> People:
        keys = list(people)
        out = copy.deepcopy(people)
        for i in range(first, last + 1):
            for f in fields:
                out[keys[i]][f] = copy.deepcopy(people[keys[i - d]][f])
        return out
    return edit


def deleted(share: float) -> Callable[[People], People]:
    def edit(people: People) -> People:
        keys = list(people)
        return renumbered({k: people[k] for k in keys[: int(len(keys) * (1 - share))]})
    return edit


def emails_sorted_alone(people: People) -> People:
    keys = sorted(people, reverse=True)
    return {new: {**people[old], "email": new} for new, old in zip(keys, people, strict=True)}


def emails_pasted_down(people: People) -> People:
    """The e-mail cells pasted one row down: each row's e-mail is its upper neighbour's
    (the first keeps its own, the last is overwritten)."""
    keys, rows = list(people), list(people.values())
    out = {keys[0]: rows[0]}
    for i in range(1, len(rows) - 1):
        out[keys[i - 1] if i > 1 else keys[i]] = rows[i]
    return renumbered(out)


ACCIDENTS = {
    "half the rows deleted": (deleted(0.5), integrity.VANISHED, None),
    "a quarter deleted": (deleted(0.25), integrity.VANISHED, None),
    "location sorted alone": (column_sorted_alone("location"), integrity.SORTED, "Location"),
    "team sorted alone, descending": (column_sorted_alone("team", True), integrity.SORTED,
                                      "Team"),
    "skills sorted alone": (column_sorted_alone("expertise"), integrity.SORTED,
                            "Areas of Expertise"),
    "names sorted alone": (column_sorted_alone("name"), integrity.SORTED, "Full Name"),
    "e-mails sorted alone": (emails_sorted_alone, integrity.SORTED, "E-mail"),
    "e-mails pasted one row down": (emails_pasted_down, integrity.MOVED, "E-mail"),
    "a block pasted one row down": (pasted(("team", "role", "expertise", "learn"), 5, 35),
                                    integrity.SHIFTED, "Team"),
    "skills pasted one row up": (pasted(("expertise",), 5, 12, -1), integrity.SHIFTED,
                                 "Areas of Expertise"),
    "projects pasted two rows down": (pasted(("current_projects",), 10, 20, 2),
                                      integrity.SHIFTED, "Current project(s)"),
    "teams pasted one row down (grouped)": (pasted(("team",), 1, 39), integrity.SHIFTED,
                                            "Team"),
}


@pytest.mark.parametrize("name", list(ACCIDENTS))
def test_accidents_are_held_back_with_evidence(name):
    edit, code, column = ACCIDENTS[name]
    before = org()
    verdict = evaluate(snap(before), snap(edit(copy.deepcopy(before)), T0 + timedelta(1)))
    assert verdict.hold, name
    assert [f.code for f in verdict.findings] == [code], verdict.findings
    [finding] = verdict.findings
    assert finding.column == column
    assert finding.message and finding.hint and finding.label
    if code != integrity.VANISHED:
        assert finding.rows and finding.examples, finding
        assert all(f"row {r}" in finding.message or str(r) in finding.message
                   for r in finding.rows[:1])


def test_a_read_column_gone_is_named_with_the_header_that_appeared():
    before = org()
    headers = {f: h for f, h in HEADERS.items() if f != "expertise"}
    after = {k: {**r, "expertise": []} for k, r in before.items()}
    verdict = evaluate(snap(before), snap(after, headers=headers, ignored=("Superpowers",)))
    [finding] = verdict.findings
    assert finding.code == integrity.COLUMN_GONE and finding.column == "Areas of Expertise"
    assert "'Superpowers'" in finding.message and "column F" in finding.message
    assert "40 people had a value there" in finding.message


def test_the_pasted_block_names_every_column_and_the_rows():
    before = org()
    after = pasted(("team", "role", "expertise"), 5, 35)(copy.deepcopy(before))
    [finding] = evaluate(snap(before), snap(after)).findings
    assert finding.columns == ("Team", "Role", "Areas of Expertise")
    assert "one row down" in finding.message and "rows 9–39" in finding.message
    assert finding.rows[0] == 9 and "the value row 8 (p004@corp.example) had" in \
        finding.examples[0]


def test_a_grouped_team_column_pasted_down_changes_only_at_team_borders():
    before = org()  # ten people per team, grouped
    after = pasted(("team",), 5, 25)(copy.deepcopy(before))  # two borders: too little
    assert not evaluate(snap(before), snap(after)).hold


def team_joins(people: People) -> People:
    new = {f"n{i:03d}@corp.example": record(100 + i, team="Platform",
                                              email=f"n{i:03d}@corp.example")
           for i in range(30)}
    return renumbered({**people, **new})


def new_column(people: People) -> People:
    return {k: {**r, "manager": "boss@corp.example"} for k, r in people.items()}


def team_renamed(people: People) -> People:
    return {k: {**r, "team": "Discovery" if r["team"] == "Search" else r["team"]}
            for k, r in people.items()}


def skills_updated(people: People) -> People:
    out = copy.deepcopy(people)
    for i, r in enumerate(out.values()):
        if i % 3:
            r["expertise"] = [*r["expertise"], ["LLM", 2]]
        else:
            r["expertise"] = [[s, min(5, (lvl or 0) + 1)] for s, lvl in r["expertise"]]
    return out


def sorted_whole(people: People) -> People:
    return renumbered(dict(sorted(people.items(), key=lambda kv: kv[1]["name"])))


def swap_two(people: People) -> People:
    out = copy.deepcopy(people)
    a, b = out["p003@corp.example"], out["p025@corp.example"]
    a["team"], b["team"] = b["team"], a["team"]
    return out


def reorg(people: People) -> People:
    out = copy.deepcopy(people)
    for i, r in enumerate(out.values()):
        if i % 4 == 0:
            r["team"] = TEAMS[(TEAMS.index(r["team"]) + 1) % 4]
    return out


def few_leave(people: People) -> People:
    return renumbered({k: r for i, (k, r) in enumerate(people.items()) if i % 10 != 3})


def domain_moved(people: People) -> People:
    return {k.replace("corp.", "newcorp."): {**r, "email": k.replace("corp.", "newcorp.")}
            for k, r in people.items()}


def names_reformatted(people: People) -> People:
    out = {k: {**r, "name": ", ".join(reversed(r["name"].split()))}
           for k, r in people.items()}
    for r in out.values():
        r["name_key"] = name_key(r["name"])
    return out


def availability_flipped(people: People) -> People:
    flip = {"Full-time": "Part-time", "Part-time": "Full-time"}
    return {k: {**r, "availability": flip[r["availability"]]} for k, r in people.items()}


def projects_ended(people: People) -> People:
    return {k: {**r, "current_projects": []} for k, r in people.items()}


def moved_to_neighbours_team(people: People) -> People:
    """Two people at team boundaries join the team above: real, and rare enough."""
    out = copy.deepcopy(people)
    keys = list(out)
    for i in (10, 20):
        out[keys[i]]["team"] = out[keys[i - 1]]["team"]
    return out


LEGITIMATE = {
    "a team of 30 joins": team_joins,
    "a new column filled in": new_column,
    "a team renamed": team_renamed,
    "many people update their skills": skills_updated,
    "the whole table sorted by name": sorted_whole,
    "two people swap teams": swap_two,
    "ten people move team": reorg,
    "four people leave (10%)": few_leave,
    "everyone's e-mail domain changes": domain_moved,
    "names rewritten as 'Last, First'": names_reformatted,
    "everyone's availability flips": availability_flipped,
    "every current project ends": projects_ended,
    "two people join the team above them": moved_to_neighbours_team,
}


@pytest.mark.parametrize("name", list(LEGITIMATE))
def test_big_legitimate_edits_go_through(name):
    before = org()
    after = LEGITIMATE[name](copy.deepcopy(before))
    verdict = evaluate(snap(before), snap(after, T0 + timedelta(1)))
    assert not verdict.hold, verdict.findings


def test_a_removed_empty_column_and_a_retyped_header_are_only_noted():
    before = org()
    filled = {**{f: 40 for f in HEADERS}, "availability": 0}
    headers = {**{f: h for f, h in HEADERS.items() if f != "availability"},
               "email": "Work e-mail"}
    verdict = evaluate(snap(before, filled=filled), snap(before, headers=headers))
    assert not verdict.hold
    assert any("'Availability' is gone; it was empty" in n for n in verdict.notes)
    assert any("'E-mail' is now headed 'Work e-mail'" in n for n in verdict.notes)


def test_the_vanished_share_is_a_setting_and_small_sheets_need_three_people():
    before = org()
    after = few_leave(copy.deepcopy(before))  # 4 of 40
    assert evaluate(snap(before), snap(after), Guard(vanished_share=0.1)).hold
    assert not evaluate(snap(before), snap(after), Guard(vanished_share=0.2)).hold
    tiny = org(5)
    two_left = renumbered(dict(list(tiny.items())[:3]))
    assert not evaluate(snap(tiny), snap(two_left)).hold  # 40%, but only two people


def test_nothing_to_compare_is_no_accident():
    assert not evaluate(None, snap(org())).hold
    assert not evaluate(snap({}), snap(org())).hold


# --- what changed --------------------------------------------------------------------------

def test_diff_says_exactly_who_joined_left_and_changed_what():
    before = org(6)
    after = copy.deepcopy(before)
    del after["p002@corp.example"]
    after["new@corp.example"] = record(50, email="new@corp.example")
    one = after["p001@corp.example"]
    one["expertise"] = [[s, lvl] for s, lvl in one["expertise"] if s != "Spark"]
    one["expertise"][0][1] = 5
    one["expertise"].append(["Rust", None])
    after["p003@corp.example"]["team"] = "Platform"
    after["p004@corp.example"]["current_projects"] = ["Project 4", "Moonshot"]
    after["p005@corp.example"]["expertise"] = list(reversed(before["p005@corp.example"][
        "expertise"]))  # order typed is not a change
    changes = diff(snap(before), snap(after, T0 + timedelta(1)))
    assert [m.label for m in changes.joined] == ["new@corp.example"]
    assert [m.label for m in changes.left] == ["p002@corp.example"]
    by = {c.who.key: c for c in changes.changed}
    assert set(by) == {"p001@corp.example", "p003@corp.example", "p004@corp.example"}
    first = by["p001@corp.example"]
    assert first.fields == ("expertise",) and first.skills_added == ("Rust",)
    old = before["p001@corp.example"]["expertise"]
    assert first.skills_dropped == tuple(s for s, _ in old if s == "Spark")
    assert first.levels == ((old[0][0], old[0][1], 5),)
    assert by["p003@corp.example"].team == ("Ads", "Platform")
    assert by["p004@corp.example"].projects_added == ("Moonshot",)
    data = changes.as_dict()
    assert data["since"] == T0.isoformat()
    assert data["changed"][0]["email"] == "p001@corp.example"
    assert set(data["changed"][0]) >= {"email", "fields", "skills_added", "skills_dropped"}


def test_skill_counts_grow_and_shrink_biggest_first():
    before = Snapshot(T0, {}, {"Python": 10, "SQL": 5, "Go": 1, "R": 3})
    after = Snapshot(T0, {}, {"Python": 12, "SQL": 1, "Go": 4, "Rust": 1})
    changes = diff(before, after)
    assert changes.grown == (("Go", 1, 4), ("Python", 10, 12), ("Rust", 0, 1))
    assert changes.shrunk == (("SQL", 5, 1), ("R", 3, 0))


def test_changed_fields_ignores_case_and_order_but_not_values():
    a = record(1)
    assert changed_fields(a, copy.deepcopy(a)) == ()
    b = {**a, "team": a["team"].upper(), "learn": list(reversed(a["learn"]))}
    assert changed_fields(a, b) == ()
    c = {**a, "success_rate": 0.5, "location": "Oslo"}
    assert changed_fields(a, c) == ("location", "success_rate")
    assert set(KEPT) >= set(changed_fields(a, c))


# --- retention and wording -----------------------------------------------------------------

NOW = datetime(2026, 11, 30, 3, 0)


def nightly(days: int, status: str = GOOD) -> list[tuple[int, datetime, str]]:
    """One run a night, the newest now: run i is `i` days old."""
    return [(i, NOW - timedelta(days=i), status) for i in range(days)]


@pytest.mark.parametrize(("keep_days", "weekly"), [(90, True), (90, False), (30, True)])
def test_retention_keeps_every_run_for_a_while_then_one_a_week(keep_days, weekly):
    stored = nightly(200)
    doomed = to_prune(stored, NOW, keep_days, weekly)
    kept = [s for s in stored if s[0] not in doomed]
    assert {s[0] for s in kept if s[0] < keep_days} == set(range(keep_days))
    old = [s for s in kept if s[0] >= keep_days]
    newest: dict[tuple, int] = {}
    for ident, taken_at, _ in stored:
        week = taken_at.isocalendar()[:2]
        newest[week] = min(newest.get(week, ident), ident)  # the youngest of its week
    if weekly:  # the newest run of each week past the window, and only that
        assert len(old) == sum(1 for ident in newest.values() if ident >= keep_days)
        for _, taken_at, _ in old:
            assert all(t <= taken_at for _, t, _ in stored
                       if t.isocalendar()[:2] == taken_at.isocalendar()[:2])
    else:
        assert old == []


def test_retention_never_drops_the_newest_good_run():
    stored = [(1, NOW - timedelta(days=400), GOOD), *[(i, NOW - timedelta(days=i), HELD)
                                                      for i in range(2, 10)]]
    doomed = to_prune(stored, NOW, 3, weekly=False)
    assert 1 not in doomed and doomed == {3, 4, 5, 6, 7, 8, 9}


def test_spans_collapse_consecutive_rows():
    assert spans([4, 5, 6, 9, 11, 12]) == "rows 4–6, 9 and 11–12"
    assert spans([7]) == "row 7"
    assert spans(range(2, 200, 2), shown=2) == "rows 2, 4 and 97 more stretches"


# --- trends --------------------------------------------------------------------------------

def test_trends_tab_puts_the_biggest_movers_first_and_merges_unchanged_syncs():
    points = [(T0, {"Python": 5, "SQL": 4, "Go": 1}),
              (T0 + timedelta(1), {"Python": 5, "SQL": 4, "Go": 1}),  # nothing changed
              (T0 + timedelta(2), {"Python": 6, "SQL": 1, "Go": 1, "Rust": 2})]
    tab = trends.trends_tab(points, "Trends")
    assert [c.title for c in tab.columns] == ["Skill", "Change", "2026-11-01 02:30",
                                              "2026-11-03 02:30"]
    assert tab.frame["Skill"].tolist() == ["SQL", "Rust", "Python", "Go"]
    assert tab.frame["Change"].tolist() == [-3, 2, 1, 0]
    assert tab.frame["2026-11-03 02:30"].tolist() == [1, 2, 6, 1]


def test_trend_columns_of_the_same_minute_stay_distinct():
    assert trends.column_labels([T0, T0, T0]) == ["2026-11-01 02:30", "2026-11-01 02:30 (2)",
                                                  "2026-11-01 02:30 (3)"]


def test_four_neighbours_rotating_projects_is_never_called_a_column_sorted_alone():
    """B, C, D, A in four rows is a rotation (or a block pasted one up), not a sort: a short
    stretch must be in order outright before a sort is claimed as the evidence."""
    people = org()
    for i, key in enumerate(list(people)[:4]):
        people[key]["current_projects"] = [f"Solo {'ABCD'[i]}"]
    after = copy.deepcopy(people)
    for i, key in enumerate(list(after)[:4]):
        after[key]["current_projects"] = [f"Solo {'BCDA'[i]}"]
    verdict = evaluate(snap(people), snap(after, T0 + timedelta(1)))
    assert integrity.SORTED not in [f.code for f in verdict.findings], verdict.findings
