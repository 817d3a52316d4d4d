"""Levels and skill items as people type them (issue: read the sheets people keep).

Tables of cases: one notation per line, what it must mean, and what must never become a
skill.
"""

from __future__ import annotations

import pytest

from skillsync.core import levelheaders, levels, skillitems
from skillsync.core.levels import Kind, Scale
from skillsync.reading import base_vocabulary

VOCABULARY = base_vocabulary()
known = VOCABULARY.known


@pytest.mark.parametrize(
    ("value", "kind", "level"),
    [
        ("4", Kind.LEVEL, 4), (4.0, Kind.LEVEL, 4), ("4/5", Kind.LEVEL, 4),
        ("3 out of 4", Kind.LEVEL, 4), ("80%", Kind.LEVEL, 4), ("Advanced", Kind.LEVEL, 4),
        ("very good", Kind.LEVEL, 4), ("expert", Kind.LEVEL, 5), ("Beginner", Kind.LEVEL, 1),
        ("intermediate", Kind.LEVEL, 3), ("x", Kind.HAS, None), ("✓", Kind.HAS, None),
        ("Yes", Kind.HAS, None), ("0", Kind.NONE, None), (0, Kind.NONE, None),
        ("-", Kind.NONE, None), ("none", Kind.NONE, None), ("n/a", Kind.NONE, None),
        ("", Kind.BLANK, None), (None, Kind.BLANK, None), ("Python", Kind.OTHER, None),
        ("12345", Kind.OTHER, None), (2024, Kind.OTHER, None),
        ("a" * 200, Kind.OTHER, None),
    ],
)
def test_a_cell_as_a_level(value, kind, level):
    reading = levels.read(value)
    assert reading.kind is kind
    assert Scale().level(reading) == level


@pytest.mark.parametrize(
    ("top", "numbers"),
    [(5, [1, 2, 3, 4, 5]), (4, [1, 2, 4, 5]), (3, [1, 3, 5]),
     (10, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])],
)
def test_other_scales_map_onto_one_to_five_keeping_their_order(top, numbers):
    assert [levels.to_five(n, top) for n in range(1, top + 1)] == numbers


@pytest.mark.parametrize(
    ("text", "top"),
    [("Rate yourself: Python [1-4]", 4), ("Scale 0-5", 5), ("1 to 10", 10),
     ("Success (0-100%)", None), ("no scale here", None)],
)
def test_a_scale_stated_in_text(text, top):
    found = levelheaders.scale_in(text)
    assert (found.top if found else None) == top


@pytest.mark.parametrize(
    ("item", "skill", "level"),
    [
        ("NLP (4)", "NLP", 4), ("NLP 4", "NLP", 4), ("NLP - 4", "NLP", 4),
        ("NLP: 4", "NLP", 4), ("NLP 4/5", "NLP", 4), ("NLP [4]", "NLP", 4),
        ("NLP (4/5)", "NLP", 4), ("4 - NLP", "NLP", 4), ("advanced SQL", "SQL", 4),
        ("SQL (expert)", "SQL", 5), ("Python - advanced", "Python", 4),
        ("SQL expert", "SQL", 5), ("very good Python", "Python", 4),
        ("C++ (2)", "C++", 2), ("Deep learning - 3", "Deep learning", 3),
        ("Python 3/4", "Python", 4), ("NLP(5)", "NLP", 5), ("NLP ( 3 )", "NLP", 3),
        ("Python", "Python", None), ("GPT-4", "GPT-4", None),
        ("Windows 10", "Windows 10", None), ("1. Python", "1. Python", None),
        ("Natural Language Processing (NLP)", "Natural Language Processing (NLP)", None),
        ("Advanced Analytics", "Advanced Analytics", None), ("Python (x)", "Python", None),
        ("T-SQL: advanced", "T-SQL", 4),
    ],
)
def test_an_item_names_a_skill_and_its_level(item, skill, level):
    found = skillitems.parse(item, known)
    assert found.skill == skill
    assert (Scale().level(found.level) if found.level else None) == level


@pytest.mark.parametrize("item", ["4", "5", "0", "Advanced", "expert", "x", "✓", "yes",
                                  "(4)", "3/5", "Intermediate"])
def test_a_level_alone_is_never_a_skill(item):
    assert skillitems.parse(item, known).skill == ""


@pytest.mark.parametrize(
    ("item", "parts"),
    [
        ("Spark & Hugging face", ("Spark", "Hugging face")),
        ("PyTorch + TensorFlow", ("PyTorch", "TensorFlow")),
        ("R&D", ("R&D",)), ("C++", ("C++",)), ("Search & Ranking", ("Search & Ranking",)),
        ("Spark & my own tool", ("Spark & my own tool",)),
        ("Spark (4) & SQL (3)", ("Spark (4)", "SQL (3)")),
    ],
)
def test_joined_skills_split_only_when_each_side_is_a_skill(item, parts):
    assert skillitems.join_parts(item, known) == parts


@pytest.mark.parametrize(
    ("item", "parts"),
    [
        ("SQL (5) - Spark (2)", ("SQL (5)", "Spark (2)")),
        ("Python (4) – SQL (3) – Spark (2)", ("Python (4)", "SQL (3)", "Spark (2)")),
        ("Python (expert)—Spark (beginner)", ("Python (expert)", "Spark (beginner)")),
        ("SQL (5) - My own tool (2)", ("SQL (5) - My own tool (2)",)),  # not a skill
        ("SQL (5) - daily use (3)", ("SQL (5) - daily use (3)",)),
        ("Python (4) - not Spark (1)", ("Python (4) - not Spark (1)",)),
        ("Python - SQL", ("Python", "SQL")),  # each a skill
        ("Python - expert", ("Python - expert",)),
        ("NLP - 4", ("NLP - 4",)),
        ("4 - NLP", ("4 - NLP",)),
        ("Java (3 - 4)", ("Java (3 - 4)",)),
        ("scikit-learn", ("scikit-learn",)),
        ("Python (4) - my own tool", ("Python (4) - my own tool",)),
        ("Spark - my own tool (2)", ("Spark - my own tool (2)",)),
        ("-", ("-",)), (" - ", (" - ",)), ("Python - ", ("Python - ",)),
        ("Python - expert - SQL", ("Python - expert", "SQL")),
        ("Python - 4 - SQL - beginner", ("Python - 4", "SQL - beginner")),
        ("4 - NLP - SQL", ("4 - NLP - SQL",)),
    ],
)
def test_items_chained_by_dashes_split_only_when_each_side_is_an_item(item, parts):
    """A dash that chains items ("SQL (5) - Spark (2)") made one unknown skill "SQL (5) -
    Spark" at level 2; a dash inside an item (a level, a range, a name) still cuts
    nothing."""
    assert skillitems.join_parts(item, known) == parts


@pytest.mark.parametrize(
    ("typed", "skill"),
    [("Pyhton", "Python"), ("tensor flow", "TensorFlow"), ("scikit learn", "scikit-learn"),
     ("Hugging face", "Hugging Face"), ("LLM's", "Large Language Models"),
     ("Gen AI", "Generative AI"), ("Kubernetse", "Kubernetes"), ("Tablaeu", "Tableau")],
)
def test_typos_of_known_skills_fold(typed, skill):
    assert (VOCABULARY.canonical(typed) or VOCABULARY.typo_of(typed)) == skill


@pytest.mark.parametrize("typed", ["R", "Go", "Rust", "Julia", "Excel", "Kotlin", "Ruby",
                                   "Looker", "Snowflake", "Brand strategy"])
def test_short_or_unrelated_names_are_not_folded(typed):
    assert VOCABULARY.typo_of(typed) in (None, VOCABULARY.canonical(typed))
