"""A sync on a messy ML organisation's workbook answers the staffing questions in its tabs,
its digest and its JSON report; the same on a Google Sheet; `init` makes the tabs to fill."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
import staffingbook
from click.testing import CliRunner
from featurebook import sheet_map
from staffingbook import rows_of

from skillsync.cli import main

STAFFING_TABS = ["Learning", "Shortlist", "Gaps", "Risks"]


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(autouse=True)
def timeless(tmp_path, monkeypatch):
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    monkeypatch.chdir(tmp_path)


@pytest.fixture()
def synced(tmp_path):
    path = staffingbook.build(tmp_path / "inventory.xlsx")
    result = cli("sync", str(path), "--json", "--digest", str(tmp_path / "digest.html"))
    assert result.exit_code == 0, result.stderr
    return path, json.loads(result.stdout), openpyxl.load_workbook(path)


def by_request(book) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for row in rows_of(book["Shortlist"]):
        found.setdefault(row["Request"], []).append(row)
    return found


def test_the_staffing_tabs_are_written_after_learning(synced):
    _, report, book = synced
    written = report["tabs_written"]
    assert written[written.index("Learning"):][:4] == STAFFING_TABS
    assert {"Staffing requests", "Targets"} <= set(book.sheetnames)
    assert "Staffing requests" not in written and "Targets" not in written


def test_the_shortlist_answers_every_open_request_with_reasons(synced):
    _, _, book = synced
    found = by_request(book)
    assert list(found) == ["Contract search assistant (2 wanted)", "Fraud graph v2",
                           "Quantum pilot", "Support chatbot v2", "Reporting"]  # not "filled"
    contract = found["Contract search assistant (2 wanted)"]
    assert [(r["Name"], r["Fit"]) for r in contract[:2]] == [("Ana Lima", "holder"),
                                                             ("Ben Okoro", "holder")]
    fits = [r["Fit"] for r in contract]
    assert fits == sorted(fits, key=lambda f: f != "holder") and "stretch" in fits
    assert contract[0]["Why"] == ("NLP 5, PyTorch 4; 3 past NLP/PyTorch projects, 93% success; "
                                  "50% available, 1 current project")
    assert all(r["Rank"] == i for i, r in enumerate(contract, start=1))
    assert len(contract) <= 2 * 5
    assert all(r["Fit"] == "holder" for r in found["Fraud graph v2"])  # stretch not welcome
    assert found["Quantum pilot"][0]["Fit"] == "no skill"
    chatbot = found["Support chatbot v2"]
    assert chatbot[-1]["Fit"] == "already on it"
    assert chatbot[-1]["Name"] == "Ana Lima; Ben Okoro; Lena Fischer"
    assert {r["Name"] for r in chatbot[:-1]}.isdisjoint({"Ana Lima", "Ben Okoro"})


def test_shortlist_rows_link_to_their_request(synced):
    _, _, book = synced
    cell = book["Shortlist"]["B2"]
    assert cell.value == "row 3"
    assert cell.hyperlink.location == "'Staffing requests'!A3"


def test_gaps_compare_targets_with_holdings_worst_first(synced):
    _, report, book = synced
    rows = rows_of(book["Gaps"])
    first = rows[0]
    assert (first["Team or role"], first["Skill"], first["Needed"], first["Held"],
            first["Shortfall"]) == ("Vision", "MLOps", 2, 0, 2)
    assert first["Could cover (elsewhere)"] == "Dana Levi (Platform); Kai Müller (Platform)"
    shortfalls = [r["Shortfall"] for r in rows]
    assert shortfalls == sorted(shortfalls, reverse=True)
    torch = next(r for r in rows if (r["Team or role"], r["Skill"]) == ("NLP", "PyTorch"))
    assert (torch["Held"], torch["Who holds it"], torch["Want to learn it there"]) == (
        2, "Ana Lima; Ben Okoro", "Lena Fischer")
    assert torch["Could cover (elsewhere)"] == "Chen Wei (Vision)"
    assert report["staffing"]["gaps"][0]["skill"] == "MLOps"


def test_without_targets_gaps_show_learning_demand_against_supply(tmp_path):
    path = staffingbook.build(tmp_path / "nt.xlsx", targets=False)
    assert cli("sync", str(path), "--digest", str(tmp_path / "d.html")).exit_code == 0
    rows = rows_of(openpyxl.load_workbook(path)["Gaps"])
    assert list(rows[0]) == ["Skill", "Want to learn", "Could teach", "Without a mentor",
                             "Who wants to learn", "Who could teach"]
    torch = next(r for r in rows if r["Skill"] == "PyTorch")
    # Chen holds it but is on leave: as in the pairing, not someone who could teach now.
    assert (torch["Want to learn"], torch["Could teach"]) == (5, 1)
    assert torch["Without a mentor"] == 3  # Ana alone mentors: LLMs and two PyTorch wishes
    unpaired = [r["Without a mentor"] for r in rows]
    assert unpaired == sorted(unpaired, reverse=True)
    text = (tmp_path / "d.txt").read_text()
    assert ("LEARNING DEMAND WITHOUT A MENTOR\n- PyTorch: 5 want it, 3 unpaired; could teach: "
            "Ana Lima (NLP), but every possible mentor already has 3 mentees") in text
    # The Learning section counts mentors by the same rule.
    assert "- PyTorch: 5 people want it; could teach: Ana Lima\n" in text


def test_risks_are_ordered_by_need_with_what_leaving_would_cost(synced):
    _, report, book = synced
    rows = rows_of(book["Risks"])
    skills = [r for r in rows if not r["Risk"].startswith("If ")]
    assert (skills[0]["Risk"], skills[0]["Skill"], skills[0]["Need"]) == (
        "All holders fully booked", "Kubernetes", 5)
    assert skills[0]["Needed by"] == "2 current projects, targets for 3 people"
    needs = [r["Need"] for r in skills]
    assert needs == sorted(needs, reverse=True)
    one = {r["Skill"]: r for r in skills if r["Risk"] == "One person only"}
    assert one["Fraud Detection"]["Who holds it"] == "Hana Sato (Risk)"
    nobody = {r["Skill"]: r for r in skills if r["Risk"] == "Nobody at working level"}
    assert nobody["Causal Inference"]["What to do"] == "grow Gus Brown, who wants to learn it"
    losses = [r for r in rows if r["Risk"].startswith("If ")]
    assert losses[0]["Risk"] == "If Hana Sato left" and losses[0]["Skill"] == "Fraud Detection"
    assert rows.index(losses[0]) > rows.index(skills[-1])
    assert {"Credit Risk", "Gradient Boosting"} == set(next(
        r for r in losses if r["Risk"] == "If Gus Brown left")["Skill"].split(", "))
    assert report["staffing"]["risks"][0] == {"skill": "Kubernetes", "risk": "all booked",
                                              "holders": ["Dana Levi", "Kai Müller"], "need": 5}


def test_learning_tab_pairs_each_wish_with_a_free_high_level_mentor(synced):
    _, report, book = synced
    rows = {r["Skill"]: r for r in rows_of(book["Learning"])}
    torch = rows["PyTorch"]
    # Chen Wei is on leave, so Ana Lima alone mentors PyTorch: two wishes (and one for LLMs)
    assert torch["Mentor pairs"] == "Dana Levi ← Ana Lima (4); Eli Novak ← Ana Lima (4)"
    assert torch["Without a mentor"] == ("Jo Kim; Lena Fischer; Omar Faruk (every possible "
                                         "mentor already has 3 mentees)")
    assert rows["Large Language Models"]["Mentor pairs"] == "Eli Novak ← Ana Lima (4)"
    assert "fully booked" in rows["Kubernetes"]["Without a mentor"]  # Dana and Kai
    assert "nobody holds it at level 4 or above" in rows["Causal Inference"]["Without a mentor"]
    mentors = [p["mentor"] for p in report["staffing"]["mentor_pairs"]]
    assert max(mentors.count(m) for m in mentors) <= 3
    assert all(p["mentor_level"] >= 4 for p in report["staffing"]["mentor_pairs"])


def test_skills_tab_marks_unproven_expert_claims(synced):
    _, _, book = synced
    rows = {r["Skill"]: r for r in rows_of(book["Skills"])}
    assert rows["PyTorch"]["Unproven expert claims"] == "Chen Wei"
    assert rows["Natural Language Processing"]["Unproven expert claims"] is None
    assert rows["Natural Language Processing"]["Success rate (median)"] == pytest.approx(0.88)
    assert rows["Python"]["Success rate (median)"] is None  # two report: below min_group
    teams = {r["Team"]: r for r in rows_of(book["Team Skills"])}
    assert teams["NLP"]["Success rate (median)"] == pytest.approx(0.88)
    assert teams["Platform"]["Success rate (median)"] is None


def test_request_problems_are_data_issues_linked_to_their_cells(synced):
    _, report, book = synced
    sheet = book["Data Issues"]
    links = {(c.hyperlink.location, sheet.cell(c.row, 5).value) for c in sheet["A"][1:]
             if c.hyperlink}
    assert any(where == "'Staffing requests'!B6" and "Qunatum computing" in message
               for where, message in links)
    assert any(where == "'Targets'!A8" and "Robotics" in message for where, message in links)
    codes = {i["code"] for i in report["issues"] if i.get("sheet") == "Staffing requests"}
    assert codes == {"staffing-unknown-skill", "staffing-bad-value"}


def test_the_digest_leads_with_the_worst_gaps_then_risks_and_pairs(synced, tmp_path):
    text = (tmp_path / "digest.txt").read_text()
    html = (tmp_path / "digest.html").read_text()
    gaps = text.index("WORST SKILL GAPS AGAINST TARGETS")
    assert gaps < text.index("TOP SKILLS") < text.index("RISKS: SKILLS ONE RESIGNATION AWAY")
    assert text.index("RISKS") < text.index("MENTOR PAIRS") < text.index("PROBLEMS TO FIX")
    assert "- Vision: MLOps: needs 2, has 0, 2 short; could cover: Dana Levi (Platform)" in text
    assert "- Kubernetes: all holders fully booked (Dana Levi (Platform), Kai Müller " \
           "(Platform); 2 current projects, targets for 3 people)" in text
    assert "- PyTorch: Dana Levi, mentored by Ana Lima (4)" in text
    assert "- Contract search assistant (2 wanted): Ana Lima, score 84; Ben Okoro, score 70" \
        in text
    assert html.index("Worst skill gaps against targets") < html.index("Top skills")
    assert "Hana Sato (Risk)" in html and "Mentor pairs" in html


def test_json_report_carries_the_staffing_answers(synced):
    _, report, _ = synced
    staffing = report["staffing"]
    first = staffing["shortlists"][0]
    assert (first["project"], first["row"], first["headcount"], first["start"]) == (
        "Contract search assistant", 3, 2, "2027-01-11")
    assert set(first["candidates"][0]) == {"email", "name", "team", "score", "matched",
                                           "missing", "stretch", "why"}
    assert staffing["if_they_left"][0]["email"] == "hana.sato@acme.example"
    assert staffing["success_rates"]["by_team"]["NLP"] == pytest.approx(0.88)
    assert "Platform" not in staffing["success_rates"]["by_team"]  # under min_group


def test_init_makes_the_tabs_people_fill_and_a_sync_reads_them_untouched(tmp_path):
    assert cli("init", str(tmp_path / "new")).exit_code == 0
    path = tmp_path / "new" / "skills-inventory.xlsx"
    book = openpyxl.load_workbook(path)
    assert rows_of(book["Staffing requests"]) == [] and [c.value for c in book[
        "Staffing requests"][1]] == ["Project", "Skills", "Minimum level", "Headcount",
                                     "Start date", "Stretch welcome?", "Status"]
    assert [c.value for c in book["Targets"][1]] == ["Team or role", "Skill", "People needed",
                                                     "Minimum level"]
    people = book["People"]
    people.append(["Ana Lima", "ana@acme.example", "NLP", "DS", None, None, "NLP (5)"])
    people.append(["Bo Chen", "bo@acme.example", "NLP", "DS", None, None, "SQL", None, None,
                   None, "NLP"])
    book["Staffing requests"].append(["Chatbot", "nlp", 3, 1])
    book["Targets"].append(["NLP", "NLP", 2, 3])
    book.save(path)
    parts = dict(sheet_map(path))
    before = {name: zipfile.ZipFile(path).read(part) for name, part in parts.items()
              if name in ("Staffing requests", "Targets")}
    result = cli("sync", str(path), "--config", str(tmp_path / "new" / "skillsync.toml"),
                 "--json")
    assert result.exit_code == 0, result.stderr
    after = {name: zipfile.ZipFile(path).read(part) for name, part in sheet_map(path)
             if name in before}
    assert after == before
    book = openpyxl.load_workbook(path)
    shortlist = rows_of(book["Shortlist"])
    assert [(r["Request"], r["Name"], r["Fit"]) for r in shortlist] == [
        ("Chatbot", "Ana Lima", "holder"), ("Chatbot", "Bo Chen", "stretch")]
    gap = rows_of(book["Gaps"])[0]
    assert (gap["Team or role"], gap["Held"], gap["Shortfall"]) == ("NLP", 1, 1)


def test_on_google_sheets_the_user_tabs_are_read_and_the_answers_written(standin, monkeypatch):
    monkeypatch.setenv("SKILLSYNC_SHEETS_API", standin.url)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    sheet_id = standin.create_spreadsheet("Skills", staffingbook.grids())
    before = {t: standin.values(sheet_id, t) for t in ("People", "Staffing requests", "Targets")}
    result = cli("sync", f"gsheet:{sheet_id}", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["sheet"] == "People"
    assert {t: standin.values(sheet_id, t) for t in before} == before
    shortlist = standin.values(sheet_id, "Shortlist")
    header = shortlist[0]
    rows = [dict(zip(header, r, strict=False)) for r in shortlist[1:]]
    assert {r["Request"] for r in rows} == {
        "Contract search assistant (2 wanted)", "Fraud graph v2", "Quantum pilot",
        "Support chatbot v2", "Reporting"}
    assert rows[0]["Name"] == "Ana Lima" and rows[0]["Fit"] == "holder"
    gaps = standin.values(sheet_id, "Gaps")
    assert gaps[1][:2] == ["Vision", "MLOps"]
    assert standin.values(sheet_id, "Risks")[1][1] == "Kubernetes"
    assert report["staffing"]["shortlists"][0]["candidates"][0]["name"] == "Ana Lima"


def test_a_helper_tab_is_never_taken_for_the_inventory(tmp_path):
    path = staffingbook.build(tmp_path / "x.xlsx")
    result = cli("check", str(path), "--json", "--config", str(Path("skillsync.toml")))
    report = json.loads(result.stdout)
    assert report["tabs_read"] == ["People"]
    assert not any(i["code"] == "several-inventories" for i in report["issues"])
