"""`skillsync match` on a messy workbook: holders of every skill first, stretch after, reasons."""

from __future__ import annotations

import hashlib
import json

import pytest
import staffingbook
from click.testing import CliRunner

import skillsync
from skillsync.cli import main

KEYS = {"email", "name", "team", "score", "matched", "missing", "stretch", "why"}
NLP, TORCH = "Natural Language Processing", "PyTorch"


@pytest.fixture()
def workbook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "skillsync.toml").write_text("[checks]\nstale_days = 36500\n")
    return staffingbook.build(tmp_path / "inventory.xlsx")


def run(*args: str):
    result = CliRunner().invoke(main, ["match", *args])
    return result.exit_code, result.stdout, result.stderr


def listed(workbook, *options: str) -> list[dict]:
    code, out, err = run(str(workbook), "--json", *options)
    assert code == 0, err
    return json.loads(out)


def test_holders_of_every_skill_come_first_with_reasons_then_stretch(workbook):
    found = listed(workbook, "--skills", "NLP, PyTorch")
    assert all(set(c) == KEYS for c in found)
    holders = [c for c in found if not c["stretch"]]
    assert [c["name"] for c in holders] == ["Ana Lima", "Fatima Al-Sayed", "Ben Okoro"]
    assert all(c["matched"] == [NLP, TORCH] and c["missing"] == [] for c in holders)
    assert [c["stretch"] for c in found] == sorted(c["stretch"] for c in found)
    stretch = [c for c in found if c["stretch"]]
    assert stretch and all(c["missing"] for c in stretch)
    assert all("wants to learn" in c["why"] for c in stretch)
    assert found[0]["why"] == ("NLP 5, PyTorch 4; 3 past NLP/PyTorch projects, 93% success; "
                               "50% available, 1 current project")
    assert found[0]["email"] == "ana.lima@acme.example" and found[0]["score"] == 84
    scores = [c["score"] for c in holders]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("spelling", ["nlp, pytorch", "Natural Language Processing; torch",
                                      "NLP and Pytroch", "text mining / PyTorch"])
def test_any_spelling_the_sync_reads_finds_the_same_people(workbook, spelling):
    same = listed(workbook, "--skills", "NLP, PyTorch")
    assert [c["name"] for c in listed(workbook, "--skills", spelling)] == [
        c["name"] for c in same]


@pytest.mark.parametrize(("options", "names"), [
    (("--min-level", "3"), ["Ana Lima", "Ben Okoro"]),  # Fatima's PyTorch 2 is too low
    (("--skills", "NLP (5), PyTorch"), ["Ana Lima", "Fatima Al-Sayed"]),
    (("--team", "nlp"), ["Ana Lima", "Fatima Al-Sayed", "Ben Okoro"]),
    (("--team", "Vision"), []),
    # one skill is enough; meeting both still scores higher (S is over both skills)
    (("--any",), ["Ana Lima", "Fatima Al-Sayed", "Ben Okoro", "Nora Quinn", "Eli Novak",
                  "Chen Wei"]),
])
def test_options_narrow_or_widen_the_holders(workbook, options, names):
    skills = () if "--skills" in options else ("--skills", "NLP, PyTorch")
    found = listed(workbook, *skills, *options)
    assert [c["name"] for c in found if not c["stretch"]] == names


def test_team_keeps_stretch_candidates_of_that_team_only(workbook):
    found = listed(workbook, "--skills", "NLP, PyTorch", "--team", "Vision")
    assert {c["team"] for c in found} == {"Vision"}
    assert {c["name"] for c in found} == {"Chen Wei", "Jo Kim", "Omar Faruk"}


def test_available_leaves_out_the_fully_booked(workbook):
    everyone = {c["name"] for c in listed(workbook, "--skills", "NLP, PyTorch", "--top", "50")}
    free = {c["name"] for c in listed(workbook, "--skills", "NLP, PyTorch", "--available",
                                      "--top", "50")}
    assert everyone - free == {"Chen Wei", "Dana Levi"}  # on leave; four current projects


def test_top_cuts_the_list(workbook):
    assert len(listed(workbook, "--skills", "NLP, PyTorch", "--top", "2")) == 2
    assert len(listed(workbook, "--skills", "NLP, PyTorch")) == 10


def test_text_output_is_a_ranked_list_with_labels(workbook):
    code, out, _ = run(str(workbook), "--skills", "NLP, PyTorch", "--top", "4")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "People for NLP and PyTorch, best first (holders, then stretch " \
                       "candidates):"
    assert lines[1] == " 1. Ana Lima <ana.lima@acme.example> · NLP · score 84"
    assert lines[2].startswith("    NLP 5, PyTorch 4; 3 past")
    assert lines[7] == " 4. Eli Novak <eli.novak@acme.example> · Search · score 40 · stretch"


def test_match_writes_nothing(workbook):
    before = hashlib.sha256(workbook.read_bytes()).hexdigest()
    listed(workbook, "--skills", "SQL")
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--skills", "Qunatum computing"), 2, "'Qunatum computing' is not a known skill and "
                                          "nobody lists it"),
    (("--skills", " , "), 2, "name at least one skill"),
    (("--skills", "SQL", "--min-level", "7"), 2, "7 is not in the range 1<=x<=5"),
    (("--top", "3"), 2, "Missing option '--skills'"),
    (("--skills", "NLP", "--team", "Nonexistent"), 2, "nobody in the sheet is in team "
                                                      "'Nonexistent'; teams are "),
    (("--skills", "NLP", "--team", "Serach"), 2, "did you mean 'Search'?"),
    (("--skills", "PyTorch, " * 300 + "Rust"), 2, "--skills is 2,704 characters long"),
])
def test_bad_input_is_one_line_and_a_usage_exit_code(workbook, args, code, message):
    result = CliRunner().invoke(main, ["match", str(workbook), *args])
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_workbook_exits_3(tmp_path):
    code, _, err = run(str(tmp_path / "nope.xlsx"), "--skills", "SQL")
    assert code == 3 and err.startswith("Error: ") and len(err.strip().splitlines()) == 1


def test_the_library_function_gives_the_same_ranking(workbook):
    found = skillsync.match(workbook, "NLP, PyTorch", "skillsync.toml")
    assert [c.name for c in found] == [c["name"] for c in listed(
        workbook, "--skills", "NLP, PyTorch")]
    assert found.as_list() == listed(workbook, "--skills", "NLP, PyTorch")
    assert found[0].capacity.share == pytest.approx(0.5)


def test_a_typo_read_as_a_skill_is_said(workbook):
    code, out, _ = run(str(workbook), "--skills", "NLP, Pytroch")
    assert code == 0 and out.splitlines()[0] == "Read 'Pytroch' as PyTorch."
