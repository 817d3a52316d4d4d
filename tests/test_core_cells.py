"""Reading one cell (spec §3): lists, levels, success rates, dates, e-mails, error cells.

The pure helpers in skillsync.core.cells are tested directly; the way a whole row of
cells is read (error cells, formula-looking text, markup in a skills cell) is tested
through read_rows on small hand-made grids.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

import pytest
from corekit import locate, read_rows

from skillsync.core import cells, emails, ratecells, when
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.model import CellError, Grid, Severity, column_letter
from skillsync.core.people import Rules

TODAY = date(2026, 11, 27)
RULES = Rules(today=TODAY)


def shipped_vocabulary():
    """The packaged skills.toml vocabulary (skillsync.sync was renamed skillsync.pipeline)."""
    try:
        from skillsync.sync import base_vocabulary
    except ImportError:
        from skillsync.reading import base_vocabulary
    return base_vocabulary()


def read(header: list, *body: list, vocabulary=None, rules: Rules = RULES):
    grid = Grid("Inventory", [list(header), *map(list, body)])
    layout = locate(grid, HeaderVocabulary.build())
    assert layout is not None, "test grid has no recognisable header"
    return read_rows(grid, layout, vocabulary or shipped_vocabulary(), rules)


def codes_at(result, row: int) -> set[tuple[str | None, str]]:
    return {(i.column, i.code) for i in result.issues if i.row == row}


# --------------------------------------------------------------------------- split_items


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NLP, CV", ("NLP", "CV")),
        ("NLP; CV", ("NLP", "CV")),
        ("NLP / CV", ("NLP", "CV")),
        ("NLP/CV", ("NLP", "CV")),
        ("NLP\nCV", ("NLP", "CV")),
        ("NLP\r\nCV", ("NLP", "CV")),
        ("Python and R", ("Python", "R")),
        ("Python AND R", ("Python", "R")),
        ("NLP, CV; ML / DL\nTF and k8s", ("NLP", "CV", "ML", "DL", "TF", "k8s")),
        ("  deep    learning  ,   SQL ", ("deep learning", "SQL")),
        ("Python,,SQL;", ("Python", "SQL")),
        ("Sandra, Andrew", ("Sandra", "Andrew")),  # "and" inside a word is not a separator
        ("Brandon and Alexandra", ("Brandon", "Alexandra")),
        ("Python", ("Python",)),
        ("", ()),
        ("   ", ()),
        ("<script>alert(1)</script>", ("<script>alert(1)</script>",)),
    ],
    ids=[
        "comma", "semicolon", "slash-spaced", "slash-tight", "newline", "crlf", "and",
        "AND-upper", "all-separators", "spaces-folded", "empty-items-dropped",
        "and-inside-word", "and-between-names", "single", "empty", "only-spaces",
        "script-markup-intact",
    ],
)
def test_split_items(text, expected):
    assert cells.split_items(text) == expected


@pytest.mark.parametrize(
    ("text", "protected", "expected"),
    [
        ("A/B testing, SQL", ("A/B testing",), ("A/B testing", "SQL")),
        ("a/b Testing; SQL", ("A/B testing",), ("a/b Testing", "SQL")),
        ("PL/SQL and Python", ("PL/SQL",), ("PL/SQL", "Python")),
        ("A/B testing, SQL", (), ("A", "B testing", "SQL")),
    ],
    ids=["protected-kept-whole", "protected-any-case-kept-as-typed", "protected-and",
         "unprotected-splits"],
)
def test_split_items_keeps_protected_terms_whole(text, protected, expected):
    assert cells.split_items(text, protected) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Deep   LEARNING ", "deep learning"),
        ("NLP", "nlp"),
        ("ＮＬＰ", "nlp"),
        ("Straße", "strasse"),
    ],
    ids=["spaces-and-case", "upper", "fullwidth-nfkc", "casefold-not-lower"],
)
def test_fold_ignores_case_and_spacing(text, expected):
    assert cells.fold(text) == expected


# --------------------------------------------------------------------------- success rate


@pytest.mark.parametrize(
    ("value", "fraction_scale", "expected"),
    [
        (0.85, True, (0.85, None)),
        ("85%", True, (0.85, None)),
        ("85", True, (0.85, None)),
        ("0.85", True, (0.85, None)),
        ("85 %", True, (0.85, None)),
        (85, False, (0.85, None)),
        (85.0, False, (0.85, None)),
        (0.85, False, (0.85, None)),
        (1, True, (1.0, None)),
        ("100%", True, (1.0, None)),
        (0, True, (0.0, None)),
        ("0%", True, (0.0, None)),
        (None, True, (None, None)),
        ("", True, (None, None)),
        ("n/a", True, (None, None)),
    ],
    ids=[
        "fraction-number", "percent-text", "plain-text-85", "fraction-text", "percent-space",
        "percent-number-int", "percent-number-float", "fraction-in-percent-column",
        "one-is-100", "100-percent-text", "zero", "zero-percent", "none-blank",
        "empty-blank", "na-blank",
    ],
)
def test_parse_rate_accepts(value, fraction_scale, expected):
    rate, problem = ratecells.parse_rate(value, fraction_scale)
    assert problem == expected[1]
    if expected[0] is None:
        assert rate is None
    else:
        assert rate == pytest.approx(expected[0])


@pytest.mark.parametrize(
    ("value", "fraction_scale", "code"),
    [
        ("120%", True, "rate-over-100"),
        (1.2, True, "rate-over-100"),
        (120, False, "rate-over-100"),
        ("150", True, "rate-over-100"),
        ("abc", True, "rate-not-number"),
        ("85 percent", True, "rate-not-number"),
        ("nan", True, "rate-not-number"),
        ("inf", True, "rate-not-number"),
        (True, True, "rate-not-number"),
        ("-5%", True, "rate-negative"),
        (-0.1, True, "rate-negative"),
        (CellError("#N/A"), True, "cell-error"),
        (CellError("#DIV/0!"), False, "cell-error"),
    ],
    ids=[
        "120-percent-text", "1.2-in-fraction-column", "120-in-percent-column", "150-text",
        "word", "words-after-number", "nan-text", "inf-text", "boolean",
        "negative-percent", "negative-fraction", "na-error-cell", "div0-error-cell",
    ],
)
def test_parse_rate_problems(value, fraction_scale, code):
    assert ratecells.parse_rate(value, fraction_scale) == (None, code)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0.85, 0.9, 0.7], True),
        ([85, 90, 70], False),
        ([85, 0.9, 70], False),
        ([0.85, 0.9, 85], True),
        (["85%", "abc", None], True),
        ([], True),
        ([True, False, 85, 90], False),
    ],
    ids=["fractions", "percents", "mostly-percents", "mostly-fractions", "no-numbers",
         "empty", "booleans-ignored"],
)
def test_numbers_look_like_fractions(values, expected):
    assert ratecells.numbers_look_like_fractions(values) is expected


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ([0.85, "85%", "85", "0.85"], [0.85, 0.85, 0.85, 0.85]),
        ([85, 90, "70%", 60.0], [0.85, 0.90, 0.70, 0.60]),
        ([0.5, None, "", 1], [0.5, None, None, 1.0]),
    ],
    ids=["every-spelling-of-85", "percent-numbers-column", "blanks-stay-empty"],
)
def test_read_rows_success_rate_column(column, expected):
    body = [[f"P{i} Q", f"p{i}@x.com", value] for i, value in enumerate(column)]
    result = read(["Name", "Email", "Success rate"], *body)
    rates = list(result.frame["success_rate"])
    for got, want in zip(rates, expected, strict=True):
        if want is None:
            assert math.isnan(got)
        else:
            assert got == pytest.approx(want)
    assert not [i for i in result.issues if i.column == "Success rate"]


@pytest.mark.parametrize(
    ("value", "code"),
    [("120%", "rate-over-100"), ("lots", "rate-not-number"), (CellError("#N/A"), "cell-error")],
    ids=["over-100", "not-a-number", "error-cell"],
)
def test_read_rows_bad_success_rate_is_an_error_issue(value, code):
    result = read(["Name", "Email", "Team", "Success rate"],
                  ["Ana Lima", "ana@x.com", "Risk", "80%"],
                  ["Bo Chen", "bo@x.com", "Risk", value])
    [issue] = [i for i in result.issues if i.column == "Success rate"]
    assert (issue.row, issue.code, issue.severity, issue.cell, issue.email) == (
        3, code, Severity.ERROR, "D3", "bo@x.com")
    assert math.isnan(result.frame["success_rate"].iloc[1])
    assert result.frame["success_rate"].iloc[0] == pytest.approx(0.8)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "day_first", "expected"),
    [
        (date(2026, 1, 5), True, date(2026, 1, 5)),
        (datetime(2026, 1, 5, 14, 30), True, date(2026, 1, 5)),
        (46027, True, date(2026, 1, 5)),
        (46027.75, True, date(2026, 1, 5)),
        (45658.0, True, date(2025, 1, 1)),
        ("2026-01-05", True, date(2026, 1, 5)),
        ("2026-01-05 09:30:00", True, date(2026, 1, 5)),
        ("05/01/2026", True, date(2026, 1, 5)),
        ("05/01/2026", False, date(2026, 5, 1)),
        ("13/01/2026", False, date(2026, 1, 13)),
        ("01/13/2026", True, date(2026, 1, 13)),
        ("5 January 2026", True, date(2026, 1, 5)),
        ("January 5, 2026", True, date(2026, 1, 5)),
        (" 2026-01-05 ", True, date(2026, 1, 5)),
    ],
    ids=[
        "date", "datetime", "serial", "serial-with-time", "serial-float-2025",
        "iso-text", "iso-datetime-text", "day-first", "month-first", "day-first-fallback",
        "month-first-fallback", "long-text", "us-long-text", "padded",
    ],
)
def test_parse_date_reads(value, day_first, expected):
    assert when.parse_date(value, day_first) == (expected, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, (None, None)),
        ("", (None, None)),
        ("-", (None, None)),
        ("yesterday", (None, "bad-date")),
        ("31/02/2026", (None, "bad-date")),
        (-1, (None, "bad-date")),
        (True, (None, "bad-date")),
        (CellError("#VALUE!"), (None, "cell-error")),
    ],
    ids=["none", "empty", "dash", "word", "impossible-day", "negative-serial", "boolean",
         "error-cell"],
)
def test_parse_date_blank_or_problem(value, expected):
    assert when.parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected", "code"),
    [
        (46027, date(2026, 1, 5), None),
        ("2026-01-05", date(2026, 1, 5), None),
        (datetime(2026, 1, 5, 8, 0), date(2026, 1, 5), None),
        ("last week", None, "bad-date"),
        ("2027-01-01", date(2027, 1, 1), "future-date"),
        (CellError("#N/A"), None, "cell-error"),
    ],
    ids=["serial", "text", "datetime", "unreadable", "future", "error-cell"],
)
def test_read_rows_last_updated(value, expected, code):
    result = read(["Name", "Email", "Last updated"], ["Ana Lima", "ana@x.com", value])
    assert result.frame["last_updated"].iloc[0] == expected
    found = [(i.code, i.cell) for i in result.issues]
    assert found == ([(code, "C2")] if code else [])


# --------------------------------------------------------------------------- e-mails


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ana.lima@example.com", "ana.lima@example.com"),
        ("  Ana.Lima@Example.COM  ", "ana.lima@example.com"),
        ("mailto:ana@x.com", "ana@x.com"),
        ("MAILTO:Ana@X.com", "ana@x.com"),
        ("mailto: ana@x.com ", "ana@x.com"),
        ("ａｎａ@ｘ.com", "ana@x.com"),
        ("<ana@x.com>", "ana@x.com"),
    ],
    ids=["plain", "spaces-and-case", "mailto", "mailto-upper", "mailto-space", "fullwidth-nfkc",
         "angle-brackets"],
)
def test_normalize_email(value, expected):
    assert emails.normalize_email(value) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("ana@x.com", None),
        ("ana.lima+ds@sub.x.co.uk", None),
        ("", "missing-email"),
        ("n/a", "missing-email"),
        ("-", "missing-email"),
        ("ana", "invalid-email"),
        ("ana@x", "invalid-email"),
        ("ana@@x.com", "invalid-email"),
        ("ana lima@x.com", "invalid-email"),
        ("ana@x.com, bo@x.com", "invalid-email"),
    ],
    ids=["ok", "ok-plus-subdomain", "empty", "na", "dash", "no-at", "no-dot", "double-at",
         "space", "two-addresses"],
)
def test_email_problem(key, expected):
    assert emails.email_problem(key) == expected


# --------------------------------------------------------------------------- small helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x","click")', True),
        ("=1+1", True),
        ("+SUM(A1:A3)", True),
        ("@SUM(A1)", True),
        ("Ana Lima", False),
        ("e-mail", False),
        ("=", False),
        ("-", False),
    ],
    ids=["hyperlink", "equals", "plus", "at", "name", "hyphen-inside", "lone-equals", "lone-dash"],
)
def test_looks_like_formula(text, expected):
    assert cells.looks_like_formula(text) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, True), ("", True), ("   ", True), ("N/A", True), ("-", True), ("none", True),
        ("TBD", True), (float("nan"), True),
        (0, False), ("0", False), ("Ana", False), (CellError("#N/A"), False),
    ],
    ids=["none", "empty", "spaces", "NA", "dash", "none-word", "tbd", "nan",
         "zero", "zero-text", "text", "error-cell"],
)
def test_is_blank(value, expected):
    assert cells.is_blank(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (CellError("#N/A"), ""),
        (3.0, "3"),
        (3.5, "3.5"),
        (7, "7"),
        ("  Ana   Lima  ", "Ana Lima"),
        ("Ａｎａ", "Ana"),
    ],
    ids=["none", "error-cell", "whole-float", "fraction-float", "int", "spaces", "fullwidth"],
)
def test_clean_text(value, expected):
    assert cells.clean_text(value) == expected


@pytest.mark.parametrize(
    ("index", "letters"),
    [(1, "A"), (2, "B"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA")],
    ids=["A", "B", "Z", "AA", "AZ", "BA", "ZZ", "AAA"],
)
def test_column_letter(index, letters):
    assert column_letter(index) == letters


# --------------------------------------------------------------------------- whole rows


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("NLP (4), CV; ML / DL\nTF and k8s",
         (("Natural Language Processing", 4), ("Computer Vision", None),
          ("Machine Learning", None), ("Deep Learning", None), ("TensorFlow", None),
          ("Kubernetes", None))),
        ("  python ,PYTHON;  Python ", (("Python", None),)),
        ("NLP\nSQL (3)", (("Natural Language Processing", None), ("SQL", 3))),
        ("n/a", ()),
        (None, ()),
    ],
    ids=["every-separator-and-a-level", "case-and-spaces-folded", "newline-in-cell",
         "blank-word", "empty-cell"],
)
def test_read_rows_expertise_cell(cell, expected):
    result = read(["Name", "Email", "Skills"], ["Ana Lima", "ana@x.com", cell])
    assert tuple((s, lv) for s, lv, _ in result.frame["expertise"].iloc[0]) == expected
    assert not [i for i in result.issues if i.code == "unknown-skill"]


@pytest.mark.parametrize(
    ("field", "header", "cell", "expected"),
    [
        ("current_projects", "Current project(s)", "Churn model; Pricing\nFraud",
         ("Churn model", "Pricing", "Fraud")),
        ("past_projects", "Past projects", "Churn   model, Pricing / Fraud and Search",
         ("Churn model", "Pricing", "Fraud", "Search")),
        ("learn", "Want to learn", "LLMs / RL", ("Large Language Models",
                                                  "Reinforcement Learning")),
    ],
    ids=["current-projects", "past-projects", "want-to-learn"],
)
def test_read_rows_list_fields(field, header, cell, expected):
    result = read(["Name", "Email", header], ["Ana Lima", "ana@x.com", cell])
    assert result.frame[field].iloc[0] == expected


@pytest.mark.parametrize(
    ("header", "column_letter_"),
    [
        ("Name", "A"), ("Team", "C"), ("Role", "D"), ("Manager e-mail", "E"),
        ("Location", "F"), ("Skills", "G"), ("Past projects", "H"), ("Success rate", "I"),
        ("Current projects", "J"), ("Want to learn", "K"), ("Availability", "L"),
        ("Last updated", "M"),
    ],
    ids=lambda v: str(v),
)
def test_error_cells_are_problems_not_crashes(header, column_letter_):
    headers = ["Name", "Email", "Team", "Role", "Manager e-mail", "Location", "Skills",
               "Past projects", "Success rate", "Current projects", "Want to learn",
               "Availability", "Last updated"]
    good = ["Ana Lima", "ana@x.com", "Risk", "DS", "boss@x.com", "Oslo", "NLP", "P1", "80%",
            "P2", "CV", "50%", "2026-01-05"]
    broken = [CellError("#N/A"), "bo@x.com", *[CellError("#N/A")] * 11]
    result = read(headers, good, broken)
    [issue] = [i for i in result.issues if i.row == 3 and i.column == header
               and i.code == "cell-error"]
    assert issue.severity == Severity.ERROR
    assert issue.cell == f"{column_letter_}3"
    assert "#N/A" in issue.message
    assert issue.email == "bo@x.com"
    assert list(result.frame["key"]) == ["ana@x.com", "bo@x.com"]


def test_error_cell_never_shows_as_text():
    result = read(["Name", "Email", "Team", "Skills", "Current projects"],
                  [CellError("#REF!"), "ana@x.com", CellError("#N/A"), CellError("#N/A"),
                   CellError("#VALUE!")])
    row = result.frame.iloc[0]
    assert (row["name"], row["team"], row["expertise"], row["current_projects"]) == (
        "", "", (), ())
    assert result.unknown_skills == {}


@pytest.mark.parametrize(
    ("header", "field", "cell_ref"),
    [("Name", "name", "A2"), ("Team", "team", "C2"), ("Location", "location", "D2")],
    ids=["name", "team", "location"],
)
def test_formula_text_in_text_field_is_flagged_and_kept(header, field, cell_ref):
    typed = '=HYPERLINK("http://x","click")'
    headers = ["Name", "Email", "Team", "Location"]
    row = ["Ana Lima", "ana@x.com", "Risk", "Oslo"]
    row[headers.index(header)] = typed
    result = read(headers, row)
    assert result.frame[field].iloc[0] == typed
    [issue] = [i for i in result.issues if i.code == "formula-text"]
    assert (issue.row, issue.column, issue.cell, issue.severity) == (
        2, header, cell_ref, Severity.WARNING)


@pytest.mark.parametrize(
    ("header", "typed"),
    [
        ("Skills", '=HYPERLINK("http://x","click")'),
        ("Current projects", "=1+1"),
        ("Want to learn", "@SUM(A1)"),
    ],
    ids=["skills", "current-projects", "want-to-learn"],
)
def test_formula_text_in_list_field_is_flagged(header, typed):
    result = read(["Name", "Email", header], ["Ana Lima", "ana@x.com", typed])
    assert [(i.row, i.column) for i in result.issues if i.code == "formula-text"] == [
        (2, header)]


@pytest.mark.parametrize(
    ("cell", "kept"),
    [
        ("<script>", "<script>"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("<script>alert('x')</script>, Python", "<script>alert('x')</script>"),
    ],
    ids=["bare-tag", "tag-with-closing", "tag-and-known-skill"],
)
def test_script_in_skills_cell_is_kept_intact_as_unknown_skill(cell, kept):
    result = read(["Name", "Email", "Skills"], ["Ana Lima", "ana@x.com", cell])
    skills = [s for s, _, _ in result.frame["expertise"].iloc[0]]
    assert kept in skills
    assert result.unknown_skills == {kept: [2]}
    [issue] = [i for i in result.issues if i.code == "unknown-skill"]
    assert kept in issue.message


@pytest.mark.parametrize(("cell", "text"), [
    ("Ana \x1b[31mRed\x1b[0m", "Ana [31mRed[0m"),  # a terminal colour: inert text only
    ("T\x07eam\x00", "Team"),
    ("Py\x9bthon", "Python"),  # C1 controls too
    ("NLP\nSQL\tR", "NLP\nSQL\tR"),  # line breaks and tabs separate list items: kept
    ("Zoë Ødegård", "Zoë Ødegård"),
    ("\u202enohtyp", "nohtyp"),  # a bidi override would show it as "python"
    ("Ahmed \u202egnp.exe", "Ahmed gnp.exe"),
    ("\u200fمحمد", "\u200fمحمد"),  # a right-to-left mark is kept
])
def test_control_characters_never_leave_a_cell(cell, text):
    assert cells.raw_text(cell) == text


# The e-mail shortcut (emails.plain_address): wherever it answers, the full path must give
# the same key and find no problem. Generated addresses are mostly plain, and otherwise
# broken the ways the full path looks for (case, spaces, dots, hyphens, brackets, mailto:,
# non-ASCII, invisible characters, a long local part, a bad top-level domain).
_LOCAL = ["jane", "doe", "a", "x1", "_", "+", "%", "-", ".", ".", "..", "J", "é", " ",
          "\u200b", "x" * 30, ":", '"']
_LABELS = ["corp", "example", "b", "x-y", "-x", "y-", "c0", "", "Ex", "ñ"]
_ENDS = ["com", "com", "org", "uk", "c", "c0m", "COM", ""]
_AROUND = ["", "", "", "", " ", "mailto:", "<", ">", "\u00ad", "\t"]


def _plain_or_not(data) -> str:
    """An address, usually plain, sometimes broken in one of the ways the full path sees."""
    from hypothesis import strategies as st
    pick = data.draw
    local = "".join(pick(st.lists(st.sampled_from(_LOCAL), min_size=1, max_size=4)))
    labels = pick(st.lists(st.sampled_from(_LABELS), min_size=1, max_size=3))
    domain = ".".join([*labels, pick(st.sampled_from(_ENDS))])
    before, after = pick(st.sampled_from(_AROUND)), pick(st.sampled_from(_AROUND))
    return f"{before}{local}@{domain}{after}"


def test_plain_address_shortcut_agrees_with_the_full_path():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from skillsync.core import fields

    @settings(max_examples=500)  # about one in twenty is plain
    @given(st.data())
    def check(data):
        text = _plain_or_not(data)
        if emails.plain_address(text):
            assert fields._email(text) == ((text, text), fields.NO_PROBLEMS)
        else:
            assert fields.email(text) == fields._email(text)

    check()


@pytest.mark.parametrize("text", ["jane.doe@corp.example", "a@b.co", "j_d+ml@x-y.example.org",
                                  "first.last123@sub.domain.example"])
def test_common_addresses_take_the_shortcut(text):
    from skillsync.core import fields
    assert emails.plain_address(text)
    assert fields._email(text) == ((text, text), fields.NO_PROBLEMS)


@pytest.mark.parametrize("text", ["Jane@corp.example", " jane@corp.example", "mailto:j@x.com",
                                  "a..b@x.com", ".a@x.com", "a.@x.com", "a@b.c", "a@-b.com",
                                  "a@b-.com", "a@b.c0m", "Jane <jane@x.com>", "jané@x.com",
                                  "x" * 65 + "@x.com", "a@x.com\u200b", "a@@x.com", "a@x..com"])
def test_other_addresses_take_the_full_path(text):
    assert not emails.plain_address(text)


# The list separators as one pattern, the way Splitter read them before its shortcuts:
# the reference `split_on_separators` and the " and "-free test must agree with.
_SEPARATORS_REFERENCE = re.compile(
    r"[,;|\t\n\r\u2022\u25aa\u2023\u25e6\u25cf]|(?<![<\d])/|(?<=\d)/(?!\d)|(?<!\s)\s++and\s+",
    re.IGNORECASE)
_CELL_PIECES = ["SQL", "4", "/", "5", ",", ";", "|", "\t", "\n", "\r", "\u2022", " ", "  ",
                "and", "AND", "pandas", "<", "</b>", "A/B", "1/2/3", "é", "(", ")", "x"]


def test_separator_shortcuts_agree_with_the_one_pattern():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=2000)
    @given(st.lists(st.sampled_from(_CELL_PIECES), max_size=12).map("".join))
    def check(text):
        expected = _SEPARATORS_REFERENCE.split(text)
        assert cells._SPLIT.split(text) == expected
        plain = "</" not in text and ("and" not in text.lower()
                                      or not cells._AND_WORD.search(text))
        if plain:
            assert cells.split_on_separators(text) == expected

    check()


@pytest.mark.parametrize("text, expected", [
    ("SQL 4/5, Python", ["SQL 4/5", " Python"]), ("A/B;C", ["A", "B", "C"]),
    ("1/2/3", ["1/2/3"]), ("x/1", ["x", "1"]), ("1/x", ["1", "x"]), ("/a", ["", "a"]),
    ("Pandas\u2022Spark", ["Pandas", "Spark"])])
def test_split_on_separators(text, expected):
    assert cells.split_on_separators(text) == expected


def test_long_text_is_cut_where_it_passes_the_limit_and_nowhere_else():
    from skillsync.core.grids import cut_long_text

    rows = [["abc", 12345678, None], [], ["x" * 5, 3.5, "y" * 4], [True, "z" * 6]]
    kept = [list(row) for row in rows]
    assert cut_long_text(kept, 6) == () and kept == rows  # six characters: not over
    assert cut_long_text(kept, 4, first_row=3, first_col=2) == ("B5", "C6")
    assert kept == [["abc", 12345678, None], [], ["xxxx", 3.5, "yyyy"], [True, "zzzz"]]
    assert cut_long_text([], 4) == () and cut_long_text([[None, 1]], 4) == ()
