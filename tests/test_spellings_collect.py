"""Spellings collected while records become people, against the row-by-row loop they
stand for: a cell's items are left as parsed unless a spelling changes or skill columns
add to them, which must never change what the loop would have built."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillsync.core import cells, fields, matrix, spellings
from skillsync.core.origins import OWN_ROW
from skillsync.reading import base_vocabulary

PROFILE = settings(max_examples=300, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ITEMS = ["Made-up skill (2)", "made-up SKILL (4)", "Made-up  skill", "Pyhton (3)", "Python (4)",
         "SQL (1)", "sql (5)", "Other thing", "OTHER THING (1)", "ﬁnance tool", "finance tool",
         "NLP (0)", "4", "Stakeholder management (basic)"]
cells_ = st.lists(st.sampled_from(ITEMS), max_size=5).map(", ".join)
extras = st.lists(st.tuples(st.sampled_from(["Python", "Made-up skill", "made-up skill",
                                            "Docker", "Other thing"]),
                            st.sampled_from([None, 1, 3, 5]), st.sampled_from(["", "3"])),
                  max_size=3).map(tuple)


def _plain_collect(record, rows, parsed, columns):
    """spellings.collect as the row-by-row loop it was."""
    found = spellings.Spellings(defaultdict(list), {})
    first: dict[str, str] = {}
    record["origin"] = []
    for name in ("expertise", "learn"):
        column = []
        extra = columns.expertise if name == "expertise" else columns.learn
        for i, (row, cell) in enumerate(zip(rows, parsed[name], strict=True)):
            if cell.unknown or extra[i]:
                spelled = {s: first.setdefault(cells.fold(s), s) for s in cell.unknown}
                renamed = tuple((spelled.get(s, s), lv, w) for s, lv, w in cell.items)
                items = fields.merge_items(renamed, extra[i])
                for shown in dict.fromkeys(first.setdefault(cells.fold(s), s)
                                           for s in cell.unknown):
                    found.unknown[shown].append((i, name))  # the record, not its row
            else:
                items = cell.items
            if name == "expertise":
                record["origin"].append(
                    {**dict.fromkeys([s for s, _, _ in items], row), **columns.origins[i]}
                    if columns.origins[i] else OWN_ROW)
            for typo, skill in cell.folded:
                found.folded.setdefault(typo, (skill, []))[1].append((i, name))
            column.append(items)
        record[name] = column if name == "expertise" else [tuple(s for s, _, _ in items)
                                                           for items in column]
    return found


@PROFILE
@given(st.lists(st.tuples(cells_, cells_, extras, extras, st.booleans()), max_size=12))
def test_spellings_collected_as_row_by_row(rows_written):
    parse = fields.skills(base_vocabulary())
    rows = [7 + 2 * i for i in range(len(rows_written))]
    parsed = {"expertise": [parse(h)[0] for h, _, _, _, _ in rows_written],
              "learn": [parse(w)[0] for _, w, _, _, _ in rows_written]}
    columns = matrix.Columns(
        expertise=[e for _, _, e, _, _ in rows_written],
        learn=[w for _, _, _, w, _ in rows_written],
        origins=[{s: r + 1 for s, _, _ in e} if o else {}
                 for (_, _, e, _, o), r in zip(rows_written, rows, strict=True)])
    record, plain_record = {}, {}
    found = spellings.collect(record, rows, parsed, columns)
    plain = _plain_collect(plain_record, rows, parsed, columns)
    assert record == plain_record
    assert found == plain
