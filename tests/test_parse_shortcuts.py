"""The shortcuts of reading rows into people, each against the plain rules it stands for.

Every shortcut here skips work for the common case (ASCII text, a lower-case address, a
column of texts, an item seen before). Each test writes the plain rule out in full, as the
code read before the shortcut, and checks the two agree on hostile input: unicode, empty,
huge, duplicated, case-only differences, separators and markup where they hurt.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillsync.core import cells, emails, fields, layouts, levels, names, people, skillcells, when
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.model import CellError, Grid
from skillsync.reading import base_vocabulary

_SPACES = re.compile(r"\s+")
PROFILE = settings(max_examples=400, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_PIECES = ["SQL", "sql", "Python", "PYTHON", "4", "4/5", "/", "5", ",", ";", "|", "\t", "\n",
           "\r", "\u2022", "\u25cf", " ", "  ", "and", "AND", " and ", "pandas", "<", "</b>",
           "A/B testing", "a/b TESTING", "CI/CD", "PL/SQL", "n/a", "N/A", "1/2/3", "é", "ﬁ",
           "(", ")", "(4/5)", "(advanced)", "[4]", "x", ".", "-", "none", "?", "NLP (4)",
           "Spark & Hugging face", "R&D", "C++", "Pyhton", "\u200b", "\u00a0", "٣", "Ⅳ",
           "advanced", "=SUM(A1)", "-", "★★★", "0", "Docker - 5", "Fraud detection: 3"]
hostile_text = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=14).map("".join),
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from(list(",;/|\n\t ()&+-:.aAnNdD45<>\u2022é")), max_size=60),
)


# ------------------------------------------------------------------------------- splitting

def _plain_split(splitter: cells.Splitter, text: str) -> tuple[str, ...]:
    """Splitter._split as written before its items were tidied once each."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    kept: list[str] = []
    if splitter._shielded(text) or ("(" in text and cells._bracket_holds_separator(text)):
        def hide(match: re.Match[str]) -> str:
            found = match.group(0)
            if found.startswith("(") and not cells._INNER_SEPARATOR.search(found):
                return found
            kept.append(found)
            return f"\x00{len(kept) - 1}\x00"

        text = splitter._shield.sub(hide, text)
    items = []
    for part in cells._SPLIT.split(text):
        if kept and "\x00" in part:
            part = cells._HIDDEN.sub(lambda m: kept[int(m.group(1))], part)
        part = " ".join(part.split()).strip(" .")
        if part and not cells.is_blank(part):
            items.append(part)
    return tuple(items)


@PROFILE
@given(st.lists(hostile_text, min_size=1, max_size=8))
def test_splitting_agrees_with_the_plain_rules(texts):
    """Several cells through one splitter, so tidied items are reused across cells."""
    for protected in ((), base_vocabulary().protected_terms, ("A/B testing", "Sales and ops")):
        splitter = cells.Splitter(protected)
        for text in [*texts, *texts]:
            assert splitter.split(text) == _plain_split(splitter, text), (protected, text)


def test_splitting_a_huge_cell_and_after_the_memo_starts_afresh(monkeypatch):
    splitter = cells.Splitter(base_vocabulary().protected_terms)
    huge = ", ".join(f"Skill{i} ({i % 6})" for i in range(20_000)) + " / A/B testing"
    assert splitter.split(huge) == _plain_split(splitter, huge)
    monkeypatch.setattr(cells, "CACHE_LIMIT", 3)
    for text in ["SQL, Python", " SQL ,  Python.", "SQL;n/a;-", "x/y", "SQL, Python"]:
        assert splitter.split(text) == _plain_split(splitter, text)
    assert len(splitter._tidied) <= 3 + 3  # started afresh, not grown past the limit


@PROFILE
@given(hostile_text)
def test_separators_made_commas_as_the_translation_table_did(text):
    table = str.maketrans(dict.fromkeys(cells._SEPARATOR_CHARS[1:], ","))
    assert cells.to_commas(text) == text.translate(table)


# --------------------------------------------------------------------------- skills cells

def _plain_skills(vocabulary, value, words=levels.DEFAULT, scale=levels.FIVE):
    """The skills parser's loop as written before each item's reading was kept ready."""
    if isinstance(value, CellError) or cells.is_blank(value):
        return fields.skills(vocabulary, words, scale)(value)
    raw = cells.raw_text(value)
    flagged = fields._formula(raw)
    if flagged:
        whole = cells.clean_text(raw)
        return fields.SkillCell(((whole, None, ""),), (whole,)), flagged
    found: dict[str, tuple] = {}
    unknown, folded, problems = [], [], []
    for part in vocabulary.splitter.split(raw):
        for piece in skillcells._read_part(part, vocabulary, words, scale):
            problems.extend(piece.problems)
            if not piece.typed or piece.level is skillcells._NOT_HELD:
                continue
            canonical = piece.skill
            if canonical is None:
                canonical = piece.typed
                unknown.append(piece.typed)
            elif piece.typo:
                folded.append((piece.typed, canonical))
            if canonical not in found or (piece.level or 0) > (found[canonical][0] or 0):
                found[canonical] = (piece.level, piece.written)
    items = tuple((s, lv, w) for s, (lv, w) in found.items())
    return fields.SkillCell(items, tuple(unknown), tuple(folded)), tuple(problems)


skill_cells = st.one_of(
    hostile_text,
    st.lists(st.sampled_from(["Python (4)", "python 2", "SQL - 5", "SQL (1)", "NLP (0)",
                              "Pyhton (3)", "Made-up skill", "made-up SKILL (2)", "4",
                              "advanced SQL", "Spark & Hugging face", "SQL: 9", "(4)",
                              "Docker [5]", "A/B testing (3)", "n/a", "Ⅳ", "sql 4/5",
                              "SQL (4)", "Python - 4", "python (4/5)", "Python"]),
             max_size=8).map(", ".join),
    st.none(), st.integers(), st.floats(), st.builds(CellError, st.just("#N/A")),
)


@PROFILE
@given(st.lists(skill_cells, min_size=1, max_size=6))
def test_skills_cells_read_as_the_plain_rules_read_them(values):
    vocabulary = base_vocabulary()
    parse = fields.skills(vocabulary)  # one parser: items read once, reused across cells
    for value in [*values, *values]:
        assert parse(value) == _plain_skills(vocabulary, value), value


# ------------------------------------------------------------------------------- e-mails

def _plain_email(value):
    """fields.email by the full rules: cleaned, normalised, then checked."""
    if isinstance(value, CellError):
        return fields._email(value)
    shown = cells.clean_text(value)
    key = emails.normalize_email(shown) if shown else ""
    problem = emails.email_problem(key)
    if problem:
        return (shown, None), ((problem, fields.Severity.ERROR,
                                fields.messages.email(problem, shown)),)
    if not key.split("@")[0].isascii():
        return (shown, key), ((fields.Code.NON_ASCII_EMAIL, fields.Severity.WARNING,
                               fields.messages.non_ascii_email(shown)),)
    return (shown, key), ()


def _plain_email_key(value: str) -> str:
    text = cells.INVISIBLE.sub("", unicodedata.normalize("NFKC", value)).strip()
    angled = emails._ANGLED.search(text)
    if angled:
        text = angled.group(1).strip()
    if text[:7].casefold() == "mailto:":
        text = text[7:].strip()
    return text.strip("<>").strip().casefold()


_local = st.text(alphabet=st.sampled_from(list("abcXYZ09._%+-'é\u200b")), min_size=0,
                 max_size=70)
_domain = st.text(alphabet=st.sampled_from(list("abcXYZ09.-é")), min_size=0, max_size=20)
addresses = st.one_of(
    st.builds(lambda pre, local, domain, post: f"{pre}{local}@{domain}{post}",
              st.sampled_from(["", " ", "  ", "\t", "mailto:", "MAILTO: ", "<", "Jane <",
                               "\x1f", "\u00a0", "\ufeff"]),
              _local, _domain,
              st.sampled_from(["", " ", ">", "\n", "\x0b", "\x1c", " .", "\u200b", "\x00"])),
    hostile_text, st.none(), st.integers(), st.floats(),
    st.sampled_from(["JANE@CORP.EXAMPLE", "jane@corp.example ", " Jane@Corp.Example",
                     "jane@corp.example", "a@b.co", "a..b@x.com", "x" * 65 + "@x.com",
                     "jane@corp.example\x1f", "jane@corp.example" + " " * 5000]),
)


@PROFILE
@given(addresses)
def test_email_shortcuts_agree_with_the_full_rules(value):
    assert fields.email(value) == _plain_email(value)
    if isinstance(value, str):
        assert emails.email_key(value) == _plain_email_key(value)


# ------------------------------------------------------------------------------ name keys

def _plain_name_key(name: str) -> str:
    if not name.isascii():
        script = names._cjk_key(name)
        if script is not None:
            return script
    ascii_name = (name if name.isascii()
                  else names.anyascii(unicodedata.normalize("NFKC", name)))
    ascii_name = names._APOSTROPHES.sub("", ascii_name.casefold())
    tokens = names._NOT_LETTERS.sub(" ", ascii_name.replace("-", " ")).split()
    tokens = [names.fold_umlauts(names.NICKNAMES.get(t, t)) for t in tokens
              if len(t) > 1 and t not in names.TITLES]
    return " ".join(sorted(tokens)) if len(tokens) >= 2 else ""


name_texts = st.one_of(
    st.lists(st.sampled_from(["Jane", "JANE", "jane", "O'Brien", "O`Brien", "O’Brien",
                              "Müller", "Mueller", "Michael", "Mike", "Dr.", "J.", "de",
                              "Søren-Łukasz", "刘", "玉", "Zoë", "-", " ", "  ", "\t", ",",
                              "3", "Bob", "ii", "Ænne", "Иван", "x" * 300]),
             max_size=6).map(" ".join),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(list("aeouAEOU '`-.,\t1")), max_size=30),
)


@PROFILE
@given(name_texts)
def test_name_keys_agree_with_the_plain_rules(name):
    assert names._name_key(name) == _plain_name_key(name)


# --------------------------------------------------------------------------- columns

def _plain_one_spelling(values):
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for value in values:
        if value:
            counts[cells.fold(value)][value] += 1
    if all(len(spellings) == 1 for spellings in counts.values()):
        return values
    chosen = {key: max(spellings, key=spellings.__getitem__) for key, spellings in counts.items()}
    return [chosen[cells.fold(v)] if v else v for v in values]


@PROFILE
@given(st.lists(st.sampled_from(["Search", "search", "SEARCH ", "Search ", "", "Ads",
                                 "ADS", "ﬁnance", "finance", "Straße", "STRASSE", "İ", "i̇"]),
                max_size=40))
def test_one_spelling_per_team_as_counted_row_by_row(values):
    assert people.one_spelling(list(values)) == _plain_one_spelling(list(values))


def test_submission_moments_as_read_one_by_one():
    values = [None, datetime(2026, 3, 1, 9, 30), date(2026, 3, 1), 45000, 45000.5, "",
              "2026-03-01 09:30:00", "garbage", True, float("nan"), None]
    assert when.moments(values) == [when.moment(v) for v in values]


def test_ragged_rows_read_into_columns_as_cell_by_cell():
    """Rows shorter than the header (trailing blanks are not stored) read None there."""
    header = ["Name", "E-mail", "Team", "Skills", "Current projects"]
    rows = [header, ["Ana Lima", "ana@x.com", "Search", "NLP (4)", "Atlas"],
            ["Wei Zhang", "wei@x.com"], ["Kofi Boateng", "kofi@x.com", "Risk"],
            ["Mia Ode", "mia@x.com", "Ads", "SQL", "Beacon", "stray"], []]
    grid = Grid("People", [list(r) for r in rows])
    extract = layouts.read({"People": grid}, HeaderVocabulary.build({}), layouts.Options())
    body = rows[1:-1]  # the empty row is no record
    for name, column in extract.layout.columns.items():
        expected = [row[column] if column < len(row) else None for row in body]
        assert extract.records.cells[name] == expected, name


@PROFILE
@given(st.lists(hostile_text, max_size=6))
def test_folding_remembered_agrees_with_folding_afresh(texts):
    for text in [*texts, *texts, "x" * (cells.CACHED_LENGTH + 1), " Search  ", "SEARCH"]:
        assert cells.fold(text) == cells._folded(text)
        assert cells.fold(text) == _SPACES.sub(" ", unicodedata.normalize("NFKC", text)
                                               ).strip().casefold()
