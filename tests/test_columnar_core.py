"""The core's column-at-once paths against the plain row-by-row way they replace: the same
frames, proposals and records on hostile sheets (namesakes, initials, case and unicode
variants of one address, blanks, error cells, groups past the proposal limit)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations

import numpy as np
import pandas as pd
import plain_dedupe
import pytest
from corekit import extract

from skillsync.core import namekeys, namesakes, origins, schema, summary
from skillsync.core.dedupe import Duplicate, distinct_shown, merge_by_email
from skillsync.core.headers import HeaderVocabulary
from skillsync.core.layouts import cellshares as shares
from skillsync.core.layouts import legend, readers
from skillsync.core.layouts import table as tables
from skillsync.core.layouts.columns import Context
from skillsync.core.layouts.records import body
from skillsync.core.model import CellError, Grid
from skillsync.core.names import initial_keys_given, name_key, numbered_namesakes
from skillsync.core.people import Rules, read_records
from skillsync.reading import base_vocabulary

RULES = Rules(today=date(2026, 11, 27))
HEADER = ["Name", "Email", "Team", "Skills", "Want to learn", "Success rate", "Role"]

NAMES = ["Ana Lima", "ana lima", "Lima, Ana", "J. Smith", "John Smith", "Jane Smith",
         "Smith, J", "Smith J.", "刘玉", "刘 玉", "Zoë Ünal", "Zoe Uenal", "Bob Jones",
         "Robert Jones", "", "  ", "Madonna", "Dr. Who", "Ann Ann", "A. Ann", "O'Brien Pat",
         "Pat OBrien", "Wei Zhang", "Zhang Wei"]
SKILLS = ["Python (4), SQL", "python 5; Go", "", "Rust - expert", "NLP (0)", "x", "Spark"]


def hostile_rows(count: int, seed: int) -> list[list]:
    """Rows mixing namesakes, addresses differing in case or unicode only, blanks, error
    cells, rows of one address, a name shared past the proposal limit."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(count):
        name = NAMES[int(rng.integers(len(NAMES)))]
        local = name.casefold().replace(" ", ".").replace(",", "") or f"n{i}"
        email = rng.choice([f"{local}@x.org", f"{local.upper()}@X.org", f"{local}{i % 3}@x.org",
                            f"Ｐ{i % 5}@x.org", "", "not an address", f"p{i}@x.org"])
        rate = rng.choice(["50%", "0.9", "", "n/a", 0.75])
        team = rng.choice(["Search", "search", "", "Ads", "Ｓearch"])
        rows.append([name, str(email), str(team), SKILLS[i % len(SKILLS)],
                     SKILLS[(i * 3) % len(SKILLS)], rate, CellError("#N/A") if i % 11 == 0
                     else rng.choice(["Lead", "", "lead"])])
    rows += [["Wei Zhang", f"wz{i}@x.org", "", "Go", "", "", ""] for i in range(25)]
    rows += [["Ana Lima", "Ana.Lima@X.org", "Other", "Java", "C", "10%", "Dev"]]
    return rows


def records_and_people(rows: list[list]):
    found = extract(Grid("Inventory", [HEADER, *rows]))
    assert found is not None
    records = read_records(found, base_vocabulary(), RULES)
    merged = merge_by_email(records.frame, found.layout)
    return found.layout, records.frame, schema.check(merged.people, schema.PEOPLE_COLUMNS,
                                                     "people")


SHEETS = [hostile_rows(n, seed) for n, seed in ((0, 1), (1, 2), (40, 3), (300, 4), (900, 5))]


# ---------------------------------------------------------------- same-name proposals


class PlainSource:
    def __init__(self, people, records):
        self.keys = people["key"].tolist()
        self.rows = people["rows"].tolist()
        self.sheets = people["sheet"].tolist()
        table = records if records is not None else people
        self.values = {name: table[name].tolist() for name in ("name", *schema.SCALAR_FIELDS)}
        self.records = defaultdict(list)
        for position, key in enumerate(table["key"].tolist()):
            self.records[key].append(position)

    def distinct(self, name, group):
        values = self.values[name]
        return distinct_shown([values[r] for person in group
                               for r in self.records[self.keys[person]]])

    def proposal(self, group, layout):
        places = sorted((row, tab) for p in group
                        for tab, row in origins.located(self.rows[p], self.sheets[p]))
        names = self.distinct("name", group)
        conflicts = {}
        for name in schema.SCALAR_FIELDS:
            distinct = self.distinct(name, group)
            if len(distinct) > 1:
                conflicts[layout.headers.get(name, name)] = distinct
        reason = "same name " + " / ".join(f"'{n}'" for n in names)
        emails = tuple(self.keys[p] if "@" in self.keys[p] else "" for p in group)
        return Duplicate(tuple(r for r, _ in places), reason, "review", emails, names,
                         conflicts, tuple(s for _, s in places))


def plain_groups(keys, members, not_same):
    pairs = list(combinations(members, 2))
    allowed = [(a, b) for a, b in pairs
               if not (not_same and frozenset((keys[a], keys[b])) in not_same)
               and not numbered_namesakes(keys[a], keys[b])]
    return [members] if len(allowed) == len(pairs) else [[a, b] for a, b in allowed]


def plain_blocks(names, name_keys):
    blocks, initialled, written_short = defaultdict(list), defaultdict(list), set()
    for index, (name, key) in enumerate(zip(names, name_keys, strict=True)):
        if key:
            blocks[key].append(index)
        shorts = initial_keys_given(name, key) if name else ()
        for short in shorts:
            initialled[short].append(index)
        if len(shorts) == 1:
            written_short.add(index)
    pairs = []
    for members in initialled.values():
        if len(members) > namesakes.MAX_BLOCK:
            continue
        short = [i for i in members if i in written_short]
        pairs.extend(sorted((a, b)) for a in short for b in members if b != a)
    return [*blocks.values(), *(list(p) for p in sorted({tuple(p) for p in pairs}))]


def plain_propose(people, layout, not_same, records):
    source = PlainSource(people, records)
    keys = people["key"].tolist()
    proposals, seen = [], set()
    for members in plain_blocks(people["name"].tolist(), people["name_key"].tolist()):
        if not 1 < len(members) <= namesakes.MAX_BLOCK:
            continue
        for group in plain_groups(keys, members, not_same):
            if frozenset(group) not in seen:
                seen.add(frozenset(group))
                proposals.append(source.proposal(group, layout))
    return sorted(proposals, key=lambda d: d.rows)


@pytest.mark.parametrize("rows", SHEETS)
def test_same_name_proposals_as_the_plain_way(rows):
    layout, records, people = records_and_people(rows)
    keys = people["key"].tolist()
    ruled_out = {frozenset(pair) for pair in combinations(keys[:6], 2)}
    for not_same in (set(), ruled_out):
        for source in (records, None):
            found = namesakes.propose_same_name(people, layout, not_same, source)
            assert found == plain_propose(people, layout, not_same, source)
    if len(rows) > 100:
        assert namesakes.propose_same_name(people, layout, set(), records)


def test_blocks_as_the_plain_way_on_initials_and_blank_keys():
    names = ["J. Smith", "John Smith", "Jane Smith", "Smith, J", "", "Madonna", "J Smith",
             "Ann Ann", "A. Ann", "Bob Jones", "Robert Jones", "刘玉", "刘 玉", "K. Lee"]
    names += [f"Kim Lee{'e' * (i % 2)}" for i in range(30)] + ["K Lee"] * 3
    keys = [name_key(n) if n else "" for n in names]
    keys[5] = None  # a missing key is no name, as "" is
    expected = [b for b in plain_blocks(names, keys) if len(b) > 1]
    assert namesakes._blocks(names, keys) == expected
    assert namesakes._blocks([], []) == []
    assert namesakes._blocks(["Ana Lima"] * 3, ["ana lima"] * 3) == [[0, 1, 2]]


# ---------------------------------------------------------------- summary tables


def plain_skill_table(people, expert_level):
    records = [(i, name, team, skill, level, written)
               for i, name, team, items in zip(people.index.tolist(), people["name"].tolist(),
                                               people["team"].tolist(),
                                               people["expertise"].tolist(), strict=True)
               for skill, level, written in items]
    table = pd.DataFrame(records, columns=["person", "name", "team", "skill", "level",
                                           "written"])
    table["level"] = table["level"].astype("float64")
    table["expert"] = table["level"].fillna(0) >= expert_level
    return table


def plain_learner_table(people):
    records = [(i, name, skill)
               for i, name, items in zip(people.index.tolist(), people["name"].tolist(),
                                         people["learn"].tolist(), strict=True)
               for skill in items]
    return pd.DataFrame(records, columns=["person", "name", "skill"])


def assert_same_frame(found, expected):
    assert list(found.dtypes.items()) == list(expected.dtypes.items())
    pd.testing.assert_frame_equal(found, expected, check_exact=True)


ODD_PEOPLE = {
    "no items": pd.DataFrame({"name": ["Ana"], "team": ["x"], "expertise": [()],
                              "learn": [()]}),
    "nobody": pd.DataFrame({"name": pd.Series([], dtype=str),
                            "team": pd.Series([], dtype=str),
                            "expertise": pd.Series([], dtype=object),
                            "learn": pd.Series([], dtype=object)}),
    "objects and gaps": pd.DataFrame({
        "name": pd.Series(["Ana", None], dtype=object),
        "team": pd.Series([np.nan, "t"], dtype=object),
        "expertise": [(("A", None, ""),), (("B", None, ""),)], "learn": [("x",), ("y",)]}),
    "numbers for text": pd.DataFrame({
        "name": pd.Series([1, 2], dtype=object), "team": pd.Series([1.5, 2.5], dtype=object),
        "expertise": [(("A", 1, 1),), (("B", 2, 2),)], "learn": [(3,), (4,)]}),
    "text with gaps": pd.DataFrame({
        "name": pd.Series(["a", np.nan], dtype="str"),
        "team": pd.Series([np.nan, np.nan], dtype="str"),
        "expertise": [(("A", 1, "1"),), (("B", None, ""),)], "learn": [("x",), ("y",)]}),
    "nothing named": pd.DataFrame({
        "name": pd.Series([None, None], dtype=object),
        "team": pd.Series([np.nan, np.nan], dtype=object),
        "expertise": [(("A", 1.5, None),), ((None, None, ""),)], "learn": [(None,), (np.nan,)]}),
    "text index": pd.DataFrame({"name": ["a", "b"], "team": ["t", "u"],
                                "expertise": [(("A", 1, "1"),), (("B", 2, "2"),)],
                                "learn": [("x",), ("y",)]}, index=pd.Index(["p", "q"])),
    "own index": pd.DataFrame({"name": ["a", "b"], "team": ["", ""],
                               "expertise": [(("A", 2, ""), ("É", 5, "5/5")), ()],
                               "learn": [("z",), ()]}, index=[5, 9]),
}


@pytest.mark.parametrize("people", [*(records_and_people(rows)[2] for rows in SHEETS),
                                    *ODD_PEOPLE.values()])
def test_summary_tables_as_the_plain_way(people):
    for level in (1, 4):
        assert_same_frame(summary.skill_table(people, level), plain_skill_table(people, level))
    assert_same_frame(summary.learner_table(people), plain_learner_table(people))


# ---------------------------------------------------------------- layouts


def plain_cells(rows, fields):
    return {name: [row[column] if column < len(row) else None for row in rows]
            for name, column in fields.items()}


@pytest.mark.parametrize("rows", [[], [[1]], [[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4], []],
                                  [["a", None, CellError("#REF!"), "d"]] * 5])
@pytest.mark.parametrize("fields", [{}, {"name": 0}, {"name": 0, "email": 2},
                                    {"team": 2, "name": 0, "email": 2, "far": 9}])
def test_field_columns_as_the_plain_way(rows, fields):
    found = readers._field_columns(rows, fields)
    assert found == plain_cells(rows, fields)
    assert list(found) == list(fields)
    assert all(type(cells) is list for cells in found.values())


@pytest.mark.parametrize("rows", SHEETS)
def test_records_as_the_plain_way(rows):
    grid = Grid("Inventory", [HEADER, *rows, ["Total", "", "", "", "", "", ""]])
    table = tables.find(grid, Context(HeaderVocabulary.build()))
    assert table is not None
    records, _ = readers.read(grid, table, "rows")
    assert records.cells == plain_cells([row for _, row, _ in body(grid, table).rows],
                                        table.fields)


LEGENDS = [[], [["Legend"], ["1 = beginner"], ["2 = able"], ["3 = expert"]],
           [["Scale: 1-4"]], [["Levels: 1 = aware, 2 = can do, 3 = can teach, 4 = expert"]]]


def tab_of(grid, context, legend_of):
    return tables._Tab(legend_of, shares.TabCounts(
        grid.rows, tables.SCAN_ROWS + tables.SAMPLE_ROWS + 2, context))


@pytest.mark.parametrize("legend_rows", LEGENDS)
@pytest.mark.parametrize("above", [0, 3])
def test_a_tabs_legend_and_counts_serve_each_header_row_as_its_own_would(legend_rows, above):
    matrix = [["Name", "Email", "Python", "SQL", "Go", "Skills", ""]]
    matrix += [[f"P {i}", f"p{i}@x.org", i % 4 + 1, 2, "", "Python, SQL", ""]
               for i in range(30)]
    top = [[f"Note {i}", "x"] for i in range(above)]
    context = Context(HeaderVocabulary.build(), known=base_vocabulary().known)
    for at in (0, 5, len(matrix)):
        grid = Grid("Skills", top + matrix[:at] + legend_rows + matrix[at:])
        shared = tab_of(grid, context, tables._tab_legend(grid))  # as `find` has it
        found = []
        for offset in range(len(grid.rows)):
            def scanned(grid=grid):  # the plain way: the tab scanned for each header row
                return legend.legend_scale(grid, tables.SCAN_ROWS + tables.SAMPLE_ROWS)
            plain_body = grid.rows[offset + 1: offset + 1 + tables.SAMPLE_ROWS]  # no counts
            plain = tables._table_at(grid, offset, context, tab_of(grid, context, scanned),
                                     body=plain_body)
            assert tables._table_at(grid, offset, context, shared) == plain
            found += [plain] if plain is not None else []
        assert any(t.stated_scale for t in found) == (bool(legend_rows) and bool(found))


def hostile_column(rng, count):
    pool = ["", " ", None, float("nan"), CellError("#N/A"), CellError("#REF!"), 3, 4.5, 11,
            "4", "expert", "Advanced", "x", "no", "n/a", "Python, SQL", "python; go; rust",
            "Spark & Hugging face", "cooking, knitting", "Python (4), SQL 5", "é" * 2500,
            True, "=1+1", "  Beginner  ", "0"]
    return [pool[int(i)] for i in rng.integers(len(pool), size=count)]


@pytest.mark.parametrize("seed", range(6))
def test_a_samples_counts_as_the_plain_tests_of_its_cells(seed):
    rng = np.random.default_rng(seed)
    width = 5
    rows = [hostile_column(rng, int(rng.integers(width + 1))) for _ in range(700)]
    rows[3] = ["Python, SQL, Go"] * width  # a run the skill-list test accepts
    context = Context(HeaderVocabulary.build(), known=base_vocabulary().known)
    counts = shares.TabCounts(rows, tables.SCAN_ROWS + tables.SAMPLE_ROWS + 2, context)
    for start in (0, 1, 2, 7, 99, 101, 300, 650):
        for size in (0, 1, 5, tables.SAMPLE_ROWS):
            sample = shares.Sample(rows, start, start + size, counts)
            plain = rows[start: start + size]
            assert list(sample) == plain
            for index in range(width + 1):
                assert (shares.holds_levels(sample, index, context.words)
                        == shares.holds_levels(plain, index, context.words))
                assert (shares.holds_skill_lists(sample, index, context.known)
                        == shares.holds_skill_lists(plain, index, context.known))
    other = Context(HeaderVocabulary.build(), known=lambda text: len(text) > 3)
    sample = shares.Sample(rows, 0, tables.SAMPLE_ROWS, counts)  # counted for other words
    for index in range(width):
        assert (shares.holds_skill_lists(sample, index, other.known)
                == shares.holds_skill_lists(list(sample), index, other.known))


# ---------------------------------------------------------------- name keys


HOSTILE_NAMES = [
    "", " ", "Ana Lima", "ana  LIMA", "Lima, Ana", "O'Brien Pat", "O`Brien, Pat", "Jean-Luc Picard",
    "Dr. Who", "Mr Smith Jr", "Bob Jones", "bobby  jones", "Müller Hans", "Mueller Hans",
    "Hans Muller", "刘玉", "刘 玉", "Zoë Ünal", "Ｊohn Smith", "John\nSmith", "John\rSmith",
    "John\tSmith", "John\x1cSmith", "a b c", "J. K. Rowling", "x" * 1500 + " y" * 3,
    "ann ann", "Ed Ted", "Mike 2nd", "Name #N/A", "=Smith+John", "ПЁтр Иванов",
    "Kate Mae Oe", "  Leading  trailing  ", "ALL CAPS NAME", "123 456", "-", "'",
    "Sir Ben Dame", "ß Strauss", "İsmail Öz",
]


def test_name_keys_as_name_key_one_by_one():
    names = [*HOSTILE_NAMES, None, float("nan"), *HOSTILE_NAMES[::-1]]
    names = [n for n in names if n == n or n is None]  # NaN would fail either way
    expected = [name_key(n) if n else "" for n in names]
    assert namekeys.name_keys(names) == expected
    assert namekeys.name_keys([]) == []
    many = [f"{a} {b}" for a in HOSTILE_NAMES[:20] for b in HOSTILE_NAMES[:20]]
    assert namekeys.name_keys(many) == [name_key(n) if n else "" for n in many]


def test_records_without_skill_columns_read_as_records_with_empty_ones():
    from skillsync.core import levels, matrix
    from skillsync.core.layouts.table import SkillColumn
    vocabulary = base_vocabulary()
    python = SkillColumn(0, "Python")
    mixed = [(), ((python, 4, 2),), ()]
    read = matrix.read(mixed, vocabulary, levels.DEFAULT, levels.Scale())
    for count in (0, 1, 3, 1000):
        found = matrix.read([()] * count, vocabulary, levels.DEFAULT, levels.Scale())
        assert found == matrix.Columns([()] * count, [()] * count, [{}] * count)
        assert len({id(origin) for origin in found.origins}) == count  # one dict each
    assert read.expertise[0] == read.expertise[2] == () and read.origins[0] == {}


# ---------------------------------------------------------------- merging by e-mail


def plain_merge(records, layout, submissions=False):
    from skillsync.core import origins
    usable = records[records["key"].notna()]
    repeated = usable["key"].duplicated(keep=False)
    singles = usable[~repeated].copy()
    merged, duplicates, issues = [], [], []
    for key, group in usable[repeated].groupby("key", sort=False):
        if submissions:
            merged.append(plain_dedupe._latest_submission(group))
            continue
        person, duplicate, found, _ = plain_dedupe._merge_group(key, group, layout)
        merged.append(person)
        duplicates.append(duplicate)
        issues.extend(found)
    singles["learn_origin"] = [origins.OWN_ROW] * len(singles)
    singles["project_origin"] = [origins.OWN_ROW] * len(singles)
    people = pd.concat([singles, pd.DataFrame(merged)], ignore_index=True) if merged else singles
    people = people.sort_values("rid", kind="stable").reset_index(drop=True)
    people["name_key"] = [name_key(n) if n else "" for n in people["name"].tolist()]
    return people[list(schema.PEOPLE_COLUMNS)], duplicates, issues


UNIQUE = [[f"Person {chr(65 + i % 26)}{i}", f"p{i}@x.org", "", "Python", "", "", ""]
          for i in range(50)]


@pytest.mark.parametrize("rows", [*SHEETS, UNIQUE, UNIQUE + UNIQUE[:1]])
@pytest.mark.parametrize("submissions", [False, True])
def test_merging_as_the_plain_way_and_the_records_left_alone(rows, submissions):
    found = extract(Grid("Inventory", [HEADER, *rows]))
    records = read_records(found, base_vocabulary(), RULES).frame
    before = records.copy()
    merged = merge_by_email(records, found.layout, submissions=submissions)
    people, duplicates, issues = plain_merge(before, found.layout, submissions)
    assert_same_frame(merged.people, people)
    assert merged.duplicates == duplicates and merged.issues == issues
    assert_same_frame(records, before)  # the caller's records: not a column more


@pytest.mark.parametrize("seed", [7, 8])
def test_merging_dated_rows_as_the_plain_way(seed):
    rng = np.random.default_rng(seed)
    dates = ["2026-01-05", "2025-12-31", "", "2026-01-05", "not a date", 45000, "2024-02-29"]
    rows = [[*row, dates[int(rng.integers(len(dates)))]] for row in hostile_rows(400, seed)]
    found = extract(Grid("Inventory", [[*HEADER, "Last updated"], *rows]))
    records = read_records(found, base_vocabulary(), RULES).frame
    before = records.copy()
    merged = merge_by_email(records, found.layout)
    people, duplicates, issues = plain_merge(before, found.layout)
    assert_same_frame(merged.people, people)
    assert merged.duplicates == duplicates and merged.issues == issues
    assert merged.latest_read  # some people are read from their newest row


class Text(str):
    """A str of another class, as some readers hand over."""


ROW_CELLS = ["", " ", "\t", None, float("nan"), 0, 0.0, False, "x", "a@b.org", Text(" "),
             Text("y"), CellError("#N/A"), date(2026, 1, 1), np.float64("nan"), np.float64(1)]


@pytest.mark.parametrize("seed", range(4))
def test_a_row_is_plainly_a_person_as_its_filled_cells_say(seed):
    from skillsync.core.layouts import records as found
    rng = np.random.default_rng(seed)
    for _ in range(3000):
        row = [ROW_CELLS[int(i)] for i in rng.integers(len(ROW_CELLS),
                                                       size=int(rng.integers(7)))]
        for email_at in (None, 0, 1, 5):
            address = row[email_at] if email_at is not None and email_at < len(row) else None
            plain = (address.__class__ is str and "@" in address
                     and sum(map(found._filled, row)) >= 3)
            assert found._plainly_a_person(row, email_at) == plain
