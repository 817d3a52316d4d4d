"""A success rate of 1 or 0.5 in a column written as percents (85, 90, 70) reads two
ways: 100% and 50%, or 1% and 0.5%. It was read as the fraction with no word, ranking a
1% person first with "100% success"; it now carries a warning saying how to write it."""

from __future__ import annotations

import json

import openpyxl
from click.testing import CliRunner

from skillsync.cli import main
from skillsync.core import fields, ratecells


def test_a_plain_number_up_to_one_among_percents_is_a_warning():
    parse = fields.rate(fractions=False)
    for value, read_as in ((1, 1.0), (0.5, 0.5), ("0,8", 0.8)):
        found, problems = parse(value)
        assert found == read_as
        [(code, severity, message)] = problems
        assert (str(code), str(severity)) == ("rate-ambiguous", "warning")
        assert f"was read as {read_as:.0%}" in message
    for value in (85, "70%", "1%", 0, "0", 100, 1.5):
        assert parse(value)[1] == ()
    assert fields.rate(fractions=True)(0.5) == (0.5, ())  # a column of fractions


def test_written_as_fraction():
    assert [ratecells.written_as_fraction(v) for v in (1, 0.5, "0.5", " 1 ", "0,5")] == [True] * 5
    assert not any(ratecells.written_as_fraction(v) for v in (0, 2, "1%", "abc", "", -0.5))


def test_the_column_says_which_cells_read_two_ways(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    book.active.append(["Name", "Email", "Team", "Skills", "Success rate (%)"])
    for at, rate in enumerate([85, 90, 1, 70, 0.5, "75%"]):
        book.active.append([f"P{at}", f"p{at}@x.org", "A", "SQL", rate])
    book.save(tmp_path / "rates.xlsx")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["check", str(tmp_path / "rates.xlsx"), "--json"])
    issues = json.loads(result.stdout)["issues"]
    assert [(i["row"], i["code"]) for i in issues] == [(4, "rate-ambiguous"),
                                                       (6, "rate-ambiguous")]


def test_rates_written_as_text_count_as_the_numbers_they_are(tmp_path, monkeypatch):
    """A CSV holds every rate as text: '1' beside '85' was taken for a column of fractions,
    and read as 100% with no word."""
    assert not ratecells.numbers_look_like_fractions(["85", "90", "1", "70", None, "n/a"])
    assert ratecells.numbers_look_like_fractions(["0.85", "0,9", "1", "85%", "high"])
    assert not ratecells.numbers_look_like_fractions([True, True, True, 85, 90])  # no number
    assert ratecells.numbers_look_like_fractions([True, 1, 0.5, 85])  # 1, 0.5 and 85: median 1
    (tmp_path / "rates.csv").write_text(
        "Name,E-mail,Team,Skills,Success rate\n" + "".join(
            f"P{at},p{at}@x.com,T,Python,{rate}\n" for at, rate in enumerate(
                ["85", "90", "1", "70"])), encoding="utf-8")
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["check", str(tmp_path / "rates.csv"), "--json"])
    issues = json.loads(result.stdout)["issues"]
    assert [(i["row"], i["code"]) for i in issues] == [(4, "rate-ambiguous")]
