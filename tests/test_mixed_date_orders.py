"""A date column written both ways, 25/12/2024 beside 12/25/2024, is one warning at its
header: its dates that read either way (03/04/2024) may have been read wrongly. Date cells,
serial numbers and ISO texts carry no order and never count."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from skillsync.cli import main

HEADER = ["Name", "E-mail", "Team", "Skills", "Date Updated"]
MIXED = "mixed-date-order"


def workbook(folder: Path, dates: list[Any], teams: list[str] | None = None) -> Path:
    """One person per date (row 2 onwards); a date cell shows day first."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(HEADER)
    for at, value in enumerate(dates):
        team = teams[at] if teams else "Search"
        sheet.append([f"Person {at}", f"p{at}@corp.com", team, "Python 4", value])
        sheet.cell(row=at + 2, column=5).number_format = "DD/MM/YYYY"
    path = folder / "team.xlsx"
    book.save(path)
    return path


def report(path: Path, *args: str | Path) -> dict:
    result = CliRunner().invoke(main, ["check", str(path), "--json", *map(str, args)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def mixed(path: Path, *args: str | Path) -> list[dict]:
    return [i for i in report(path, *args)["issues"] if i["code"] == MIXED]


def settings(folder: Path, day_first: bool) -> Path:
    path = folder / "skillsync.toml"
    path.write_text(f"[dates]\nday_first = {str(day_first).lower()}\n", encoding="utf-8")
    return path


def test_both_orders_are_one_warning_at_the_header_with_a_row_of_each(tmp_path):
    dates = ["03/04/2024", "25/12/2024", "12/25/2024", "2025-01-02",
             *["14/02/2025", "11/30/2024"] * 20]
    [issue] = mixed(workbook(tmp_path, dates))
    assert issue["row"] == 1 and issue["column"] == "Date Updated"
    assert issue["severity"] == "warning"
    message = issue["message"]
    assert "\n" not in message and message.startswith("'Date Updated' ")
    assert "'25/12/2024' in row 3 is day first" in message
    assert "'12/25/2024' in row 4 month first" in message
    assert "read day first ('03/04/2024' in row 2 as 2024-04-03)" in message
    assert "2024-12-25" in message and "day_first = false under [dates]" in message


@pytest.mark.parametrize(("day_first", "read_as", "newest_team"),
                         [(True, "2024-04-03", "Search"), (False, "2024-03-04", "Vision")])
def test_ambiguous_dates_are_read_as_the_setting_says(tmp_path, day_first, read_as,
                                                      newest_team):
    # Row 2 and row 3 are one person: which of them is newer hangs on how 03/04/2024 reads.
    path = workbook(tmp_path, ["03/04/2024", "15/03/2024", "12/25/2024"],
                    teams=["Search", "Vision", "Risk"])
    book = openpyxl.load_workbook(path)
    book["People"]["B3"] = "p0@corp.com"
    book.save(path)
    found = report(path, "--config", settings(tmp_path, day_first))
    [issue] = [i for i in found["issues"] if i["code"] == MIXED]
    order = "day first" if day_first else "month first"
    assert f"read {order} ('03/04/2024' in row 2 as {read_as})" in issue["message"]
    assert f"day_first = {str(not day_first).lower()}" in issue["message"]
    [conflict] = [i for i in found["issues"] if i["code"] == "conflict"]
    assert f"the most recently updated row wins ('{newest_team}')" in conflict["message"]


@pytest.mark.parametrize(("one_order", "other", "day_first"), [
    (["25/12/2024", "03/04/2024", "31.01.2025", "13/01/2025"], "12/25/2024", True),
    (["12/25/2024", "03/04/2024", "01/31/2025", "01-13-2025"], "25/12/2024", False),
])
def test_one_order_is_no_warning_until_the_other_is_written_too(tmp_path, one_order,
                                                                  other, day_first):
    config = settings(tmp_path, day_first)
    assert mixed(workbook(tmp_path, one_order), "--config", config) == []
    [issue] = mixed(workbook(tmp_path, [*one_order, other]), "--config", config)
    assert f"'{other}' in row {len(one_order) + 2}" in issue["message"]


@pytest.mark.parametrize(("dates", "day_first", "other", "either", "read_as"), [
    (["12/25/2024", "03/04/2024", "01/31/2025"], True, "month first", "03/04/2024",
     "2024-04-03"),
    (["25/12/2024", "03/04/2024", "31/01/2025"], False, "day first", "03/04/2024",
     "2024-03-04"),
])
def test_a_column_of_the_other_order_than_the_setting_is_one_warning(
        tmp_path, dates, day_first, other, either, read_as):
    """A US column read day first made 11/15/2026 Nov 15 but 03/12/2026 3 December: the
    newest row of a person was picked wrong, with no word."""
    [issue] = mixed(workbook(tmp_path, dates), "--config", settings(tmp_path, day_first))
    assert issue["row"] == 1 and issue["severity"] == "warning"
    message = issue["message"]
    assert message.startswith(f"'Date Updated' looks written {other}: '{dates[0]}' in row 2 "
                              f"reads only {other}")
    assert f"('{either}' in row 3 as {read_as})" in message
    assert f"day_first = {str(not day_first).lower()} under [dates]" in message


def test_a_column_whose_dates_all_read_either_way_says_nothing(tmp_path):
    assert mixed(workbook(tmp_path, ["03/04/2024", "05/06/2024", "01/02/2025"])) == []


def test_date_cells_and_serial_numbers_never_count(tmp_path):
    # Shown as 25/12/2024 and 13/01/2025, and a serial: none of them is text.
    cells = [datetime(2024, 12, 25), datetime(2025, 1, 13), 45651, "12/25/2024"]
    assert mixed(workbook(tmp_path, cells)) == []
    [issue] = mixed(workbook(tmp_path, [*cells, "25/12/2024"]))
    assert "'25/12/2024' in row 6 is day first" in issue["message"]
    assert "such as 03/04/2024, would be read day first" in issue["message"]


def test_iso_dates_and_month_names_never_count(tmp_path):
    texts = ["2024-12-25", "2025/01/13", "25 December 2024", "Dec 25, 2024", "12/25/2024"]
    assert mixed(workbook(tmp_path, texts)) == []
    [issue] = mixed(workbook(tmp_path, [*texts, "13/01/2025"]))
    assert "'13/01/2025' in row 7 is day first" in issue["message"]


def test_the_warning_is_a_row_of_the_data_issues_tab(tmp_path):
    path = workbook(tmp_path, ["25/12/2024", "12/25/2024"])
    result = CliRunner().invoke(main, ["sync", str(path)])
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(path)["Data Issues"].iter_rows(values_only=True))
    found = [r for r in rows if r[1] == "Date Updated" and "both ways" in str(r[4])]
    assert len(found) == 1 and found[0][0] == "row 1" and found[0][2] == "warning"


def test_start_dates_of_both_orders_are_one_warning_on_the_staffing_requests_tab(tmp_path):
    path = workbook(tmp_path, ["2024-12-25"])
    book = openpyxl.load_workbook(path)
    asked = book.create_sheet("Staffing requests")
    for row in (["Project", "Skills", "Start date"], ["Chatbot", "Python", "03/04/2027"],
                ["Search", "Python", "25/12/2027"], ["Fraud", "Python", "12/25/2027"],
                ["Churn", "Python", "13/01/2028"]):
        asked.append(row)
    book.save(path)
    [issue] = mixed(path)
    assert issue["sheet"] == "Staffing requests" and issue["column"] == "Start date"
    assert issue["row"] == 1 and issue["message"].startswith(
        "'Start date' has dates written both ways "
        "('25/12/2027' in row 3 is day first, '12/25/2027' in row 4 month first)")
    assert "('03/04/2027' in row 2 as 2027-04-03)" in issue["message"]


def test_dates_with_a_time_count_too(tmp_path):
    path = workbook(tmp_path, ["03/10/2024 17:00", "12/25/2024 10:30", "25/12/2024 10:30"])
    [warning] = mixed(path, "--config", settings(tmp_path, False))
    assert "'25/12/2024 10:30' in row 4 is day first" in warning["message"]
    assert "'12/25/2024 10:30' in row 3 month first" in warning["message"]
    assert "('03/10/2024 17:00' in row 2 as 2024-03-10)" in warning["message"]
