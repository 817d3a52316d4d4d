"""A person on two team tabs: each skill's "Row" link and exported row name the tab the
skill was read from, not only the row number."""

from __future__ import annotations

import csv
import io
import json

from atlas_book import read_data
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from skillsync.cli import main
from skillsync.config import Config
from skillsync.pipeline import site_only

HEADER = ["Full Name", "E-mail", "Team", "Areas of Expertise"]


def _two_team_tabs(path) -> None:
    """Ana is on both tabs: Python on 'Search team' row 2, NLP on 'Vision team' row 4.
    'Search team' row 4 is someone else (Cy)."""
    book = Workbook()
    search = book.active
    search.title = "Search team"
    for row in (HEADER, ["Ana Lima", "ana@corp.com", "Search", "Python (4)"],
                ["Bo Chen", "bo@corp.com", "Search", "SQL (3)"],
                ["Cy Dorn", "cy@corp.com", "Search", "Rust (2)"]):
        search.append(row)
    vision = book.create_sheet("Vision team")
    for row in (HEADER, ["Di Eze", "di@corp.com", "Vision", "PyTorch (4)"],
                ["Ed Fox", "ed@corp.com", "Vision", "Spark (2)"],
                ["Ana Lima", "ana@corp.com", "Vision", "NLP (3)"]):
        vision.append(row)
    book.save(path)


def test_a_skill_from_the_second_tab_links_to_that_tab(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "teams.xlsx"
    _two_team_tabs(path)
    result = CliRunner().invoke(main, ["sync", str(path), "--digest", str(tmp_path / "d.html")])
    assert result.exit_code == 0, result.output
    tab = load_workbook(path)["People × Skills"]
    header = [c.value for c in tab[1]]
    links = {(r[header.index("E-mail")].value, r[header.index("Skill")].value):
             r[header.index("Row")].hyperlink.location for r in tab.iter_rows(min_row=2)}
    assert links[("ana@corp.com", "Python")] == "'Search team'!A2"
    assert links[("ana@corp.com", "Natural Language Processing")] == "'Vision team'!A4"


def test_export_names_the_tab_a_skill_was_read_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "teams.xlsx"
    _two_team_tabs(path)
    result = CliRunner().invoke(main, ["export", str(path)])
    assert result.exit_code == 0, result.output
    rows = {(r["email"], r["skill"]): (r["sheet"], r["row"])
            for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows[("ana@corp.com", "Python")] == ("Search team", "2")
    assert rows[("ana@corp.com", "Natural Language Processing")] == ("Vision team", "4")


# --------------------------------------------------------------------------- each row's tab

WISHES = ["Full Name", "E-mail", "Team", "Areas of Expertise", "Want to learn next"]


def ana_on_two_tabs(path, second: str = "Ads team") -> None:
    """Ana (ana@corp.com) is 'Search team' row 2 and `second` row 4; she wants to learn
    Rust only on that row. Another Ana Lima (ana.lima@corp.com) is 'Search team' row 3,
    and 'Search team' row 4 is someone else (Cy)."""
    book = Workbook()
    search = book.active
    search.title = "Search team"
    for row in (WISHES, ["Ana Lima", "ana@corp.com", "Search", "Python (4)", ""],
                ["Ana Lima", "ana.lima@corp.com", "Search", "SQL (3)", ""],
                ["Cy Dorn", "cy@corp.com", "Search", "Rust (2)", ""]):
        search.append(row)
    ads = book.create_sheet(second)
    for row in (WISHES, ["Di Eze", "di@corp.com", "Ads", "PyTorch (4)", ""],
                ["Ed Fox", "ed@corp.com", "Ads", "Spark (2)", ""],
                ["Ana Lima", "ana@corp.com", "Ads", "NLP (3)", "Rust"]):
        ads.append(row)
    book.save(path)


def one_tab(path, *rows) -> None:
    """A one-tab inventory of HEADER and `rows`."""
    book = Workbook()
    for row in (HEADER, *rows):
        book.active.append(row)
    book.save(path)


def column_of(path, tab: str, header: str) -> list:
    """The values under `header` on a synced workbook's `tab`."""
    sheet = load_workbook(path)[tab]
    at = [c.value for c in sheet[1]].index(header)
    return [r[at].value for r in sheet.iter_rows(min_row=2)]


def conflicts_of(path) -> list[dict]:
    result = CliRunner().invoke(main, ["check", str(path), "--json"])
    return [i for i in json.loads(result.stdout)["issues"] if i["code"] == "conflict"]


def test_a_wish_from_the_second_tab_links_to_that_tab(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "teams.xlsx"
    ana_on_two_tabs(path)
    result = CliRunner().invoke(main, ["sync", str(path)])
    assert result.exit_code == 0, result.output
    tab = load_workbook(path)["People × Skills"]
    header = [c.value for c in tab[1]]
    links = {(r[header.index("E-mail")].value, r[header.index("Skill")].value,
              r[header.index("Kind")].value): r[header.index("Row")].hyperlink.location
             for r in tab.iter_rows(min_row=2)}
    assert links[("ana@corp.com", "Rust", "wants to learn")] == "'Ads team'!A4"
    assert links[("ana@corp.com", "Python", "has")] == "'Search team'!A2"
    assert links[("cy@corp.com", "Rust", "has")] == "'Search team'!A4"


def test_export_names_the_row_and_tab_a_wish_was_read_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "teams.xlsx"
    ana_on_two_tabs(path)
    result = CliRunner().invoke(main, ["export", str(path)])
    assert result.exit_code == 0, result.output
    rows = {(r["email"], r["skill"], r["kind"]): (r["sheet"], r["row"])
            for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows[("ana@corp.com", "Rust", "learn")] == ("Ads team", "4")


def test_a_same_name_review_names_the_tab_of_each_row(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "teams.xlsx"
    ana_on_two_tabs(path)
    result = CliRunner().invoke(main, ["check", str(path), "--json"])
    duplicates = json.loads(result.stdout)["duplicates"]
    review = next(d for d in duplicates if d["action"] == "review")
    assert review["rows"] == [2, 3, 4]
    assert review["sheets"] == ["Search team", "Search team", "Ads team"]


def _atlas_people(path, tmp_path) -> dict:
    folder = tmp_path / "atlas"
    site_only(path, Config(), out=folder)
    data = read_data(folder)
    return data["people"] | {"s": data["s"]}


def test_the_atlas_data_names_the_tab_of_a_row_on_another_tab(tmp_path):
    path = tmp_path / "teams.xlsx"
    ana_on_two_tabs(path)
    people = _atlas_people(path, tmp_path)
    ana = people["id"].index("ana")
    assert people["more"] == [ana, 4]
    assert [people["s"][t] for t in people["moreTab"]] == ["Ads team"]


def test_the_atlas_data_of_one_tab_carries_no_tabs_for_further_rows(tmp_path):
    path = tmp_path / "team.xlsx"
    book = Workbook()
    for row in (HEADER, ["Ana Lima", "ana@corp.com", "Search", "Python (4)"],
                ["Bo Chen", "bo@corp.com", "Search", "SQL (3)"],
                ["Ana Lima", "ana@corp.com", "Search", "NLP (3)"]):
        book.active.append(row)
    book.save(path)
    people = _atlas_people(path, tmp_path)
    assert people["more"] == [people["id"].index("ana"), 4] and "moreTab" not in people


def test_the_duplicates_tab_and_the_digest_name_the_tab_of_each_merged_row(tmp_path,
                                                                            monkeypatch):
    """Ana's rows 2 and 4 are on two tabs: "2, 4" would send a reader to Cy's row 4."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "teams.xlsx"
    ana_on_two_tabs(path)
    digest = tmp_path / "d.html"
    result = CliRunner().invoke(main, ["sync", str(path), "--digest", str(digest)])
    assert result.exit_code == 0, result.output
    rows = column_of(path, "Duplicates", "Rows")
    assert "2 (Search team), 4 (Ads team)" in rows  # merged by e-mail
    # proposed for review: the other Ana Lima, 'Search team' row 3
    assert "2 (Search team), 3 (Search team), 4 (Ads team)" in rows
    assert "2 (Search team), 3 (Search team), 4 (Ads team)" in digest.read_text("utf-8")


def test_rows_on_one_tab_are_listed_by_number_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "one.xlsx"
    one_tab(path, ["Ana Lima", "ana@corp.com", "Search", "Python (4)"],
            ["Bo Chen", "bo@corp.com", "Search", "SQL (3)"],
            ["Ana Lima", "ana@corp.com", "Search", "NLP (3)"])
    result = CliRunner().invoke(main, ["sync", str(path), "--digest", str(tmp_path / "d.html")])
    assert result.exit_code == 0, result.output
    assert column_of(path, "Duplicates", "Rows") == ["2, 4"]


def test_a_conflict_between_rows_on_two_tabs_names_each_row_with_its_tab(tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "teams.xlsx"
    ana_on_two_tabs(path)
    messages = [i["message"] for i in conflicts_of(path)]
    assert any("row 2 on 'Search team': 'Search', row 4 on 'Ads team': 'Ads'" in m
               for m in messages), messages


def test_a_conflict_between_rows_on_one_tab_names_rows_by_number(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "one.xlsx"
    one_tab(path, ["Ana Lima", "ana@corp.com", "Search", "Python (4)"],
            ["Bo Chen", "bo@corp.com", "Search", "SQL (3)"],
            ["Ana Lima", "ana@corp.com", "Ads", "Python (2)"])
    messages = [i["message"] for i in conflicts_of(path)]
    assert any("row 2: 'Search', row 4: 'Ads'" in m for m in messages), messages
    assert any("row 2: 'Python 4', row 4: 'Python 2'" in m for m in messages), messages


def test_a_conflict_names_tabs_when_the_person_spans_two_even_if_its_values_do_not(
        tmp_path, monkeypatch):
    """Ana is row 3 of 'Search team' (no team, no skills) and rows 2 and 3 of 'Ads team':
    her Team and her Python level differ between the two 'Ads team' rows. 'row 3' alone
    would point a reader at the 'Search team' row."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "teams.xlsx"
    book = Workbook()
    search = book.active
    search.title = "Search team"
    for row in (HEADER, ["Cy Dorn", "cy@corp.com", "Search", "Rust (2)"],
                ["Ana Lima", "ana@corp.com", "", ""]):
        search.append(row)
    ads = book.create_sheet("Ads team")
    for row in (HEADER, ["Ana Lima", "ana@corp.com", "Ads", "Python (2)"],
                ["Ana Lima", "ana@corp.com", "Ads2", "Python (3)"]):
        ads.append(row)
    book.save(path)
    conflicts = conflicts_of(path)
    team = next(i for i in conflicts if "'Ads2'" in i["message"])
    assert "row 2 on 'Ads team': 'Ads', row 3 on 'Ads team': 'Ads2'" in team["message"]
    level = next(i for i in conflicts if "Python 3" in i["message"])
    assert "row 2 on 'Ads team': 'Python 2', row 3 on 'Ads team': 'Python 3'" in \
        level["message"]
    assert (level["row"], level["sheet"]) == (2, "Ads team")  # where the levels are


def test_a_tab_named_with_a_bidi_override_does_not_turn_the_rows_listed_around(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "teams.xlsx"
    ana_on_two_tabs(path, second="Ads \u202eteam")
    result = CliRunner().invoke(main, ["sync", str(path), "--digest", str(tmp_path / "d.html")])
    assert result.exit_code == 0, result.output
    rows = column_of(path, "Duplicates", "Rows")
    assert "2 (Search team), 4 (Ads team)" in rows
    issues = [c.value or "" for row in load_workbook(path)["Data Issues"].iter_rows()
              for c in row]
    assert not any("\u202e" in str(v) for v in [*rows, *issues])
    assert "\u202e" not in (tmp_path / "d.html").read_text("utf-8")


def test_a_duplicate_of_many_rows_is_listed_within_a_cell():
    from skillsync.core.dedupe import Duplicate
    from skillsync.core.model import Layout
    from skillsync.core.runtabs import ROWS_LISTED, duplicates_tab

    rows = tuple(range(2, 2_002))
    sheets = tuple("A" * 31 if r % 2 else "B" * 31 for r in rows)
    duplicate = Duplicate(rows, "same e-mail x@corp.com", "merged", ("x@corp.com",),
                          ("Ana",), {"Team": tuple(f"team {r}" for r in rows)}, sheets)
    layout = Layout(sheet="A" * 31, header_row=1, columns={"email": 1}, headers={})
    frame = duplicates_tab([duplicate], layout, "Duplicates").frame
    listed = frame["Rows"].iloc[0]
    assert listed.startswith(f"2 ({'B' * 31}), 3 ({'A' * 31})")
    assert listed.endswith(f" and {len(rows) - ROWS_LISTED} more") and len(listed) < 32_000


def test_a_conflict_over_many_rows_lists_the_first_and_counts_the_rest():
    from skillsync.core import messages

    text = messages.conflict("Team", [(f"{r} on 'Ads team'", f"team {r}")
                                      for r in range(2, 102)], None)
    assert "row 21 on 'Ads team': 'team 21' and 80 more" in text
    assert "row 22 on" not in text and len(text) < 2_000


def test_the_digest_names_the_tab_of_a_problem_on_another_tab(tmp_path, monkeypatch):
    import html

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "teams.xlsx"
    book = Workbook()
    book.active.title = "Search team"
    for row in (HEADER, ["Ana Lima", "ana@corp.com", "Search", "Python (4)"],
                ["Bo Chen", "bo@corp.com", "Search", "SQL (3)"]):
        book.active.append(row)
    ads = book.create_sheet("Ads \u202eteam")
    for row in (HEADER, ["Di Eze", "di@corp.com", "Ads", "PyTorch (4)"],
                ["Ed Fox", "ed@", "Ads", "Spark (2)"]):
        ads.append(row)
    book.save(path)
    digest = tmp_path / "d.html"
    result = CliRunner().invoke(main, ["sync", str(path), "--digest", str(digest)])
    assert result.exit_code == 0, result.output
    assert "row 3 on 'Ads team'" in html.unescape(digest.read_text("utf-8"))
